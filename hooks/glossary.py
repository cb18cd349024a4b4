"""Render the glossary snippet as a readable list where a page asks for it.

Hand-written because the abbr extension only makes tooltips: this turns the
same definitions (includes/glossary.md) into a visible list, so no term is
defined twice. Spellings that share a definition are listed once.
"""

import re
from pathlib import Path

MARKER = "<!-- glossary -->"
TERM = re.compile(r"^\*\[(.+?)\]:\s*(.+)$", re.MULTILINE)

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
