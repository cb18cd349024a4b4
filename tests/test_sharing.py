"""Made to be linked and shared: previews, structured data, sitemap, anchor index."""

import json
import re
import urllib.request
import xml.etree.ElementTree as ET
from io import BytesIO

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from tools.bibliography import url as source_link
from tools.browser import new_page
from tools.footnotes import NOTES_ID
from tools.markdown_pages import plain_text
from tools.pages import (
    BIBLIOGRAPHY,
    EXERCISES,
    PAGES,
    REPO_PATH,
    TOPIC_PAGES,
    a_section_to_rename,
    article,
    build,
    copy_project,
    front_matter,
    rename_section,
    source_of,
)
from tools.pages_server import PagesServer

SOURCES = BIBLIOGRAPHY.entries


def head(site, url: str) -> BeautifulSoup:
    return BeautifulSoup(site.html(url), "html.parser")


def meta(soup, name: str) -> str | None:
    tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
    return tag and tag.get("content")


def graph(soup) -> list[dict]:
    return json.loads(soup.find("script", type="application/ld+json").string)["@graph"]


@pytest.mark.parametrize("url", PAGES)
def test_preview_tags_use_absolute_addresses(site, url):
    soup = head(site, url)
    address = site.url + url
    faults = []
    if soup.html.get("lang") != "en":
        faults.append(f"lang is {soup.html.get('lang')!r}")
    canonical = soup.find("link", rel="canonical")
    if not canonical or canonical["href"] != address:
        faults.append(f"canonical is {canonical and canonical['href']}, not {address}")
    expected = {
        "og:url": address,
        "og:title": soup.h1 and plain_text(soup.h1),
        "og:description": meta(soup, "description"),
        "og:type": "website" if url == "" else "article",
        "og:image:width": "1200",
        "og:image:height": "630",
        "twitter:card": "summary_large_image",
    }
    faults += [
        f"{name} is {meta(soup, name)!r}, not {value!r}"
        for name, value in expected.items()
        if meta(soup, name) != value
    ]
    if not (meta(soup, "og:image") or "").startswith(site.url):
        faults.append(f"og:image {meta(soup, 'og:image')} is not under {site.url}")
    assert not faults, f"/{url}: " + "; ".join(faults)


@pytest.mark.parametrize("url", PAGES)
def test_preview_image_is_1200_by_630(site, url):
    image = meta(head(site, url), "og:image")
    with urllib.request.urlopen(image) as response:
        size = Image.open(BytesIO(response.read())).size
    assert size == (1200, 630), f"/{url}: {image} is {size[0]}x{size[1]}"


@pytest.mark.parametrize("url", PAGES)
def test_structured_data_matches_the_page(site, url):
    soup = head(site, url)
    page, *howtos = graph(soup)
    body = article(site.html(url))
    faults = []
    if page["url"] != site.url + url or page["headline"] != plain_text(body.h1):
        faults.append(f"url/headline {page['url']}, {page['headline']!r} differ from the page")
    if page["description"] != meta(soup, "description"):
        faults.append("description differs from the meta description")
    reviewed = body.select_one(".guide-review time")
    if not reviewed or page["lastReviewed"] != reviewed["datetime"]:
        faults.append(f"lastReviewed {page['lastReviewed']} is not the date shown")
    cited = dict.fromkeys(a["href"].split("#fn:")[1] for a in body.select("a.footnote-ref"))
    links = [source_link(SOURCES[k]) for k in cited]
    if page.get("citation", []) != links:
        faults.append("citations differ from the sources cited on the page")
    if page["@type"] == "FAQPage":
        questions = [plain_text(h2) for h2 in body.select(f"h2[id]:not(#{NOTES_ID})")]
        if [q["name"] for q in page["mainEntity"]] != questions:
            faults.append("FAQ questions differ from the page's questions")
        text = plain_text(body)
        faults += [
            f"answer to {q['name']!r} is not on the page"
            for q in page["mainEntity"]
            if q["acceptedAnswer"]["text"] not in text
        ]
    shown = {
        plain_text(h3.find_previous_sibling("h2")): [
            plain_text(li) for li in h3.find_next_sibling("ol").find_all("li", recursive=False)
        ]
        for h3 in body.select('h3[id$="-steps"]')
    }
    if {h["name"]: [s["text"] for s in h["step"]] for h in howtos} != shown:
        faults.append("HowTo steps differ from the numbered steps on the page")
    assert not faults, f"/{url} JSON-LD: " + "; ".join(faults)


