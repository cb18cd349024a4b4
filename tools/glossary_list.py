"""The glossary as a list on /about/#glossary (generated/glossary-list.md), from includes/glossary.md."""

import re
from pathlib import Path

GLOSSARY_TERM = re.compile(r"^\*\[(.+?)\]:\s*(.+)$", re.MULTILINE)


def glossary_markdown(root: Path) -> str:
    """The glossary snippet as a list: one entry per definition, however many spellings share it."""
    entries: dict[str, str] = {}
    for term, definition in GLOSSARY_TERM.findall((root / "includes" / "glossary.md").read_text("utf-8")):
        if definition not in entries.values():
            entries[term] = definition
    return "\n\n".join(f"{t[0].upper()}{t[1:]}\n:   {entries[t]}" for t in sorted(entries, key=str.casefold)) + "\n"
