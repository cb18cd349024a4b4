"""Fast: nothing moves as a page loads, and pages stay within a byte budget, a
tooltip budget and a length budget (screens on a phone). (That no request leaves the site, and that search works, is in
tests/test_security.py.)

Weights are gzip-compressed transfer sizes, as GitHub Pages serves them (the test
server compresses the same way). Timings belong in `make bench`, not here.
"""

from collections import Counter
from collections.abc import Callable, Iterator

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Page, Response

from tools.browser import Tabs, as_first_visits, forget_the_cache, listening, load, new_page
from tools.pages import (
    CHROMIUM,
    CHROMIUM_ARGS,
    FIRST_VISIT_BUDGET,
    NEXT_PAGE_BUDGET,
    PAGES,
    SCHEMES,
    SCREEN,
    SCREEN_BUDGETS,
    SIZES,
    TOOLTIP_BUDGET,
)

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
def first_visit(browser) -> Iterator[Callable[[str], Page]]:
    """`first_visit(size)`: a kept tab in which every load is a first visit (nothing cached), and
    records its layout shifts; in Chromium as readers see it, as Playwright hides scrollbars, and
    a scrollbar that comes and goes moves things."""
    chromium = browser.browser_type.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, ignore_default_args=["--hide-scrollbars"]
    )
    tabs = Tabs(chromium, prepare=lambda page: (as_first_visits(page), page.add_init_script(RECORD_SHIFTS)))
    yield lambda size: tabs(size=size)
    tabs.close()
    chromium.close()


@pytest.fixture(scope="session")
def reader(browser) -> Iterator[Tabs]:
    """Kept tabs for a reader who moves from page to page, the browser's cache filling as they go."""
    tabs = Tabs(browser)
    yield tabs
    tabs.close()


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
def test_nothing_moves_while_a_page_loads(first_visit, site, url, size):
    """Cumulative layout shift 0: what a reader sees first stays where it is once scripts and images load."""
    page = first_visit(size)
    load_everything(page, site.url + url)
    shifts = page.evaluate("window.shifts")
    assert not shifts, f"/{url} ({size}): the layout shifted while the page loaded:\n" + "\n".join(shifts)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_first_frame_is_in_the_readers_colour_scheme(browser, site, scheme):
    """Before Material's bundle arrives, the page already follows the reader's light or dark setting
    (the script in overrides/partials/palette.html)."""
    page = new_page(browser, scheme, "phone")
    page.route("**/bundle.*.js", lambda route: route.abort())
    page.goto(site.url)
    shown = page.evaluate("getComputedStyle(document.body).colorScheme")
    page.context.close()
    assert shown == SCHEMES[scheme], f"with the {scheme} setting and no bundle yet, the page shows {shown}"


# What every first visit fetches: Material's stylesheet and script, the site's stylesheet, the search index.
FIRST_VISIT_FILES = ["stylesheets/main.", "javascripts/bundle.", "stylesheets/extra.css", "search_index.json"]


def from_the_cache(responses: list[Response]) -> list[str]:
    """Which of FIRST_VISIT_FILES came from the browser's cache, or not at all: none, on a first visit."""
    return [
        part
        for part in FIRST_VISIT_FILES
        if not any(part in r.url and r.request.sizes()["responseBodySize"] > 0 for r in responses)
    ]


def weights(responses: list[Response]) -> list[tuple[str, int]]:
    """Each response's address and size as the server sent it (gzip), largest first."""
    sent = [(r.url, int(r.headers.get("content-length") or 0)) for r in responses]
    return sorted(sent, key=lambda response: -response[1])


def listed(sent: list[tuple[str, int]], kept: int = 8) -> str:
    return "\n".join(f"{size:>7} {name}" for name, size in sent[:kept])


@pytest.mark.parametrize("url", PAGES)
def test_first_visit_is_within_budget(first_visit, site, url):
    page = first_visit("phone")
    responses: list[Response] = []
    with listening(page, "response", responses.append):
        load_everything(page, site.url + url)
    cached = from_the_cache(responses)
    assert not cached, f"/{url}: the first visit took {cached} from the cache, so it weighs too little"
    sent = weights(responses)
    total = sum(size for _, size in sent)
    assert total <= FIRST_VISIT_BUDGET, (
        f"/{url}: first visit transfers {total} bytes, over the {FIRST_VISIT_BUDGET}-byte budget. Largest:\n"
        + listed(sent)
    )


def test_a_visit_from_the_cache_is_told_apart(reader, site):
    """The first-visit check's own guard: a second visit, from a cache that is on, is caught."""
    page = reader(size="phone")
    load_everything(page, site.url)
    responses: list[Response] = []
    with listening(page, "response", responses.append):
        load_everything(page, site.url)
    assert from_the_cache(responses) == FIRST_VISIT_FILES, (
        f"a second visit with the cache on took only {from_the_cache(responses)} from the cache"
    )


@pytest.mark.parametrize("url", PAGES[:-1])
def test_next_page_by_instant_navigation_is_within_budget(reader, site, url):
    page = reader(size="phone")
    forget_the_cache(page)
    page.goto(site.url + url)
    page.wait_for_load_state("networkidle")
    responses: list[Response] = []
    with listening(page, "response", responses.append):
        page.click("a.md-footer__link--next")
        page.wait_for_url(lambda address: address != site.url + url)
        page.wait_for_load_state("networkidle")
    # What the move itself fetches; the diagrams then load as the reader scrolls to them.
    sent = weights([r for r in responses if r.request.resource_type != "image"])
    total = sum(size for _, size in sent)
    assert total <= NEXT_PAGE_BUDGET, (
        f"/{url}: moving to the next page transfers {total} bytes, over {NEXT_PAGE_BUDGET}:\n" + listed(sent)
    )


def test_each_page_sets_up_few_tooltips(site):
    """Material's script makes a tooltip of each title in the content, which a slow phone pays for."""
    counts = {}
    for url, path in site.pages().items():
        content = BeautifulSoup(path.read_text("utf-8"), "html.parser").select_one('[data-md-component="content"]')
        if content is not None:
            counts[url] = Counter(
                node.get("class", [node.name])[0] for node in content.select("[title]:not([data-preview])")
            )
    assert counts, "no page has Material's content element"
    over = {url: count for url, count in counts.items() if count.total() > TOOLTIP_BUDGET}
    assert not over, f"Pages with more than {TOOLTIP_BUDGET} titles for Material to make tooltips of:\n" + "\n".join(
        f"/{url}: {count.total()}, most on {', '.join(f'{n} {what}' for what, n in count.most_common(3))}"
        for url, count in over.items()
    )


@pytest.fixture(scope="session")
def phone(browser) -> Iterator[Page]:
    """A kept tab the size of a phone's screen (SCREEN in tools/pages.py)."""
    context = browser.new_context(viewport=SCREEN)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("url", PAGES)
def test_each_page_is_within_its_length_budget(phone, site, url):
    """A page fills at most its budget of phone screens (SCREEN_BUDGETS in tools/pages.py), with its
    disclosures as it loads: closed, unless the page opens one."""
    assert url in SCREEN_BUDGETS, f"/{url} has no length budget: add it to SCREEN_BUDGETS in tools/pages.py"
    load(phone, site.url + url)
    screens = phone.evaluate("document.documentElement.scrollHeight") / SCREEN["height"]
    budget = SCREEN_BUDGETS[url]
    assert screens <= budget, (
        f"/{url} is {screens:.2f} screens long on a {SCREEN['width']} x {SCREEN['height']} phone, "
        f"over its budget of {budget} (SCREEN_BUDGETS in tools/pages.py)"
    )
