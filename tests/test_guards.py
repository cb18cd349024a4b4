"""Each guard catches the fault it guards: faults are planted in a copy of the project."""

import shutil
from pathlib import Path

import pytest

from linkcheck import broken_links
from pages import ROOT, build
from pages_server import PagesServer

PROJECT_PARTS = ("mkdocs.yml", "docs", "overrides", "includes", "data", "hooks")


@pytest.fixture
def project(tmp_path) -> Path:
    """A throwaway copy of everything the build reads."""
    copy = tmp_path / "project"
    copy.mkdir()
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, copy / part)
        else:
            shutil.copy2(source, copy / part)
    return copy


def plant(project: Path, page: str, text: str):
    with (project / "docs" / page).open("a", encoding="utf-8") as file:
        file.write("\n\n" + text + "\n")


@pytest.mark.parametrize("fault", [
    pytest.param("See [a missing page](no-such-page.md).", id="broken-page-link"),
    pytest.param("See [a missing section](spot-reduction.md#no-such-anchor).", id="broken-anchor-link"),
    pytest.param("![A picture that is not there](assets/no-such-image.svg)", id="missing-image"),
    pytest.param("Fat loss is whole-body[^no-such-source].", id="unknown-citation"),
])
def test_strict_build_fails_naming_the_file(project, tmp_path, fault):
    plant(project, "toning.md", fault)
    result = build(tmp_path / "out", "http://127.0.0.1/some-repo/", project)
    assert result.returncode != 0, f"the build passed with a planted fault: {fault}"
    assert "toning.md" in result.stderr, f"the build failed without naming toning.md:\n{result.stderr}"


def test_linkchecker_catches_a_broken_anchor_in_the_built_site(project, tmp_path):
    server = PagesServer(prefix="/some-repo/")
    out = tmp_path / "out"
    assert build(out, server.url, project).returncode == 0
    page = out / "toning" / "index.html"
    page.write_text(page.read_text("utf-8").replace("</article>", '<a href="../faq/#gone">x</a></article>'), "utf-8")
    server.root = out
    server.start()
    try:
        faults = broken_links(server.url)
    finally:
        server.stop()
    assert any("toning/" in fault and "gone" in fault for fault in faults), f"linkchecker missed it: {faults}"
