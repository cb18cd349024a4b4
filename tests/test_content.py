"""Content: facts, front matter, headings, the URL contract, readability, glossary."""

import hashlib
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from tools.changes import anchor, changelog_faults, read_changelog
from tools.pages import (
    EXERCISES,
    PAGES,
    ROOT,
    TOPIC_PAGES,
    article,
    front_matter,
    grade,
    load_contract,
    prose,
    read_facts,
    source_of,
)

DOCS = ROOT / "docs"
FACTS = read_facts(Path(__file__).parent)
CONTRACT = load_contract()
MAX_GRADE = 9.0
HEADING = re.compile(r"^(#{2,4}) (.+)$", re.MULTILINE)
EXPLICIT_ID = re.compile(r"\{ #[a-z0-9]+(?:-[a-z0-9]+)* \}$")
SENTENCE = re.compile(r"[^.!?\n]{40,}[.!?]")


def soup(site, url: str) -> BeautifulSoup:
    return BeautifulSoup(site.html(url), "html.parser")


def redirect_target(html: str) -> str | None:
    """Where a mkdocs-redirects stub page sends the reader, if it is one."""
    match = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', html)
    return match and match.group(1)


@pytest.mark.parametrize("fact", FACTS, ids=[fact["id"] for fact in FACTS])
def test_every_fact_is_on_its_page(site, fact):
    text = " ".join(prose(site.html(fact["page"])).split()).casefold()
    missing = [phrase for phrase in fact["phrases"] if phrase.casefold() not in text]
    assert not missing, f"/{fact['page']} lost the fact '{fact['id']}' ({fact['fact']}): missing {missing}"


@pytest.mark.parametrize("source", sorted(DOCS.glob("*.md")), ids=lambda path: path.name)
def test_front_matter_has_title_and_description(source):
    meta = front_matter(source)
    assert meta.get("title"), f"{source.name}: no title in the front matter"
    description = meta.get("description") or ""
    assert 50 <= len(description) <= 160, f"{source.name}: description is {len(description)} characters, not 50-160"
    assert '"' not in description, (
        f"{source.name}: use typographic quotes in the description (it goes into an attribute)"
    )


@pytest.mark.parametrize("url", PAGES)
def test_meta_description_is_the_front_matter_one(site, url):
    tag = soup(site, url).find("meta", attrs={"name": "description"})
    assert tag and tag["content"] == front_matter(source_of(url)).get("description"), (
        f"/{url}: meta description is not its own"
    )


@pytest.mark.parametrize("url", PAGES)
def test_no_doubled_full_stops(site, url):
    doubled = re.findall(r"\S*(?<!\.)\.\.(?!\.)", article(site.html(url)).get_text())
    assert not doubled, f"/{url} has a doubled full stop in {doubled}"


@pytest.mark.parametrize("url", PAGES)
def test_exactly_one_h1(site, url):
    count = len(soup(site, url).find_all("h1"))
    assert count == 1, f"/{url} has {count} h1 headings"


@pytest.mark.parametrize("source", sorted(DOCS.glob("*.md")), ids=lambda path: path.name)
def test_every_heading_has_an_explicit_id(source):
    text = re.sub(r"^```.*?^```", "", source.read_text("utf-8"), flags=re.MULTILINE | re.DOTALL)
    without = [f"{level} {title}" for level, title in HEADING.findall(text) if not EXPLICIT_ID.search(title)]
    assert not without, f"{source.name}: headings without an explicit {{ #id }}:\n" + "\n".join(without)


@pytest.mark.parametrize("url", PAGES)
def test_no_heading_id_was_renamed_by_a_clash(site, url):
    clashes = [h["id"] for h in soup(site, url).select("[id]") if re.search(r"_\d+$", h["id"]) and h.name[0] == "h"]
    assert not clashes, f"/{url}: ids renamed because two headings share a name: {clashes}"


@pytest.mark.parametrize("url", PAGES)
def test_page_opens_with_key_points(site, url):
    first = article(site.html(url)).find("h1").find_next_sibling()
    title = first.select_one(".admonition-title") if first else None
    assert title and title.get_text(strip=True) == "Key points", f"/{url} does not open with a Key points box"


def test_every_contract_url_and_anchor_resolves(site):
    pages = site.pages()
    faults = []
    for url, anchors in CONTRACT["pages"].items():
        if url not in pages:
            faults.append(f"/{url}: page missing and no redirect to where it moved")
            continue
        html = pages[url].read_text("utf-8")
        if target := redirect_target(html):
            url = urljoin(f"/{url}", target).lstrip("/")
            html = pages[url].read_text("utf-8") if url in pages else ""
        ids = {tag["id"] for tag in BeautifulSoup(html, "html.parser").select("[id]")}
        faults += [f"/{url}#{a}: anchor missing" for a in anchors if a not in ids]
    assert not faults, "URL contract broken:\n" + "\n".join(faults)


