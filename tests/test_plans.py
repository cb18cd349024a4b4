"""The plans (data/plans.yml): every dose the exercises page's, every exercise link on its how-to,
every week an address, each plan on 2 printed A4 sheets, tables without scripts, ticks kept."""

import json
import re

import pytest
from bs4 import BeautifulSoup
from mkdocs.utils.yaml import yaml_load

from tools import read_yaml_file
from tools.browser import open_page
from tools.pages import ROOT, load_contract
from tools.pdf import pdf_text, print_page, sheets

PLANS: dict[str, dict] = read_yaml_file(ROOT / "data" / "plans.yml", ROOT)
MAX_SHEETS = 2


def dose_faults(plan: str, plan_html: str, exercises_html: str) -> list[str]:
    """Each row of the plan's weeks whose link does not land on an exercise's how-to ("How to do
    it", `#<exercise>-steps`), or whose "Step N: dose" is not step N of that exercise's
    "How much to do" on /exercises/, word for word."""
    exercises = BeautifulSoup(exercises_html, "html.parser")
    faults = []
    rows = BeautifulSoup(plan_html, "html.parser").select(".guide-week tbody tr")
    if not rows:
        return [f"/{plan}/ has no week's table"]
    for row in rows:
        week = row.find_previous("h2")["id"]
        link, dose = row.find("a"), row.find_all("td")[1].get_text(" ", strip=True)
        found = re.fullmatch(r"exercises/#([a-z-]+)-steps", (link or {}).get("href", "").removeprefix("../"))
        how_to = found and exercises.find(id=f"{found[1]}-steps")
        if not found or not how_to or how_to.name != "h3":
            faults.append(f"/{plan}/#{week}: {link} does not link to an exercise's how-to on /exercises/")
            continue
        step = re.fullmatch(r"Step (\d+): (.+)", " ".join(dose.split()))
        steps = exercises.find(id=f"{found[1]}-dose").find_next("ol").find_all("li", recursive=False)
        said = [" ".join(li.get_text(" ", strip=True).split()).removesuffix(".") for li in steps]
        if not step or not 1 <= int(step[1]) <= len(said) or said[int(step[1]) - 1] != step[2]:
            faults.append(
                f"/{plan}/#{week}: {link.get_text()} says {dose!r}, not a step of /exercises/#{found[1]}-dose"
            )
    return faults


@pytest.mark.parametrize("plan", PLANS)
def test_every_dose_in_a_plan_is_the_exercises_pages(site, plan):
    faults = dose_faults(plan, site.html(f"{plan}/"), site.html("exercises/"))
    assert not faults, "\n".join(faults)


def test_a_planted_dose_or_link_mismatch_fails(site):
    """A dose changed in the plan alone, and a link to an exercise's top rather than its how-to."""
    plan = next(iter(PLANS))
    html = site.html(f"{plan}/")
    dose = re.search(r"Step 1: (\d+) ", html)
    assert dose, f"/{plan}/ has no 'Step 1: N ...' to change"
    changed = html.replace(dose[0], f"Step 1: {int(dose[1]) + 1} ", 1)
    assert dose_faults(plan, changed, site.html("exercises/")), f"a changed dose on /{plan}/ passed"
    week = html.index('class="guide-week"')
    unlinked = html[:week] + re.sub(r'(href="[^"]*exercises/#[a-z-]+)-steps"', r'\1"', html[week:], count=1)
    assert dose_faults(plan, unlinked, site.html("exercises/")), f"a link past the how-to on /{plan}/ passed"


def test_plans_are_in_the_navigation_the_contract_and_links_json(site):
    with open(ROOT / "mkdocs.yml", "rb") as file:
        nav = [file for item in yaml_load(file)["nav"] for file in item.values()]
    contract = load_contract()["pages"]
    index = json.loads((site.dir / "links.json").read_text("utf-8"))
    listed = {section["url"] for page in index["pages"] for section in [page, *page["sections"]]}
    for plan, data in PLANS.items():
        assert f"{plan}.md" in nav, f"{plan}.md is not in mkdocs.yml's nav"
        weeks = [f"week-{n}" for n in range(1, len(data["weeks"]) + 1)]
        missing = [week for week in weeks if week not in contract.get(f"{plan}/", [])]
        assert not missing, f"data/url-contract.yml does not list /{plan}/#{missing}"
        unlisted = [w for w in weeks if f"{index['site']}{plan}/#{w}" not in listed]
        assert f"{index['site']}{plan}/" in listed and not unlisted, f"links.json lacks /{plan}/ or its {unlisted}"


