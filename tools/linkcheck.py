"""Check a served site's links with linkchecker, and its #anchors with a parser of our own.

linkchecker's AnchorCheck plugin fetches and parses a page again for every #anchor
that links to it (667 links carry one here: over a minute of CPU); `broken_anchors` reads
each page once and checks every #anchor against it.

`python -m tools.linkcheck SITE_DIR` serves a build and checks its external
links too: the maintainers' check, which needs the internet.
"""

import csv
import io
import subprocess
import sys
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin

from tools import CHECKOUT

CONFIG = CHECKOUT / "linkcheckerrc"


def broken_links(url: str, *extra: str) -> list[str]:
    """Each broken link reachable from `url`, as 'page: link: why'."""
    linkchecker = Path(sys.executable).with_name("linkchecker")
    result = subprocess.run(
        [str(linkchecker), "--config", str(CONFIG), "--no-status", "--output", "csv", *extra, url],
        capture_output=True,
        text=True,
    )
    if result.returncode not in (0, 1):
        raise RuntimeError(f"linkchecker failed to run:\n{result.stderr}")
    rows = csv.DictReader(
        io.StringIO("\n".join(line for line in result.stdout.splitlines() if not line.startswith("#"))), delimiter=";"
    )
    return [
        f"{row['parentname']}: {row['urlname']}: {row['result']} {row['warningstring']}".strip()
        for row in rows
        if row["valid"] != "True" or row["warningstring"]
    ]


class Page(HTMLParser):
    """A page's anchors (every id, and each <a name>) and the links it holds."""

    def __init__(self, html: str):
        super().__init__()
        self.anchors: set[str] = set()
        self.links: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]):
        found = dict(attrs)
        for name in (found.get("id"), found.get("name") if tag == "a" else None):
            if name:
                self.anchors.add(name)
        if tag in ("a", "area") and found.get("href"):
            self.links.append(found["href"])


def read(url: str) -> Page | None:
    """The page at `url`, or None if it is missing or is not HTML."""
    try:
        with urllib.request.urlopen(url) as response:
            if response.headers.get_content_type() != "text/html":
                return None
            return Page(response.read().decode("utf-8"))
    except urllib.error.HTTPError:
        return None  # a missing page is a broken link: linkchecker reports it


def broken_anchors(url: str) -> list[str]:
    """Each link to a missing #anchor on the site's pages reachable from `url`, as 'page: link: why'."""
    pages: dict[str, Page | None] = {}

    def page(address: str) -> Page | None:
        if address not in pages:
            pages[address] = read(address)
        return pages[address]

    queue, faults = [url], []
    for address in queue:
        here = page(address)
        for href in here.links if here else []:
            target, anchor = urldefrag(urljoin(address, href))
            if not target.startswith(url):
                continue  # another site's anchors are its own to keep
            if target not in queue:
                queue.append(target)
            there = page(target)
            if anchor and there and unquote(anchor) not in there.anchors:
                faults.append(f"{address}: {href}: anchor #{anchor} not found in {target}")
    return faults


if __name__ == "__main__":
    from tools.pages_server import PagesServer

    server = PagesServer(root=Path(sys.argv[1])).start()
    faults = broken_links(server.url, "--check-extern") + broken_anchors(server.url)
    server.stop()
    print("\n".join(faults) or "No broken links.")
    sys.exit(1 if faults else 0)
