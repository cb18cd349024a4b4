"""Build the site with Zensical as well, and compare it with the MkDocs build.

MkDocs + Material stay the build of record. Zensical, Material's successor,
reads mkdocs.yml directly but runs neither our hooks (hooks/*.py) nor MkDocs
plugins: it has its own versions of some (glightbox, redirects, search). This
script keeps the way to Zensical open: it builds the project with both, then
reports each difference as one of

  DIFFERS   a difference that must not exist: the same pages, titles and
            navigation, every URL-contract anchor that no hook makes, the same
            headings, prose, links, tooltips and images. Exit status 1.
  expected  a known difference, explained in README.md ("Zensical"), mostly
            because a hook does not run. Listed with its size, so a change
            in it shows.
  ok        a check that found no difference.

Usage: `make zensical-check` (installs Zensical into .venv-zensical first), or
    python tests/zensical_check.py --zensical .venv-zensical/bin/zensical [--keep DIR]
with the site's own venv (it needs mkdocs, bs4 and PyYAML). Both builds happen
in a temporary folder: Zensical writes its site and a .cache folder beside the
config it reads, so it builds a copy of the project.
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
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

import yaml
from bs4 import BeautifulSoup

from pages import ROOT, build, copy_project, html_pages, load_contract

SITE_URL = "https://example.org/guide/"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
CITATION = re.compile(r"\[\^([a-z0-9-]+)\]")
# Not our prose: footnotes, their markers and permalinks, which differ by design.
NOT_PROSE = ".footnote, sup[id^='fnref'], .headerlink, .md-source-file, script, style"
# The sharing hook's foot of each page: review dates and the ready citation.
SHARING = ".guide-review, .guide-cite"


# ---------------------------------------------------------------- the builds


def build_mkdocs(out: Path) -> Path:
    result = build(out, SITE_URL)
    if result.returncode != 0:
        sys.exit(f"mkdocs build --strict failed:\n{result.stderr}")
    return out


@dataclass
class ZensicalBuild:
    site: Path
    version: str
    warnings: list[str]


def start_zensical(zensical: str, work: Path) -> tuple[subprocess.Popen, Path, str]:
    """Start `zensical build` on a copy of the project; finish_zensical() waits for it."""
    project = copy_project(work / "project")
    env = {**os.environ, "SITE_URL": SITE_URL, "NO_COLOR": "1"}
    version = subprocess.run([zensical, "--version"], capture_output=True, text=True).stdout.strip()
    process = subprocess.Popen([zensical, "build", "-f", "mkdocs.yml"], cwd=project, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return process, project, version


def finish_zensical(started: tuple[subprocess.Popen, Path, str]) -> ZensicalBuild:
    process, project, version = started
    output = ANSI.sub("", process.communicate()[0])
    if process.returncode != 0 or not (project / "site" / "index.html").is_file():
        sys.exit(f"zensical build failed (exit {process.returncode}):\n{output}")
    return ZensicalBuild(project / "site", version, zensical_warnings(output, project / "docs"))


def zensical_warnings(output: str, docs: Path) -> list[str]:
    """Each warning as 'message: file:line: the link it is about'.

    Zensical prints a warning as a framed excerpt of the source; this reads the
    message and the [ file:line:column ] location, and the link from the file.
    """
    warnings = []
    for match in re.finditer(r"Warning:\s*(.+?)\n.*?\[\s*([^\]\s]+):(\d+):(\d+)\s*\]", output, re.DOTALL):
        message, file, line, column = match[1].strip(), match[2], int(match[3]), int(match[4])
        try:
            text = (docs / file).read_text("utf-8").splitlines()[line - 1]
            start = text.rfind("(", 0, column) + 1
            target = re.match(r"[^)\s]*", text[start:])[0]
        except (OSError, IndexError):
            target = "?"
        warnings.append(f"{message}: {file}:{line}: {target}")
    return warnings


# ------------------------------------------------------------ reading a page


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def body(page: BeautifulSoup) -> BeautifulSoup | None:
    return page.select_one("article")


def absolute(base: str, href: str) -> str:
    """A link resolved against the page's own URL, so ./x and x compare equal."""
    return urljoin(base, href)


