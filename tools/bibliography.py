"""The guide's sources (data/bibliography.yml): how to cite them, and what evidence they allow.

Shared by the generator, which writes footnotes and /sources/ from them, and
the tests, which hold every page's citations and labels to them.
"""

from html import escape
from pathlib import Path

from tools import read_yaml_file

# From weakest to strongest: "textbook" is what a claim that cites nothing allows.
LABELS = ("textbook", "limited", "moderate", "strong")


class Bibliography:
    """The data file: study designs, and topics with their entries."""

    def __init__(self, root: Path):
        data = read_yaml_file(root / "data" / "bibliography.yml", root)
        self.designs: dict[str, dict] = data["designs"]
        self.topics: list[dict] = data["topics"]
        self.entries: dict[str, dict] = {e["key"]: e for topic in self.topics for e in topic["entries"]}

    def how(self, entry: dict) -> str:
        """How the study was done and who took part, e.g. 'Lab study: 40 elite male football players'."""
        return f"{self.designs[entry['design']]['name']}: {entry['population']['who']}"

    def allowed_label(self, keys: list[str]) -> str:
        """The strongest evidence label that these sources allow (/about/#evidence-strength).

        Each design allows a label on its own. Together, three or more
        randomised trials allow "strong", and two or more studies of any design
        but a narrative review allow "moderate". No source allows "textbook" only.
        """
        cited = [self.entries[key]["design"] for key in keys]
        best = max((LABELS.index(self.designs[design]["allows"]) for design in cited), default=0)
        if cited.count("randomised-trial") >= 3:
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


def link_text(entry: dict) -> str:
    """What a link to the entry says: its DOI, its PMID, or the site it is on (`site:`, else its publisher)."""
    if entry.get("doi"):
        return f"doi:{entry['doi']}"
    return f"PubMed {entry['pmid']}" if entry.get("pmid") else entry.get("site", "publisher's page")


def short_name(entry: dict) -> str:
    """First author's surname and year, e.g. 'Serner and others (2014)'; a web page may have no date."""
    authors = entry["authors"].split(", ")
    others = " and others" if len(authors) > 1 else ""
    return f"{authors[0].split(' ')[0]}{others} ({entry.get('year', 'no date')})"


def citation_html(entry: dict) -> str:
    """The full citation in the journals' own style, with its link, as HTML.

    HTML rather than Markdown, so that a study's title is quoted as published:
    no glossary tooltip is added inside it.
    """
    where = f"{entry.get('year', 'no date')}"
    if entry.get("volume"):
        where += f";{entry['volume']}"
        where += f"({entry['issue']})" if entry.get("issue") else ""
        where += f":{entry['pages']}" if entry.get("pages") else ""
    authors = entry["authors"].removesuffix(".")  # "et al." ends with its own full stop
    parts = [escape(part, quote=False) for part in (authors, entry["title"], entry["journal"], where, link_text(entry))]
    return (
        f'<p class="citation">{parts[0]}. {parts[1]}. <em>{parts[2]}</em>. {parts[3]}. '
        f'<a href="{escape(url(entry))}">{parts[4]}</a></p>'
    )
