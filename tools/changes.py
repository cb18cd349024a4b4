"""The change log on /changes/: what changed on each page at each review, and why.

It comes from data/changelog.yml, one entry per review, newest first. tools/generate.py
calls `changes_markdown` before every build and writes the result to generated/changes.md,
which docs/changes.md includes. Each review is a section, `#review-<date>`, and each page
changed in it a section of its own, `#review-<date>-<page>` (`anchor`). Each page's review
line (overrides/main.html) links to the section for that page and its `reviewed` date, so
every page needs one there: tests/test_content.py checks the log (`changelog_faults`) and
the links in the built site.
"""

from datetime import date
from pathlib import Path

from tools import InputError, located, read_yaml_file

CHANGELOG = Path("data") / "changelog.yml"
MONTHS = ["January", "February", "March", "April", "May", "June"] + [
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def slug(url: str) -> str:
    """A page's name in the change log's anchors: its URL without slashes, "home" for the home page.
    overrides/main.html derives the same name for the review line's link (offline too, from "about.html")."""
    return url.replace("/", "") or "home"


def anchor(reviewed: date | str, url: str | None = None) -> str:
    """The id of a review's section on /changes/, or of one page's part of it."""
    return f"review-{reviewed}" + ("" if url is None else f"-{slug(url)}")


def long_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def read_changelog(root: Path) -> list[dict]:
    """The reviews in data/changelog.yml, in the order listed (newest first). An item that YAML
    reads as something other than text (a `: ` inside it makes a mapping) is said in one line."""
    reviews = read_yaml_file(root / CHANGELOG, root)["reviews"]
    lines = (root / CHANGELOG).read_text("utf-8").splitlines()
    for review in reviews:
        for url, changes in (review.get("pages") or {}).items():
            for change in changes or []:
                if not isinstance(change, str):
                    first = str(next(iter(change))) if isinstance(change, dict) else str(change)
                    line = next((n for n, text in enumerate(lines, 1) if first in text), 1)
                    raise InputError(
                        f"{located(root / CHANGELOG, root, line)}: an item for {url!r} in the review of "
                        f"{review['date']} is not plain text: put it in quotes (a ': ' inside it starts a mapping)"
                    )
    return reviews


def changelog_faults(reviews: list[dict], reviewed: dict[str, str]) -> list[str]:
    """What is wrong with the change log, given each page's URL and its `reviewed` date: a review
    that names no page of the guide, or a page whose last review has no entry."""
    faults, dates = [], [str(review["date"]) for review in reviews]
    if dates != sorted(set(dates), reverse=True):
        faults.append(f"{CHANGELOG}: list each review once, newest first (dates {dates})")
    for review in reviews:
        for url, changes in review["pages"].items():
            if url not in reviewed:
                faults.append(f"{CHANGELOG}: the review of {review['date']} lists {url!r}, which is not a page")
            elif not changes or not all(isinstance(change, str) and change.strip() for change in changes):
                faults.append(f"{CHANGELOG}: the review of {review['date']} says nothing for {url!r}")
    for url, day in reviewed.items():
        if not any(str(review["date"]) == day and url in review["pages"] for review in reviews):
            faults.append(
                f"Page /{url} was reviewed on {day}, but {CHANGELOG} does not say what changed on it: "
                f'add `"{url}":` with what changed and why under the review of {day}'
            )
    return faults


def changes_markdown(reviews: list[dict], titles: dict[str, str]) -> str:
    """The change log as Markdown for docs/changes.md: a section for each review, and in it one
    for each page it changed, in the guide's order. `titles` maps each page's URL, in that order,
    to its title in the navigation."""
    blocks = []
    for review in reviews:
        day = review["date"]
        blocks += [f"## {long_date(day)} {{ #{anchor(day)} }}", " ".join(review["summary"].split())]
        for url, title in titles.items():
            if url in review["pages"]:
                blocks.append(f"### {title} {{ #{anchor(day, url)} }}")
                blocks.append("\n".join(f"- {' '.join(change.split())}" for change in review["pages"][url]))
    return "\n\n".join(blocks) + "\n"