def short(urls) -> list[str]:
    """URLs on the site as /path, for the report."""
    return ["/" + u.removeprefix(SITE_URL) if u.startswith(SITE_URL) else u for u in urls]


def stripped(article: BeautifulSoup) -> BeautifulSoup:
    """A copy of the article without footnotes, their markers and permalinks."""
    article = copy.copy(article)
    for node in article.select(f"{NOT_PROSE}, {SHARING}"):
        node.decompose()
    return article


def prose_lines(article: BeautifulSoup) -> list[str]:
    """The stripped article's text, one sentence a line, without [^key] markers."""
    text = CITATION.sub("", article.get_text(" "))
    text = re.sub(r"\s+([.,;:!?%)])", r"\1", " ".join(text.split()))
    return [line for line in re.split(r"(?<=[.!?:])\s+", text) if line]


def hook_anchors() -> dict[str, set[str]]:
    """The anchors that hooks/bibliography.py makes on /sources/: topics and entries."""
    topics = yaml.safe_load((ROOT / "data" / "bibliography.yml").read_text("utf-8"))["topics"]
    return {"sources/": {t["id"] for t in topics} | {e["key"] for t in topics for e in t["entries"]}}


# ------------------------------------------------------------- the findings


@dataclass
class Report:
    findings: list[tuple[str, str, str]] = field(default_factory=list)

    def ok(self, check: str, detail: str):
        self.findings.append(("ok", check, detail))

    def expected(self, check: str, detail: str):
        self.findings.append(("expected", check, detail))

    def differs(self, check: str, detail: str):
        self.findings.append(("DIFFERS", check, detail))

    def check(self, check: str, problems: list[str], ok: str):
        """One finding: ok, or DIFFERS listing each problem."""
        if problems:
            self.differs(check, "\n".join(problems))
        else:
            self.ok(check, ok)

    @property
    def failed(self) -> bool:
        return any(kind == "DIFFERS" for kind, _, _ in self.findings)

    def print(self):
        for kind in ("DIFFERS", "expected", "ok"):
            for found, check, detail in self.findings:
                if found == kind:
                    lines = detail.splitlines() or [""]
                    print(f"{kind:9} {check}: {lines[0]}")
                    for line in lines[1:]:
                        print(f"{'':12}{line}")


