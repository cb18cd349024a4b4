"""Build the site and read it: its pages, their body text and readability.

Shared by the tests and the bench, and usable by hand: `python -m tools.pages SITE_DIR`
prints each page's Flesch-Kincaid grade and longest sentences.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import textstat
from bs4 import BeautifulSoup

from tools import ROOT, read_yaml, read_yaml_file
from tools.bibliography import Bibliography
from tools.changes import read_changelog
from tools.csp import secure_site

# Text that is not our own prose: citation titles, footnotes, code, permalinks.
NOT_PROSE = ".footnote, .headerlink, .citation, script, style, .md-source-file"
BLOCKS = "h1, h2, h3, h4, p, li, dt, dd, td, th, figcaption, summary, .admonition-title"

# Everything the build and the tools read, for a copy of the project (generated files are made again).
PROJECT_PARTS = (
    "mkdocs.yml",
    "pyproject.toml",
    "linkcheckerrc",
    "docs",
    "overrides",
    "includes",
    "data",
    "hooks",
    "tools",
)
NOT_COPIED = shutil.ignore_patterns("__pycache__", "generated", "social", "links.json", "robots.txt")


def read_facts(tests: Path) -> list[dict]:
    """The article's facts every rebuild keeps (facts.yml in the `tests` folder), or an InputError
    naming the line and column of what is wrong in it."""
    return read_yaml_file(tests / "facts.yml", tests.parent)


def copy_project(copy: Path) -> Path:
    """A throwaway copy of everything the build reads, to plant faults in or build elsewhere."""
    copy.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, copy / part, ignore=NOT_COPIED)
        else:
            shutil.copy2(source, copy / part)
    return copy


def clone(copy: Path, checkout: Path = ROOT) -> Path:
    """A copy of every file git tracks, as a fresh clone has them, sharing the checkout's installed
    .venv, .venv-zensical and node_modules: where a test runs a `make` target as a maintainer would."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=checkout, capture_output=True, text=True, check=True)
    for name in files.stdout.split("\0"):
        if name and (checkout / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(checkout / name, copy / name)  # with its time, so make sees the installs as newer
    for installed in (".venv", "node_modules", ".venv-zensical"):
        if (checkout / installed).exists():
            (copy / installed).symlink_to((checkout / installed).resolve())
    # A repository of its own, as a clone is: the suite's own copies list the files git tracks.
    subprocess.run(["git", "init", "-q"], cwd=copy, check=True, capture_output=True)
    commit(copy, "A copy of the project")
    return copy


def commit(copy: Path, message: str):
    """Commit everything in `copy`, as a maintainer does before CI runs on a clean clone."""
    git = ["git", "-c", "user.name=copy", "-c", "user.email=copy@localhost"]
    for command in (["add", "-A"], ["commit", "-q", "--allow-empty", "-m", message]):
        subprocess.run(git + command, cwd=copy, check=True, capture_output=True)


# What a make or test run around it sets, which a maintainer's own run in the copy would not have.
NOT_PASSED_ON = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "GUIDE_PROJECT", "RECIPES_MAKE_TEST")


def make(project: Path, target: str, timeout: int = 120, **extra: str) -> subprocess.CompletedProcess:
    """`make <target>` in `project`, as a maintainer runs it there, apart from any make or test run around
    it; `extra` sets environment variables for it."""
    env = {k: v for k, v in os.environ.items() if k not in NOT_PASSED_ON} | extra
    return subprocess.run(
        ["make", "--no-print-directory", target], cwd=project, env=env, capture_output=True, text=True, timeout=timeout
    )


BIBLIOGRAPHY = Bibliography(ROOT)


def front_matter(source: Path) -> dict:
    """A Markdown page's front matter."""
    return read_yaml(source.read_text("utf-8").split("---\n")[1])


def source_of(url: str, project: Path = ROOT) -> Path:
    """The Markdown file a page URL is built from."""
    return project / "docs" / ("index.md" if url == "" else url.rstrip("/") + ".md")


def load_contract(project: Path = ROOT) -> dict:
    """The URL contract: every public page with its #anchors, and renamed anchors."""
    return read_yaml((project / "data" / "url-contract.yml").read_text("utf-8"))


