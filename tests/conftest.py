"""Build the site once per test session and serve it the way GitHub Pages does."""

import fcntl
import pickle
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, sync_playwright

from tools import InputError
from tools.browser import Tabs, load
from tools.pages import CHROMIUM, CHROMIUM_ARGS, REPO_PATH, build, copy_project, html_pages, read_facts
from tools.pages_server import PagesServer


def pytest_configure(config):
    """A broken tests/facts.yml is said in one line, before a test module reads it and stops with a traceback."""
    try:
        read_facts(Path(__file__).parent)
    except InputError as error:
        pytest.exit(f"error: {error}", returncode=pytest.ExitCode.USAGE_ERROR)


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


@pytest.fixture(scope="session")
def tabs(browser) -> Iterator[Tabs]:
    """This worker's kept tabs, one for each way of reading (tools/browser.py, Tabs)."""
    kept = Tabs(browser)
    yield kept
    kept.close()


@pytest.fixture(scope="session")
def tab(tabs) -> Callable[..., Page]:
    """`tab(url, scheme, size, javascript)`: the page at `url`, in this worker's kept tab for that way of reading.

    For a test that only reads a page (axe, a walk with the keyboard). A test that changes what
    the browser keeps (a colour chosen) in a way the next test would meet opens its own context
    (tools/browser.py, open_page)."""
    return lambda url, scheme="light", size="desktop", javascript=True: load(
        tabs(scheme, size, javascript), url, javascript
    )


@pytest.fixture(scope="session")
def once(tmp_path_factory, worker_id) -> Callable[[str, Callable[[], Any]], Any]:
    """`once(name, make)`: a costly result (a planted build, a printed PDF) made once for the whole
    run. Under pytest-xdist the first worker to ask makes it; the others wait for it and read it."""
    if worker_id == "master":
        return lambda name, make: make()
    shared = tmp_path_factory.getbasetemp().parent  # this run's folder, shared by its workers

    def made(name: str, make: Callable[[], Any]) -> Any:
        with open(shared / f"{name}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            store = shared / f"{name}.pickle"
            if store.exists():
                return pickle.loads(store.read_bytes())
            value = make()
            store.write_bytes(pickle.dumps(value))
            return value

    return made