def compare(mk: Path, zen: Path, zen_build: ZensicalBuild) -> Report:
    report = Report()
    mk_pages, zen_pages = html_pages(mk), html_pages(zen)

    # Pages: the same URLs, and a 404 page in both.
    only_mk, only_zen = sorted(set(mk_pages) - set(zen_pages)), sorted(set(zen_pages) - set(mk_pages))
    problems = [f"only MkDocs has /{u}" for u in only_mk] + [f"only Zensical has /{u}" for u in only_zen]
    problems += [f"{name} has no 404.html" for name, site in (("MkDocs", mk), ("Zensical", zen))
                 if not (site / "404.html").is_file()]
    report.check("pages", problems, f"the same {len(mk_pages)} pages, and a 404 page, in both")

    urls = sorted(set(mk_pages) & set(zen_pages))
    mk_soup = {u: soup(mk_pages[u]) for u in urls}
    zen_soup = {u: soup(zen_pages[u]) for u in urls}
    # Redirect pages (redirects plugin / Zensical's own) have no article: compare their targets.
    redirects = [u for u in urls if body(mk_soup[u]) is None or body(zen_soup[u]) is None]
    problems = []
    for u in redirects:
        targets = [s[u].select_one("link[rel=canonical]") for s in (mk_soup, zen_soup)]
        hrefs = [absolute(SITE_URL + u, t["href"]) if t else None for t in targets]
        if hrefs[0] != hrefs[1]:
            problems.append(f"/{u} redirects to {hrefs[0]} in MkDocs, {hrefs[1]} in Zensical")
    report.check("redirect pages", problems, f"{len(redirects)} redirect page(s), same targets")
    urls = [u for u in urls if u not in redirects]

    # Titles, descriptions, canonical links, navigation and previous/next links.
    made_by_hooks = hook_anchors()
    problems = []
    for u in urls:
        base = SITE_URL + u
        for what, read in (
            ("title", lambda s: s.title.get_text()),
            ("description", lambda s: (s.select_one("meta[name=description]") or {}).get("content")),
            ("canonical link", lambda s: (s.select_one("link[rel=canonical]") or {}).get("href")),
            ("navigation", lambda s: [(absolute(base, a["href"]), " ".join(a.get_text().split()))
                                      for a in s.select(".md-nav--primary a.md-nav__link[href]")
                                      if a["href"].lstrip("#") not in made_by_hooks.get(u, ())]),
            ("footer links", lambda s: [absolute(base, a["href"]) for a in s.select(".md-footer a[href]")]),
        ):
            a, b = read(mk_soup[u]), read(zen_soup[u])
            if a != b:
                problems.append(f"/{u} {what}: MkDocs {a!r:.200}\n  Zensical {b!r:.200}")
    report.check("titles and navigation", problems,
                 "titles, descriptions, canonical links, navigation and previous/next links match")

    # The URL contract: every anchor present, except those a hook makes.
    contract = load_contract()
    wanted = [(page, anchor) for page, anchors in contract["pages"].items() for anchor in anchors]
    wanted += [(r["page"], r[key]) for r in contract.get("renamed") or [] for key in ("old", "new")]
    missing, by_hook = [], []
    for page, anchor in wanted:
        if page not in zen_pages:
            missing.append(f"/{page} (the whole page)")
            continue
        if zen_soup.get(page) is not None and zen_soup[page].find(id=anchor):
            continue
        if mk_soup.get(page) is not None and not mk_soup[page].find(id=anchor):
            continue  # missing from the build of record too: the contract tests report it
        (by_hook if anchor in made_by_hooks.get(page, ()) else missing).append(f"/{page}#{anchor}")
    report.check("URL-contract anchors", [f"missing in Zensical: {m}" for m in missing],
                 f"{len(wanted) - len(by_hook)} of {len(wanted)} present; the other {len(by_hook)} are hook-made (expected)")
    if by_hook:
        report.expected("bibliography hook: /sources/ anchors",
                        f"{len(by_hook)} contract anchors missing, e.g. {', '.join(by_hook[:3])}")

    # Headings: the same ids in the same order, apart from hook-made ones.
    problems = []
    for u in urls:
        ids = [[h.get("id") for h in body(s[u]).select("h1, h2, h3, h4, h5, h6")
                if h.get("id") not in made_by_hooks.get(u, ())] for s in (mk_soup, zen_soup)]
        if ids[0] != ids[1]:
            problems.append(f"/{u}: only MkDocs {sorted(set(ids[0]) - set(ids[1]))}, "
                            f"only Zensical {sorted(set(ids[1]) - set(ids[0]))}, or another order")
    report.check("headings", problems, "every heading id matches, in order (hook-made ones aside)")

    footed = [u for u in urls if body(mk_soup[u]).select(SHARING) and not body(zen_soup[u]).select(SHARING)]
    if footed:
        report.expected("sharing hook: review dates and citation box",
                        f"shown at the foot of {len(footed)} pages in MkDocs only")
    mk_text = {u: stripped(body(mk_soup[u])) for u in urls}
    zen_text = {u: stripped(body(zen_soup[u])) for u in urls}

    # Prose. Where a hook inserts content (the bibliography on /sources/, the
    # glossary list on /about/), Zensical's lines must still all be MkDocs's.
    hook_pages = {"sources/": "bibliography hook: /sources/ entries", "about/": "glossary hook: /about/#glossary list"}
    problems = []
    for u in urls:
        a, b = prose_lines(mk_text[u]), prose_lines(zen_text[u])
        if a == b:
            continue
        if u in hook_pages and not (Counter(b) - Counter(a)):
            report.expected(hook_pages[u], f"{len(a) - len(b)} sentences not rendered, e.g. {(Counter(a) - Counter(b)).most_common(1)[0][0][:70]!r}")
            continue
        problems.append(f"/{u}: the text differs: only MkDocs {list((Counter(a) - Counter(b)).elements())[:2]}, "
                        f"only Zensical {list((Counter(b) - Counter(a)).elements())[:2]}")
    report.check("prose", problems, "the same text on every page (footnotes and hook-made lists aside)")

    # Footnotes: the bibliography hook writes them, so Zensical leaves [^key] as text.
    mk_notes = sum(len(body(mk_soup[u]).select(".footnote li")) for u in urls)
    zen_notes = sum(len(body(zen_soup[u]).select(".footnote li")) for u in urls)
    raw = sum(len(CITATION.findall(body(zen_soup[u]).get_text())) for u in urls)
    if mk_notes != zen_notes or raw:
        report.expected("bibliography hook: citations",
                        f"{raw} citations left as [^key] text; footnotes: MkDocs {mk_notes}, Zensical {zen_notes}")
    else:
        report.ok("citations", f"{mk_notes} footnotes in both (has Zensical learnt the hook? update README)")

    # Links in the article: the same targets (footnote links aside).
    def links(article, u):
        return Counter(absolute(SITE_URL + u, a["href"]) for a in article.select("a[href]"))
    problems = []
    for u in urls:
        a, b = links(mk_text[u], u), links(zen_text[u], u)
        if u in hook_pages:
            a = a & b if not (b - a) else a  # hook-made entries link out; Zensical may only lack them
        if a != b:
            problems.append(f"/{u}: only MkDocs {short(sorted((a - b).elements()))[:4]}, "
                            f"only Zensical {short(sorted((b - a).elements()))[:4]}")
    report.check("links", problems, "every link in the text has the same target (footnotes aside)")

    # Glossary tooltips (abbr + pymdownx.snippets auto_append): the same terms.
    # The glossary hook keeps the markup on a term's first use in each section
    # only, so the count differs and the set of terms must not.
    def tooltips(article):
        return Counter((a.get_text(), a.get("title")) for a in article.select("abbr") if not a.find_parent("dl"))
    problems = []
    for u in urls:
        a, b = tooltips(mk_text[u]), tooltips(zen_text[u])
        if set(a) != set(b) and u not in hook_pages:
            problems.append(f"/{u}: only MkDocs {sorted(set(a) - set(b))[:3]}, only Zensical {sorted(set(b) - set(a))[:3]}")
    report.check("glossary tooltips", problems, "the same terms explained in the text of every page")
    repeats = [sum(tooltips(s[u]).total() for u in urls) for s in (mk_text, zen_text)]
    if repeats[0] != repeats[1]:
        report.expected("glossary hook", f"{repeats[1]} marked-up uses of terms, not {repeats[0]} (one per term per section)")

    # Images: the same <img> in each article, and every file from docs/ byte-identical.
    problems = []
    for u in urls:
        srcs = [[absolute(SITE_URL + u, i["src"]) for i in body(s[u]).select("img")] for s in (mk_soup, zen_soup)]
        if srcs[0] != srcs[1]:
            problems.append(f"/{u}: MkDocs shows {short(srcs[0])}, Zensical {short(srcs[1])}")
        lightbox = [len(body(s[u]).select("a.glightbox")) for s in (mk_soup, zen_soup)]
        if lightbox[0] != lightbox[1]:
            problems.append(f"/{u}: {lightbox[0]} lightbox links in MkDocs, {lightbox[1]} in Zensical")
    assets = [p.relative_to(ROOT / "docs") for p in (ROOT / "docs").rglob("*") if p.is_file() and p.suffix != ".md"]
    for asset in sorted(assets):
        if not (zen / asset).is_file():
            problems.append(f"{asset} is missing from the Zensical build")
        elif (zen / asset).read_bytes() != (mk / asset).read_bytes():
            problems.append(f"{asset} differs between the builds")
    images = sum(len(body(mk_soup[u]).select("img")) for u in urls)
    boxed = sum(len(body(mk_soup[u]).select("a.glightbox")) for u in urls)
    report.check("images and assets", problems, f"the same {images} images in the pages ({boxed} in lightboxes); "
                 f"all {len(assets)} files from docs/ identical")

    # Search: an index that covers the same pages (hook-made sections aside).
    mk_index = json.loads((mk / "search" / "search_index.json").read_text("utf-8"))["docs"]
    zen_file = zen / "search.json"
    if not zen_file.is_file():
        report.differs("search", "Zensical wrote no search.json")
    else:
        zen_index = json.loads(zen_file.read_text("utf-8"))["items"]
        # MkDocs indexes a page's h1 as page#h1-id, Zensical as the page itself.
        titles = {f"{u}#{h1['id']}": u for u in urls if (h1 := body(mk_soup[u]).select_one("h1[id]"))}
        pages_in = [{d["location"].split("#")[0] for d in index} for index in (mk_index, zen_index)]
        sections = [{titles.get(d["location"], d["location"]) for d in index} for index in (mk_index, zen_index)]
        hook_sections = {f"{p}#{a}" for p, anchors in made_by_hooks.items() for a in anchors}
        lost = sorted(sections[0] - sections[1] - hook_sections)
        report.check("search", [f"pages indexed: MkDocs {sorted(pages_in[0])}, Zensical {sorted(pages_in[1])}"]
                     * (pages_in[0] != pages_in[1]) + [f"sections not in Zensical's index: {lost}"] * bool(lost),
                     f"both index the same {len(pages_in[0])} pages and sections (hook-made ones aside)")
        report.expected("search engine", "Zensical's own index (search.json, "
                        f"{len(zen_index)} entries) replaces lunr's (search/search_index.json, {len(mk_index)})")

    # Our stylesheets and scripts (extra_css, extra_javascript): linked from every page in both.
    ours = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*") if p.suffix in (".css", ".js")}

    def own_assets(s, u):
        refs = [e.get("href") for e in s[u].select("link[rel=stylesheet][href]")] + [e.get("src") for e in s[u].select("script[src]")]
        return [short([absolute(SITE_URL + u, r)])[0].lstrip("/") for r in refs]
    problems = []
    for u in urls:
        a, b = ([r for r in own_assets(s, u) if r in ours] for s in (mk_soup, zen_soup))
        if a != b:
            problems.append(f"/{u}: MkDocs links {a}, Zensical {b}")
    report.check("stylesheets and scripts", problems, f"every page links our {len(ours)} stylesheets and scripts in both")

    # Requests to other servers: Zensical's bundle fetches some features' code from a CDN.
    bundle = "".join(p.read_text("utf-8", "replace") for p in (zen / "assets" / "javascripts").glob("bundle.*.js"))
    features = {"glightbox": any(body(zen_soup[u]).select("a.glightbox") for u in urls),
                "mermaid": any(body(zen_soup[u]).select(".mermaid") for u in urls)}
    fetched = sorted({url for name, used in features.items() if used
                      for url in re.findall(rf"https://unpkg\.com/{name}[^\"'`\s]*", bundle)})
    if fetched:
        report.expected("third-party requests", "Zensical's pages load " + ", ".join(fetched) +
                        " at run time; MkDocs self-hosts them, and /about/#privacy promises no such request")

    # Sitemap: the same URLs.
    def sitemap(site):
        return sorted(re.findall(r"<loc>\s*(.*?)\s*</loc>", (site / "sitemap.xml").read_text("utf-8")))
    report.check("sitemap", [f"MkDocs {sitemap(mk)}\nZensical {sitemap(zen)}"] * (sitemap(mk) != sitemap(zen)),
                 f"sitemap.xml lists the same {len(sitemap(mk))} URLs (Zensical writes no sitemap.xml.gz)")

    # Hooks that do not run, measured.
    notice = [" ".join(s[""].select_one(".guide-notice").get_text().split()) if s[""].select_one(".guide-notice") else ""
              for s in (mk_soup, zen_soup)]
    if notice[0] != notice[1]:
        report.expected("notice hook", f"banner says {notice[1]!r}, not {notice[0]!r}")
    focusable = [sum(len(s[u].select("abbr[tabindex]")) for u in urls) for s in (mk_soup, zen_soup)]
    zen_html = "".join(zen_pages[u].read_text("utf-8") for u in urls)
    mends = [f"{focusable[1]} of {focusable[0]} glossary terms focusable"]
    mends += ["checkbox toggles keep autocomplete=off"] * ('class="md-toggle"' in zen_html and 'autocomplete="off"' in zen_html)
    report.expected("valid_html hook", "; ".join(mends) + " (Zensical's templates are its own: re-check HTML validity and axe)")

    # The theme: Zensical's default look is its own "modern" variant.
    variant = re.search(r"stylesheets/(\w+)/main\.", zen_pages[""].read_text("utf-8"))
    if variant and variant[1] != "classic":
        report.expected("theme variant", f"Zensical uses its {variant[1]!r} look; theme.variant: classic keeps Material's")
    else:
        report.ok("theme variant", "Zensical uses Material's classic look")

    # Zensical's own warnings: a link to a hook-made anchor is expected.
    hook_targets = {f"{p.rstrip('/')}.md#{a}" for p, anchors in made_by_hooks.items() for a in anchors}
    unexpected = [w for w in zen_build.warnings if w.rsplit(": ", 1)[-1] not in hook_targets]
    expected = [w for w in zen_build.warnings if w not in unexpected]
    report.check("Zensical warnings", unexpected, "none but those below")
    if expected:
        report.expected("Zensical warnings", f"{len(expected)} link(s) to hook-made anchors, "
                        "so `zensical build --strict` fails:\n" + "\n".join(expected))
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = ROOT / ".venv-zensical" / "bin" / "zensical"
    parser.add_argument("--zensical", default=str(default), help=f"the zensical command (default: {default})")
    parser.add_argument("--keep", type=Path, help="keep both builds in this folder (mkdocs/, zensical/)")
    args = parser.parse_args()
    args.keep = args.keep and args.keep.resolve()
    zensical = shutil.which(args.zensical)
    if not zensical:
        sys.exit(f"error: no Zensical at {args.zensical}: run `make zensical-check`, which installs it.")

    os.chdir(ROOT)  # mkdocs.yml's snippets base_path is relative to the working folder
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="zensical-check-") as temp:
        work = args.keep or Path(temp)
        if args.keep:
            shutil.rmtree(work / "mkdocs", ignore_errors=True)
            shutil.rmtree(work / "zensical", ignore_errors=True)
        started = start_zensical(os.path.abspath(zensical), work / "zensical")  # both builds at once
        mk = build_mkdocs(work / "mkdocs")
        zen_build = finish_zensical(started)
        report = compare(mk, zen_build.site, zen_build)
    print(f"MkDocs (the build of record) vs Zensical {zen_build.version.split()[-1]}, in {time.monotonic() - start:.1f} s "
          "(README.md, \"Zensical\", explains what is expected):")
    report.print()
    if report.failed:
        print("\nzensical-check: FAILED: the lines marked DIFFERS must match.")
        return 1
    print("\nzensical-check: passed: everything that must match does.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
