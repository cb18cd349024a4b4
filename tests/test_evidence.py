"""Evidence: every citation resolves to a real source, labels follow the rubric, numbers say who was studied."""

import re
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup, Tag

from tools import read_yaml
from tools.bibliography import LABELS
from tools.bibliography import url as source_link
from tools.pages import BIBLIOGRAPHY, PAGES, ROOT, TOPIC_PAGES, article

ENTRIES = BIBLIOGRAPHY.entries
DESIGNS = BIBLIOGRAPHY.designs
CLAIMS = {claim["id"]: claim for claim in read_yaml((ROOT / "data" / "claims.yml").read_text("utf-8"))}
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
LABEL = re.compile(rf"^Evidence: ({'|'.join(LABELS)})$")
SEXES = {"men": r"\b(?:men|male|boys)\b", "women": r"\b(?:women|woman|female|girls|pregnan\w*)\b"}
# The blocks whose text is read as one unit; a list item or table row also takes the
# sentence that introduces its list or table, and a row its table's caption.
UNITS = "p, li, dt, dd, tr, h2, h3, h4"


def cited_keys(html: str) -> list[str]:
    return [a["href"].split("#fn:")[1] for a in article(html).select("a.footnote-ref")]


def block_of(node: Tag) -> Tag:
    """The paragraph or list item a node sits in: where its label's evidence must be cited."""
    return node.find_parent(["p", "li", "dd", "td"]) or node.parent


def keys_in(block: Tag) -> list[str]:
    return [a["href"].split("#fn:")[1] for a in block.select("a.footnote-ref")]


@pytest.mark.parametrize("key", ENTRIES)
def test_entry_has_an_address(key):
    entry = ENTRIES[key]
    assert entry.get("doi") or entry.get("pmid") or entry.get("url", "").startswith("https://"), (
        f"data/bibliography.yml: {key} has no DOI, PMID or publisher's https address"
    )
    assert not entry.get("doi") or DOI.match(entry["doi"]), (
        f"data/bibliography.yml: {key} DOI {entry['doi']!r} is malformed"
    )
    assert not entry.get("pmid") or str(entry["pmid"]).isdigit(), f"data/bibliography.yml: {key} PMID is not a number"


@pytest.mark.parametrize("key", ENTRIES)
def test_entry_says_where_it_was_read(key):
    """A source with no DOI or PMID says the address it was read at (`checked:`), as any source may."""
    entry = ENTRIES[key]
    checked = entry.get("checked")
    assert checked or entry.get("doi") or entry.get("pmid"), (
        f"data/bibliography.yml: {key} has no DOI or PMID, and no checked: address it was read at"
    )
    assert not checked or checked.startswith("https://"), (
        f"data/bibliography.yml: {key} checked: {checked!r} is not an https address"
    )


@pytest.mark.parametrize("key", ENTRIES)
def test_entry_says_how_it_was_done_and_who_took_part(key):
    entry = ENTRIES[key]
    population = entry.get("population") or {}
    faults = []
    if entry.get("design") not in DESIGNS:
        faults.append(f"design {entry.get('design')!r} is not one of {sorted(DESIGNS)}")
    if not population.get("who"):
        faults.append("population.who is missing")
    if population.get("sex") not in ("men", "women", "men and women", "not stated"):
        faults.append(f"population.sex {population.get('sex')!r} is not men, women, men and women, or not stated")
    if entry.get("figures") and not population.get("named"):
        faults.append("it has figures but population.named lists no words that name who was studied")
    assert not faults, f"data/bibliography.yml: {key}: " + "; ".join(faults)


