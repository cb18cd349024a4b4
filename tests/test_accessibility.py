"""Accessibility in a real browser: axe-core and IBM's Equal Access engine, keyboard, screen-reader
names, forced colours, reflow, no JavaScript, deep links."""

import contextlib
import re

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tools import CHECKOUT
from tools.browser import load, open_page
from tools.pages import EQUAL_ACCESS_RUN, FULL_RUNS, PAGES, PAGES_CHECKED, SCHEMES, SIZES, load_contract

# Both engines run as the test's own script: the page's security policy would block them
# as a <script> tag, as it blocks any script the site did not write.
AXE = (CHECKOUT / "node_modules" / "axe-core" / "axe.min.js").read_text("utf-8") + "\n;0"
ACE = (CHECKOUT / "node_modules" / "accessibility-checker-engine" / "ace.js").read_text("utf-8") + "\n;0"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# axe runs all its rules at FULL_RUNS' two settings, and the rules that read colours at the
# other two; IBM's engine runs once a page, at EQUAL_ACCESS_RUN's (tools/pages.py says why).
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
CONTRACT = load_contract()


def axe_violations(page, rules: list[str] | None = None) -> list[str]:
    """What axe finds: every rule of AXE_TAGS, or only `rules`."""
    page.evaluate(AXE)
    run_only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": AXE_TAGS}
    # Only the violations leave the page: axe's whole result (every pass, with its markup) is
    # about 1 MB a page, and building and sending it took longer than the rules themselves.
    return page.evaluate(
        """only => axe.run(document, {runOnly: only, resultTypes: ["violations"]}).then(result => result.violations
            .map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 5).map(n => n.target).join(", ")}`))""",
        run_only,
    )


def equal_access_violations(page) -> list[str]:
    """What IBM's Equal Access engine finds against its WCAG 2.2 policy: violations only, not potential ones."""
    page.evaluate(ACE)
    results = page.evaluate("""async () => (await new ace.Checker().check(document, ["WCAG_2_2"])).results
        .filter(r => r.value[0] === "VIOLATION" && r.value[1] === "FAIL")
        .map(r => `${r.ruleId}: ${r.message} at ${r.snippet.slice(0, 100)}`)""")
    return list(dict.fromkeys(results))


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("url", PAGES_CHECKED)
def test_axe_and_equal_access_find_no_violation(tab, site, url, scheme, size):
    page = tab(site.url + url, scheme, size)
    expected = {"light": "default", "dark": "slate"}[scheme]
    assert page.evaluate("document.body.dataset.mdColorScheme") == expected, f"/{url}: {scheme} scheme not applied"
    rules = None if (scheme, size) in FULL_RUNS else COLOUR_RULES
    violations = [f"axe: {v}" for v in axe_violations(page, rules)]
    if EQUAL_ACCESS_RUN[url] == (scheme, size):
        violations += [f"Equal Access: {v}" for v in equal_access_violations(page)]
    assert not violations, f"/{url} ({scheme}, {size}) has accessibility violations:\n" + "\n".join(violations)


def test_forced_colours_keep_icons_tooltips_and_the_logo(browser, site):
    """In a contrast theme (forced colours), icons, tooltips and the logo still show."""
    context = browser.new_context(viewport=SIZES["desktop"], color_scheme="dark", forced_colors="active")
    page = context.new_page()
    page.goto(site.url + "toning/")
    page.locator("article abbr").first.hover()
    page.wait_for_selector(".md-tooltip2--active", state="visible")
    seen = page.evaluate("""() => {
        const style = (selector, part) => {
            const e = document.querySelector(selector);
            return e && getComputedStyle(e, part);
        };
        const canvas = getComputedStyle(document.body).backgroundColor;
        const icon = style(".md-typeset .admonition-title", "::before"), copy = style(".md-code__button", "::after");
        const tip = style(".md-tooltip2--active .md-tooltip2__inner"), logo = document.querySelector(".md-logo svg");
        return {canvas, icon: icon.backgroundColor, copy: copy ? copy.backgroundColor : "no copy button",
                tipBorder: parseFloat(tip.borderTopWidth), tipBorderColour: tip.borderTopColor,
                logo: logo ? getComputedStyle(logo.querySelector("path")).fill : "no inline logo",
                header: getComputedStyle(document.querySelector(".md-header")).backgroundColor};
    }""")
    context.close()
    faults = [
        f"{what} is {seen[what]}, the colour of the page behind it"
        for what in ("icon", "copy")
        if seen[what] in (seen["canvas"], "rgba(0, 0, 0, 0)")
    ]
    if not seen["tipBorder"] or seen["tipBorderColour"] == seen["canvas"]:
        faults.append(f"the tooltip has no visible edge ({seen['tipBorder']} px, {seen['tipBorderColour']})")
    if seen["logo"] in (seen["header"], "no inline logo"):
        faults.append(f"the logo is {seen['logo']} on a {seen['header']} header")
    assert not faults, "With forced colours, on /toning/ (admonition icon, copy button, tooltip, logo):\n" + "\n".join(
        faults
    )


