"""Valid HTML: the Nu HTML Checker finds no error on any built page."""

import json
import shutil
import subprocess
from pathlib import Path

from tools import CHECKOUT

VNU = CHECKOUT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def nu_errors(files: list[Path], root: Path) -> list[str]:
    """Each error the Nu HTML Checker reports, as 'file:line: message'."""
    java = shutil.which("java")
    assert java, "Java is missing: `make test` installs it (Debian's default-jre-headless)"
    assert VNU.exists(), f"{VNU} is missing: `make test` installs it with npm"
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [
        f"{Path(m['url'].removeprefix('file:')).relative_to(root)}:{m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if not material_choice(m)
    ]


def material_choice(message: dict) -> bool:
    """Material's checkbox toggles (drawer, search) carry autocomplete="off" on purpose: without it,
    Firefox restores an open drawer or search on Back. HTML allows the attribute only on text-like inputs."""
    return message["message"].startswith("Attribute “autocomplete” is only allowed") and (
        'class="md-toggle"' in message.get("extract", "")
    )


def test_every_page_is_valid_html(site):
    files = sorted(site.dir.rglob("*.html"))
    assert len(files) >= len(site.pages()), "the build has fewer HTML files than pages"
    errors = nu_errors(files, site.dir)
    assert not errors, "The Nu HTML Checker found errors:\n" + "\n".join(errors)