@pytest.mark.parametrize("plan", PLANS)
def test_a_plan_prints_on_two_sheets_with_its_notice_address_and_boxes(browser, site, plan):
    page = print_page(browser, site.url + f"{plan}/")
    try:
        boxes = page.locator(".guide-week input[type=checkbox]")
        shown = boxes.evaluate_all("boxes => boxes.filter(box => box.checkVisibility()).length")
        hidden = page.locator(".md-header, .md-sidebar, .md-footer, .guide-ticks").evaluate_all(
            "parts => parts.filter(part => part.checkVisibility()).length"
        )
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
    finally:
        page.close()
    expected = sum(len(week) for week in PLANS[plan]["weeks"]) * len(PLANS[plan]["days"])
    assert shown == expected, f"/{plan}/ printed {shown} tick boxes, not {expected}"
    assert not hidden, f"/{plan}/ printed the site's header, navigation, footer or the clear button"
    assert sheets(pdf) <= MAX_SHEETS, f"/{plan}/ printed on {sheets(pdf)} A4 sheets, more than {MAX_SHEETS}"
    text = pdf_text(pdf)
    for needed in ("not medical advice", f"This page: {site.url}{plan}/", "Last reviewed"):
        assert needed in text, f"/{plan}/ printed without {needed!r}"


def test_the_sheet_count_can_fail(browser, site):
    """The exercises page, with its five drawings, prints on more than 2 sheets: the count reads a PDF's pages."""
    page = print_page(browser, site.url + "exercises/")
    try:
        assert sheets(page.pdf(format="A4", prefer_css_page_size=True)) > MAX_SHEETS
    finally:
        page.close()


@pytest.mark.parametrize("plan", PLANS)
def test_every_week_shows_its_table_without_javascript(browser, site, plan):
    page = open_page(browser, site.url + f"{plan}/", size="phone", javascript=False)
    try:
        for n, week in enumerate(PLANS[plan]["weeks"], 1):
            rows = page.locator(f"#week-{n} + .guide-week tbody tr")
            visible = rows.evaluate_all("rows => rows.filter(row => row.checkVisibility()).length")
            assert visible == len(week), f"/{plan}/#week-{n} shows {visible} rows without JavaScript, not {len(week)}"
    finally:
        page.context.close()


def test_ticks_stay_on_this_device_until_cleared(browser, site):
    plan, other = list(PLANS)[:2]
    page = open_page(browser, site.url + f"{plan}/", size="phone")
    sent: list[str] = []
    page.on("request", lambda request: sent.append(request.url) if request.method != "GET" else None)
    try:
        first = page.locator(".guide-week input[type=checkbox]").first
        first.check()
        page.reload()
        page.wait_for_load_state("load")
        assert first.is_checked(), f"/{plan}/ forgot a tick on reload"
        page.goto(site.url + f"{other}/")
        page.wait_for_load_state("load")
        assert not page.locator(".guide-week input:checked").count(), f"/{plan}/'s tick showed on /{other}/"
        page.goto(site.url + f"{plan}/")
        page.wait_for_load_state("load")
        page.once("dialog", lambda dialog: dialog.dismiss())
        page.get_by_role("button", name="Clear the ticks").click()
        assert first.is_checked(), f"/{plan}/ cleared its ticks when the reader said no"
        page.once("dialog", lambda dialog: dialog.accept())
        page.get_by_role("button", name="Clear the ticks").click()
        assert not page.locator(".guide-week input:checked").count(), f"/{plan}/ kept a tick after Clear"
        page.reload()
        page.wait_for_load_state("load")
        assert not first.is_checked(), f"/{plan}/ brought back a cleared tick on reload"
    finally:
        page.context.close()
    assert not sent, f"ticking sent requests: {sent}"