def test_faq_and_exercises_have_their_own_types(site):
    assert graph(head(site, "faq/"))[0]["@type"] == "FAQPage", "/faq/ is not marked up as an FAQPage"
    howtos = [item["name"] for item in graph(head(site, "exercises/"))[1:]]
    assert len(howtos) == len(EXERCISES), f"/exercises/ has HowTo data for {howtos}, not for {EXERCISES}"


def test_sitemap_lists_exactly_the_pages(site):
    root = ET.fromstring((site.dir / "sitemap.xml").read_text("utf-8"))
    listed = {loc.text for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    built = {site.url + url for url in PAGES}
    assert listed == built, f"sitemap.xml lists {sorted(listed - built)} extra and misses {sorted(built - listed)}"
    assert all(url.find("{http://www.sitemaps.org/schemas/sitemap/0.9}lastmod") is not None for url in root), (
        "a sitemap entry has no lastmod"
    )


def test_robots_txt_points_to_the_sitemap(site):
    robots = (site.dir / "robots.txt").read_text("utf-8")
    assert f"Sitemap: {site.url}sitemap.xml" in robots, f"robots.txt does not point to {site.url}sitemap.xml"


def test_links_json_matches_the_build(site):
    index = json.loads((site.dir / "links.json").read_text("utf-8"))
    faults = []
    listed = [page["url"] for page in index["pages"]]
    if listed != [site.url + url for url in PAGES]:
        faults.append(f"pages are {listed}")
    for page, url in zip(index["pages"], PAGES, strict=True):
        body = article(site.html(url))
        if page["title"] != plain_text(body.h1):
            faults.append(f"/{url} is titled {page['title']!r}, the page {plain_text(body.h1)!r}")
        for section in page["sections"]:
            anchor = section["url"].split("#")[1]
            heading = body.find(id=anchor)
            if heading is None or plain_text(heading) != section["title"]:
                faults.append(
                    f"{section['url']}: titled {section['title']!r}, page shows {heading and plain_text(heading)!r}"
                )
    assert not faults, "links.json differs from the build:\n" + "\n".join(faults)


@pytest.mark.parametrize("url", PAGES)
def test_review_dates_show_at_the_foot(site, url):
    front = front_matter(source_of(url))
    shown = [t["datetime"] for t in article(site.html(url)).select(".guide-review time")]
    assert shown == [str(front["reviewed"]), str(front["review_due"])], f"/{url} shows review dates {shown}"


@pytest.mark.parametrize("url", ["", *TOPIC_PAGES, "faq/"])
def test_topic_pages_offer_a_ready_citation(site, url):
    box = article(site.html(url)).select_one(".guide-cite pre")
    text = box.get_text() if box else ""
    assert site.url + url in text and re.search(r"\d{4}\.$", text), (
        f"/{url}: no citation with its address and date: {text!r}"
    )


def test_a_renamed_anchor_lands_on_its_new_section(browser, tmp_path):
    """Rename a section in a copy as CONTRIBUTING.md says, and follow the old link."""
    copy = copy_project(tmp_path / "project")
    old = a_section_to_rename("exercises/", copy)
    new = f"{old}-renamed"
    rename_section(copy, "exercises/", old, new)
    server = PagesServer(prefix=REPO_PATH)
    result = build(tmp_path / "out", server.url, copy)
    assert result.returncode == 0, result.stderr
    server.root = tmp_path / "out"
    server.start()
    page = new_page(browser)
    try:
        page.goto(f"{server.url}exercises/#{old}")
        page.wait_for_function("id => document.querySelector(':target')?.id === id", arg=old)
        landed = page.evaluate(
            """id => {
            const top = document.getElementById(id).getBoundingClientRect().top;
            const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
            return {top, header, ok: header <= top && top < header + 100};
        }""",
            new,
        )
    finally:
        page.context.close()
        server.stop()
    assert landed["ok"], (
        f"the old #{old} link shows the heading #{new} at {landed['top']} px, "
        f"not just below the header ({landed['header']} px)"
    )
