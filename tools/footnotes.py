"""Each page's footnotes (generated/notes/<page>.md): who took part, the journal and a link, for
each source the page cites with `[^key]`, in reading order, under the heading "Sources for this page"."""

import posixpath
import re
from pathlib import Path

from tools.bibliography import Bibliography, link_text, short_name, url
from tools.markdown_pages import Page

SOURCES_PAGE = "sources.md"
CITATION = re.compile(r"\[\^([a-z0-9-]+)\](?!:)")
NOTES_ID = "sources-for-this-page"  # the heading over a page's footnotes


def notes_markdown(page: Page, bib: Bibliography, root: Path) -> tuple[str, list[str]]:
    """The page's footnote definitions, in reading order, and any citation of an unknown source."""
    cited = list(dict.fromkeys(CITATION.findall(page.body)))
    unknown = [key for key in cited if key not in bib.entries]
    to_sources = posixpath.relpath(
        SOURCES_PAGE, posixpath.dirname(page.source.relative_to(root / "docs").as_posix()) or "."
    )
    notes = [
        f"[^{key}]: {short_name(e)}. {bib.how(e)}. *{e['journal']}*. [{link_text(e)}]({url(e)}). "
        f"[Full reference]({to_sources}#{key})"
        for key in cited
        if key in bib.entries
        for e in [bib.entries[key]]
    ]
    # The notes get a heading of their own, and the footnotes go under it (mkdocs.yml: PLACE_MARKER).
    # Raw HTML gets no id from the Markdown, so it carries its own (a public anchor: data/url-contract.yml).
    heading = f'<h2 id="{NOTES_ID}" class="guide-notes-title">Sources for this page</h2>\n\n%%footnotes%%\n\n'
    heading = heading if notes else ""
    return heading + "\n".join(notes) + "\n", unknown
