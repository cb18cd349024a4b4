"""Screenshots of every page to look at: light and dark, phone and desktop, and forced colours.

`make screenshots` builds the site, serves it as GitHub Pages would, and writes
full-page PNGs to site/screenshots/ (PAGE-SCHEME-SIZE.png). Open them before
you call a page done: a test that passes is not a page that reads well.
"""

import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tools import ROOT
from tools.pages import CHROMIUM, CHROMIUM_ARGS, PAGES, REPO_PATH, SIZES, build, copy_project
from tools.pages_server import PagesServer

# The colour settings to show: the reader's light and dark setting, and a contrast theme in dark.
LOOKS = {
    "light": {"color_scheme": "light"},
    "dark": {"color_scheme": "dark"},
    "forced": {"color_scheme": "dark", "forced_colors": "active"},
}


def main():
    out = ROOT / "site" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp, sync_playwright() as playwright:
        server = PagesServer(prefix=REPO_PATH)
        result = build(Path(temp) / "site", server.url, copy_project(Path(temp) / "project"))
        if result.returncode:
            raise SystemExit(f"mkdocs build --strict failed:\n{result.stderr}")
        server.root = Path(temp) / "site"
        server.start()
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for look, settings in LOOKS.items():
            for size, viewport in SIZES.items():
                context = browser.new_context(viewport=viewport, **settings)
                page = context.new_page()
                for url in PAGES:
                    page.goto(server.url + url, wait_until="networkidle")
                    page.evaluate("for (const img of document.images) img.loading = 'eager'")
                    page.wait_for_load_state("networkidle")
                    path = out / f"{url.strip('/') or 'home'}-{look}-{size}.png"
                    page.screenshot(path=str(path), full_page=True)
                    print(path.relative_to(ROOT))
                context.close()
        browser.close()
        server.stop()


if __name__ == "__main__":
    main()