def test_a_renamed_section_keeps_its_old_anchor_just_before_it(site):
    faults = []
    for rename in CONTRACT.get("renamed") or []:
        page = soup(site, rename["page"])
        old = page.find(id=rename["old"])
        heading = old and old.find_next_sibling()
        if not (old and heading and heading.get("id") == rename["new"] and not old.get_text(strip=True)):
            faults.append(
                f"/{rename['page']}#{rename['old']}: not an empty element just before the heading #{rename['new']}"
            )
    assert not faults, "Renamed sections (data/url-contract.yml, renamed):\n" + "\n".join(faults)


def test_contract_lists_every_page_and_section(site):
    faults = []
    for url, path in site.pages().items():
        html = path.read_text("utf-8")
        if redirect_target(html):
            continue
        if url not in CONTRACT["pages"]:
            faults.append(f"/{url}: page not in data/url-contract.yml")
            continue
        headings = article(html).select("h2, h3, h4")
        listed = set(CONTRACT["pages"][url]) | {r["new"] for r in CONTRACT.get("renamed") or [] if r["page"] == url}
        faults += [f"/{url}: heading {h.get_text(' ', strip=True)!r} has no id" for h in headings if not h.get("id")]
        faults += [
            f"/{url}#{h['id']}: section not in data/url-contract.yml"
            for h in headings
            if h.get("id") and h["id"] not in listed
        ]
    assert not faults, "Public URLs missing from the contract:\n" + "\n".join(faults)


def test_contract_order_is_the_navigation_order(site):
    """The footer's previous/next links follow the guide's order, which the contract lists."""
    faults = []
    for here, there in zip(PAGES, PAGES[1:], strict=False):
        link = soup(site, here).select_one("a.md-footer__link--next")
        if link is None or urljoin(f"/{here}", link["href"]).lstrip("/") != there:
            faults.append(f"/{here}: next is {link and link['href']}, not /{there}")
    assert not faults, "Footer order differs from the guide's order:\n" + "\n".join(faults)


def test_change_log_says_what_changed_at_each_pages_last_review():
    """Every page's `reviewed` date has an entry for that page in data/changelog.yml (tools/changes.py)."""
    reviewed = {url: str(front_matter(source_of(url))["reviewed"]) for url in PAGES}
    faults = changelog_faults(read_changelog(ROOT), reviewed)
    assert not faults, "The change log on /changes/ is not up to date:\n" + "\n".join(faults)


@pytest.mark.parametrize("url", PAGES)
def test_review_line_links_to_what_changed(site, url):
    """The page's review line links to what changed on it at its last review, on /changes/."""
    wanted = f"/changes/#{anchor(front_matter(source_of(url))['reviewed'], url)}"
    link = article(site.html(url)).select_one(".guide-review a[href]")
    assert link, f"/{url}: its review line has no link to what changed"
    href = urljoin(f"/{url}", link["href"])
    ids = {tag["id"] for tag in soup(site, "changes/").select("[id]")}
    assert href == wanted and href.split("#")[-1] in ids, (
        f"/{url}: its review line links to {href}, but /changes/ has no #{href.split('#')[-1]}"
        if href.split("#")[-1] not in ids
        else f"/{url}: its review line links to {href}, not to what changed at its last review, {wanted}"
    )


@pytest.mark.parametrize("url", PAGES)
def test_plain_language(site, url):
    score = grade(site.html(url))
    assert score <= MAX_GRADE, f"/{url}: Flesch-Kincaid grade {score:.1f} is above {MAX_GRADE}"


@pytest.mark.parametrize("url", TOPIC_PAGES)
def test_topic_pages_link_to_each_other(site, url):
    links = {a["href"].split("#")[0] for a in article(site.html(url)).select("a[href]")}
    missing = [other for other in TOPIC_PAGES if other != url and f"../{other}" not in links]
    assert not missing, f"/{url} does not link to {missing}"


def test_no_sentence_is_repeated_across_pages():
    seen: dict[str, str] = {}
    repeats = []
    for source in sorted(DOCS.glob("*.md")):
        for sentence in {" ".join(s.split()).casefold() for s in SENTENCE.findall(source.read_text("utf-8"))}:
            if sentence in seen and seen[sentence] != source.name:
                repeats.append(f"{source.name} repeats from {seen[sentence]}: {sentence[:90]}")
            seen.setdefault(sentence, source.name)
    assert not repeats, "Sentences copied between pages:\n" + "\n".join(repeats)


GLOSSARY_TERMS = [
    "adductors",
    "Sagittal plane",
    "frontal plane",
    "hypertrophy",
    "isometric",
    "stance phase",
    "subcutaneous fat",
    "spot reduction",
]


def test_glossary_defines_the_technical_terms():
    text = (ROOT / "includes" / "glossary.md").read_text("utf-8")
    missing = [term for term in GLOSSARY_TERMS if f"*[{term}]:" not in text]
    assert not missing, f"includes/glossary.md does not define {missing}"


