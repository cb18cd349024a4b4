"""Build the site once per test session and serve it the way GitHub Pages does."""

from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from tools.pages import CHROMIUM, CHROMIUM_ARGS, REPO_PATH, build, copy_project, html_pages
from tools.pages_server import PagesServer


@dataclass
class Site:
    dir: Path
    url: str

    def pages(self) -> dict[str, Path]:
        """Every page's built HTML file, keyed by URL path ("" for home, "toning/", ...)."""
        return html_pages(self.dir)

    def html(self, url: str) -> str:
        return self.pages()[url].read_text("utf-8")


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Site:
    """Built from a copy of the project, as each test worker's server has an address of its own."""
    server = PagesServer(prefix=REPO_PATH)
    out = tmp_path_factory.mktemp("site")
    result = build(out, server.url, copy_project(tmp_path_factory.mktemp("project")))
    if result.returncode != 0:
        server.server_close()
        pytest.fail(f"mkdocs build --strict failed:\n{result.stderr}", pytrace=False)
    server.root = out
    server.start()
    yield Site(dir=out, url=server.url)
    server.stop()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except PlaywrightError as error:
            pytest.fail(
                f"No Chromium to run the browser tests ({error}). `make test` installs one; "
                "or set CHROMIUM to a Chromium executable.",
                pytrace=False,
            )
        yield chromium
        chromium.close()
