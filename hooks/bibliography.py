"""Render data/bibliography.yml into /sources/, each page's footnotes and the evidence rubric.

Hand-written because no MkDocs plugin turns one YAML bibliography into both a
sources page and per-page footnotes that link to it. A page cites a source with
[^key]; this hook appends the matching footnote definition, so the citation
text lives only in the data file.
"""

import logging
import posixpath
import re
from pathlib import Path

import yaml

log = logging.getLogger("mkdocs.hooks.bibliography")

SOURCES_PAGE = "sources.md"
MARKER = "<!-- bibliography -->"
DESIGNS = "<!-- evidence-designs -->"
CITATION = re.compile(r"\[\^([a-z0-9-]+)\](?!:)")
DEFINITION = re.compile(r"^\[\^([a-z0-9-]+)\]:", re.MULTILINE)

LABELS = ("limited", "moderate", "strong")
TRIALS = ("randomised-trial",)

topics: list[dict] = []
entries: dict[str, dict] = {}
designs: dict[str, dict] = {}


def read(root: Path) -> dict:
    """The whole data file: its study designs and its topics."""
    return yaml.safe_load((root / "data" / "bibliography.yml").read_text("utf-8"))


def load(root: Path) -> list[dict]:
    """The bibliography's topics, each with its entries, as in the data file."""
    return read(root)["topics"]


def allowed_label(cited: list[str], known: dict[str, dict]) -> str:
    """The strongest evidence label that studies of these designs allow (/about/#evidence-strength).

    Each design allows a label on its own. Together, three or more randomised
    trials allow "strong", and two or more studies of any design but a
    narrative review allow "moderate".
    """
    best = max((LABELS.index(known[design]["allows"]) for design in cited), default=0)
    if sum(design in TRIALS for design in cited) >= 3:
        best = max(best, LABELS.index("strong"))
    if sum(design != "narrative-review" for design in cited) >= 2:
        best = max(best, LABELS.index("moderate"))
    return LABELS[best]


def url(entry: dict) -> str:
    """The entry's DOI address, its PubMed address where only a PMID is known, or its publisher's page."""
    if entry.get("doi"):
        return f"https://doi.org/{entry['doi']}"
    if entry.get("pmid"):
        return f"https://pubmed.ncbi.nlm.nih.gov/{entry['pmid']}/"
    return entry["url"]


def link(entry: dict) -> str:
    """The entry's address as a Markdown link, labelled with its DOI, its PMID or its publisher."""
    label = f"doi:{entry['doi']}" if entry.get("doi") else f"PubMed {entry['pmid']}" if entry.get("pmid") else "publisher's page"
    return f"[{label}]({url(entry)})"


def how(entry: dict) -> str:
    """How the study was done and who took part, e.g. 'Lab study in 40 elite male football players'."""
    return f"{designs[entry['design']]['name']}: {entry['population']['who']}"


def short_name(entry: dict) -> str:
    """First author's surname and year, e.g. 'Serner and others (2014)'."""
    authors = entry["authors"].split(", ")
    surname = authors[0].split(" ")[0]
    others = " and others" if len(authors) > 1 else ""
    return f"{surname}{others} ({entry['year']})"


def citation(entry: dict) -> str:
    """The full citation in the journals' own style, without the link."""
    where = f"{entry['year']}"
    if entry.get("volume"):
        where += f";{entry['volume']}"
        where += f"({entry['issue']})" if entry.get("issue") else ""
        where += f":{entry['pages']}" if entry.get("pages") else ""
    authors = entry["authors"].removesuffix(".")  # "et al." ends with its own full stop
    return f"{authors}. {entry['title']}. *{entry['journal']}*. {where}."


def sources_markdown() -> str:
    blocks = []
    for topic in topics:
        blocks.append(f"## {topic['title']} {{ #{topic['id']} }}")
        for entry in topic["entries"]:
            design = designs[entry["design"]]
            blocks.append(
                f"### {short_name(entry)} {{ #{entry['key']} }}\n\n"
                f"<p class=\"citation\" markdown>{citation(entry)} {link(entry)}</p>\n\n"
                f"**How it was done:** {design['name']}. {design['means']}\n\n"
                f"**Who took part:** {entry['population']['who'][0].upper()}{entry['population']['who'][1:]}.\n\n"
                f"**What it found:** {entry['found']}"
            )
    return "\n\n".join(blocks)


def designs_markdown() -> str:
    """The study designs and the strongest label each allows on its own, for /about/#evidence-strength."""
    rows = [f"| {d['name']} | {d['means']} | {d['allows'].capitalize()} |" for d in designs.values()]
    return "\n".join(["| Design | What it is | Strongest label on its own |", "| --- | --- | --- |", *rows])


def on_config(config):
    data = read(Path(config.config_file_path).parent)
    topics[:] = data["topics"]
    entries.clear()
    entries.update({e["key"]: e for topic in topics for e in topic["entries"]})
    designs.clear()
    designs.update(data["designs"])


def on_page_markdown(markdown, page, **kwargs):
    if page.file.src_uri == SOURCES_PAGE:
        markdown = markdown.replace(MARKER, sources_markdown())
    markdown = markdown.replace(DESIGNS, designs_markdown())
    defined = set(DEFINITION.findall(markdown))
    cited = dict.fromkeys(k for k in CITATION.findall(markdown) if k not in defined)
    to_sources = posixpath.relpath(SOURCES_PAGE, posixpath.dirname(page.file.src_uri) or ".")
    notes = []
    for key in cited:
        if key not in entries:
            log.warning("Doc file '%s' cites [^%s], which is not in data/bibliography.yml", page.file.src_uri, key)
            continue
        entry = entries[key]
        notes.append(
            f"[^{key}]: {short_name(entry)}. {how(entry)}. *{entry['journal']}*. {link(entry)}. "
            f"[Full reference]({to_sources}#{key})"
        )
    return markdown + ("\n\n" + "\n".join(notes) + "\n" if notes else "")
