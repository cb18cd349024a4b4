"""Each guard catches the fault it guards: faults are planted in a copy of the project.

A check that cannot fail protects nothing. So each test here plants one fault in a
throwaway copy of the project (never the working tree), runs the real check against
the copy, and asserts that it fails, naming the file or page and the kind of fault.

To stay fast, one copy holds several faults, each where no other guard in the
same run would notice it, and each test checks that its own guard named its own
fault:

- Faults the strict build reports: one build (strict mode lists every warning).
- The suite's other guards run as `make test` runs them: one pytest run of their
  cases, against the copy (tools/__init__.py reads it from GUIDE_PROJECT). Guards
  that read the sources run on one copy, with no build; guards that read the
  built site run on another: one build, one browser, one HTML check.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from mkdocs.config import load_config

from tools import CHECKOUT, read_yaml, zensical_check
from tools.linkcheck import broken_anchors, broken_links
from tools.pages import (
    BIBLIOGRAPHY,
    EQUAL_ACCESS_RUN,
    PAGES,
    REPO_PATH,
    ROOT,
    SCREEN_BUDGETS,
    a_section_to_rename,
    build,
    clone,
    copy_project,
    front_matter,
    make,
    read_facts,
    rename_section,
    source_of,
)
from tools.pages_server import PagesServer
from tools.repository import PLACEHOLDER


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


def plant(project: Path, page: str, text: str):
    """Append a paragraph to a page of the copy."""
    with (project / "docs" / page).open("a", encoding="utf-8") as file:
        file.write("\n\n" + text + "\n")


def edit(project: Path, file: str, pattern: str, replacement: str | Callable[[re.Match], str], flags=re.MULTILINE):
    """Replace `pattern` in a file of the copy; planting nothing is an error, not a pass."""
    path = project / file
    text, count = re.subn(pattern, replacement, path.read_text("utf-8"), flags=flags)
    assert count, f"cannot plant the fault: {pattern!r} is not in {file} any more"
    path.write_text(text, "utf-8")


# ------------------------------------------------------------ the strict build


def first_section(page: str) -> str:
    """The id of a page's first ## section, as the page gives it."""
    found = re.search(r"^## .*\{ #([a-z0-9-]+) \}$", (ROOT / "docs" / page).read_text("utf-8"), re.MULTILINE)
    assert found, f"docs/{page} has no ## section with an id"
    return found[1]


LOST = first_section("running-biomechanics.md")


# Each fault on a page of its own, so one build shows them all: strict mode reports every
# warning, each naming its page, before it fails the build. A fault is text appended to the
# page, or an edit of the copy; what the build must say about it, once, names the page.
STRICT_FAULTS: dict[str, tuple[str, str | Callable[[Path], None], tuple[str, ...]]] = {
    "broken-page-link": ("toning.md", "See [a missing page](no-such-page.md).", ("'no-such-page.md'",)),
    "broken-anchor-link": (
        "faq.md",
        "See [a missing section](spot-reduction.md#no-such-anchor).",
        ("'#no-such-anchor'",),
    ),
    "missing-image": (
        "about.md",
        "![A picture that is not there](assets/no-such-image.svg)",
        ("'assets/no-such-image.svg'",),
    ),
    "unknown-citation": (
        "index.md",
        "Fat loss is whole-body[^no-such-source].",
        ("docs/index.md:", "[^no-such-source] is not a key in data/bibliography.yml: correct the key, or add"),
    ),
    "section-not-in-contract": (
        "spot-reduction.md",
        "## A new part { #a-new-part }\n\nIts text.",
        ("docs/spot-reduction.md:", "section #a-new-part ('A new part') is not in data/url-contract.yml: add the line"),
    ),
    "page-not-in-contract": ("planted.md", "# A new page", ("docs/planted.md:1:1: the page is not in", "add the line")),
    "page-without-front-matter": ("planted.md", "", ("docs/planted.md:1:1: the front matter has no title",)),
    "contract-anchor-removed": (
        "running-biomechanics.md",
        lambda copy: edit(copy, "docs/running-biomechanics.md", rf" \{{ #{LOST} \}}$", ""),
        (
            "data/url-contract.yml:",
            f"docs/running-biomechanics.md no longer has the section #{LOST}",
            f"restore `{{ #{LOST} }}` on its heading, or rename it",
        ),
    ),
    "heading-lost-its-id": (
        "running-biomechanics.md",
        "",
        ("docs/running-biomechanics.md:", f"has no id of its own: if it was #{LOST}, restore that id"),
    ),
    "duplicate-id": (
        "changes.md",
        '<p id="said-twice">Once.</p>\n\n<p id="said-twice">Twice.</p>',
        ("docs/changes.md:", "the id #said-twice is on two elements of the page"),
    ),
}


@pytest.fixture(scope="session")
def strict_build(tmp_path_factory, once) -> subprocess.CompletedProcess:
    def build_with_faults() -> subprocess.CompletedProcess:
        copy = copy_project(tmp_path_factory.mktemp("strict") / "project")
        for page, fault, _ in STRICT_FAULTS.values():
            if callable(fault):
                fault(copy)
            elif fault:
                plant(copy, page, fault)
        return build(copy.parent / "out", f"http://127.0.0.1{REPO_PATH}", copy)

    return once("strict-build", build_with_faults)


