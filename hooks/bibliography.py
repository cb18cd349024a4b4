"""Render data/bibliography.yml into /sources/ and into each page's footnotes.

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
CITATION = re.compile(r"\[\^([a-z0-9-]+)\](?!:)")
DEFINITION = re.compile(r"^\[\^([a-z0-9-]+)\]:", re.MULTILINE)

topics: list[dict] = []
entries: dict[str, dict] = {}


def load(root: Path) -> list[dict]:
    """The bibliography's topics, each with its entries, as in the data file."""
    return yaml.safe_load((root / "data" / "bibliography.yml").read_text("utf-8"))["topics"]


def url(entry: dict) -> str:
    """The entry's DOI address, or its PubMed address where only a PMID is known."""
    return f"https://doi.org/{entry['doi']}" if entry.get("doi") else f"https://pubmed.ncbi.nlm.nih.gov/{entry['pmid']}/"


def link(entry: dict) -> str:
    """The entry's address as a Markdown link, labelled with its DOI or PMID."""
    label = f"doi:{entry['doi']}" if entry.get("doi") else f"PubMed {entry['pmid']}"
    return f"[{label}]({url(entry)})"


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
            blocks.append(
                f"### {short_name(entry)} {{ #{entry['key']} }}\n\n"
                f"<p class=\"citation\" markdown>{citation(entry)} {link(entry)}</p>\n\n"
                f"**What it found:** {entry['found']}"
            )
    return "\n\n".join(blocks)


def on_config(config):
    topics[:] = load(Path(config.config_file_path).parent)
    entries.clear()
    entries.update({e["key"]: e for topic in topics for e in topic["entries"]})


def on_page_markdown(markdown, page, **kwargs):
    if page.file.src_uri == SOURCES_PAGE:
        markdown = markdown.replace(MARKER, sources_markdown())
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
            f"[^{key}]: {short_name(entry)}, *{entry['journal']}*. {link(entry)}. "
            f"[Full reference]({to_sources}#{key})"
        )
    return markdown + ("\n\n" + "\n".join(notes) + "\n" if notes else "")
