"""Generate, from data/ and the pages, what both MkDocs and Zensical build into the site.

Zensical reads mkdocs.yml but runs no MkDocs hooks, so everything a reader or a
linking site gets is made here, before the build, as Markdown snippets, template
partials and static files (FastAPI's docs work the same way). `make` runs it
before every build and serve; hooks/regenerate.py runs it again whenever
`mkdocs serve` rebuilds. It writes a file only when its content changes, into
folders git ignores:

  generated/notes/<page>.md        a page's footnotes: who took part, journal, link
  generated/sources.md             the sources list on /sources/
  generated/designs.md             the study designs on /about/#evidence-strength
  generated/glossary-list.md       the glossary list on /about/#glossary
  generated/changes.md             the change log on /changes/ (tools/changes.py)
  overrides/generated/<page>.html  a page's structured data (JSON-LD), for its <head>
  docs/links.json                  every public page and section (data/url-contract.yml)
  docs/robots.txt                  which points to the sitemap
  docs/assets/images/social/       a preview card for each page

Usage: python -m tools.generate [PROJECT]   (SITE_URL overrides mkdocs.yml's site_url)
"""

import hashlib
import json
import os
import posixpath
import re
import sys
from dataclasses import dataclass
from html import escape
from io import BytesIO
from pathlib import Path

import markdown
from bs4 import BeautifulSoup, Tag
from mkdocs.utils.yaml import yaml_load
from PIL import Image, ImageDraw, ImageFont

from tools import ROOT, InputError, located, read_yaml_file, read_yaml_in
from tools.bibliography import Bibliography, citation_html, link_text, short_name, url
from tools.changes import changes_markdown, read_changelog
from tools.repository import placeholder_notice

SOURCES_PAGE = "sources.md"
CITATION = re.compile(r"\[\^([a-z0-9-]+)\](?!:)")
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
GLOSSARY_TERM = re.compile(r"^\*\[(.+?)\]:\s*(.+)$", re.MULTILINE)
REQUIRED = ("title", "description", "reviewed", "review_due")
NOTES_ID = "sources-for-this-page"  # the heading over a page's footnotes
CITED_KINDS = {"MedicalWebPage", "FAQPage"}  # pages that carry a "Cite this page" box and citations
CARD_SIZE = (1200, 630)
INK, PAPER, TINT = "#ffffff", "#00574f", "#e3f1ee"


@dataclass
class Page:
    source: Path
    url: str  # "" for home, "faq/", ...
    meta: dict
    body: str
    text: str  # the whole file, front matter and all

    def where(self, root: Path, needle: str) -> str:
        """`file:line:column` of the first `needle` in the page's file (of its start, if it has none)."""
        at = max(self.text.find(needle), 0)
        return located(self.source, root, self.text.count("\n", 0, at) + 1, at - self.text.rfind("\n", 0, at))

    @property
    def name(self) -> str:
        """The page's name for generated files: its URL without slashes, "index" for home."""
        return self.url.replace("/", "") or "index"


def read_pages(root: Path) -> list[Page]:
    pages = []
    for source in sorted((root / "docs").rglob("*.md")):
        text = source.read_text("utf-8")
        match = FRONT_MATTER.match(text)
        path = source.relative_to(root / "docs").with_suffix("").as_posix()
        url = "" if path == "index" else path.removesuffix("/index") + "/"
        meta = read_yaml_in(match[1], source, root, first_line=2) if match else {}
        body = text[match.end() if match else 0 :]
        pages.append(Page(source, url, meta if isinstance(meta, dict) else {}, body, text))
    return pages


def plain_text(node: Tag) -> str:
    """A node's words as a reader sees them, without permalinks, citation numbers or evidence labels."""
    for extra in node.select(".headerlink, .footnote-ref, .evidence"):
        extra.decompose()
    text = " ".join(node.get_text(" ").split())
    return re.sub(r" ([.,;:!?)])", r"\1", text)


# --------------------------------------------------------------- Markdown


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


def sources_markdown(bib: Bibliography) -> str:
    blocks = []
    for topic in bib.topics:
        blocks.append(f"## {topic['title']} {{ #{topic['id']} }}")
        for entry in topic["entries"]:
            design, who = bib.designs[entry["design"]], entry["population"]["who"]
            blocks += [
                f"### {short_name(entry)} {{ #{entry['key']} }}",
                citation_html(entry),
                f"**How it was done:** {design['name']}. {design['means']}",
                f"**Who took part:** {who[0].upper()}{who[1:]}.",
                f"**What it found:** {' '.join(entry['found'].split())}",
            ]
            if entry.get("checked"):  # HTML, so the address stays as written (no glossary tooltip in it)
                address = escape(entry["checked"])
                blocks.append(f'**Checked at:** <a href="{address}">{address}</a>')
    return "\n\n".join(blocks) + "\n"