@pytest.mark.parametrize("fault", STRICT_FAULTS)
def test_strict_build_fails_naming_the_file(strict_build, fault):
    page, _, says = STRICT_FAULTS[fault]
    assert strict_build.returncode != 0, f"the build passed with planted faults:\n{strict_build.stderr}"
    warnings = [line for line in strict_build.stderr.splitlines() if page in line and all(s in line for s in says)]
    assert len(warnings) == 1, (
        f"the build did not report {says} about {page} once, but {len(warnings)} times:\n{strict_build.stderr}"
    )


def test_make_check_fails_on_an_inline_script(tmp_path):
    """`make check` runs the security policy's check on its strict build, as `make build` and CI do."""
    copy = clone(tmp_path / "clone", CHECKOUT)
    plant(copy, "sources.md", "<script>document.title = 'planted'</script>")
    result = make(copy, "check")
    says = "error: docs/sources.md:"
    assert result.returncode != 0, f"make check passed with an inline script planted in sources.md:\n{result.stderr}"
    said = [line for line in result.stderr.splitlines() if line.startswith(says)]
    assert len(said) == 1 and "an inline script no template wrote (document.title = 'planted')" in said[0], (
        f"make check did not name the inline script in sources.md in one line:\n{result.stderr[-3000:]}"
    )


NEWLINE = "\n"


def test_the_placeholder_repository_warns_locally_and_fails_in_github_actions(project):
    """A fork publishes links to itself: the workflow sets REPO_URL, and the placeholder is said once."""
    workflow = read_yaml((CHECKOUT / ".github" / "workflows" / "site.yml").read_text("utf-8"))
    assert workflow["env"]["REPO_URL"] == "${{ github.server_url }}/${{ github.repository }}", (
        ".github/workflows/site.yml does not set REPO_URL from the repository it runs in"
    )
    config = (project / "mkdocs.yml").read_text("utf-8")
    setting = re.search(r"^repo_url:", config, re.MULTILINE)
    assert setting, "mkdocs.yml has no repo_url"
    line = f"mkdocs.yml:{config[: setting.start()].count(NEWLINE) + 1}:1:"
    env = {k: v for k, v in os.environ.items() if k not in ("REPO_URL", "GITHUB_ACTIONS")}
    fork = {"REPO_URL": "https://github.com/a-fork/running-inner-thighs", "GITHUB_ACTIONS": "true"}
    for case, extra, code, says in (
        ("a local build", {}, 0, [f"warning: {line} repo_url is the placeholder {PLACEHOLDER}"]),
        ("GitHub Actions without REPO_URL", {"GITHUB_ACTIONS": "true"}, 1, [f"error: {line} repo_url is"]),
        ("GitHub Actions in a fork", fork, 0, []),
    ):
        run = subprocess.run(
            [sys.executable, "-m", "tools.generate", str(project)], env={**env, **extra}, capture_output=True, text=True
        )
        lines = [text for text in run.stderr.splitlines() if "repo_url" in text]
        assert run.returncode == code and [any(s in text for text in lines) for s in says] == [True] * len(says), (
            f"in {case}, tools.generate ended {run.returncode}, not {code}, and said {lines}, not {says}"
        )
        assert len(lines) == len(says), f"in {case}, tools.generate said the placeholder {len(lines)} times: {lines}"


# A line of YAML broken as a hand edit breaks it, in each data file the build reads: by case,
# the file and the edit.
BROKEN_YAML = {
    "bibliography": ("data/bibliography.yml", r"^(    name: Randomised trial)$", r"\1: by chance"),
    "changelog": ("data/changelog.yml", r"^(reviews:)$", r"\1\n  - date: [2026"),
    # A change-log item with ': ' in it, which YAML reads as a mapping, not as text.
    "changelog-item": ("data/changelog.yml", r"^(        - )New page\.", r"\1New page: "),
    "claims": ("data/claims.yml", r"\A", "- id: planted\n label textbook\n  sources: []\n"),
    "exercises": ("data/exercises.yml", r"^(    rest: 1 minute)$", r"\1: between sets"),
    "plans": ("data/plans.yml", r"^(  days: \[Mon, Thu\])$", r"\1\n  - Sat"),
    # A plan asking for a step its exercise does not have.
    "plans-step": ("data/plans.yml", r"\{ball-squeeze: 1,", "{ball-squeeze: 9,"),
    # A rename added by hand under `renamed:`: left under `renamed: []` (the first rename), or,
    # once the contract has renames, with its closing brace lost.
    "url-contract": (
        "data/url-contract.yml",
        r"^renamed:(?: \[\])?$",
        lambda line: (
            line[0] + "\n  - {page: exercises/, old: warm-up, new: warming-up" + ("}" if "[]" in line[0] else "")
        ),
    ),
}


