"""Locked down: every page carries the Content-Security-Policy (tools/csp.py), and a reader's
whole visit, at phone and desktop width, breaks none of its rules and asks no other host
for anything."""

import re
import shutil
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tools.browser import (
    Tabs,
    as_first_visits,
    forget_the_site,
    listening,
    load,
    record_violation_events,
    refusals,
    violations,
)
from tools.csp import MARKER, secure_site
from tools.pages import PAGES, SIZES

NEVER = ("'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:")


def rules(html: str) -> dict[str, list[str]]:
    """The page's policy, directive by directive."""
    meta = BeautifulSoup(html, "html.parser").select_one('meta[http-equiv="Content-Security-Policy"]')
    return (
        {}
        if meta is None
        else {name: values for name, *values in (part.split() for part in meta["content"].split(";") if part.strip())}
    )


@pytest.mark.parametrize("url", [*PAGES, "404.html"])
def test_every_page_carries_the_policy_before_any_script(site, url):
    html = (site.dir / url).read_text("utf-8") if url.endswith(".html") else site.html(url)
    policy = rules(html)
    assert policy, f"/{url} has no Content-Security-Policy"
    head = html.split("</head>", 1)[0]
    assert head.index(MARKER) < head.find("<script"), f"/{url}: a script comes before the policy, so it is not governed"
    loose = [f"{name} {value}" for name, values in policy.items() for value in values if value in NEVER]
    assert not loose, f"/{url}: the policy allows {loose}"
    wanted = {"default-src": ["'self'"], "object-src": ["'none'"], "base-uri": ["'self'"], "form-action": ["'self'"]}
    wrong = {name: policy.get(name) for name, values in wanted.items() if policy.get(name) != values}
    assert not wrong, f"/{url}: these directives should be {wanted}, not {wrong}"
    scripts = [value for value in policy["script-src"] if value != "'self'"]
    assert all(re.fullmatch(r"'sha256-[A-Za-z0-9+/]{43}='", value) for value in scripts), (
        f"/{url}: script-src allows more than the site and hashed inline scripts: {scripts}"
    )
    referrer = BeautifulSoup(head, "html.parser").select_one('meta[name="referrer"]')
    assert referrer and referrer["content"] == "same-origin", f"/{url}: the page's address may leak to other sites"


def test_a_script_no_template_wrote_is_left_out_and_reported(site, tmp_path):
    """tools/csp.py hashes only the inline scripts the templates write: one planted in a page is not."""
    copy = tmp_path / "site"
    shutil.copytree(site.dir / "faq", copy / "faq")
    page = copy / "faq" / "index.html"
    page.write_text(
        page.read_text("utf-8").replace("</article>", "<script>document.title = 'planted'</script></article>"), "utf-8"
    )
    blocked = secure_site(copy)
    assert blocked == ["faq/index.html: an inline script no template wrote: document.title = 'planted'"], blocked
    allowed = len(rules(page.read_text("utf-8"))["script-src"])
    assert allowed == len(rules(site.html("faq/"))["script-src"]), "the planted script's hash was allowed"


def reader_session(page, size: str) -> list[str]:
    """Read to the end, switch colours, hover a glossary term, search, open a footnote, and move
    to the next page, as a reader would; what did not work, step by step."""
    failed = []
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    for image in page.locator("article img").all():
        image.scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")

    before = page.evaluate("document.body.dataset.mdColorMedia || ''")
    page.locator("#guide-palette label:not([hidden])").click()
    page.wait_for_function("before => (document.body.dataset.mdColorMedia || '') !== before", arg=before)

    if page.locator("article abbr").count():
        page.locator("article abbr").first.hover()
        page.wait_for_selector(".md-tooltip2--active", state="visible")

    # Search before the footnote: Material closes search 125 ms after the address's #part changes.
    if size == "phone":
        page.click("button.guide-button__search")
    page.click(".md-search__input")
    page.keyboard.type("adductor")
    try:
        # Results come once the search worker has built its index: slow on a busy machine.
        page.wait_for_selector(".md-search-result__item", timeout=30_000)
    except PlaywrightTimeout:
        state = page.evaluate("""() => ({query: document.querySelector('.md-search__input').value,
            open: document.getElementById('__search').checked, focus: document.activeElement.className,
            says: document.querySelector('.md-search-result__meta')?.textContent})""")
        failed.append(f"search found nothing for 'adductor' in 30 s ({state})")
    page.keyboard.press("Escape")
    # Material locks the page's scrolling while search is open, and frees it a moment after it closes.
    page.wait_for_function(
        "() => !document.getElementById('__search').checked && !document.body.hasAttribute('data-md-scrolllock')"
    )

    note = page.locator("article a.footnote-ref").first
    if note.count():
        # From the address, as a shared link to a note arrives: goto returns once the address has
        # moved. Where the note lands is tests/test_accessibility.py's concern; nothing loads here.
        target = note.get_attribute("href").split("#", 1)[1]  # Material makes links absolute
        page.goto(page.url.split("#")[0] + "#" + target)

    link = page.locator("a.md-footer__link--next")
    if link.count():
        address = page.url
        link.click()
        page.wait_for_url(lambda now: now.split("#")[0] != address.split("#")[0])
        page.wait_for_load_state("networkidle")
    return failed


@pytest.fixture(scope="session")
def visitor(browser) -> Iterator[Tabs]:
    """Kept tabs for readers' visits: every load a first visit, every document recording what the policy blocks."""
    tabs = Tabs(browser, prepare=lambda page: (as_first_visits(page), record_violation_events(page)))
    yield tabs
    tabs.close()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("url", PAGES)
def test_a_readers_visit_breaks_no_rule_and_stays_on_the_site(visitor, site, url, size):
    page = visitor(size=size)
    forget_the_site(page, site.url)
    refused: list[str] = []
    requests: list[str] = []
    with listening(page, "console", refusals(refused)), listening(page, "request", lambda r: requests.append(r.url)):
        load(page, site.url + url)
        failed = reader_session(page, size)
        blocked = violations(page, refused)
    here = urlsplit(site.url).netloc
    elsewhere = [r for r in requests if urlsplit(r).scheme in ("http", "https") and urlsplit(r).netloc != here]
    assert not blocked, f"/{url} ({size}): the policy blocked:\n" + "\n".join(blocked)
    assert not elsewhere, f"/{url} ({size}) asked other hosts for:\n" + "\n".join(elsewhere)
    assert not failed, f"/{url} ({size}): " + "; ".join(failed)
