"""Build the site once per test session and serve it the way GitHub Pages does."""

from dataclasses import dataclass
from pathlib import Path

import pytest

from pages import build, html_pages
from pages_server import PagesServer

# A project site lives under /<repo>/: serving it there proves no link assumes the domain root.
REPO_PATH = "/some-repo/"


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
    server = PagesServer(prefix=REPO_PATH)
    out = tmp_path_factory.mktemp("site")
    result = build(out, server.url)
    if result.returncode != 0:
        server.server_close()
        pytest.fail(f"mkdocs build --strict failed:\n{result.stderr}", pytrace=False)
    server.root = out
    server.start()
    yield Site(dir=out, url=server.url)
    server.stop()
