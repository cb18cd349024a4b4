"""The URL contract's check (data/url-contract.yml): every page and h2-h4 section listed, every
listed id still on its page, and no id given twice on a page; each fault one line, with what to do."""

import re
from pathlib import Path

from bs4 import BeautifulSoup

from tools import located
from tools.markdown_pages import Page, plain_text

AUTOMATIC = re.compile(r"^#{2,4} (?!.*\{ #).*$", re.MULTILINE)  # a Markdown heading with no id of its own


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
            if any(words.casefold() in line.casefold() for line in AUTOMATIC.findall(page.text)):
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