@pytest.mark.parametrize("case", BROKEN_YAML)
def test_broken_yaml_is_one_line_naming_the_file_and_line(project, case):
    data, pattern, replacement = BROKEN_YAML[case]
    edit(project, data, pattern, replacement)
    started = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "tools.generate", str(project)], capture_output=True, text=True)
    took = time.monotonic() - started
    said = [line for line in run.stderr.splitlines() if not line.startswith("warning: mkdocs.yml")]
    assert run.returncode == 1 and len(said) == 1 and re.match(rf"error: {data}:\d+:\d+: .+: .+", said[0]), (
        f"with a broken line in {data}, tools.generate ended {run.returncode} and said, not one line "
        f"'error: {data}:line:column: what, and what to do':\n{run.stderr[-2000:]}"
    )
    assert took < 5, f"with a broken line in {data}, tools.generate took {took:.1f} s to say so"


def test_broken_facts_file_is_one_line_naming_the_file_and_line(tmp_path):
    """tests/facts.yml is read by the tests, not the build: pytest says its broken line once, no traceback."""
    copy = clone(tmp_path / "clone")
    edit(copy, "tests/facts.yml", r"^(  fact: )", r"\1Broken: ")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "no:cacheprovider", "tests/test_content.py"],
        cwd=copy,
        capture_output=True,
        text=True,
    )
    said = [line for line in (run.stdout + run.stderr).splitlines() if line.strip()]
    assert run.returncode == pytest.ExitCode.USAGE_ERROR and len(said) == 1, (
        f"with a broken line in tests/facts.yml, pytest ended {run.returncode} and said {len(said)} lines, not one:\n"
        + "\n".join(said[-20:])
    )
    assert re.search(r"error: tests/facts.yml:\d+:\d+: .+: .+", said[0]), f"not file:line:column: {said[0]}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


