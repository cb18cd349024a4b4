"""Fast: nothing moves as a page loads, and pages stay within a byte budget. (That no
request leaves the site, and that search works, is in tests/test_security.py.)

Weights are gzip-compressed transfer sizes, as GitHub Pages serves them (the test
server compresses the same way). Timings belong in `make bench`, not here.
"""

import pytest

from tools.pages import CHROMIUM, CHROMIUM_ARGS, FIRST_VISIT_BUDGET, NEXT_PAGE_BUDGET, PAGES, SCHEMES, SIZES

# Every layout shift from the first paint on, with what moved and where from.
RECORD_SHIFTS = """
window.shifts = [];
new PerformanceObserver(list => {
  for (const shift of list.getEntries()) {
    if (shift.hadRecentInput) continue;
    window.shifts.push(shift.sources.map(source => {
      const node = source.node?.nodeType === 1 ? source.node : source.node?.parentElement;
      const classes = node?.className ? "." + node.className.trim().split(/\\s+/).join(".") : "";
      const name = node ? node.tagName.toLowerCase() + classes : "?";
      const [from, to] = [source.previousRect, source.currentRect];
      return `${name} moved from (${from.x}, ${from.y}) ${from.width}×${from.height}` +
        ` to (${to.x}, ${to.y}) ${to.width}×${to.height}`;
    }).join("; "));
  }
}).observe({type: "layout-shift", buffered: true});
"""


@pytest.fixture(scope="session")
def browser_with_scrollbars(browser):
    """Chromium as readers see it: Playwright hides scrollbars, and a scrollbar that comes and goes moves things."""
    chromium = browser.browser_type.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, ignore_default_args=["--hide-scrollbars"]
    )
    yield chromium
    chromium.close()


def record(page) -> list[tuple[str, int]]:
    """Start recording every response the page receives, with its transfer size."""
    responses = []
    page.on("response", lambda r: responses.append((r.url, int(r.headers.get("content-length") or 0))))
    return responses


def load_everything(page, url: str):
    """Open the page and scroll to the end, so lazy images load too."""
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")
    for image in page.locator("article img").all():
        image.scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("url", PAGES)
def test_nothing_moves_while_a_page_loads(browser_with_scrollbars, site, url, size):
    """Cumulative layout shift 0: what a reader sees first stays where it is once scripts and images load."""
    context = browser_with_scrollbars.new_context(viewport=SIZES[size])
    page = context.new_page()
    page.add_init_script(RECORD_SHIFTS)
    load_everything(page, site.url + url)
    shifts = page.evaluate("window.shifts")
    context.close()
    assert not shifts, f"/{url} ({size}): the layout shifted while the page loaded:\n" + "\n".join(shifts)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_first_frame_is_in_the_readers_colour_scheme(browser, site, scheme):
    """Before Material's bundle arrives, the page already follows the reader's light or dark setting
    (the script in overrides/partials/palette.html)."""
    context = browser.new_context(viewport=SIZES["phone"], color_scheme=SCHEMES[scheme])
    page = context.new_page()
    page.route("**/bundle.*.js", lambda route: route.abort())
    page.goto(site.url)
    shown = page.evaluate("getComputedStyle(document.body).colorScheme")
    context.close()
    assert shown == SCHEMES[scheme], f"with the {scheme} setting and no bundle yet, the page shows {shown}"


@pytest.mark.parametrize("url", PAGES)
def test_first_visit_is_within_budget(browser, site, url):
    context = browser.new_context(viewport=SIZES["phone"])
    page = context.new_page()
    responses = record(page)
    load_everything(page, site.url + url)
    context.close()
    total = sum(size for _, size in responses)
    biggest = "\n".join(f"{size:>7} {name}" for name, size in sorted(responses, key=lambda r: -r[1])[:8])
    assert total <= FIRST_VISIT_BUDGET, (
        f"/{url}: first visit transfers {total} bytes, over the {FIRST_VISIT_BUDGET}-byte budget. Largest:\n{biggest}"
    )


@pytest.mark.parametrize("url", PAGES[:-1])
def test_next_page_by_instant_navigation_is_within_budget(browser, site, url):
    context = browser.new_context(viewport=SIZES["phone"])
    page = context.new_page()
    page.goto(site.url + url)
    page.wait_for_load_state("networkidle")
    responses = []
    # What the move itself fetches; the diagrams then load as the reader scrolls to them.
    page.on(
        "response",
        lambda r: (
            None
            if r.request.resource_type == "image"
            else responses.append((r.url, int(r.headers.get("content-length") or 0)))
        ),
    )
    page.click("a.md-footer__link--next")
    page.wait_for_url(lambda address: address != site.url + url)
    page.wait_for_load_state("networkidle")
    context.close()
    total = sum(size for _, size in responses)
    listing = "\n".join(f"{size:>7} {name}" for name, size in responses)
    assert total <= NEXT_PAGE_BUDGET, (
        f"/{url}: moving to the next page transfers {total} bytes, over {NEXT_PAGE_BUDGET}:\n{listing}"
    )