@pytest.mark.parametrize("url", TOPIC_PAGES)
def test_glossary_terms_show_as_tooltips(site, url):
    terms = article(site.html(url)).select("abbr[title]")
    assert terms, f"/{url}: no glossary term is marked up for a tooltip"


def test_citations_quote_study_titles_as_published(site):
    marked = [
        f"{abbr.get_text()!r} in {abbr.find_parent(class_='citation').get_text()[:60]!r}..."
        for abbr in article(site.html("sources/")).select(".citation abbr")
    ]
    assert not marked, "/sources/: glossary markup inside a study's citation:\n" + "\n".join(marked)


def test_every_glossary_term_is_used(site):
    """A term no page uses is noise in the glossary list: each one is marked up somewhere outside it."""
    defined = set(re.findall(r"^\*\[(.+?)\]:", (ROOT / "includes" / "glossary.md").read_text("utf-8"), re.MULTILINE))
    used = {
        abbr.get_text()
        for url in site.pages()
        for abbr in article(site.html(url)).select("abbr[title]")
        if not abbr.find_parent(id="glossary") and not abbr.find_parent("dl")
    }
    unused = sorted(defined - used)
    assert not unused, f"includes/glossary.md defines terms no page uses: {unused}"


def test_glossary_is_readable_as_a_list(site):
    entries = soup(site, "about/").select("#glossary ~ dl dt")
    assert len(entries) >= len(GLOSSARY_TERMS), f"/about/#glossary lists only {len(entries)} terms"


EXERCISE_PARTS = ["muscles", "setup", "steps", "cues", "mistakes", "versions", "dose", "safety"]


@pytest.mark.parametrize("exercise", EXERCISES)
def test_exercise_has_every_part(site, exercise):
    page = soup(site, "exercises/")
    section = page.find("h2", id=exercise)
    assert section, f"/exercises/#{exercise} is missing"
    parts = []
    for sibling in section.find_next_siblings():
        if sibling.name == "h2":
            break
        parts.append(sibling)
    ids = {tag.get("id") for tag in parts if tag.name == "h3"}
    missing = [part for part in EXERCISE_PARTS if f"{exercise}-{part}" not in ids]
    assert not missing, f"/exercises/#{exercise} lacks the parts {missing}"
    steps = page.find("h3", id=f"{exercise}-steps").find_next_sibling()
    assert steps.name == "ol" and len(steps.find_all("li")) >= 4, f"/exercises/#{exercise}-steps is not a numbered list"


@pytest.mark.parametrize("anchor", ["sample-week", "no-gym"])
def test_exercise_page_has_sample_week_and_home_option(site, anchor):
    section = soup(site, "exercises/").find("h2", id=anchor)
    assert section and section.find_next_sibling(["figure", "table", "ul", "ol"]), (
        f"/exercises/#{anchor} is missing or empty"
    )


# Each exercise has one name. Its other names may be given once, where the guide
# introduces it; /sources/ quotes study titles and findings as published.
OTHER_NAMES = {
    # "the Copenhagen adduction" is the studies' exercise, a name of its own: which version they used is not known.
    "Copenhagen adductor plank": r"Copenhagen (?:exercises?|planks?)\b",
    "seated adductor machine": r"(?<!seated )\b(?:hip )?adductor machine|inner-thigh machine",
    "ball squeeze": r"\bsqueeze a (?:ball|cushion)\b",
}


@pytest.mark.parametrize("name", OTHER_NAMES)
def test_each_exercise_has_one_name(site, name):
    uses = [
        f"/{url}: {match[0]!r}"
        for url in PAGES
        if url != "sources/"
        for match in re.finditer(OTHER_NAMES[name], prose(site.html(url)), re.IGNORECASE)
    ]
    assert len(uses) <= 1, f"the {name} goes by other names more than once; call it the {name}:\n" + "\n".join(uses)


ARTICLE_RUNS = {
    line for line in Path(__file__).with_name("article-runs.txt").read_text("utf-8").split() if line[0] != "#"
}


def runs_of_eight(text: str) -> dict[str, str]:
    """Each run of 8 words in the text, by its fingerprint (the rule in tests/article-runs.txt)."""
    words = re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.casefold().replace("\u2019", "'"))
    return {
        hashlib.sha256(" ".join(words[i : i + 8]).encode()).hexdigest()[:20]: " ".join(words[i : i + 8])
        for i in range(len(words) - 7)
    }


@pytest.mark.parametrize("url", PAGES)
def test_no_run_of_eight_words_is_copied_from_the_article(site, url):
    copied = [run for key, run in runs_of_eight(prose(site.html(url))).items() if key in ARTICLE_RUNS]
    assert not copied, f"/{url} copies 8 words in a row from the source article:\n" + "\n".join(copied)
