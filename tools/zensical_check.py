"""Build the site with Zensical as well, and check that readers and linking sites get the same site.

MkDocs + Material stay the build of record. Zensical, Material's successor,
reads mkdocs.yml but runs no MkDocs hooks, so everything the site shows comes
from sources both engines build (tools/generate.py writes what data makes).
This builds one copy of the project with both and reports each check as

  DIFFERS   a difference that must not exist. Exit status 1.
  expected  a difference the two engines are meant to have (README.md, "Zensical").
  ok        a check that found no difference.

Usage: `make zensical-check` (installs Zensical into .venv-zensical first), or
    python -m tools.zensical_check --zensical .venv-zensical/bin/zensical [--keep DIR]
with the site's own venv.
"""

import argparse
import copy
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from bs4 import BeautifulSoup
from mkdocs.utils.yaml import yaml_load

from tools import ROOT
from tools.csp import secure_site
from tools.generate import generate
from tools.pages import build, copy_project, html_pages, load_contract

SITE_URL = "https://example.org/guide/"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
# The MkDocs hooks that may stay, each with why a reader would not miss it in Zensical's build.
HOOKS_THAT_CHANGE_NOTHING = {
    "hooks/regenerate.py": "reruns tools/generate.py before each MkDocs build; `make` runs it before Zensical's",
}


# ---------------------------------------------------------------- the builds


@dataclass
class Builds:
    mk: Path
    zen: Path
    version: str
    strict_output: str  # what `zensical build --strict` printed, if it failed; "" if it passed
    blocked: list[str] = field(default_factory=list)  # inline scripts tools/csp.py left out of Zensical's policy

    def __post_init__(self):
        self.mk_pages, self.zen_pages = html_pages(self.mk), html_pages(self.zen)
        shared = sorted(set(self.mk_pages) & set(self.zen_pages))
        self.mk_soup = {u: soup(self.mk_pages[u]) for u in shared}
        self.zen_soup = {u: soup(self.zen_pages[u]) for u in shared}
        # Redirect pages (the redirects plugin, or Zensical's own) have no article.
        self.redirects = [u for u in shared if self.mk_soup[u].article is None or self.zen_soup[u].article is None]
        self.urls = [u for u in shared if u not in self.redirects]

    def articles(self, url: str) -> tuple[BeautifulSoup, BeautifulSoup]:
        return self.mk_soup[url].article, self.zen_soup[url].article


class BuildFailed(Exception):
    """A build the comparison needs did not finish."""


