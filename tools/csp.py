"""Add the Content-Security-Policy to every page of a built site: `python -m tools.csp SITE_DIR`.

GitHub Pages cannot send headers, so the policy is a <meta> tag, placed at the top of
<head> before any script it governs. An inline script runs only if its SHA-256 is in the
policy, and it gets there only if a template wrote it: Material's or Zensical's own, our
overrides/, or the redirects plugin's page. Any other inline script (one in a page, a
snippet or added by a plugin) is left out, so the browser blocks it, and this reports it
and exits 1. It runs after the build, on MkDocs' output and Zensical's alike (`make
build`, `make test`, tools.zensical_check), as the hashes are of the built text.

The policy allows only the site itself. README.md ("Security") says how to widen it.
"""

import base64
import hashlib
import re
import sys
from collections.abc import Iterable
from pathlib import Path

import material
import mkdocs_redirects.plugin

from tools import ROOT, located

# Everything the site loads comes from the site itself. Images may also be data: URIs
# (the theme draws its icons that way); nothing may be framed, posted or re-based.
POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "manifest-src": ["'self'"],
    "object-src": ["'none'"],
    "frame-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}

# The offline edition is opened from disk (file://), where no request should leave the
# machine. Material's search runs there through the iframe-worker shim (mkdocs.offline.yml),
# a data: script that writes an inline script holding the file's own path on disk into a
# frame: no hash can be known before a reader unzips it, so its scripts may be inline.
OFFLINE = {
    "default-src": ["'none'"],
    "script-src": ["file:", "data:", "'unsafe-inline'"],
    "style-src": ["file:"],
    "img-src": ["file:", "data:"],
    "font-src": ["file:"],
    "connect-src": ["'none'"],
    "worker-src": ["'none'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'none'"],
}

MARKER = '<meta http-equiv="Content-Security-Policy"'
INLINE_SCRIPT = re.compile(r"<script(?P<attributes>(?:\s[^>]*)?)>(?P<text>.*?)</script>", re.DOTALL)
# A script element whose type is data (JSON, JSON-LD) is never run, so the policy ignores it.
DATA_TYPE = re.compile(r"""\stype=["']?application/(?:ld\+)?json""")


def trusted_scripts(templates: Iterable[Path]) -> re.Pattern:
    """What the inline scripts written by the templates look like: one pattern, in which a
    template's {{ expression }} (Jinja) or {name} (the redirects plugin) matches any text."""
    sources = [mkdocs_redirects.plugin.HTML_TEMPLATE]
    for folder in templates:
        sources += [path.read_text("utf-8") for path in sorted(folder.rglob("*.html"))]
    patterns = set()
    for source in sources:
        for match in INLINE_SCRIPT.finditer(source):
            if " src=" in match["attributes"] or DATA_TYPE.search(match["attributes"]) or "{%" in match["text"]:
                continue
            parts = re.split(r"\{\{.*?\}\}|(?<!\{)\{[a-z_]+\}(?!\})", match["text"])
            patterns.add('[^"<]*'.join(re.escape(part) for part in parts))
    return re.compile("|".join(f"(?:{pattern})" for pattern in sorted(patterns)), re.DOTALL)


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script a browser would run."""
    return [
        match["text"]
        for match in INLINE_SCRIPT.finditer(html)
        if " src=" not in match["attributes"] and not DATA_TYPE.search(match["attributes"])
    ]


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def policy(scripts: list[str], base: dict[str, list[str]] = POLICY) -> str:
    """The policy for a page: `base`, with the given inline scripts allowed by hash (unless
    it allows them all: a hash would switch that off)."""
    hashes = [] if "'unsafe-inline'" in base["script-src"] else list(dict.fromkeys(sha256(text) for text in scripts))
    rules = {**base, "script-src": base["script-src"] + hashes}
    return "; ".join(" ".join([name, *values]) for name, values in rules.items())


def secure(html: str, trusted: re.Pattern, base: dict[str, list[str]] = POLICY) -> tuple[str, list[str]]:
    """The page with its policy at the top of <head>, after the charset (replacing one added
    before), and the inline scripts it leaves out because no template wrote them."""
    html = re.sub(re.escape(MARKER) + r"[^>]*>\s*", "", html)
    scripts = inline_scripts(html)
    allowed = [text for text in scripts if trusted.fullmatch(text)]
    tag = f'{MARKER} content="{policy(allowed, base)}">\n'
    top = re.search(r"<meta charset=[^>]*>\s*", html) or re.search(r"<head[^>]*>\s*", html)
    if top is None:
        raise ValueError("no <head>")
    return html[: top.end()] + tag + html[top.end() :], [text for text in scripts if text not in allowed]


def secure_site(site: Path, project: Path = ROOT, offline: bool = False, engine: Path | None = None) -> list[str]:
    """Add the policy to every HTML file under `site`, built from `project` with Material's
    templates (or those in `engine`); return the inline scripts it blocks, by page."""
    return [
        f"{page}: an inline script no template wrote: {' '.join(text.split())[:120]}"
        for text, pages in blocked_scripts(site, project, offline, engine).items()
        for page in pages
    ]


def blocked_scripts(site: Path, project: Path, offline: bool, engine: Path | None) -> dict[str, list[str]]:
    """Add the policy to every page under `site`; each inline script it blocks, with the pages it is on."""
    trusted = trusted_scripts([project / "overrides", engine or Path(material.__file__).parent / "templates"])
    blocked: dict[str, list[str]] = {}
    for path in sorted(site.rglob("*.html")):
        html, unknown = secure(path.read_text("utf-8"), trusted, OFFLINE if offline else POLICY)
        path.write_text(html, "utf-8")
        for text in dict.fromkeys(unknown):
            blocked.setdefault(text, []).append(path.relative_to(site).as_posix())
    return blocked


def where(text: str, pages: list[str], project: Path) -> str:
    """`file:line:column` of the script in the page, snippet or template it came from, if one holds it
    as written; else the first built page it is on."""
    sources = [
        project / "docs" / page.replace("/index.html", ".md").replace("index.html", "index.md") for page in pages
    ]
    sources += sorted((project / "includes").rglob("*")) + sorted((project / "overrides").rglob("*.html"))
    for source in sources:
        held = source.read_text("utf-8") if source.is_file() else ""
        if text.strip() and (at := held.find(text.strip())) >= 0:
            line = held.count("\n", 0, at) + 1
            return located(source, project, line, at - held.rfind("\n", 0, at))
    return pages[0]


def main() -> int:
    args = [arg for arg in sys.argv[1:] if arg != "--offline"]
    if len(args) != 1 or not Path(args[0]).is_dir():
        print("usage: python -m tools.csp [--offline] SITE_DIR", file=sys.stderr)
        return 2
    blocked = blocked_scripts(Path(args[0]), ROOT, "--offline" in sys.argv, None)
    for text, pages in blocked.items():
        on = pages[0] + (f" and {len(pages) - 1} other pages" if len(pages) > 1 else "")
        print(
            f"error: {where(text, pages, ROOT)}: an inline script no template wrote ({' '.join(text.split())[:80]}), "
            f"which the security policy blocks on {on}: move it to a file listed in extra_javascript in mkdocs.yml, "
            'or to a template in overrides/ (README.md, "Security")',
            file=sys.stderr,
        )
    return 1 if blocked else 0


if __name__ == "__main__":
    sys.exit(main())
