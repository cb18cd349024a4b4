"""Helpers for the browser tests: open a page as a reader would, and record what the
Content-Security-Policy blocks."""

from collections.abc import Callable

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


def open_page(
    browser: Browser,
    url: str,
    scheme: str = "light",
    size: str = "desktop",
    javascript: bool = True,
    prepare: Callable[[Page], object] | None = None,
) -> Page:
    """A fresh page at `url`, in a browser context of its own; `prepare` runs before it loads."""
    context = browser.new_context(viewport=SIZES[size], color_scheme=SCHEMES[scheme], java_script_enabled=javascript)
    page = context.new_page()
    if prepare:
        prepare(page)
    return load(page, url, javascript)


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
    page.add_init_script(RECORD_VIOLATIONS)
    page.on("console", lambda message: refused.append(message.text) if "Refused to" in message.text else None)


def violations(page: Page, refused: list[str]) -> list[str]:
    """What the policy blocked in the page's current document, and every refusal on the console."""
    return page.evaluate("window.guideViolations || []") + refused