def test_sources_page_lists_every_entry_with_its_link_design_and_population(site):
    page = BeautifulSoup(site.html("sources/"), "html.parser")
    faults = []
    for key, entry in ENTRIES.items():
        heading = page.find(id=key)
        citation = heading and heading.find_next_sibling("p", class_="citation")
        expected = source_link(entry)
        if not citation:
            faults.append(f"/sources/#{key}: no entry")
            continue
        if expected not in [a["href"] for a in citation.find_all("a")]:
            faults.append(f"/sources/#{key}: no link to {expected}")
        entry_parts = heading.find_next_siblings("p", limit=5)
        if entry.get("checked") and entry["checked"] not in [a["href"] for p in entry_parts for a in p.find_all("a")]:
            faults.append(f"/sources/#{key}: does not link to where it was checked, {entry['checked']}")
        shown = " ".join(p.get_text(" ") for p in entry_parts[:4])
        for what in (DESIGNS[entry["design"]]["name"], entry["population"]["who"][1:]):
            if what not in " ".join(shown.split()):
                faults.append(f"/sources/#{key}: does not say {what!r}")
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
        elif ENTRIES[key]["population"]["who"] not in " ".join(note.get_text(" ").split()):
            faults.append(f"[^{key}]'s footnote does not say who took part ({ENTRIES[key]['population']['who']})")
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
    """An open box (!!! research) or a closed disclosure (??? research) titled "What the research adds"."""
    boxes = article(site.html(url)).select(".admonition.research > .admonition-title, details.research > summary")
    assert any(box.get_text(strip=True) == "What the research adds" for box in boxes), (
        f"/{url} has no 'What the research adds' box"
    )


@pytest.mark.parametrize("url", TOPIC_PAGES)
def test_key_claims_carry_an_evidence_label(site, url):
    assert article(site.html(url)).select("a.evidence"), f"/{url} has no evidence-strength label"


# ------------------------------------------------------------- the rubric


def test_every_claim_rests_on_known_sources_and_its_label_is_allowed():
    faults = []
    for claim in CLAIMS.values():
        unknown = [key for key in claim["sources"] if key not in ENTRIES]
        if unknown:
            faults.append(f"{claim['id']}: sources {unknown} are not in data/bibliography.yml")
            continue
        allowed = BIBLIOGRAPHY.allowed_label(claim["sources"])
        if LABELS.index(claim["label"]) > LABELS.index(allowed):
            faults.append(f"{claim['id']}: labelled {claim['label']}, but its sources allow at most {allowed}")
    assert not faults, "data/claims.yml:\n" + "\n".join(faults)


def test_a_claim_rests_on_no_source_if_and_only_if_it_is_textbook():
    faults = [
        f"{claim['id']}: sources {claim['sources']} with label {claim['label']}: "
        + (
            "a claim no source tests is labelled textbook"
            if not claim["sources"]
            else "a textbook claim has no sources"
        )
        for claim in CLAIMS.values()
        if (not claim["sources"]) != (claim["label"] == "textbook")
    ]
    assert not faults, "data/claims.yml:\n" + "\n".join(faults)


def test_every_claim_is_labelled_on_a_page(site):
    used = {a.get("data-claim") for url in PAGES for a in article(site.html(url)).select("a.evidence")}
    unused = sorted(set(CLAIMS) - used)
    assert not unused, f"data/claims.yml lists claims no page labels: {unused}"


@pytest.mark.parametrize("url", PAGES)
def test_evidence_labels_follow_the_rubric(site, url):
    """Each label names its claim, matches the claim's label, and is no stronger than its paragraph's sources allow."""
    faults = []
    for label in article(site.html(url)).select("a.evidence"):
        text, claim = label.get_text(strip=True), CLAIMS.get(label.get("data-claim"))
        where = f"{text!r} ({label.get('data-claim')})"
        if not LABEL.match(text) or not label["href"].endswith("about/#evidence-strength"):
            faults.append(f"{where}: not 'Evidence: {'|'.join(LABELS)}' linking to /about/#evidence-strength")
            continue
        if claim is None:
            faults.append(f"{where}: data-claim names no claim in data/claims.yml")
            continue
        given = text.split(": ")[1]
        if given != claim["label"]:
            faults.append(f"{where}: the claim is labelled {claim['label']} in data/claims.yml, here {given}")
        block = block_of(label)
        allowed = BIBLIOGRAPHY.allowed_label([k for k in keys_in(block) if k in ENTRIES])
        if LABELS.index(given) > LABELS.index(allowed):
            faults.append(f"{where}: the sources cited in its paragraph ({keys_in(block)}) allow at most {allowed}")
    assert not faults, f"/{url} evidence labels:\n" + "\n".join(faults)


