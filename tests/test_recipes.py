"""Each recipe in CONTRIBUTING.md, followed as written on a clone of the project, passes `make check`.

A test reads the recipe's own examples from CONTRIBUTING.md, applies its steps to a clone
(tools/pages.py, `clone`), as a maintainer would, and runs `make check` there. A recipe
whose text no longer works fails here, naming the recipe and the step. `make recipes`
(RECIPES_MAKE_TEST=1) runs the whole `make test` on each clone instead, but these recipe tests
(which would follow each recipe again on top of itself): about 3 minutes a recipe, too long for
every run of the suite.
"""

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tools.pages import a_section_to_rename, clone, commit, make, source_of

Step = tuple[str, Callable[[Path, str], None]]


def recipe(contributing: str, title: str) -> str:
    """The text of one section (`## title`) of CONTRIBUTING.md."""
    lines = contributing.splitlines(keepends=True)
    assert f"## {title}\n" in lines, f"CONTRIBUTING.md has no section '## {title}'"
    text, fenced = [], False
    for line in lines[lines.index(f"## {title}\n") + 1 :]:
        fenced ^= line.lstrip().startswith("```")
        if line.startswith("## ") and not fenced:  # a heading in an example page is not the next section
            break
        text.append(line)
    return "".join(text)


def example(text: str, language: str, n: int = 0) -> str:
    """The recipe's `n`th example in `language`, with the indent of the list item it sits in removed."""
    blocks = re.findall(rf"^( *)```{language}\n(.*?)^ *```$", text, re.MULTILINE | re.DOTALL)
    assert len(blocks) > n, f"it has no {language} example number {n + 1}"
    indent, block = blocks[n]
    return "".join(line.removeprefix(indent) for line in block.splitlines(keepends=True))


def edit(copy: Path, file: str, old: str, new: str):
    path = copy / file
    text = path.read_text("utf-8")
    assert old in text, f"{file} has no {old!r} to edit"
    path.write_text(text.replace(old, new, 1), "utf-8")


# ------------------------------------------------------------------ Add a page

EXAMPLE_PAGE = "the-page"  # the name the recipe's own example uses (its footnotes: notes/the-page.md)


def new_page(copy: Path) -> str:
    """The new page's name: the example's, or, in a copy whose git already tracks a page of that name
    (a recipe followed before, as `make recipes` does inside its copies), the next free one."""
    names = [EXAMPLE_PAGE] + [f"{EXAMPLE_PAGE}-{n}" for n in range(2, 10)]
    tracked = subprocess.run(["git", "ls-files", "docs"], cwd=copy, capture_output=True, text=True).stdout.split()
    return next(name for name in names if f"docs/{name}.md" not in tracked)


def write_page(copy: Path, text: str):
    page = example(recipe((copy / "CONTRIBUTING.md").read_text("utf-8"), "Conventions for every page"), "markdown")
    assert "schema: WebPage" in text, "it no longer says how a reference page names its schema"
    name = new_page(copy)
    page = page.replace(f"notes/{EXAMPLE_PAGE}.md", f"notes/{name}.md").replace("---\n", "---\nschema: WebPage\n", 1)
    (copy / "docs" / f"{name}.md").write_text(page, "utf-8")


def give_a_budget(copy: Path, text: str):
    budget = example(text, "python").replace("<page>", new_page(copy))
    edit(copy, "tools/pages.py", "SCREEN_BUDGETS = {\n", "SCREEN_BUDGETS = {\n" + budget)