def a_section_to_rename(page: str, project: Path = ROOT) -> str:
    """The id of the page's first ### section that no rename has touched yet: what the tests of
    the rename recipe rename, so that a real rename (of any section) leaves them working."""
    touched = {entry[end] for entry in load_contract(project)["renamed"] or [] for end in ("old", "new")}
    ids = re.findall(r"^### .*\{ #([a-z0-9-]+) \}$", source_of(page, project).read_text("utf-8"), re.MULTILINE)
    return next(id for id in ids if id not in touched)


def rename_section(project: Path, page: str, old: str, new: str):
    """Rename a section as CONTRIBUTING.md ("Rename a section") says: the heading takes the new id, an
    empty element just before it keeps the old one, and the contract records the rename."""
    source = source_of(page, project)
    text, count = re.subn(
        rf"^(#+ .*)\{{ #{old} \}}$",
        rf'<div id="{old}"></div>\n\n\1{{ #{new} }}',
        source.read_text("utf-8"),
        flags=re.MULTILINE,
    )
    assert count == 1, f"cannot rename: {source.name} has no heading {{ #{old} }}"
    source.write_text(text, "utf-8")
    contract = project / "data" / "url-contract.yml"
    entry = f"  - {{page: {page}, old: {old}, new: {new}}}\n"
    text = contract.read_text("utf-8")
    contract.write_text(
        text.replace("renamed: []\n", "renamed:\n" + entry) if "renamed: []" in text else text + entry, "utf-8"
    )


# Every public page ("" for home, "toning/", ...), and the exercises, each of
# which has a "-muscles" section, from the URL contract.
PAGES = list(load_contract()["pages"])
EXERCISES = [a.removesuffix("-muscles") for a in load_contract()["pages"]["exercises/"] if a.endswith("-muscles")]

# The topic pages, which answer part of the question (CONTRIBUTING.md): every page but home
# whose front matter names no other schema. Each cites sources and has a "What the research adds" box.
TOPIC_PAGES = [url for url in PAGES if url and "schema" not in front_matter(source_of(url))]

# The browser sizes and colour settings the browser tests use.
SIZES = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}
SCHEMES = {"light": "light", "dark": "dark"}

# What a page's colour scheme changes is its colours, and what its width changes is its layout.
# So axe runs all its rules at two settings, light on a phone and dark on a desktop, which between
# them show every layout in both schemes (tests/test_accessibility.py). IBM's engine, the slower by
# far, runs once a page: at one of those two settings, page by page in turn, so that it too reads
# both layouts and both schemes across the site. The guards look a page's setting up here.
FULL_RUNS = [("light", "phone"), ("dark", "desktop")]
PAGES_CHECKED = PAGES + ["no-such-page/"]
EQUAL_ACCESS_RUN = {url: FULL_RUNS[n % 2] for n, url in enumerate(PAGES_CHECKED)}

# Byte budgets (gzip, as GitHub Pages serves), held by tests/test_performance.py and
# reported by `make bench`. A first visit loads the search index (about 32 kB) with the
# page, and counts each diagram as the reader scrolls to it (the exercises page has five).
# A move to the next page fetches its HTML alone. The exercises and questions pages carry
# five exercises with their safety advice and more than twenty answers, each figure with
# who was studied: about 19 and 20 kB of gzipped HTML on their own, so no move to them
# fits the 14 kB of a slow connection's first round trip. Both budgets rose (from 125 and
# 20 kB) when those pages said who was studied beside every figure: text, not code. The
# first visit's rose again (from 145 kB) when the three plans, with their rules, how-tos and
# weekly tables, joined the search index, which a first visit loads.
FIRST_VISIT_BUDGET = 155_000
NEXT_PAGE_BUDGET = 22_000

# Length budgets: how many screens of a phone (SCREEN, a common phone's viewport in CSS pixels)
# each page may fill, with every disclosure closed, as the page loads: its height divided by
# the screen's. Held by tests/test_performance.py. The practical pages must stay short enough to
# read on a phone; the reference pages (sources/, about/, changes/) are held at their length
# when the budgets were set, rounded up, so that they grow only by a decision to raise it here.
SCREEN = {"width": 390, "height": 844}


def changes_budget(project: Path = ROOT) -> float:
    """The change log's length budget: a screen, and a seventh of one for each thing it says
    changed (an item takes one or two lines on a phone), so a new entry needs no new budget."""
    items = sum(len(changes or []) for review in read_changelog(project) for changes in review["pages"].values())
    return round(1 + items / 7, 1)


