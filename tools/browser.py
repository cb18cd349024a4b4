"""Helpers for the browser tests: open a page as a reader would, and record what the
Content-Security-Policy blocks."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page

from tools.pages import SCHEMES, SIZES

# Every securitypolicyviolation event, from the first line of each document on.
RECORD_VIOLATIONS = """
window.guideViolations = [];
document.addEventListener("securitypolicyviolation", event => window.guideViolations.push(
  `${event.effectiveDirective} blocked ${event.blockedURI || "?"}` +
  (event.sourceFile ? ` (from ${event.sourceFile}:${event.lineNumber})` : "") +
  (event.sample ? `: ${event.sample}` : "")));
"""


def new_page(browser: Browser, scheme: str = "light", size: str = "desktop", javascript: bool = True) -> Page:
    """A page in a browser context of its own: nothing cached or stored, and a renderer of its
    own, which takes about 2 s of this machine's CPU to start."""
    context = browser.new_context(viewport=SIZES[size], color_scheme=SCHEMES[scheme], java_script_enabled=javascript)
    return context.new_page()


def open_page(
    browser: Browser,
    url: str,
    scheme: str = "light",
    size: str = "desktop",
    javascript: bool = True,
    prepare: Callable[[Page], object] | None = None,
) -> Page:
    """A fresh page at `url`, in a browser context of its own; `prepare` runs before it loads."""
    page = new_page(browser, scheme, size, javascript)
    if prepare:
        prepare(page)
    return load(page, url, javascript)


class Tabs:
    """One page kept open for each way of reading (scheme, size, JavaScript), for the tests that
    load page after page: a page loaded in a kept tab costs a third of one in a new context.
    `prepare` runs once on each new tab."""

    def __init__(self, browser: Browser, prepare: Callable[[Page], object] | None = None):
        self.browser, self.prepare = browser, prepare
        self.pages: dict[tuple[str, str, bool], Page] = {}

    def __call__(self, scheme: str = "light", size: str = "desktop", javascript: bool = True) -> Page:
        key = (scheme, size, javascript)
        if key not in self.pages:
            self.pages[key] = new_page(self.browser, scheme, size, javascript)
            if self.prepare:
                self.prepare(self.pages[key])
        return self.pages[key]

    def close(self):
        for page in self.pages.values():
            page.context.close()


def as_first_visits(page: Page) -> Page:
    """From now on, every load in `page` fetches all it needs, as a reader's first visit does:
    the browser's cache is off (Network.setCacheDisabled, Chrome's DevTools protocol)."""
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.setCacheDisabled", {"cacheDisabled": True})
    return page


def forget_the_cache(page: Page):
    """Empty the browser's cache, so that the next page `page` loads is a first visit."""
    page.context.new_cdp_session(page).send("Network.clearBrowserCache")


def forget_the_site(page: Page, url: str):
    """Clear all the site at `url` stored in the browser (the reader's colour choice), as a new reader has none."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
    page.context.new_cdp_session(page).send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})


@contextmanager
def listening(page: Page, event: str, handler: Callable[[Any], object]) -> Iterator[None]:
    """Call `handler` on each `event` of the page, for the length of a `with` block."""

    def call(value: Any):  # Playwright marks its handlers, which a built-in like list.append cannot carry
        handler(value)

    page.on(event, call)
    try:
        yield
    finally:
        page.remove_listener(event, call)


def load(page: Page, url: str, javascript: bool = True) -> Page:
    """Go to `url`, and wait until Material has taken over its links."""
    if javascript:
        # Material takes over links only once it has read sitemap.xml. A link
        # followed before then is handled twice (upstream): wait for the file.
        with page.expect_response(lambda response: response.url.endswith("/sitemap.xml")):
            page.goto(url)
    else:
        page.goto(url)
    page.wait_for_load_state("load")
    if javascript:
        # Material records the scroll offset 100 ms after load; a link followed
        # sooner can be sent to an old offset (an upstream race no reader hits).
        page.wait_for_function("() => history.state !== null")
    return page


def record_violations(page: Page, refused: list[str]):
    """Start recording what the policy blocks: each document's events, and into `refused` the
    console's "Refused to ..." lines. Read both once done, with `violations(page, refused)`."""
    record_violation_events(page)
    page.on("console", refusals(refused))


def record_violation_events(page: Page):
    """Record, in every document `page` loads from now on, each event of the policy blocking something."""
    page.add_init_script(RECORD_VIOLATIONS)


def refusals(refused: list[str]) -> Callable[[Any], None]:
    """A console handler that keeps each "Refused to ..." line in `refused`."""
    return lambda message: refused.append(message.text) if "Refused to" in message.text else None


def violations(page: Page, refused: list[str]) -> list[str]:
    """What the policy blocked in the page's current document, and every refusal on the console."""
    return page.evaluate("window.guideViolations || []") + refused