def middle_page(copy: Path) -> tuple[str, str]:
    """The nav line and contract key of the page in the middle of the guide: a new page goes before it,
    so that no test may count on a page's place."""
    nav = re.findall(r"^  - .+: ([a-z-]+)\.md$", (copy / "mkdocs.yml").read_text("utf-8"), re.MULTILINE)
    nav = [file for file in nav if file != new_page(copy)]  # the same page before and after the new one joins
    file = nav[len(nav) // 2]
    return file, "" if file == "index" else f"{file}/"


def add_to_nav(copy: Path, text: str):
    file, _ = middle_page(copy)
    name = new_page(copy)
    title = re.search(r"^title: (.+)$", (copy / "docs" / f"{name}.md").read_text("utf-8"), re.MULTILINE)
    assert title, f"docs/{name}.md has no title"
    config = (copy / "mkdocs.yml").read_text("utf-8")
    line = re.search(rf"^  - .+: {file}\.md$", config, re.MULTILINE)
    assert line, f"mkdocs.yml has no nav line for {file}.md"
    edit(copy, "mkdocs.yml", line[0], f"  - {title[1]}: {name}.md\n{line[0]}")


def add_to_contract(copy: Path, text: str):
    _, url = middle_page(copy)
    entry = example(text, "yaml").replace("<page>", new_page(copy))
    edit(copy, "data/url-contract.yml", f'  "{url}":\n', entry + f'  "{url}":\n')


def say_what_changed(copy: Path, text: str):
    name = new_page(copy)
    reviewed = re.search(r"^reviewed: (\S+)$", (copy / "docs" / f"{name}.md").read_text("utf-8"), re.MULTILINE)
    assert reviewed, f"docs/{name}.md has no reviewed date"
    log = (copy / "data" / "changelog.yml").read_text("utf-8")
    review = re.search(rf"^  - date: {reviewed[1]}\n(?:    .*\n)*?    pages:\n", log, re.MULTILINE)
    assert review, f"data/changelog.yml has no review of {reviewed[1]} to add the page to"
    edit(copy, "data/changelog.yml", review[0], review[0] + f'      "{name}/":\n        - A new page.\n')
    section = example(text, "yaml", 1).replace("<date>", reviewed[1]).replace("<page>", name)
    edit(copy, "data/url-contract.yml", '  "changes/":\n', '  "changes/":\n' + section)


ADD_A_PAGE: list[Step] = [
    ("1. Write docs/<page>.md as above", write_page),
    ("1. Give the page a length budget", give_a_budget),
    ("2. Add it to nav in mkdocs.yml", add_to_nav),
    ("3. Add it to data/url-contract.yml", add_to_contract),
    ("4. Say what the new page is in data/changelog.yml", say_what_changed),
]


# ------------------------------------------------------------ Rename a section


def rename(copy: Path, text: str):
    """Steps 1 and 2 for the first section of /exercises/ no rename has touched, as the examples show."""
    old = a_section_to_rename("exercises/", copy)
    new = f"{old}-renamed"
    markup = example(text, "markdown")
    shown = re.fullmatch(r'<div id="([a-z0-9-]+)"></div>\n\n(#+) (.+) \{ #([a-z0-9-]+) \}\n', markup)
    assert shown, f"its example is not an old id's element, a blank line and the heading with its new id:\n{markup}"
    source = source_of("exercises/", copy)
    heading = re.search(rf"^(#+) (.+) \{{ #{old} \}}$", source.read_text("utf-8"), re.MULTILINE)
    assert heading, f"{source.name} has no heading {{ #{old} }}"
    renamed = (
        markup.replace(shown[1], old)
        .replace(shown[4], new)
        .replace(f"{shown[2]} {shown[3]}", " ".join(heading.groups()))
    )
    edit(copy, f"docs/{source.name}", heading[0] + "\n", renamed)
    entry = example(text, "yaml").replace(shown[1], old).replace(shown[4], new)
    contract = (copy / "data" / "url-contract.yml").read_text("utf-8")
    if "renamed: []\n" in contract:  # the first rename replaces the empty list
        edit(copy, "data/url-contract.yml", "renamed: []\n", entry)
    else:
        assert contract.endswith("\n") and "renamed:\n" in contract, "data/url-contract.yml has no renamed: list"
        (copy / "data" / "url-contract.yml").write_text(contract + entry.split("\n", 1)[1], "utf-8")


RENAME_A_SECTION: list[Step] = [("1 and 2. Rename the heading and record it under renamed", rename)]


# ---------------------------------------------------------------- Add a source


def add_entry(copy: Path, text: str):
    entry = example(text, "yaml")
    bibliography = (copy / "data" / "bibliography.yml").read_text("utf-8")
    topic = re.search(r"^  - id: ([a-z0-9-]+)\n(?:    .*\n)*?    entries:\n", bibliography, re.MULTILINE)
    assert topic, "data/bibliography.yml has no topic with entries"
    edit(copy, "data/bibliography.yml", topic[0], topic[0] + entry)
    key = re.search(r"key: ([a-z0-9-]+)", entry)
    assert key, f"its example has no key:\n{entry}"
    address = example(text, "yaml", 1)
    assert key[1] in address, f"its second example does not list the key {key[1]}"
    edit(copy, "data/url-contract.yml", f"    - {topic[1]}\n", f"    - {topic[1]}\n{address}")


def cite_it(copy: Path, text: str):
    """Step 3, on the page that cites the topic's first source already."""
    key = re.search(r"key: ([a-z0-9-]+)", example(text, "yaml"))
    assert key, "its first example has no key"
    sentence = example(text, "markdown")
    assert f"[^{key[1]}]" in sentence, f"its markdown example does not cite [^{key[1]}]"
    bibliography = (copy / "data" / "bibliography.yml").read_text("utf-8")
    keys = re.findall(r"^      - key: ([a-z0-9-]+)$", bibliography, re.MULTILINE)
    neighbour = keys[keys.index(key[1]) + 1]
    page = next(path for path in sorted((copy / "docs").glob("*.md")) if f"[^{neighbour}]" in path.read_text("utf-8"))
    box = re.search(r'^\?\?\? research "What the research adds"\n\n', page.read_text("utf-8"), re.MULTILINE)
    assert box, f"{page.name} cites [^{neighbour}] but has no research box to cite it in"
    assert sentence.startswith("    "), (
        f"its markdown example is not indented four spaces, as a box's text is:\n{sentence}"
    )
    edit(copy, f"docs/{page.name}", box[0], box[0] + sentence + "\n")


ADD_A_SOURCE: list[Step] = [
    ("1 and 2. Add the entry and its address", add_entry),
    ("3. Cite it on a page", cite_it),
]


RECIPES: dict[str, tuple[str, list[Step]]] = {
    "add a page": ("Add a page", ADD_A_PAGE),
    # Twice: the first rename into `renamed: []` (while the contract has none), then one more below it.
    "rename a section, twice": ("Rename a section", RENAME_A_SECTION * 2),
    "add a source": ("Add a source", ADD_A_SOURCE),
}


def said(result: subprocess.CompletedProcess) -> str:
    """What a run printed that says why it failed: its error and warning lines first, then its last lines."""
    lines = (result.stdout + result.stderr).splitlines()
    errors = [line for line in lines if re.match(r"\s*(error:|ERROR|WARNING|FAILED|E\s{3})", line)]
    return "\n".join(errors[:20] + ["..."] + lines[-20:])


def follow(copy: Path, title: str, steps: list[Step]) -> str:
    """Apply a recipe's steps to `copy` as its CONTRIBUTING.md says them, then run `make check`
    there: what went wrong, naming the recipe and the step, or "" if nothing did."""
    text = recipe((copy / "CONTRIBUTING.md").read_text("utf-8"), title)
    page = new_page(copy)  # before the steps are committed, while git tracks no page of that name
    for name, step in steps:
        try:
            step(copy, text)
        except AssertionError as error:
            return f"CONTRIBUTING.md, '{title}', step {name}: {error}"
    commit(copy, f"{title}, as CONTRIBUTING.md says")  # the suite's own copies take what git tracks
    if os.environ.get("RECIPES_MAKE_TEST"):  # `make recipes`: the whole suite on the clone
        # but these recipe tests, which would follow each recipe a second time there, on top of the first.
        result = make(copy, "test", timeout=900, PYTEST_ADDOPTS="--ignore=tests/test_recipes.py")
        return f"CONTRIBUTING.md, '{title}': make test fails:\n{said(result)}" if result.returncode else ""
    result = make(copy, "check", timeout=240)
    if result.returncode:
        return (
            f"CONTRIBUTING.md, '{title}', after its steps ({', '.join(n for n, _ in steps)}): make check fails:\n"
            + said(result)
        )
    if title == "Add a page":  # and `make test`'s cases for the new page: its browsers, budgets and policy
        env = {k: v for k, v in os.environ.items() if k != "GUIDE_PROJECT"}
        tests = [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-n",
            "0",
            "-p",
            "no:cacheprovider",
            "-k",
            f"{page}/ or {page}.md",
            "tests",
        ]
        result = subprocess.run(tests, cwd=copy, env=env, capture_output=True, text=True, timeout=240)
        if result.returncode:
            return f"CONTRIBUTING.md, '{title}': make test's cases for /{page}/ fail:\n{said(result)}"
    return ""


@pytest.mark.parametrize("name", RECIPES)
def test_recipe_as_written_passes_make_check(tmp_path, name):
    title, steps = RECIPES[name]
    fault = follow(clone(tmp_path / "clone"), title, steps)
    assert not fault, fault


def test_a_broken_recipe_fails(tmp_path):
    """The rename recipe, planted without its old id's element, loses the old address: the test says so."""
    copy = clone(tmp_path / "clone")
    edit(copy, "CONTRIBUTING.md", '   <div id="warm-up"></div>\n\n', "")
    fault = follow(copy, "Rename a section", RENAME_A_SECTION)
    assert fault.startswith("CONTRIBUTING.md, 'Rename a section', step 1 and 2"), (
        f"the rename recipe without the old id's element did not fail naming its step: {fault!r}"
    )