SCREEN_BUDGETS = {
    "": 5.1,
    "toning/": 6.3,
    "spot-reduction/": 5.6,
    "running-biomechanics/": 11.9,
    # Raised from 18 when each exercise's "How much to do" listed its numbered steps, which the plans
    # use, the sore-knee advice covered the machine and the cable, and effort covered high blood pressure.
    "exercises/": 20.5,
    # Each plan says before its weeks how to do each exercise and when to stop, so that it
    # can be followed on paper; its key points link straight to week 1.
    "home-plan/": 12,
    "gym-plan/": 13,
    "runner-plan/": 13,
    # Raised from 15 when the groin-pain answer said where to restart, and to ask first after a strain.
    "faq/": 15.2,
    # Raised from 25 when each source read in a public copy said where ("Checked at"), and
    # the Key points box took the body text's size: what a reader checking a source needs.
    "sources/": 26,
    # Raised from 15 when the rubric gained its fourth label, the page named the article the
    # guide was rebuilt from, and the Key points box took the body text's size.
    "about/": 17,
    # The change log grows at each review: its budget grows with it (changes_budget, below).
    "changes/": changes_budget(),
}

# Material's script sets up a tooltip for each element with a title in a page's content
# (content.tooltips): on a slow phone each costs about 6 ms of blocking time. With a title
# on each heading's ¶ link, /exercises/ had 139 and blocked a phone for about 730 ms;
# without, 81 and about 350 ms (Lighthouse, 5 runs each). The glossary terms, the
# footnotes' ways back and the drawings' links keep theirs: readers use them.
TOOLTIP_BUDGET = 100

# A project site lives under /<repo>/: serving it there proves no link assumes the domain root.
REPO_PATH = "/some-repo/"


def debian(executable: str) -> str | None:
    """The Chromium in $CHROMIUM, else Debian's `executable`; None (Playwright's own) where neither exists."""
    path = Path("/usr/bin") / executable
    return os.environ.get("CHROMIUM") or (str(path) if path.exists() else None)


# The browser tests and screenshots run in Chromium's headless shell, which is what Playwright
# itself runs headless: the engine of Debian's `chromium`, from the same source package, without
# the desktop browser around it. The suite takes about two thirds of the time it takes in `chromium`.
CHROMIUM = debian("chromium-headless-shell")
# Lighthouse (`make bench`) measures the whole browser, as readers run it.
BENCH_CHROMIUM = debian("chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def build(out: Path, site_url: str, project: Path = ROOT) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of `project` into `out`, as served from `site_url`, then its
    Content-Security-Policy (tools/csp.py), as `make build` does."""
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(out)],
        env=env,
        capture_output=True,
        text=True,
        cwd=project,  # snippets' base_path is relative to it
    )
    if result.returncode == 0:
        # What it blocks is left for the browser tests to catch, as a reader would meet it.
        secure_site(out, project)
    return result


def html_pages(site: Path) -> dict[str, Path]:
    """Every built HTML page, keyed by its URL path below the site root."""
    pages = {}
    for path in sorted(site.rglob("index.html")):
        url = path.parent.relative_to(site).as_posix()
        pages["" if url == "." else url + "/"] = path
    return pages


def article(html: str) -> BeautifulSoup:
    """The page's main content: Material's article element."""
    soup = BeautifulSoup(html, "html.parser")
    return soup.select_one("article.md-content__inner")


def prose(html: str) -> str:
    """The page's body text as sentences, one block a line, for readability."""
    body = article(html)
    for node in body.select(NOT_PROSE):
        node.decompose()
    lines = []
    for block in body.select(BLOCKS):
        if block.find(BLOCKS.split(", ")):
            continue
        text = " ".join(block.get_text().split())
        if text:
            lines.append(text if text[-1] in ".!?:" else text + ".")
    return "\n".join(lines)


def grade(html: str) -> float:
    return textstat.flesch_kincaid_grade(prose(html))


def long_sentences(html: str, limit: int = 25) -> list[str]:
    sentences = re.split(r"(?<=[.!?])\s+", prose(html))
    return [s for s in sentences if len(s.split()) > limit]


if __name__ == "__main__":
    for url, path in html_pages(Path(sys.argv[1])).items():
        html = path.read_text("utf-8")
        print(f"/{url}: grade {grade(html):.1f}")
        for sentence in long_sentences(html):
            print(f"    long ({len(sentence.split())} words): {sentence[:120]}")
