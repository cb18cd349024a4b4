"""Render the glossary snippet as a readable list, and explain each term once per section.

Hand-written because the abbr extension only makes tooltips, and makes one for
every use of a term. This turns the same definitions (includes/glossary.md)
into a visible list, so no term is defined twice; spellings that share a
definition are listed once. In the text, a term is marked up where a section
(the part of a page under one h2) first uses it: that is where a reader who
arrives by a link to the section needs it. Later uses stay plain text, which
spares keyboard users a stop at every repeat and spares the page a tooltip
that Material builds, at some cost, for each one. A study's title in a
citation is quoted as published, so the terms in it stay plain text.
"""

import re
from pathlib import Path

MARKER = "<!-- glossary -->"
TERM = re.compile(r"^\*\[(.+?)\]:\s*(.+)$", re.MULTILINE)
SECTION = re.compile(r"(?=<h2[ >])")
ABBR = re.compile(r'<abbr title="([^"]*)">(.*?)</abbr>', re.DOTALL)
CITATION = re.compile(r'<p class="citation">.*?</p>', re.DOTALL)

glossary: dict[str, str] = {}


def on_config(config):
    text = (Path(config.config_file_path).parent / "includes" / "glossary.md").read_text("utf-8")
    glossary.clear()
    for term, definition in TERM.findall(text):
        if definition not in glossary.values():
            glossary[term] = definition


def on_page_markdown(markdown, page, **kwargs):
    if MARKER not in markdown:
        return markdown
    terms = sorted(glossary, key=str.casefold)
    listing = "\n\n".join(f"{term[0].upper() + term[1:]}\n:   {glossary[term]}" for term in terms)
    return markdown.replace(MARKER, listing)


def first_uses(section: str) -> str:
    """Keep the markup on the first use of each term in a section; later uses become plain text."""
    seen: set[str] = set()

    def keep_first(term):
        if term[1] in seen:
            return term[2]
        seen.add(term[1])
        return term[0]

    return ABBR.sub(keep_first, section)


def on_page_content(html, **kwargs):
    html = CITATION.sub(lambda citation: ABBR.sub(r"\2", citation[0]), html)
    return "".join(first_uses(section) for section in SECTION.split(html))