@pytest.mark.parametrize("url", PAGES)
def test_skip_link_reaches_the_content(tabs, site, url):
    # A reader arrives from elsewhere: the kept tab goes to a blank page first. Loaded straight
    # after another test left it on this page at an anchor, Material took the skip link's Enter
    # as a move within that page, and the jump (and so the focus) never came: the old flake.
    page = tabs()
    page.goto("about:blank")
    page = load(page, site.url + url)
    # The walk starts once Material has settled the page (recorded its scroll offset), as in
    # press_enter: a Tab pressed before that could lose its focus to Material's set-up.
    page.wait_for_function("() => history.state !== null && Math.abs(history.state.y - scrollY) < 1")
    page.keyboard.press("Tab")
    assert "md-skip" in page.evaluate("document.activeElement.className"), f"/{url}: first Tab is not the skip link"
    target = page.evaluate("document.activeElement.hash.slice(1)")
    press_enter(page)
    # :target changes only on a real jump to the fragment, which moves the focus start point.
    page.wait_for_function("id => document.querySelector(':target')?.id === id", arg=target)
    page.keyboard.press("Tab")
    inside = page.evaluate("!!document.activeElement.closest('.md-content')")
    landed = page.evaluate("document.activeElement.outerHTML.slice(0, 80)")
    assert inside, f"/{url}: after the skip link, Tab lands on {landed}, not in the content"


# Where focus is, as a sighted keyboard user sees it, once the page has answered the key:
# Material reacts to focus a millisecond later (the search field opens search), and a timer
# set now runs after its own. A visually hidden input (a colour option, the menu's contents
# checkbox) shows its focus on its label.
FOCUS = """async () => {
    await new Promise(done => setTimeout(done, 1));
    const e = document.activeElement;
    if (!e || e === document.body) return null;
    if ("walked" in e.dataset) return {again: true};
    e.dataset.walked = "";
    let shown = e, r = e.getBoundingClientRect();
    if (r.width < 2 || r.height < 2 || getComputedStyle(e).opacity === "0") {
        const label = [...(e.labels || []), e.nextElementSibling].find(l => l && l.getClientRects().length);
        if (label) { shown = label; r = label.getBoundingClientRect(); }
    }
    const s = getComputedStyle(shown);
    return {what: e.outerHTML.slice(0, 90), big: r.width >= 2 && r.height >= 2,
            onScreen: r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
            ring: (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none"};
}"""

# Every link and control a reader could use where the page is now: shown, and not
# an unchecked option of a radio group (the group is one stop). What a closed <details>
# box holds is not shown (checkVisibility) until the reader opens it.
REACHABLE = """scope => [...document.querySelector(scope).querySelectorAll(
    "a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1'])")]
    .filter(e => e.tabIndex >= 0 && !e.disabled && !(e.type === "radio" && !e.checked)
        && e.getClientRects().length && e.checkVisibility({visibilityProperty: true})
        && !e.closest("[hidden], [inert], [aria-hidden=true]"))
    .filter(e => !("walked" in e.dataset)).map(e => e.outerHTML.slice(0, 90))"""


