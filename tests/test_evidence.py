"""Evidence: every citation resolves to a real source, and the nuance is on the page."""

import re
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from pages import TOPIC_PAGES, article, load_sources, source_link

ENTRIES = load_sources()
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
LABEL = re.compile(r"^Evidence: (strong|moderate|limited)$")


def cited_keys(html: str) -> list[str]:
    return [a["href"].split("#fn:")[1] for a in article(html).select("a.footnote-ref")]


@pytest.mark.parametrize("key", ENTRIES)
def test_entry_has_a_doi_or_pmid(key):
    entry = ENTRIES[key]
    assert entry.get("doi") or entry.get("pmid"), f"data/bibliography.yml: {key} has neither DOI nor PMID"
    assert not entry.get("doi") or DOI.match(entry["doi"]), f"data/bibliography.yml: {key} DOI {entry['doi']!r} is malformed"
    assert not entry.get("pmid") or str(entry["pmid"]).isdigit(), f"data/bibliography.yml: {key} PMID is not a number"


def test_sources_page_lists_every_entry_with_its_link(site):
    page = BeautifulSoup(site.html("sources/"), "html.parser")
    faults = []
    for key, entry in ENTRIES.items():
        heading = page.find(id=key)
        citation = heading and heading.find_next_sibling("p", class_="citation")
        expected = source_link(entry)
        if not citation:
            faults.append(f"/sources/#{key}: no entry")
        elif expected not in [a["href"] for a in citation.find_all("a")]:
            faults.append(f"/sources/#{key}: no link to {expected}")
    assert not faults, "\n".join(faults)


@pytest.mark.parametrize("url", ["", *TOPIC_PAGES, "faq/"])
def test_every_citation_marker_resolves(site, url):
    html = site.html(url)
    body = BeautifulSoup(html, "html.parser")
    faults = []
    for key in cited_keys(html):
        note = body.find(id=f"fn:{key}")
        if key not in ENTRIES:
            faults.append(f"[^{key}] is not in data/bibliography.yml")
        elif note is None or f"/sources/#{key}" not in [urljoin(f"/{url}", a["href"]) for a in note.find_all("a")]:
            faults.append(f"[^{key}] has no footnote linking to /sources/#{key}")
        elif not note.find("a", class_="footnote-backref"):
            faults.append(f"[^{key}] has no way back to the text")
    assert not faults, f"/{url}: " + "\n".join(faults)


@pytest.mark.parametrize("url", TOPIC_PAGES)
def test_topic_page_cites_sources(site, url):
    assert cited_keys(site.html(url)), f"/{url} cites no source"


def test_no_source_is_left_unused(site):
    used = {key for url in site.pages() if url != "sources/" for key in cited_keys(site.html(url))}
    unused = sorted(set(ENTRIES) - used)
    assert not unused, f"data/bibliography.yml entries no page cites: {unused}"


@pytest.mark.parametrize("url", TOPIC_PAGES)
def test_topic_page_has_a_research_nuance_box(site, url):
    boxes = article(site.html(url)).select(".admonition.research > .admonition-title")
    assert any(box.get_text(strip=True) == "What the research adds" for box in boxes), (
        f"/{url} has no 'What the research adds' box"
    )


@pytest.mark.parametrize("url", TOPIC_PAGES)
def test_key_claims_carry_an_evidence_label(site, url):
    labels = article(site.html(url)).select("a.evidence")
    assert labels, f"/{url} has no evidence-strength label"
    faults = [
        f"{a.get_text(strip=True)!r} -> {a['href']}" for a in labels
        if not LABEL.match(a.get_text(strip=True)) or not a["href"].endswith("about/#evidence-strength")
    ]
    assert not faults, f"/{url}: malformed evidence labels: {faults}"