def build_both(zensical: str, work: Path) -> Builds:
    """One copy of the project, its files generated once, built by both engines at the same time."""
    project = copy_project(work / "project")
    faults = generate(project, SITE_URL)
    if faults:
        raise BuildFailed("tools/generate.py found faults:\n" + "\n".join(faults))
    env = {**os.environ, "SITE_URL": SITE_URL, "NO_COLOR": "1"}
    version = subprocess.run([zensical, "--version"], capture_output=True, text=True).stdout.strip()
    process = subprocess.Popen(
        [zensical, "build", "--strict", "-f", "mkdocs.yml"],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    mk = work / "mkdocs"
    result = build(mk, SITE_URL, project)
    if result.returncode != 0:
        raise BuildFailed(f"mkdocs build --strict failed:\n{result.stderr}")
    output = ANSI.sub("", process.communicate()[0])
    if not (project / "site" / "index.html").is_file():
        raise BuildFailed(f"zensical build failed (exit {process.returncode}):\n{output}")
    # Zensical's own copy of the templates wrote its inline scripts: they are the trusted ones.
    templates = next(Path(zensical).resolve().parents[1].glob("lib/python*/site-packages/zensical/templates"), None)
    blocked = secure_site(project / "site", project, engine=templates)
    return Builds(mk, project / "site", version, output if process.returncode else "", blocked)


# ------------------------------------------------------------ reading a page


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def absolute(page_url: str, href: str) -> str:
    """A link resolved against its page's address, so ./x and x compare equal."""
    return urljoin(SITE_URL + page_url, href)


def short(address: str) -> str:
    return "/" + address.removeprefix(SITE_URL) if address.startswith(SITE_URL) else address


def text_lines(node: BeautifulSoup) -> list[str]:
    """A node's text, one sentence a line, without permalinks."""
    node = copy.copy(node)
    for permalink in node.select(".headerlink"):
        permalink.decompose()
    text = re.sub(r"\s+([.,;:!?%)])", r"\1", " ".join(node.get_text(" ").split()))
    return [line for line in re.split(r"(?<=[.!?:])\s+", text) if line]


def differences(pairs: dict[str, tuple], describe: Callable = repr) -> list[str]:
    """Each URL whose MkDocs value differs from Zensical's, with both."""
    return [f"/{u}: MkDocs {describe(a)}\n  Zensical {describe(b)}" for u, (a, b) in pairs.items() if a != b]


# ---------------------------------------------------------------- the checks
# Each check returns (kind, name, detail), kind being "ok", "expected" or "DIFFERS".

Finding = tuple[str, str, str]


def found(name: str, problems: list[str], ok: str) -> Finding:
    return ("DIFFERS", name, "\n".join(problems)) if problems else ("ok", name, ok)


def check_pages(b: Builds) -> Finding:
    problems = [f"only MkDocs has /{u}" for u in sorted(set(b.mk_pages) - set(b.zen_pages))]
    problems += [f"only Zensical has /{u}" for u in sorted(set(b.zen_pages) - set(b.mk_pages))]
    problems += [
        f"{name} has no 404.html"
        for name, site in (("MkDocs", b.mk), ("Zensical", b.zen))
        if not (site / "404.html").is_file()
    ]
    return found("pages", problems, f"the same {len(b.mk_pages)} pages, and a 404 page, in both")


def check_redirects(b: Builds) -> Finding:
    def target(page: BeautifulSoup, url: str) -> str | None:
        link = page.select_one("link[rel=canonical]")
        return link and absolute(url, link["href"])

    pairs = {u: (target(b.mk_soup[u], u), target(b.zen_soup[u], u)) for u in b.redirects}
    return found("redirect pages", differences(pairs), f"{len(b.redirects)} redirect page(s), same targets")


def check_navigation(b: Builds) -> Finding:
    def read(page: BeautifulSoup, url: str) -> dict:
        return {
            "title": page.title.get_text(),
            "description": (page.select_one("meta[name=description]") or {}).get("content"),
            "canonical": (page.select_one("link[rel=canonical]") or {}).get("href"),
            "navigation": [
                (absolute(url, a["href"]), " ".join(a.get_text().split()))
                for a in page.select(".md-nav--primary a.md-nav__link[href]")
            ],
            "footer": [absolute(url, a["href"]) for a in page.select(".md-footer a[href]")],
        }

    pairs = {u: (read(b.mk_soup[u], u), read(b.zen_soup[u], u)) for u in b.urls}
    return found(
        "titles and navigation",
        differences(pairs),
        "titles, descriptions, canonical links, navigation and previous/next links match",
    )


def check_contract(b: Builds) -> Finding:
    contract = load_contract()
    wanted = [(page, anchor) for page, anchors in contract["pages"].items() for anchor in anchors]
    wanted += [(r["page"], r["new"]) for r in contract.get("renamed") or []]
    missing = [
        f"/{page}#{anchor}" for page, anchor in wanted if page not in b.zen_soup or not b.zen_soup[page].find(id=anchor)
    ]
    return found(
        "URL-contract anchors", [f"missing in Zensical: {m}" for m in missing], f"all {len(wanted)} present in both"
    )


def check_headings(b: Builds) -> Finding:
    def ids(article):
        return [h.get("id") for h in article.select("h1, h2, h3, h4, h5, h6")]

    pairs = {u: tuple(ids(a) for a in b.articles(u)) for u in b.urls}
    return found("headings", differences(pairs), "every heading id matches, in order")


def check_text(b: Builds) -> Finding:
    """The whole article: prose, footnotes, sources list, glossary list, review dates, cite box."""
    problems = []
    for u in b.urls:
        mk, zen = (text_lines(a) for a in b.articles(u))
        if mk != zen:
            only_mk, only_zen = (
                list((Counter(mk) - Counter(zen)).elements()),
                list((Counter(zen) - Counter(mk)).elements()),
            )
            problems.append(f"/{u}: only MkDocs {only_mk[:2]}, only Zensical {only_zen[:2]}")
    count = sum(len(b.articles(u)[0].select(".footnote li")) for u in b.urls)
    return found("text", problems, f"the same text on every page, {count} footnotes included")


def check_links(b: Builds) -> Finding:
    def links(article, url):
        return Counter(absolute(url, a["href"]) for a in article.select("a[href]"))

    problems = []
    for u in b.urls:
        mk, zen = (links(a, u) for a in b.articles(u))
        if mk != zen:
            problems.append(
                f"/{u}: only MkDocs {[short(x) for x in (mk - zen).elements()][:4]}, "
                f"only Zensical {[short(x) for x in (zen - mk).elements()][:4]}"
            )
    return found("links", problems, "every link in the text has the same target")


def check_tooltips(b: Builds) -> Finding:
    def terms(article):
        return Counter((abbr.get_text(), abbr.get("title")) for abbr in article.select("abbr"))

    pairs = {u: tuple(terms(a) for a in b.articles(u)) for u in b.urls}
    total = sum(terms(b.articles(u)[0]).total() for u in b.urls)
    return found(
        "glossary tooltips",
        differences(pairs, lambda c: sorted(c.items())[:3]),
        f"the same {total} glossary terms explained, page by page",
    )


def check_head(b: Builds) -> Finding:
    """Link previews (Open Graph) and structured data (JSON-LD) in each page's head."""

    def read(page: BeautifulSoup) -> dict:
        script = page.select_one('script[type="application/ld+json"]')
        return {
            "preview": {m["property"]: m["content"] for m in page.select("meta[property^='og:']")},
            "data": script and json.loads(script.string),
        }

    pairs = {u: (read(b.mk_soup[u]), read(b.zen_soup[u])) for u in b.urls}
    missing = [f"/{u}: no structured data" for u, (mk, _) in pairs.items() if not mk["data"]]
    return found(
        "previews and structured data",
        missing + differences(pairs, lambda v: str(v)[:200]),
        "the same Open Graph tags and JSON-LD on every page",
    )


def check_notice(b: Builds) -> Finding:
    def notice(page):
        node = page.select_one(".guide-notice")
        return node and " ".join(node.get_text().split())

    pairs = {u: (notice(b.mk_soup[u]), notice(b.zen_soup[u])) for u in b.urls}
    return found("notice", differences(pairs), "the same notice on every page")


def check_palette(b: Builds) -> Finding:
    def toggle(page):
        return [(i.get("aria-label"), i.get("data-md-color-media")) for i in page.select("#guide-palette input")]

    pairs = {u: (toggle(b.mk_soup[u]), toggle(b.zen_soup[u])) for u in b.urls}
    return found("colour toggle", differences(pairs), "the same named colour options on every page")


def check_assets(b: Builds) -> Finding:
    problems = []
    for u in b.urls:
        mk, zen = ([absolute(u, i["src"]) for i in a.select("img")] for a in b.articles(u))
        if mk != zen:
            problems.append(f"/{u}: MkDocs shows {[short(x) for x in mk]}, Zensical {[short(x) for x in zen]}")
    docs = b.zen.parent / "docs"
    assets = sorted(p.relative_to(docs) for p in docs.rglob("*") if p.is_file() and p.suffix != ".md")
    for asset in assets:
        if not (b.zen / asset).is_file():
            problems.append(f"{asset} is missing from the Zensical build")
        elif (b.zen / asset).read_bytes() != (b.mk / asset).read_bytes():
            problems.append(f"{asset} differs between the builds")
    return found(
        "images and files", problems, f"the same images in the pages; all {len(assets)} files from docs/ identical"
    )


def check_scripts_and_styles(b: Builds) -> Finding:
    docs = b.zen.parent / "docs"
    ours = {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.suffix in (".css", ".js")}

    def linked(page, url):
        refs = [e["href"] for e in page.select("link[rel=stylesheet][href]")] + [
            e["src"] for e in page.select("script[src]")
        ]
        return [path for path in (short(absolute(url, r)).lstrip("/") for r in refs) if path in ours]

    pairs = {u: (linked(b.mk_soup[u], u), linked(b.zen_soup[u], u)) for u in b.urls}
    return found(
        "stylesheets and scripts",
        differences(pairs),
        f"every page links our {len(ours)} stylesheets and scripts in both",
    )


def check_policy(b: Builds) -> Finding:
    """The Content-Security-Policy (tools/csp.py) on every page, blocking none of the engine's own scripts."""
    marker = 'meta[http-equiv="Content-Security-Policy"]'
    missing = [
        f"/{u}: no policy in {name}"
        for u in b.urls
        for name, pages in (("MkDocs", b.mk_soup), ("Zensical", b.zen_soup))
        if not pages[u].select_one(marker)
    ]
    return found(
        "security policy", missing + b.blocked, "a policy on every page; every inline script allowed by its hash"
    )


def check_sitemap(b: Builds) -> Finding:
    def sitemap(site):
        return sorted(re.findall(r"<loc>\s*(.*?)\s*</loc>", (site / "sitemap.xml").read_text("utf-8")))

    mk, zen = sitemap(b.mk), sitemap(b.zen)
    return found(
        "sitemap", [f"MkDocs {mk}\nZensical {zen}"] * (mk != zen), f"sitemap.xml lists the same {len(mk)} URLs"
    )


def check_search(b: Builds) -> list[Finding]:
    """Each engine has its own search index: they must cover the same pages."""
    mk_index = json.loads((b.mk / "search" / "search_index.json").read_text("utf-8"))["docs"]
    zen_file = b.zen / "search.json"
    if not zen_file.is_file():
        return [("DIFFERS", "search", "Zensical wrote no search.json")]
    zen_index = json.loads(zen_file.read_text("utf-8"))["items"]
    pages = [{d["location"].split("#")[0] for d in index} for index in (mk_index, zen_index)]
    return [
        found(
            "search coverage",
            [f"pages indexed: MkDocs {sorted(pages[0])}, Zensical {sorted(pages[1])}"] * (pages[0] != pages[1]),
            f"both index the same {len(pages[0])} pages",
        ),
        (
            "expected",
            "search engine",
            f"Zensical's own index (search.json, {len(zen_index)} entries) "
            f"replaces lunr's (search/search_index.json, {len(mk_index)})",
        ),
    ]


def check_theme(b: Builds) -> Finding:
    variant = re.search(r"stylesheets/(\w+)/main\.", b.zen_pages[""].read_text("utf-8"))
    if variant and variant[1] != "classic":
        return (
            "expected",
            "theme variant",
            f"Zensical uses its {variant[1]!r} look; theme.variant: classic keeps Material's",
        )
    return ("ok", "theme variant", "Zensical uses Material's classic look (theme.variant: classic)")


def check_strict(b: Builds) -> Finding:
    warnings = re.findall(r"Warning:\s*(.+)", b.strict_output)
    return found(
        "zensical build --strict", warnings or [b.strict_output[-500:]] * bool(b.strict_output), "passes: no warning"
    )


def check_hooks(_: Builds) -> Finding:
    """MkDocs hooks do not run in Zensical: only those that change nothing a reader gets may stay."""
    with open(ROOT / "mkdocs.yml", "rb") as file:
        hooks = yaml_load(file).get("hooks") or []
    unlisted = [
        f"{hook}: not listed in tools/zensical_check.py as changing nothing"
        for hook in hooks
        if hook not in HOOKS_THAT_CHANGE_NOTHING
    ]
    return found(
        "MkDocs hooks", unlisted, "; ".join(f"{hook} {why}" for hook, why in HOOKS_THAT_CHANGE_NOTHING.items())
    )


CHECKS = [
    check_pages,
    check_redirects,
    check_navigation,
    check_contract,
    check_headings,
    check_text,
    check_links,
    check_tooltips,
    check_head,
    check_notice,
    check_palette,
    check_assets,
    check_scripts_and_styles,
    check_policy,
    check_sitemap,
    check_search,
    check_theme,
    check_strict,
    check_hooks,
]


def compare(zensical: str, work: Path) -> tuple[Builds, list[Finding]]:
    """Build the project with both engines in `work`, and run every check on the two builds."""
    builds = build_both(zensical, work)
    findings = []
    for check in CHECKS:
        result = check(builds)
        findings += result if isinstance(result, list) else [result]
    return builds, findings


def report(findings: list[Finding]) -> bool:
    """Print the findings, most serious first; True if any DIFFERS."""
    for kind in ("DIFFERS", "expected", "ok"):
        for found_kind, name, detail in findings:
            if found_kind == kind:
                first, *rest = detail.splitlines() or [""]
                print(f"{kind:9} {name}: {first}")
                for line in rest:
                    print(f"{'':12}{line}")
    return any(kind == "DIFFERS" for kind, _, _ in findings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = ROOT / ".venv-zensical" / "bin" / "zensical"
    parser.add_argument("--zensical", default=str(default), help=f"the zensical command (default: {default})")
    parser.add_argument("--keep", type=Path, help="keep the copy and both builds in this folder")
    args = parser.parse_args()
    zensical = shutil.which(args.zensical)
    if not zensical:
        sys.exit(f"error: no Zensical at {args.zensical}: run `make zensical-check`, which installs it.")
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="zensical-check-") as temp:
        work = args.keep.resolve() if args.keep else Path(temp)
        shutil.rmtree(work, ignore_errors=True)
        try:
            builds, findings = compare(os.path.abspath(zensical), work)
        except BuildFailed as failure:
            sys.exit(str(failure))
    print(
        f"MkDocs (the build of record) vs Zensical {builds.version.split()[-1]}, in {time.monotonic() - start:.1f} s "
        '(README.md, "Zensical", explains what is expected):'
    )
    if report(findings):
        print("\nzensical-check: FAILED: the lines marked DIFFERS must match.")
        return 1
    print("\nzensical-check: passed: everything that must match does.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
