"""Whether the build links to a real repository: `repo_url` makes every page's "Edit this page"
and "Report a problem with this page" links (overrides/main.html).

mkdocs.yml takes it from REPO_URL, which the Site workflow sets to the repository it runs in
(GITHUB_SERVER_URL/GITHUB_REPOSITORY), so a fork publishes links to itself; a local build gets
the placeholder. `python -m tools.generate` says so in one line: a warning on a local build, an
error in GitHub Actions, where the placeholder would be published.
"""

import re
from collections.abc import Mapping
from pathlib import Path

PLACEHOLDER = "https://github.com/example/running-inner-thighs"


def placeholder_notice(root: Path, repo_url: str | None, env: Mapping[str, str]) -> tuple[bool, str] | None:
    """None if `repo_url` is a real repository; else whether it is an error (in GitHub Actions), and the line."""
    if (repo_url or "").rstrip("/") != PLACEHOLDER:
        return None
    text = (root / "mkdocs.yml").read_text("utf-8")
    setting = re.search(r"^repo_url:", text, re.MULTILINE)
    line = text.count("\n", 0, setting.start()) + 1 if setting else 1
    return env.get("GITHUB_ACTIONS") == "true", (
        f"mkdocs.yml:{line}:1: repo_url is the placeholder {PLACEHOLDER}, so the pages' "
        '"Edit this page" and "Report a problem" links go nowhere: to publish, set REPO_URL to the '
        "repository's address (the Site workflow sets it from GITHUB_SERVER_URL and GITHUB_REPOSITORY)"
    )