@pytest.mark.parametrize("url", PAGES)
def test_evidence_labels_end_their_paragraph(site, url):
    """A label closes its claim's paragraph or list item: text after it reads as if the label were a
    word of the next sentence ("Evidence: limited Not every squeeze did")."""
    faults = []
    for label in article(site.html(url)).select("a.evidence"):
        after = "".join(node if isinstance(node, str) else node.get_text() for node in label.next_siblings).strip(
            " .,;:)\n"
        )
        if after:
            faults.append(f"{label.get_text(strip=True)!r} ({label.get('data-claim')}) is followed by {after[:70]!r}")
    assert not faults, f"/{url}: evidence labels that do not end their paragraph:\n" + "\n".join(faults)


def test_about_page_lists_every_design_and_the_label_it_allows(site):
    rows = article(site.html("about/")).select("#evidence-strength ~ figure table tr")
    shown = {
        cells[0]: cells[2]
        for cells in ([td.get_text(" ", strip=True) for td in tr.select("td")] for tr in rows)
        if len(cells) == 3
    }
    expected = {design["name"]: design["allows"].capitalize() for design in DESIGNS.values()}
    assert shown == expected, f"/about/#evidence-strength shows designs {shown}, data/bibliography.yml has {expected}"


# ------------------------------------------------------ who was studied


FIGURES: dict[str, list[dict]] = {}
for _entry in ENTRIES.values():
    for _figure in _entry.get("figures", []):
        FIGURES.setdefault(str(_figure), []).append(_entry)


def names_who(text: str, entry: dict) -> bool:
    """Whether a sentence names the people the entry studied, and their sex where it was one."""
    population = entry["population"]
    named = any(word.casefold() in text.casefold() for word in population["named"])
    sex = SEXES.get(population["sex"])
    return named and (sex is None or re.search(sex, text, re.IGNORECASE) is not None)


def text_blocks(html: str) -> list[Tag]:
    """The article's blocks of text (UNITS), without footnotes, permalinks, or /sources/' own entries."""
    body = article(html)
    for node in body.select(".footnote, .citation, .headerlink, script, style"):
        node.decompose()
    for heading in body.select("h3[id]"):  # a source's own entry on /sources/ says who took part above its findings
        if heading["id"] in ENTRIES:
            for part in heading.find_next_siblings():
                if part.name in ("h2", "h3"):
                    break
                part.decompose()
    return [block for block in body.select(UNITS) if not block.find(UNITS.split(", ")) or block.name == "li"]


def sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+(?=[A-Z0-9])", text)


def units(html: str) -> list[str]:
    """The page's text as a reader takes it in: sentences, list items with their lead-in, table rows with theirs."""
    found = []
    for block in text_blocks(html):
        for marker in block.select("sup:has(> a.footnote-ref)"):  # a citation's number is not a study's
            marker.decompose()
        text = " ".join(block.get_text(" ").split())
        if block.name in ("li", "tr"):
            container = block.find_parent(["ul", "ol", "table"])
            if container is not None and container.parent.name == "figure":  # a table with its caption
                container = container.parent
            lead = container.find_previous_sibling() if container else None
            caption = container.find("figcaption") if container else None
            context = " ".join(node.get_text(" ") for node in (lead, caption) if node is not None)
            found.append(f"{text} [{' '.join(context.split())}]")
        else:
            found += sentences(text)
    return found


def quoted_figures(unit: str) -> list[str]:
    """The study figures a sentence quotes; a figure inside a longer one ("150" in "150 to 300") is the longer one's,
    and a number in a word ("19" in "under-19") is no figure."""
    spans = [
        (match.span(), figure)
        for figure in FIGURES
        for match in re.finditer(rf"(?<![\d.,])(?<![A-Za-z]-){re.escape(figure)}(?![\d,]|\.\d)", unit)
    ]
    return [
        figure
        for (start, end), figure in spans
        if not any(s <= start and end <= e and (s, e) != (start, end) for (s, e), _ in spans)
    ]