def designs_markdown(bib: Bibliography) -> str:
    rows = [f"| {d['name']} | {d['means']} | {d['allows'].capitalize()} |" for d in bib.designs.values()]
    return (
        "\n".join(
            [
                "| Design | What it is | Strongest label on its own |",
                "| --- | --- | --- |",
                *rows,
                "",
                "/// caption",
                "Study designs, and the strongest label each allows on its own",
                "///",
            ]
        )
        + "\n"
    )


def glossary_markdown(root: Path) -> str:
    """The glossary snippet as a list: one entry per definition, however many spellings share it."""
    entries: dict[str, str] = {}
    for term, definition in GLOSSARY_TERM.findall((root / "includes" / "glossary.md").read_text("utf-8")):
        if definition not in entries.values():
            entries[term] = definition
    return "\n\n".join(f"{t[0].upper()}{t[1:]}\n:   {entries[t]}" for t in sorted(entries, key=str.casefold)) + "\n"


# ------------------------------------------------------ reading the pages


def renderer(config: dict, root: Path) -> markdown.Markdown:
    """Python-Markdown with the site's own extensions, as both engines render pages."""
    names, settings = [], {}
    for item in config["markdown_extensions"]:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        names.append(name)
        if name == "pymdownx.snippets":  # its base_path is relative to the project, as the engines run there
            options = {**options, "base_path": [str(root / path) for path in options["base_path"]]}
        if options:
            settings[name] = options
    return markdown.Markdown(extensions=names, extension_configs=settings)


def structured_data(page: Page, html: BeautifulSoup, bib: Bibliography, config: dict, site: str) -> dict:
    """schema.org data that says only what the page itself shows."""
    address, kind, reviewed = site + page.url, page.meta.get("schema", "MedicalWebPage"), str(page.meta["reviewed"])
    data: dict = {
        "@type": kind,
        "@id": address,
        "url": address,
        "name": page.meta["title"],
        "headline": page.meta["title"],
        "description": page.meta["description"],
        "inLanguage": "en-GB",
        "dateModified": reviewed,
        "lastReviewed": reviewed,
        "isPartOf": {"@type": "WebSite", "name": config["site_name"], "url": site},
        "license": "https://creativecommons.org/licenses/by/4.0/",
    }
    keys = [key for key in dict.fromkeys(CITATION.findall(page.body)) if key in bib.entries]
    if keys:
        data["citation"] = [url(bib.entries[key]) for key in keys]
    if kind == "FAQPage":
        data["mainEntity"] = [
            {
                "@type": "Question",
                "name": plain_text(question),
                "acceptedAnswer": {
                    "@type": "Answer",
                    "text": " ".join(
                        plain_text(part)
                        for part in question.find_next_siblings(["p", "ul", "ol"])
                        if part.find_previous_sibling("h2") is question
                    ),
                },
            }
            for question in html.select(f"h2[id]:not(#{NOTES_ID})")
        ]
    howtos = []
    for steps in html.select('h3[id$="-steps"]'):
        exercise = steps.find_previous_sibling("h2")
        items = steps.find_next_sibling("ol").find_all("li", recursive=False)
        howtos.append(
            {
                "@type": "HowTo",
                "name": plain_text(exercise),
                "url": f"{address}#{exercise['id']}",
                "step": [
                    {"@type": "HowToStep", "position": n, "text": plain_text(li)} for n, li in enumerate(items, 1)
                ],
            }
        )
    return {"@context": "https://schema.org", "@graph": [data, *howtos]}


def jsonld_partial(data: dict) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>\n'


def links_index(pages: list[Page], html: dict[str, BeautifulSoup], contract: dict, site: str) -> dict:
    """links.json: every public page and section with its title and address, each section once."""
    renamed = {(r["page"], r["old"]): r["new"] for r in contract.get("renamed") or []}
    titles = {page.url: page.meta.get("title") for page in pages}
    # Each id once, with its first element, as find(id=...) gives, but without a search of the page per anchor.
    ids = {page_url: {tag["id"]: tag for tag in reversed(soup.find_all(id=True))} for page_url, soup in html.items()}
    index = []
    for page_url, anchors in contract["pages"].items():
        sections = []
        for anchor in anchors:
            now = renamed.get((page_url, anchor), anchor)
            heading = ids.get(page_url, {}).get(now)
            sections.append({"url": f"{site}{page_url}#{now}", "title": heading and plain_text(heading)})
        index.append({"url": site + page_url, "title": titles.get(page_url), "sections": sections})
    moved = [{"old": f"{site}{p}#{old}", "new": f"{site}{p}#{new}"} for (p, old), new in renamed.items()]
    return {"site": site, "pages": index, "renamed": moved}