def walk(page, limit: int = 400) -> list[str]:
    """Tab until focus wraps (back to the page's start, or out of it); what is wrong at each stop."""
    faults = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUS)
        if stop is None or stop.get("again"):
            return faults
        for problem, ok in (
            ("is too small to see", stop["big"]),
            ("is off screen", stop["onScreen"]),
            ("shows no focus ring", stop["ring"]),
        ):
            if not ok:
                faults.append(f"{stop['what']} {problem}")
    return faults + [f"focus did not come round after {limit} presses of Tab"]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("url", PAGES)
def test_keyboard_reaches_everything_and_shows_where_it_is(tab, site, url, size):
    """Tab through the page until focus comes round: every stop is visible, on screen and ringed,
    and every link and control is reached. On a phone, the menu too, opened from the keyboard."""
    page = tab(site.url + url, size=size)
    # With reduced motion, as many keyboard users browse: Material then drops its transitions,
    # which drew frames after every press (a quarter to a third of a walk's CPU); where focus lands and
    # its ring are the same either way.
    page.emulate_media(reduced_motion="reduce")
    try:
        faults = keyboard_faults(page, size)
    finally:
        page.emulate_media(reduced_motion="no-preference")
    assert not faults, f"/{url} ({size}), by keyboard:\n" + "\n".join(dict.fromkeys(faults))


def keyboard_faults(page, size: str) -> list[str]:
    """The walk through the page, then on a phone through its menu; what is wrong, and what it never reached."""
    faults = walk(page)
    faults += [f"{what} is never reached" for what in page.evaluate(REACHABLE, "body")]
    if size == "phone":
        menu = page.locator("button.guide-button__drawer")
        if not menu.count():
            faults.append("there is no menu button")
        else:
            menu.focus()
            page.keyboard.press("Enter")
            # The drawer slides in: walk it once it is all on screen.
            page.wait_for_function(
                "() => document.getElementById('__drawer').checked &&"
                " document.querySelector('.md-sidebar--primary').getBoundingClientRect().left >= 0"
            )
            page.evaluate("for (const e of document.querySelectorAll('[data-walked]')) delete e.dataset.walked")
            faults += [f"in the menu: {fault}" for fault in walk(page)]
            faults += [
                f"in the menu: {what} is never reached" for what in page.evaluate(REACHABLE, ".md-sidebar--primary")
            ]
    return faults


def test_headings_are_named_by_their_words_alone(tab, site):
    """The ¶ link after each heading is not part of its name, which a screen reader's list of headings reads."""
    faults = []
    for url in PAGES:
        page = tab(site.url + url)
        page.wait_for_function(
            "() => document.querySelector('.md-typeset .headerlink')?.tabIndex === -1"
        )  # mends.js has run
        names = re.findall(r'heading "([^"]*)"', page.locator("article").aria_snapshot())
        faults += [f"/{url}: {name!r}" for name in names if "¶" in name or "Link to this section" in name]
    assert not faults, "Headings whose name is more than their words:\n" + "\n".join(faults)


def press_enter(page):
    """Press Enter once Material has recorded the scroll offset (see tools/browser.py, load)."""
    page.wait_for_function("() => history.state !== null && Math.abs(history.state.y - scrollY) < 1")
    page.keyboard.press("Enter")


def tab_to(page, selector: str, limit: int = 200) -> bool:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return True
    return False


def test_glossary_terms_explain_themselves_on_hover_and_are_not_tab_stops(browser, site):
    """A term is not a tab stop (its name would be its definition); the glossary list serves the keyboard."""
    first = next(
        a
        for a in BeautifulSoup(site.html("toning/"), "html.parser").select("article abbr[title]")
        if not a.find_parent("a")
    )
    page = open_page(browser, site.url + "toning/")
    focusable = page.evaluate("[...document.querySelectorAll('article abbr')].filter(a => a.tabIndex >= 0).length")
    page.locator("article abbr").first.hover()
    page.wait_for_selector(".md-tooltip2--active", state="visible")
    shown = page.inner_text(".md-tooltip2--active")
    page.context.close()
    assert not focusable, f"/toning/: {focusable} glossary terms are tab stops"
    assert shown.strip() == first["title"], f"/toning/: {first.get_text()!r} shows {shown!r}, not its definition"