def figure_faults(html: str) -> list[str]:
    faults = []
    for unit in units(html):
        for figure in quoted_figures(unit):
            if not any(names_who(unit, study) for study in FIGURES[figure]):
                who = " or ".join(f"{s['population']['who']} ({s['key']})" for s in FIGURES[figure])
                faults.append(f"{figure!r} without who was studied, {who}: {unit[:160]!r}")
    return faults


@pytest.mark.parametrize("url", PAGES)
def test_every_study_number_says_who_was_studied(site, url):
    faults = figure_faults(site.html(url))
    assert not faults, f"/{url}: a study's number with no word of who took part in the same sentence:\n" + "\n".join(
        faults
    )


# ------------------------------------------------- every number traceable


# A number as a page writes it: 8, 1,847, 1.6, 13.5%, 108%. Numbers compare on their digits.
NUMBER = re.compile(r"(?<![\d.,])\d+(?:,\d{3})*(?:\.\d+)?%?")
MARKER = re.compile(r"\u27e6([a-z0-9-]+)\u27e7")  # a citation marker, as cited_sentences() writes it


NUMBER_WORDS = {
    word: str(n)
    for n, word in enumerate(
        ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"), 1
    )
}


def digits(number: str) -> str:
    return number.replace(",", "").removesuffix("%")


def source_numbers(key: str) -> set[str]:
    """The numbers a source's entry states: who took part, what it found, its figures and its design.
    A range ("150 to 300", "80 to 90%") gives both its ends, and a number in words ("eight weeks") its digits."""
    entry = ENTRIES[key]
    text = " ".join(
        [
            entry["population"]["who"],
            entry["found"],
            *map(str, entry.get("figures", [])),
            DESIGNS[entry["design"]]["name"],
        ]
    )
    words = {NUMBER_WORDS[word] for word in re.findall(r"[a-z]+", text.casefold()) if word in NUMBER_WORDS}
    return {digits(number) for number in NUMBER.findall(text)} | words


def cited_sentences(html: str) -> list[tuple[str, list[str]]]:
    """Each sentence (or table row) that carries a citation, without its markers, and the keys it cites.

    A marker stays in the sentence it ends: one written after the full stop is moved before it."""
    found = []
    for block in text_blocks(html):
        for label in block.select(".evidence"):
            label.decompose()
        for marker in block.select("sup:has(> a.footnote-ref)"):
            marker.replace_with(f"\u27e6{marker.a['href'].split('#fn:')[1]}\u27e7")
        text = " ".join(block.get_text(" ").split())
        text = re.sub(r"([.!?])((?:\s*\u27e6[a-z0-9-]+\u27e7)+)", r"\2\1", text)
        for sentence in [text] if block.name == "tr" else sentences(text):
            keys = list(dict.fromkeys(key for key in MARKER.findall(sentence) if key in ENTRIES))
            if keys:
                found.append((re.sub(r" ([.,;:!?])", r"\1", " ".join(MARKER.sub("", sentence).split())), keys))
    return found


def untraceable_numbers(html: str) -> list[str]:
    faults = []
    for sentence, keys in cited_sentences(html):
        stated = set().union(*map(source_numbers, keys))
        faults += [
            f"{number!r} is not in {keys}: {sentence[:160]!r}"
            for number in NUMBER.findall(sentence)
            if digits(number) not in stated
        ]
    return list(dict.fromkeys(faults))


@pytest.mark.parametrize("url", PAGES)
def test_every_number_in_a_cited_sentence_is_in_its_sources(site, url):
    faults = untraceable_numbers(site.html(url))
    assert not faults, (
        f"/{url}: a sentence that cites a source quotes a number that source's entry in data/bibliography.yml"
        " (who took part, what it found, its figures) does not give:\n" + "\n".join(faults)
    )