def contract_faults(root: Path, pages: list[Page], html: dict[str, BeautifulSoup], contract: dict) -> list[str]:
    """The URL contract against the pages: each page and h2-h4 section listed, each listed id still there.
    A listed id that went missing is said first, with what to do (restore it, or rename it as
    CONTRIBUTING.md says), and a section that is not listed names the ids its page lost."""
    renamed = {(r["page"], r["new"]) for r in contract.get("renamed") or []}
    contract_file = root / "data" / "url-contract.yml"
    contract_text = contract_file.read_text("utf-8")
    faults = []
    for page in pages:
        doc = page.source.relative_to(root).as_posix()
        listed = contract["pages"].get(page.url)
        if listed is None:
            faults.append(
                f"{located(page.source, root)}: the page is not in data/url-contract.yml: add the line "
                f'`  "{page.url}":` under `pages:`, in the guide\'s order, with its section ids below it'
            )
            continue
        ids = {tag["id"] for tag in html[page.url].find_all(id=True)}
        lost = [anchor for anchor in listed if anchor not in ids]
        for anchor in lost:
            at = contract_text.find(f"- {anchor}\n", max(contract_text.find(f'"{page.url}":'), 0))
            line = contract_text.count("\n", 0, at) + 1
            faults.append(
                f"{located(contract_file, root, line, 5)}: {doc} no longer has the section #{anchor}, which other "
                f"sites link to: restore `{{ #{anchor} }}` on its heading, or rename it as CONTRIBUTING.md says "
                '("Rename a section")'
            )
        was = f"if it was #{' or #'.join(lost)}, restore that id; if it is new, " if lost else ""
        for heading in html[page.url].select("h2[id], h3[id], h4[id]"):
            anchor = heading["id"]
            if anchor in listed or (page.url, anchor) in renamed:
                continue
            words = plain_text(heading)
            if f"#{anchor}" not in page.text and f'id="{anchor}"' not in page.text:
                faults.append(
                    f"{page.where(root, words)}: the heading {words!r} has no id of its own: {was}give it one "
                    f"that will not change (`{{ #a-stable-id }}` after its words), and list it in data/url-contract.yml"
                )
            else:
                faults.append(
                    f"{page.where(root, '#' + anchor)}: section #{anchor} ({words!r}) is not in "
                    f'data/url-contract.yml: {was}add the line `    - {anchor}` under `"{page.url}":`'
                )
    return faults


def duplicate_ids(root: Path, page: Page, html: BeautifulSoup) -> list[str]:
    """Ids given to two elements of a page: a link to either lands on the first."""
    seen: set[str] = set()
    twice = [tag["id"] for tag in html.find_all(id=True) if tag["id"] in seen or seen.add(tag["id"])]
    return [
        f"{page.where(root, f'#{anchor} ' if f'#{anchor} ' in page.text else anchor)}: the id #{anchor} is on two "
        "elements of the page, and a link to it finds only the first: give one of them another id"
        for anchor in dict.fromkeys(twice)
    ]


# ---------------------------------------------------------- preview cards


def wrap(draw: ImageDraw.ImageDraw, words: str, font, width: int) -> list[str]:
    lines = [""]
    for word in words.split():
        line = f"{lines[-1]} {word}".strip()
        if draw.textlength(line, font=font) <= width:
            lines[-1] = line
        else:
            lines.append(word)
    return lines


def card(site_name: str, title: str, description: str) -> bytes:
    """A 1200x630 preview card, drawn with Pillow's own font so it comes out the same on every machine."""
    image = Image.new("RGB", CARD_SIZE, PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 24, CARD_SIZE[1]), fill=TINT)
    draw.text((90, 70), site_name, fill=TINT, font=ImageFont.load_default(size=38))
    heading = ImageFont.load_default(size=76)
    lines = wrap(draw, title, heading, 1020)[:3]
    for n, line in enumerate(lines):
        draw.text((90, 160 + n * 92), line, fill=INK, font=heading)
    body = ImageFont.load_default(size=34)
    for n, line in enumerate(wrap(draw, description, body, 1020)[:3]):
        draw.text((90, 200 + len(lines) * 92 + n * 46), line, fill=TINT, font=body)
    out = BytesIO()
    image.quantize(colors=32).save(out, format="PNG", optimize=True)
    return out.getvalue()