def test_footnote_and_its_way_back_work_from_the_keyboard(browser, site):
    page = open_page(browser, site.url + "spot-reduction/")
    assert tab_to(page, "a.footnote-ref"), "/spot-reduction/: no citation marker can be reached with Tab"
    reference = page.evaluate("document.activeElement.closest('sup').id")
    press_enter(page)
    # Where the jump lands is :target. The address is no witness: navigation.tracking may move
    # it on to the section as the page scrolls, sooner than a check could read it on a busy machine.
    target = "prefix => (id => id.startsWith(prefix) && id)(document.querySelector(':target')?.id || '')"
    try:
        note = page.wait_for_function(target, arg="fn:").json_value()
    except PlaywrightTimeout:
        pytest.fail(f"/spot-reduction/: Enter on a citation did not move to its note (address: {page.url})")
    assert tab_to(page, "a.footnote-backref", limit=10), f"/spot-reduction/: no way back from #{note}"
    press_enter(page)
    try:
        back = page.wait_for_function(target, arg="fnref:").json_value()
    except PlaywrightTimeout:
        pytest.fail(f"/spot-reduction/: the way back from #{note} did not return to a citation (address: {page.url})")
    page.context.close()
    assert back == reference, f"/spot-reduction/: the way back from #{note} went to #{back}, not #{reference}"


def test_diagram_opens_full_size_from_the_keyboard(browser, site):
    page = open_page(browser, site.url + "running-biomechanics/")
    assert tab_to(page, "article figure a"), "/running-biomechanics/: no diagram can be reached with Tab"
    drawing = page.evaluate("document.activeElement.href")
    page.keyboard.press("Enter")  # a drawing is no page of the guide: the browser, not Material, follows the link
    page.wait_for_url(drawing)
    fills = page.evaluate("document.documentElement.getBoundingClientRect().width === innerWidth")
    page.go_back()
    # Material's navigation.tracking may have put the section in the address (#adductor-muscles).
    page.wait_for_url(re.compile(re.escape(site.url + "running-biomechanics/") + "(#[a-z-]+)?$"))
    page.context.close()
    assert fills, f"{drawing} does not fill the window when opened on its own"


# The colour toggle: Material's automatic, light and dark options (overrides/partials/palette.html).
AUTOMATIC, LIGHT, DARK = "Automatic, as your device", "Light", "Dark"
PALETTE = """() => ({
    scheme: document.body.dataset.mdColorScheme,
    page: getComputedStyle(document.documentElement).colorScheme,
    shown: [...document.querySelectorAll('#guide-palette label')].filter(l => !l.hidden)
        .map(l => l.previousElementSibling.ariaLabel),
    themeColor: document.querySelector('meta[name=theme-color]')?.content,
    header: getComputedStyle(document.querySelector('.md-header')).backgroundColor,
})"""


def rgb_hex(color: str) -> str:
    return "#" + "".join(f"{int(n):02x}" for n in re.findall(r"\d+", color)[:3])


def palette_faults(page, option: str, scheme: str) -> list[str]:
    """What is wrong with the toggle, as a sighted reader and a screen reader meet it."""
    page.wait_for_selector("#guide-palette label:not([hidden])")
    # Material sets the colours a moment after the change; a wrong scheme is reported below.
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function("s => document.body.dataset.mdColorScheme === s", arg=scheme, timeout=3000)
    seen = page.evaluate(PALETTE)
    heard = page.locator("#guide-palette").aria_snapshot()
    faults = []
    if seen["scheme"] != scheme:
        faults.append(f"the {seen['scheme']} colours are shown, not {scheme}")
    if (seen["page"] == "dark") != (scheme == "slate"):
        faults.append(f"the page's own colour scheme (scroll bar, edges) is {seen['page']}")
    if seen["shown"] != [option]:
        faults.append(f"the toggle shown belongs to {seen['shown']}, not to {option!r}")
    expected = f'- radio "{option}" [checked]'
    if 'radiogroup "Colours"' not in heard or expected not in heard or heard.count("[checked]") != 1:
        faults.append(f"a screen reader hears {heard!r}, not the group 'Colours' with only {option!r} checked")
    if seen["themeColor"] != rgb_hex(seen["header"]):
        faults.append(f"the browser's theme colour is {seen['themeColor']}, the header's {seen['header']}")
    return faults