@pytest.mark.parametrize("first", ["after-a-good-build", "before-any-good-build"])
def test_serve_answers_while_a_data_file_is_broken_and_recovers(project, first):
    """`make serve` on a copy: a broken data file is said once a rebuild, pages still come within 5 s,
    and the fix is served; on a fresh clone whose data is broken from the start, the pages say the fault."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "SITE_URL": url, "NO_MKDOCS_2_WARNING": "1"}
    bibliography = project / "data" / "bibliography.yml"
    good = bibliography.read_text("utf-8")
    broken = good.replace("    name: Randomised trial\n", "    name: Randomised trial: by\n")
    if first == "before-any-good-build":
        bibliography.write_text(broken)
    generator = subprocess.run(
        [sys.executable, "-m", "tools.generate", str(project)], env=env, capture_output=True, check=False
    )
    assert generator.returncode in (0, 1), f"tools.generate crashed: {generator.stderr[-2000:]!r}"
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    said: list[str] = []
    threading.Thread(target=lambda: said.extend(iter(server.stderr.readline, "")), daemon=True).start()

    def wait_for(what: str, done: Callable[[], bool], seconds: float):
        end = time.monotonic() + seconds
        while not done():
            assert time.monotonic() < end, f"mkdocs serve: no {what} in {seconds} s:\n{''.join(said)[-3000:]}"
            time.sleep(0.2)

    def serves(text: str) -> bool:
        try:
            return text in fetch(url + "sources/")
        except OSError:
            return False

    try:
        if first == "after-a-good-build":
            wait_for("first build", lambda: serves("Randomised trial"), 90)
            bibliography.write_text(broken)
        wait_for("error for the broken file", lambda: any("data/bibliography.yml:" in line for line in said), 90)
        wait_for("page", lambda: serves("</html>"), 30)
        started = time.monotonic()
        page = fetch(url + "sources/")
        took = time.monotonic() - started
        errors = [line for line in said if "data/bibliography.yml:" in line]
        bibliography.write_text(good.replace("name: Randomised trial", "name: Randomised controlled trial"))
        wait_for("fixed site", lambda: serves("Randomised controlled trial"), 30)
    finally:
        server.terminate()
        server.wait(timeout=20)
    shows = "Randomised trial" if first == "after-a-good-build" else "data/bibliography.yml:"
    assert shows in page and took < 5, f"with a broken data file, /sources/ took {took:.1f} s or lacks {shows!r}"
    assert len(errors) == 1 and re.search(r"ERROR\s+-  data/bibliography.yml:\d+:\d+: .+: ", errors[0]), (
        f"mkdocs serve did not say the broken line in one line: {errors}"
    )


def test_a_rebuild_runs_the_generators_current_code(project, monkeypatch):
    """`mkdocs serve` rebuilds in one process: the hook must run tools/generate.py as it is now,
    and write no bytecode into tools/, which `watch:` lists (that would start another rebuild)."""
    ours = {name: module for name, module in sys.modules.items() if name == "tools" or name.startswith("tools.")}
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    config = load_config(str(project / "mkdocs.yml"))
    hook, robots = config.plugins["hooks/regenerate.py"], project / "docs" / "robots.txt"
    try:
        hook.on_pre_build(config)
        first = robots.read_text("utf-8")
        edit(project, "tools/links_index.py", r"User-agent: \*", "User-agent: planted")
        hook.on_pre_build(config)
        second = robots.read_text("utf-8")
    finally:
        for name in [name for name in sys.modules if name == "tools" or name.startswith("tools.")]:
            del sys.modules[name]
        sys.modules.update(ours)
    assert first.startswith("User-agent: *"), f"the hook's first run wrote robots.txt as:\n{first}"
    assert second.startswith("User-agent: planted"), (
        f"after an edit of tools/links_index.py, the hook's rebuild ran the old code:\n{second}"
    )
    assert not (project / "tools" / "__pycache__").exists(), (
        "the hook wrote bytecode into tools/, which mkdocs serve watches"
    )


def test_link_checks_catch_a_broken_link_and_anchor_in_the_built_site(site, tmp_path):
    """Links the strict build never sees (here: added to a copy of the built home page, as a template could)."""
    out = tmp_path / "site"
    shutil.copytree(site.dir, out)
    page = out / "index.html"
    planted = '<a href="faq/#gone">x</a><a href="no-such-page/">y</a>'
    page.write_text(page.read_text("utf-8").replace("</article>", planted + "</article>"), "utf-8")
    server = PagesServer(root=out, prefix=REPO_PATH).start()
    try:
        # Both are on the home page, so checking its links is enough: the same check, without the crawl.
        links = broken_links(server.url, "--recursion-level=1")
        anchors = broken_anchors(server.url)
    finally:
        server.stop()
    assert any(fault.startswith(f"{server.url}: no-such-page/:") and "404" in fault for fault in links), (
        f"linkchecker missed the broken link no-such-page/ on the home page: {links}"
    )
    assert anchors == [f"{server.url}: faq/#gone: anchor #gone not found in {server.url}faq/"], (
        f"the anchor check missed faq/#gone on the home page, or found more: {anchors}"
    )


# ------------------------------------------------- the suite's own checks, planted


def sandbox(copy: Path) -> Path:
    """A copy of the project with a copy of the suite in it, which runs the suite on it.

    The suite comes along (with the checkout's node_modules linked) so that what it
    writes lands in the copy, not the checkout;
    and pytest runs in the copy, because the snippets' base_path is read from there.
    """
    copy_project(copy)
    shutil.copytree(CHECKOUT / "tests", copy / "tests", ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "node_modules").symlink_to(CHECKOUT / "node_modules")
    return copy


@dataclass
class Run:
    returncode: int
    output: str
    cases: dict[str, tuple[str, str]]  # node id -> (passed, failure, error or skipped; its message)


def run_guards(project: Path, nodes: list[str]) -> Run:
    """Run the suite's test cases `nodes` against `project`: its outcome, and each case's."""
    report = project / "report.xml"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={report}", *nodes],
        cwd=project,
        env={**os.environ, "GUIDE_PROJECT": str(project)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    cases = {}
    if report.exists():
        for case in ET.parse(report).iter("testcase"):
            node = case.get("classname").replace(".", "/") + ".py::" + case.get("name")
            outcome = next((c for c in case if c.tag in ("failure", "error", "skipped")), None)
            said = "" if outcome is None else outcome.get("message", "") + "\n" + (outcome.text or "")
            cases[node] = ("passed", "") if outcome is None else (outcome.tag, said)
    return Run(result.returncode, result.stdout + result.stderr, cases)


def page_file(url: str) -> str:
    return "docs/" + ("index.md" if url == "" else url.rstrip("/") + ".md")


def fact(fact_id: str) -> dict:
    """A fact of tests/facts.yml, with the page it is on."""
    return next(f for f in read_facts(CHECKOUT / "tests") if f["id"] == fact_id)


def remove_fact(fact_id: str) -> Callable[[Path], None]:
    """Delete every sentence holding the fact's first phrase from its page."""
    phrase = re.escape(fact(fact_id)["phrases"][0]).replace(r"\ ", r"\s+")
    page = page_file(fact(fact_id)["page"])
    return lambda copy: edit(copy, page, rf"[^.!?\n]*{phrase}[^.!?\n]*[.!?]?", "", re.IGNORECASE)


# Pages, sources and settings the guards plant faults in, found by what they are.
ABOUT_RUN = EQUAL_ACCESS_RUN["about/"]  # the one setting at which IBM's engine reads /about/
WEB_PAGE = next(
    key for key, e in BIBLIOGRAPHY.entries.items() if e.get("checked") and not (e.get("doi") or e.get("pmid"))
)
CHECKED_DOI = next(key for key, e in BIBLIOGRAPHY.entries.items() if e.get("checked") and e.get("doi"))
QUOTED = next(key for key, e in BIBLIOGRAPHY.entries.items() if e.get("figures"))  # a study the guide quotes
QUOTED_WHO = BIBLIOGRAPHY.entries[QUOTED]["population"]["who"]
QUOTED_FIGURE = BIBLIOGRAPHY.entries[QUOTED]["figures"][0]
CLOSED = [url for url in PAGES if re.search(r"^ *\?\?\? ", source_of(url).read_text("utf-8"), re.MULTILINE)][-1]
CLOSED_TITLE = re.search(r'^ *\?\?\? \w+ "(.+)"', source_of(CLOSED).read_text("utf-8"), re.MULTILINE)[1]


def copied_sentence() -> str:
    """The longest plain sentence of toning.md: what a copy-and-paste would take."""
    body = (ROOT / "docs" / "toning.md").read_text("utf-8").split("---\n", 2)[2]
    plain = [s.strip() for s in re.findall(r"[^.!?\n]{40,}[.!?]", body) if not re.search(r"[\[\]<>{}*`#!]", s)]
    return max(plain, key=len)


SENTENCE = copied_sentence()
SVG_SIZE = 21 * 1024  # tests/test_images.py allows 20 KB


def pad_svg(copy: Path, name: str = "planes-of-motion.svg"):
    path = copy / "docs" / "assets" / "diagrams" / name
    raw = path.read_bytes()
    path.write_bytes(raw + b"<!-- " + b"x" * (SVG_SIZE - len(raw) - 10) + b" -->\n")
    assert path.stat().st_size == SVG_SIZE


@dataclass
class Fault:
    id: str
    node: str  # the suite's test case that guards against it
    plant: Callable[[Path], None]
    says: tuple[str, ...]  # what its failure must say: where, and what is wrong


CONTENT, IMAGES, EVIDENCE = "tests/test_content.py", "tests/test_images.py", "tests/test_evidence.py"
VISIT = "tests/test_security.py::test_a_readers_visit_breaks_no_rule_and_stays_on_the_site"
LABEL = '[Evidence: {}](about.md#evidence-strength){{ .evidence data-claim="{}" }}'

# Guards that read the sources: no build needed.
SOURCE_FAULTS = [
    Fault(
        "page-without-description",
        f"{CONTENT}::test_front_matter_has_title_and_description[sources.md]",
        lambda copy: edit(copy, "docs/sources.md", r"^description:.*\n(?:[ \t]+.*\n)*", ""),
        ("sources.md: description is 0 characters",),
    ),
    Fault(
        "heading-without-id",
        f"{CONTENT}::test_every_heading_has_an_explicit_id[about.md]",
        lambda copy: plant(copy, "about.md", "## A new heading"),
        ("about.md: headings without an explicit", "## A new heading"),
    ),
    Fault(
        "duplicate-content",
        f"{CONTENT}::test_no_sentence_is_repeated_across_pages",
        lambda copy: plant(copy, "faq.md", SENTENCE),
        ("faq.md", "toning.md", " ".join(SENTENCE.split()).casefold()[:60]),
    ),
    Fault(
        "svg-over-budget",
        f"{IMAGES}::test_svg_file[planes-of-motion.svg]",
        pad_svg,
        (f"planes-of-motion.svg: {SVG_SIZE} bytes is over",),
    ),
    Fault(
        "web-page-not-saying-where-it-was-read",
        f"{EVIDENCE}::test_entry_says_where_it_was_read[{WEB_PAGE}]",
        lambda copy: edit(copy, "data/bibliography.yml", rf"(key: {WEB_PAGE}\n(?:.*\n)*?)        checked: .*\n", r"\1"),
        (f"data/bibliography.yml: {WEB_PAGE} has no DOI or PMID, and no checked: address",),
    ),
    Fault(
        "checked-at-an-http-address",
        f"{EVIDENCE}::test_entry_says_where_it_was_read[{CHECKED_DOI}]",
        lambda copy: edit(
            copy, "data/bibliography.yml", rf"(key: {CHECKED_DOI}\n(?:.*\n)*?        checked: )https://", r"\1http://"
        ),
        (f"data/bibliography.yml: {CHECKED_DOI} checked: 'http://", "is not an https address"),
    ),
    Fault(
        "claim-over-its-sources",
        f"{EVIDENCE}::test_every_claim_rests_on_known_sources_and_its_label_is_allowed",
        lambda copy: edit(
            copy,
            "data/claims.yml",
            r"(id: skinfold-local-drop-in-men\n.*\n)  label: limited",
            r"\1  label: strong",
        ),
        ("skinfold-local-drop-in-men: labelled strong, but its sources allow at most limited",),
    ),
    Fault(
        "textbook-claim-with-a-source",
        f"{EVIDENCE}::test_a_claim_rests_on_no_source_if_and_only_if_it_is_textbook",
        lambda copy: edit(
            copy,
            "data/claims.yml",
            r"(id: push-from-glutes-quadriceps-calves\n.*\n  label: textbook\n)  sources: \[\]",
            r"\1  sources: [montgomery-1994]",
        ),
        ("push-from-glutes-quadriceps-calves: sources ['montgomery-1994'] with label textbook", "has no sources"),
    ),
    Fault(
        "page-changed-without-saying-what",
        f"{CONTENT}::test_change_log_says_what_changed_at_each_pages_last_review",
        lambda copy: edit(copy, "docs/toning.md", r"^reviewed: .*$", "reviewed: 2026-12-07"),
        ("Page /toning/ was reviewed on 2026-12-07, but data/changelog.yml does not say what changed on it",),
    ),
]

# Guards that read the built site, each fault on a page no other guard's case reads.
SITE_FAULTS = [
    Fault(
        "fact-removed",
        f"{CONTENT}::test_every_fact_is_on_its_page[fat-loss-systemic]",
        remove_fact("fat-loss-systemic"),
        (f"/{fact('fat-loss-systemic')['page']} lost the fact 'fat-loss-systemic'",),
    ),
    Fault(
        "image-without-alt",
        f"{IMAGES}::test_every_image_says_what_it_shows",
        lambda copy: plant(copy, "about.md", "![](assets/diagrams/adductor-group.svg)"),
        ("/about/", "adductor-group.svg has alt text ''"),
    ),
    Fault(
        "invalid-html",
        "tests/test_html.py::test_every_page_is_valid_html",
        # An id the theme's own markup gives too: the generator, which sees the page's text alone, cannot.
        lambda copy: plant(copy, "sources.md", '<p id="__search">Planted.</p>'),
        ("sources/index.html:", "Duplicate ID"),
    ),
    Fault(
        "low-contrast-text",
        "tests/test_accessibility.py::test_axe_and_equal_access_find_no_violation[toning/-light-desktop]",
        lambda copy: plant(copy, "assets/stylesheets/extra.css", ".md-typeset p { color: #aaaaaa; }"),
        ("/toning/ (light, desktop)", "color-contrast"),
    ),
    Fault(
        "third-party-image",
        f"{VISIT}[-desktop]",
        lambda copy: plant(
            copy, "index.md", "![A runner on a track, from another site](https://example.com/runner.png)"
        ),
        ("/ (desktop): the policy blocked", "img-src blocked https://example.com/runner.png"),
    ),
    Fault(
        "third-party-script",
        f"{VISIT}[running-biomechanics/-desktop]",
        lambda copy: plant(copy, "running-biomechanics.md", '<script src="https://example.com/tracker.js"></script>'),
        (
            "/running-biomechanics/ (desktop): the policy blocked",
            "script-src-elem blocked https://example.com/tracker.js",
        ),
    ),
    Fault(
        "inline-script",
        f"{VISIT}[sources/-phone]",
        lambda copy: plant(copy, "sources.md", "<script>document.title = 'planted'</script>"),
        ("/sources/ (phone): the policy blocked", "script-src-elem blocked inline"),
    ),
    Fault(
        "label-over-its-paragraph",
        f"{EVIDENCE}::test_evidence_labels_follow_the_rubric[toning/]",
        lambda copy: plant(
            copy,
            "toning.md",
            "A ball squeeze builds inner-thigh muscle[^serner-2014]. "
            + LABEL.format("strong", "ball-squeeze-high-activity"),
        ),
        (
            "/toning/ evidence labels",
            "'Evidence: strong' (ball-squeeze-high-activity)",
            "labelled limited in data/claims.yml, here strong",
            "allow at most limited",
        ),
    ),
    Fault(
        "label-mid-paragraph",
        f"{EVIDENCE}::test_evidence_labels_end_their_paragraph[spot-reduction/]",
        lambda copy: plant(
            copy,
            "spot-reduction.md",
            "Training one limb took no extra fat from it[^ramirez-campillo-2022]. "
            + LABEL.format("strong", "no-spot-reduction")
            + " Not every study agreed.",
        ),
        ("/spot-reduction/: evidence labels that do not end their paragraph", "followed by 'Not every study agreed'"),
    ),
    Fault(
        "one-claim-two-labels",
        f"{EVIDENCE}::test_evidence_labels_follow_the_rubric[running-biomechanics/]",
        lambda copy: plant(
            copy,
            "running-biomechanics.md",
            "Runners use adductor magnus to steady the hip"
            "[^montgomery-1994][^hides-2016]. " + LABEL.format("moderate", "easy-running-little-adductor-growth"),
        ),
        ("/running-biomechanics/ evidence labels", "labelled textbook in data/claims.yml, here moderate"),
    ),
    Fault(
        "number-without-who",
        f"{EVIDENCE}::test_every_study_number_says_who_was_studied[faq/]",
        lambda copy: plant(copy, "faq.md", f"A ball squeeze reached {QUOTED_FIGURE} of a maximal squeeze[^{QUOTED}]."),
        (
            "/faq/",
            f"'{QUOTED_FIGURE}' without who was studied, {QUOTED_WHO} ({QUOTED})",
            f"A ball squeeze reached {QUOTED_FIGURE}",
        ),
    ),
    Fault(
        "untraceable-number",
        f"{EVIDENCE}::test_every_number_in_a_cited_sentence_is_in_its_sources[toning/]",
        lambda copy: plant(
            copy, "toning.md", "In 40 elite male footballers, 12 weeks of squeezes did it[^serner-2014]."
        ),
        ("/toning/", "'12' is not in ['serner-2014']", "In 40 elite male footballers, 12 weeks of squeezes"),
    ),
    Fault(
        "heading-without-an-id-in-html",
        f"{CONTENT}::test_contract_lists_every_page_and_section",
        lambda copy: plant(copy, "about.md", "<h2>A heading written in HTML</h2>"),
        ("/about/: heading 'A heading written in HTML' has no id",),
    ),
    Fault(
        "second-name-for-an-exercise",
        f"{CONTENT}::test_each_exercise_has_one_name[Copenhagen adductor plank]",
        lambda copy: plant(copy, "index.md", "You can do the Copenhagen plank at home. A Copenhagen exercise is hard."),
        ("goes by other names more than once", "/: 'Copenhagen plank'", "/: 'Copenhagen exercise'"),
    ),
    Fault(
        "copied-from-the-article",
        f"{CONTENT}::test_no_run_of_eight_words_is_copied_from_the_article[about/]",
        lambda copy: plant(copy, "about.md", "Without both, the desired defined appearance will not be reached."),
        ("/about/ copies 8 words in a row", "the desired defined appearance will not be reached"),
    ),
    Fault(
        "autocomplete-off-material",
        "tests/test_html.py::test_every_page_is_valid_html",
        lambda copy: plant(copy, "about.md", '<input type="checkbox" autocomplete="off" aria-label="Planted">'),
        ("about/index.html:", "Attribute “autocomplete” is only allowed"),
    ),
    Fault(
        "toggle-state-unmarked",
        "tests/test_accessibility.py::test_colour_toggle_says_its_state_and_works_by_mouse_and_keyboard[light]",
        lambda copy: (
            edit(
                copy, "docs/assets/javascripts/mends.js", r"option\.checked = !option\.nextElementSibling\.hidden", "0"
            ),
            edit(copy, "docs/assets/stylesheets/extra.css", r"outline: 2px solid currentcolor;", ""),
        ),
        (
            "on arrival: a screen reader hears",
            "not the group 'Colours' with only 'Automatic, as your device' checked",
            "reached by Tab: focus is on",
            "the focus ring is",
        ),
    ),
    Fault(
        "label-for-nothing",
        f"tests/test_accessibility.py::test_axe_and_equal_access_find_no_violation[about/-{'-'.join(ABOUT_RUN)}]",
        lambda copy: plant(copy, "about.md", '<label for="planted-nothing">Planted</label>'),
        (f"/about/ ({', '.join(ABOUT_RUN)})", "Equal Access: label_ref_valid"),
    ),
    Fault(
        "focus-lost",
        "tests/test_accessibility.py::test_keyboard_reaches_everything_and_shows_where_it_is[spot-reduction/-desktop]",
        lambda copy: (
            plant(copy, "spot-reduction.md", '<a class="planted-away" href="#studies">Planted</a>'),
            plant(
                copy,
                "assets/stylesheets/extra.css",
                ".planted-away { position: absolute; left: -9999px; }\n"
                ".md-typeset a.footnote-ref:focus-visible { outline: none !important; }",
            ),
        ),
        (
            "/spot-reduction/ (desktop), by keyboard",
            '<a class="planted-away focus-visible" href=',
            "is off screen",
            '<a class="footnote-ref',
            "shows no focus ring",
        ),
    ),
    Fault(
        "heading-names-a-link",
        "tests/test_accessibility.py::test_headings_are_named_by_their_words_alone",
        lambda copy: edit(
            copy, "docs/assets/javascripts/mends.js", r'link\.setAttribute\("aria-hidden", "true"\)', "0"
        ),
        ("Headings whose name is more than their words", f"/: '{front_matter(source_of(''))['title']} ¶'"),
    ),
    Fault(
        "forced-colours-lost",
        "tests/test_accessibility.py::test_forced_colours_keep_icons_tooltips_and_the_logo",
        lambda copy: edit(
            copy, "docs/assets/stylesheets/extra.css", r"@media \(forced-colors: active\) \{.*?\n\}\n", "", re.DOTALL
        ),
        ("With forced colours", "icon is", "the tooltip has no visible edge"),
    ),
    Fault(
        "print-half-empty",
        "tests/test_editions.py::test_print_fills_its_pages",
        lambda copy: plant(
            copy, "assets/stylesheets/extra.css", "@media print { .md-typeset h3 { break-before: page; } }"
        ),
        ("/exercises/ prints on", "full on average", "% full"),
    ),
    Fault(
        "closed-box-prints-empty",
        f"tests/test_editions.py::test_print_shows_what_closed_boxes_hide[{CLOSED}-without-javascript]",
        lambda copy: edit(copy, "docs/assets/stylesheets/extra.css", r"content-visibility: visible;", ""),
        (f"/{CLOSED} prints without JavaScript, but without what its closed boxes hold", f"'{CLOSED_TITLE}': '"),
    ),
    Fault(
        "link-address-unprinted",
        "tests/test_editions.py::test_print_names_every_site_the_guide_links_to",
        lambda copy: plant(copy, "changes.md", "See [a planted site](https://planted.example.org/page)."),
        ("add each site to docs/assets/stylesheets/extra.css", "/changes/: https://planted.example.org/page"),
    ),
    Fault(
        "a-title-on-every-permalink",
        "tests/test_performance.py::test_each_page_sets_up_few_tooltips",
        lambda copy: edit(copy, "mkdocs.yml", r'permalink_title: ""', "permalink_title: Link to this section"),
        ("more than 100 titles", "/exercises/: ", " headerlink"),
    ),
    Fault(
        "unused-glossary-term",
        f"{CONTENT}::test_every_glossary_term_is_used",
        lambda copy: plant(copy, "../includes/glossary.md", "*[plyometrics]: Exercises built on jumps and hops."),
        ("includes/glossary.md defines terms no page uses: ['plyometrics']",),
    ),
    Fault(
        "page-too-long-for-a-phone",
        "tests/test_performance.py::test_each_page_is_within_its_length_budget[changes/]",
        lambda copy: plant(copy, "changes.md", "A planted sentence that makes this page far longer to read. " * 200),
        ("/changes/ is", f"screens long on a 390 x 844 phone, over its budget of {SCREEN_BUDGETS['changes/']}"),
    ),
    Fault(
        "review-line-to-nowhere",
        f"{CONTENT}::test_review_line_links_to_what_changed[spot-reduction/]",
        lambda copy: edit(copy, "overrides/main.html", r'"#review-" ~', '"#reviewed-" ~'),
        ("/spot-reduction/: its review line links to /changes/#reviewed-", "but /changes/ has no #reviewed-"),
    ),
]


GROUPS = {"source": SOURCE_FAULTS, "site": SITE_FAULTS}


def plant_and_run(tmp_path_factory, group: str) -> Run:
    """Plant a group's faults in a copy of its own, and run their guards once."""
    copy = sandbox(tmp_path_factory.mktemp(group) / "project")
    for fault in GROUPS[group]:
        fault.plant(copy)
    return run_guards(copy, [fault.node for fault in GROUPS[group]])


# Each group's run is made once for the whole test run (conftest.py, `once`).
@pytest.fixture(scope="session")
def planted(tmp_path_factory, once) -> Callable[[str], Run]:
    return lambda group: once(f"planted-{group}", lambda: plant_and_run(tmp_path_factory, group))


@pytest.mark.parametrize(
    ("group", "fault"),
    [pytest.param(group, fault, id=fault.id) for group, faults in GROUPS.items() for fault in faults],
)
def test_guard_catches_its_fault(planted, group, fault):
    run = planted(group)
    # 1 means tests failed; 2-5 mean the run itself broke (usage, collection, no such case).
    assert run.returncode == 1, f"pytest ended with {run.returncode}, not 1 (tests failed):\n{run.output[-3000:]}"
    outcome, said = run.cases.get(fault.node, ("not run", run.output[-3000:]))
    assert outcome == "failure", f"{fault.node} was {outcome} with the fault '{fault.id}' planted:\n{said}"
    missing = [words for words in fault.says if words not in said]
    assert not missing, f"{fault.node} failed without saying {missing}:\n{said}"


def test_renamed_anchor_passes_once_the_contract_lists_it(tmp_path):
    """The rename CONTRIBUTING.md describes (tools/pages.py, rename_section) satisfies the contract's guards."""
    copy = sandbox(tmp_path / "project")
    old = a_section_to_rename("exercises/", copy)
    rename_section(copy, "exercises/", old, f"{old}-renamed")
    nodes = [
        f"{CONTENT}::test_every_contract_url_and_anchor_resolves",
        f"{CONTENT}::test_contract_lists_every_page_and_section",
        f"{CONTENT}::test_a_renamed_section_keeps_its_old_anchor_just_before_it",
    ]
    run = run_guards(copy, nodes)
    assert run.returncode == 0, f"the contract guards fail on a rename the contract lists:\n{run.output[-3000:]}"
    assert len(run.cases) == len(nodes), f"expected {len(nodes)} cases to run, not {list(run.cases)}"


def test_zensical_check_reports_a_planted_difference(site, tmp_path):
    """The Zensical comparison, run on the suite's build and a copy of it with three faults planted."""
    zen = tmp_path / "zensical"
    shutil.copytree(site.dir, zen)
    page = zen / "faq" / "index.html"
    head, body = page.read_text("utf-8").split("<article", 1)
    first = re.search(r"<p>([A-Z][^<]{20,})", body)
    assert first, "/faq/ has no paragraph of plain text to change"
    body = body.replace(first[0], f"<p>Not {first[1]}", 1).replace('id="heavy-weights"', 'id="heavy-loads"')
    page.write_text(head.replace('"@type":"FAQPage"', '"@type":"WebPage"') + "<article" + body, "utf-8")
    builds = zensical_check.Builds(site.dir, zen, "zensical 0.0.0", "")
    found = {
        name: (kind, detail)
        for check in (
            zensical_check.check_text,
            zensical_check.check_contract,
            zensical_check.check_head,
            zensical_check.check_pages,
        )
        for kind, name, detail in [check(builds)]
    }
    assert found["pages"][0] == "ok", f"the copy's pages differ: {found['pages']}"
    for name, says in (
        ("text", "/faq/: only MkDocs"),
        ("URL-contract anchors", "/faq/#heavy-weights"),
        ("previews and structured data", "/faq/"),
    ):
        kind, detail = found[name]
        assert kind == "DIFFERS" and says in detail, (
            f"the check '{name}' missed its planted fault: {kind} {detail[:300]}"
        )