def cached_card(root: Path, site_name: str, title: str, description: str) -> bytes:
    """Draw each card once: .cache/social keys it on its text."""
    key = hashlib.sha256(f"{site_name}|{title}|{description}|{CARD_SIZE}".encode()).hexdigest()[:16]
    cached = root / ".cache" / "social" / f"{key}.png"
    if not cached.exists():
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_bytes(card(site_name, title, description))
    return cached.read_bytes()


# ------------------------------------------------------------------- main


def write(path: Path, content: str | bytes) -> bool:
    """Write only what changed, so `mkdocs serve` does not rebuild for nothing."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def generate(root: Path, site: str | None = None) -> list[str]:
    """Write every generated file for the project at `root`; return the faults found (empty if none)."""
    with open(root / "mkdocs.yml", "rb") as file:
        config = yaml_load(file)
    site = site or os.environ.get("SITE_URL") or config["site_url"]
    site = site if site.endswith("/") else site + "/"
    bib = Bibliography(root)
    contract = read_yaml_file(root / "data" / "url-contract.yml", root)
    read_yaml_file(root / "data" / "claims.yml", root)  # read by the tests only: a mistake in it is said here
    pages = read_pages(root)
    reviews = read_changelog(root)
    # The pages in the guide's order, each with its title in the navigation.
    by_file = {page.source.relative_to(root / "docs").as_posix(): page.url for page in pages}
    titles = {by_file[file]: title for item in config["nav"] for title, file in item.items() if file in by_file}
    faults: list[str] = []
    files: dict[Path, str | bytes] = {
        root / "generated" / "sources.md": sources_markdown(bib),
        root / "generated" / "designs.md": designs_markdown(bib),
        root / "generated" / "glossary-list.md": glossary_markdown(root),
        root / "generated" / "changes.md": changes_markdown(reviews, titles),
        root / "docs" / "robots.txt": f"User-agent: *\nAllow: /\n\nSitemap: {site}sitemap.xml\n",
    }
    for page in pages:
        notes, unknown = notes_markdown(page, bib, root)
        faults += [
            f"{page.where(root, f'[^{key}]')}: [^{key}] is not a key in data/bibliography.yml: correct the key, "
            'or add the source there (CONTRIBUTING.md, "Add a source")'
            for key in unknown
        ]
        files[root / "generated" / "notes" / f"{page.name}.md"] = notes
        missing = [key for key in REQUIRED if not page.meta.get(key)]
        if missing:
            faults.append(
                f"{located(page.source, root)}: the front matter has no {', '.join(missing)}: start the page with "
                'them between two `---` lines (CONTRIBUTING.md, "Conventions for every page")'
            )
    for path, content in files.items():
        write(path, content)

    # The pages, rendered as the engines render them, give the structured data and the titles.
    md = renderer(config, root)
    html = {page.url: BeautifulSoup(md.reset().convert(page.body), "html.parser") for page in pages}
    for page in pages:
        if any(not page.meta.get(key) for key in REQUIRED):
            continue
        write(
            root / "overrides" / "generated" / f"{page.name}.html",
            jsonld_partial(structured_data(page, html[page.url], bib, config, site)),
        )
        write(
            root / "docs" / "assets" / "images" / "social" / f"{page.name}.png",
            cached_card(root, config["site_name"], page.meta["title"], page.meta["description"]),
        )
    faults += contract_faults(root, pages, html, contract)
    faults += [fault for page in pages for fault in duplicate_ids(root, page, html[page.url])]
    index = links_index(pages, html, contract, site)
    write(root / "docs" / "links.json", json.dumps(index, indent=2, ensure_ascii=False) + "\n")
    return faults


def main() -> int:
    root = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT
    try:
        faults = generate(root)
    except InputError as error:  # a file it cannot read: one line, no traceback
        faults = [str(error)]
    for fault in faults:
        print(f"error: {fault}", file=sys.stderr)
    with open(root / "mkdocs.yml", "rb") as file:
        notice = placeholder_notice(root, yaml_load(file).get("repo_url"), os.environ)
    if notice:
        fatal, line = notice
        print(f"{'error' if fatal else 'warning'}: {line}", file=sys.stderr)
    return 1 if faults or (notice and notice[0]) else 0


if __name__ == "__main__":
    sys.exit(main())