def focus_faults(page, option: str) -> list[str]:
    """Focus sits on the checked option, and its label shows a ring that stands out from the header."""
    seen = page.evaluate("""() => {
        const input = document.activeElement, label = input.nextElementSibling, style = getComputedStyle(label);
        return {name: input.ariaLabel, checked: input.checked, shown: !label.hidden,
                ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
                colour: style.outlineColor, text: getComputedStyle(document.querySelector('.md-header')).color};
    }""")
    faults = []
    if seen["name"] != option or not seen["checked"] or not seen["shown"]:
        faults.append(
            f"focus is on {seen['name']!r} (checked {seen['checked']}, shown {seen['shown']}), not on {option!r}"
        )
    if not seen["ring"] or seen["colour"] != seen["text"]:
        faults.append(
            f"the focus ring is {seen['colour']} (drawn: {seen['ring']}), not the header's text colour {seen['text']}"
        )
    return faults


def listed(steps: dict[str, list[str]]) -> str:
    return "\n".join(f"{step}: {fault}" for step, found in steps.items() for fault in found)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_colour_toggle_says_its_state_and_works_by_mouse_and_keyboard(browser, site, scheme):
    default = {"light": "default", "dark": "slate"}[scheme]
    page = open_page(browser, site.url + "toning/", scheme=scheme)
    steps = {"on arrival": palette_faults(page, AUTOMATIC, default)}
    page.click("#guide-palette label:not([hidden])")
    steps["after a click"] = palette_faults(page, LIGHT, "default")
    page.click("#guide-palette label:not([hidden])")
    steps["after a second click"] = palette_faults(page, DARK, "slate")
    page.goto(site.url + "faq/")
    steps["on the next page loaded"] = palette_faults(page, DARK, "slate")
    reached = tab_to(page, "#guide-palette input")
    steps["reached by Tab"] = focus_faults(page, DARK) if reached else ["the toggle cannot be reached with Tab"]
    for key, option, colours in (
        ("ArrowDown", AUTOMATIC, default),
        ("Enter", LIGHT, "default"),
        ("ArrowUp", AUTOMATIC, default),
    ):
        page.keyboard.press(key)
        steps[f"after {key}"] = palette_faults(page, option, colours) + focus_faults(page, option)
    page.context.close()
    assert not listed(steps), f"the colour toggle, with a {scheme} setting, on /toning/ then /faq/:\n" + listed(steps)


def test_colour_follows_the_readers_setting_until_they_choose(browser, site):
    page = open_page(browser, site.url, scheme="dark")
    steps = {"with a dark setting": palette_faults(page, AUTOMATIC, "slate")}
    page.emulate_media(color_scheme="light")
    steps["when the setting turns light"] = palette_faults(page, AUTOMATIC, "default")
    page.click("#guide-palette label:not([hidden])")
    page.emulate_media(color_scheme="dark")
    # Media queries report a change at the next frame; wait for two.
    page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    steps["after choosing light, while the setting turns dark"] = palette_faults(page, LIGHT, "default")
    page.context.close()
    assert not listed(steps), "the colour scheme on the home page:\n" + listed(steps)


