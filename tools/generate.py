"""Generate, from data/ and the pages, what both MkDocs and Zensical build into the site.

Zensical reads mkdocs.yml but runs no MkDocs hooks, so everything a reader or a
linking site gets is made here, before the build, as Markdown snippets, template
partials and static files (FastAPI's docs work the same way). `make` runs it
before every build and serve; hooks/regenerate.py runs it again whenever
`mkdocs serve` rebuilds. It only calls the module that makes each thing, and
writes a file only when its content changes, into folders git ignores:

  generated/notes/<page>.md        a page's footnotes: who took part, journal, link   tools/footnotes.py
  generated/sources.md             the sources list on /sources/                      tools/source_lists.py
  generated/designs.md             the study designs on /about/#evidence-strength     tools/source_lists.py
  generated/glossary-list.md       the glossary list on /about/#glossary              tools/glossary_list.py
  generated/changes.md             the change log on /changes/                        tools/changes.py
  generated/doses/<exercise>.md    an exercise's steps on /exercises/                 tools/doses.py
  generated/doses/effort.md        how hard to work, on /exercises/                   tools/doses.py
  generated/plans/<page>.md        a plan page's weeks, each a section and a table    tools/plans.py
  overrides/generated/<page>.html  a page's structured data (JSON-LD), for its <head> tools/structured_data.py
  docs/links.json                  every public page and section (url-contract.yml)   tools/links_index.py
  docs/robots.txt                  which points to the sitemap                        tools/links_index.py
  docs/assets/images/social/       a preview card for each page                       tools/cards.py

It reads the pages with tools/markdown_pages.py, and checks them against the URL contract
with tools/contract.py; what it finds, it returns, one line each.

Usage: python -m tools.generate [PROJECT]   (SITE_URL overrides mkdocs.yml's site_url)
"""

import json
import os
import re
import sys
from pathlib import Path

from bs4 import BeautifulSoup
from mkdocs.utils.yaml import yaml_load

from tools import ROOT, InputError, located, read_yaml_file
from tools.bibliography import Bibliography
from tools.cards import cached_card
from tools.changes import changes_markdown, read_changelog
from tools.contract import contract_faults, duplicate_ids
from tools.doses import effort_markdown, read_doses, steps_markdown
from tools.footnotes import notes_markdown
from tools.glossary_list import glossary_markdown
from tools.links_index import links_index, robots_txt
from tools.markdown_pages import REQUIRED, read_pages, renderer
from tools.plans import plan_markdown, read_plans
from tools.repository import placeholder_notice
from tools.source_lists import designs_markdown, sources_markdown
from tools.structured_data import jsonld_partial, structured_data


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
    doses = read_doses(root)
    plans = read_plans(root, doses)
    # The pages in the guide's order, each with its title in the navigation.
    by_file = {page.source.relative_to(root / "docs").as_posix(): page.url for page in pages}
    titles = {by_file[file]: title for item in config["nav"] for title, file in item.items() if file in by_file}
    faults: list[str] = []
    files: dict[Path, str | bytes] = {
        root / "generated" / "sources.md": sources_markdown(bib),
        root / "generated" / "designs.md": designs_markdown(bib),
        root / "generated" / "glossary-list.md": glossary_markdown(root),
        root / "generated" / "changes.md": changes_markdown(reviews, titles),
        root / "docs" / "robots.txt": robots_txt(site),
        root / "generated" / "doses" / "effort.md": effort_markdown(doses),
    }
    files |= {root / "generated" / "doses" / f"{id}.md": steps_markdown(e) for id, e in doses.exercises.items()}
    files |= {root / "generated" / "plans" / f"{page}.md": plan_markdown(plan, doses) for page, plan in plans.items()}
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


def stand_ins(root: Path, error: str) -> list[Path]:
    """For `mkdocs serve` on a project whose data was broken before any good run: each generated
    snippet a page names that no run has written yet, written as the error, so the pages still
    build and say what to fix. The next good run writes the real files over them."""
    made: list[Path] = []
    for page in sorted((root / "docs").rglob("*.md")):
        for name in re.findall(r'^--8<-- "([^"]+)"$', page.read_text("utf-8"), re.MULTILINE):
            path = root / "generated" / name
            if not path.exists() and not (root / "includes" / name).exists():
                write(path, f'!!! failure "Not built: a file could not be read"\n\n    {error}\n')
                made.append(path)
    return made


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