def test_no_sideways_scrolling_at_320_pixels(browser, site):
    page = browser.new_context(viewport={"width": 320, "height": 640}).new_page()
    faults = []
    for url in PAGES:
        page.goto(site.url + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            faults.append(f"/{url} is {width} px wide")
    page.context.close()
    assert not faults, "Pages wider than a 320 px window, which must scroll sideways:\n" + "\n".join(faults)


@pytest.mark.parametrize("url", PAGES)
def test_readable_without_javascript(tab, site, url):
    page = tab(site.url + url, size="phone", javascript=False)
    article = page.locator("article")
    assert article.is_visible(), f"/{url}: the article is hidden without JavaScript"
    assert page.locator("article h1").is_visible(), f"/{url}: the heading is hidden without JavaScript"
    unreadable = []
    for image in page.locator("article img").all():
        image.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete", arg=image.element_handle())
        if not image.is_visible() or not image.evaluate("img => img.naturalWidth > 0"):
            unreadable.append(image.get_attribute("src"))
    assert not unreadable, f"/{url}: images not shown without JavaScript: {unreadable}"


LANDED = """id => {
    const heading = document.getElementById(id);
    if (!heading) return false;
    const r = heading.getBoundingClientRect();
    return r.top >= document.querySelector('.md-header').getBoundingClientRect().bottom - 1 && r.bottom <= innerHeight;
}"""


def hidden_heading(page, anchor: str) -> str | None:
    """None once the heading #anchor shows fully below the sticky header, else where it is."""
    try:
        page.wait_for_function(LANDED, arg=anchor, timeout=3000)
        return None
    except PlaywrightTimeout:
        box = page.evaluate(
            """id => {
            const r = document.getElementById(id)?.getBoundingClientRect();
            return [r?.top, document.querySelector('.md-header').getBoundingClientRect().bottom];
        }""",
            anchor,
        )
        return f"#{anchor}: heading top at {box[0]} px, header ends at {box[1]} px"


def landing_sample(site, url: str) -> list[str]:
    """The page's anchors to follow: the first of each kind (h2, h3, h4, a renamed one), and its last,
    which the page cannot scroll to the top. Where a heading lands depends on its kind and place, not on
    its words; every anchor's presence is checked in tests/test_content.py."""
    soup = BeautifulSoup(site.html(url), "html.parser")
    kinds = {anchor: soup.find(id=anchor).name for anchor in CONTRACT["pages"][url]}
    first = {kind: anchor for anchor, kind in reversed(kinds.items())}
    return list(dict.fromkeys([*first.values(), *list(kinds)[-1:]]))


@pytest.mark.parametrize("url", list(CONTRACT["pages"]))
def test_deep_links_land_below_the_header_on_a_fresh_load(tabs, site, url):
    page = tabs(size="phone")
    faults = []
    for number, anchor in enumerate(landing_sample(site, url)):
        page.goto(f"{site.url}{url}?load={number}#{anchor}")
        if why := hidden_heading(page, anchor):
            faults.append(f"/{url}{why}")
    assert not faults, "Deep links hidden under the header on a fresh load (phone):\n" + "\n".join(faults)


def test_deep_links_land_below_the_header_after_instant_navigation(browser, site):
    """The anchors to follow, taken one page after another."""
    sample = {url: landing_sample(site, url) for url in CONTRACT["pages"]}
    across = [
        (url, anchors[i])
        for i in range(max(map(len, sample.values())))
        for url, anchors in sample.items()
        if i < len(anchors)
    ]
    page = browser.new_context(viewport=SIZES["desktop"]).new_page()
    page.add_init_script("addEventListener('scroll', () => { window.guideScrolled = performance.now() })")
    page.goto(site.url + "about/")
    faults = []
    for url, anchor in across:
        # Material saves the scroll offset 100 ms after the offset last changed (integrations/instant,
        # debounceTime(100)); a link followed sooner can inherit the old offset (upstream race). Wait
        # for it. A page that landed at the offset the last one had changed none, so Material saves
        # none (history.state stays null): then wait until no scroll is that recent.
        page.wait_for_function(
            "() => history.state !== null ? Math.abs(history.state.y - scrollY) < 1"
            " : performance.now() - (window.guideScrolled ?? 0) > 150"
        )
        page.evaluate(
            """href => {
            const link = Object.assign(document.createElement('a'), {href});
            document.querySelector('article').append(link);
            link.click();
        }""",
            f"{site.url}{url}#{anchor}",
        )
        page.wait_for_url(f"{site.url}{url}#{anchor}")
        if why := hidden_heading(page, anchor):
            faults.append(f"/{url}{why}")
    page.context.close()
    assert not faults, "Deep links hidden under the header after instant navigation (desktop):\n" + "\n".join(faults)
