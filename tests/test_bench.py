"""The bench's verdicts: a page is marked worse only when every one of its runs is worse.

`make bench` takes over an hour, so its report is checked here on planted figures:
a page slower in every run is marked, a page whose runs overlap the other's is not.
"""

from bench.report import CATEGORIES, METRICS, report, worse

SCAFFOLD_TBT = [70.0, 180.0, 270.0, 120.0, 150.0]


def row(site: str, page: str, tbt: list[float]) -> dict:
    """One report row with the given TBT runs; every other figure the same as the scaffold's."""
    runs = [
        {
            "scores": dict.fromkeys(CATEGORIES, 100),
            "lcp": 1.5,
            "cls": 0.0,
            "tbt": ms,
            "held": False,
            "benchmark": 1500,
        }
        for ms in tbt
    ]
    return {
        "site": site,
        "label": f"{site}: /{page}",
        "form": "mobile",
        "page": page,
        "bytes": 100_000,
        "requests": 10,
        "next_html": 10_000,
        "scores": runs[0]["scores"],
        "lcp": 1.5,
        "cls": 0.0,
        "tbt": sorted(tbt)[len(tbt) // 2],
        "runs": runs,
    }


def test_worse_needs_every_run_to_be_worse():
    assert worse([300, 310, 290], [70, 180, 270]), "three runs all slower than every other run were not worse"
    assert not worse([300, 310, 260], [70, 180, 270]), "runs that overlap the other's were marked worse"
    assert not worse([0.4], [0.4]), "an equal figure was marked worse"


def test_report_marks_the_slower_page_and_only_it():
    slow, overlapping = [400.0, 420.0, 300.0, 380.0, 500.0], [100.0, 400.0, 250.0, 300.0, 600.0]
    rows = [
        row("site", "slow/", slow),
        row("site", "overlapping/", overlapping),
        row("material", "slow/", SCAFFOLD_TBT),
        row("material", "overlapping/", SCAFFOLD_TBT),
        row("scaffold", "", SCAFFOLD_TBT),
    ]
    versions = dict.fromkeys(["mkdocs", "material", "lighthouse", "chromium", "before"], "x")
    text = report(rows, {"site": [2.0], "scaffold": [1.0]}, versions, [])
    lines = {line.split(" | ")[0]: line for line in text.splitlines() if line.startswith("| site: /")}
    tbt_column = 2 + 4 + list(METRICS).index("tbt")
    slow_cells = lines["| site: /slow/"].split(" | ")
    assert slow_cells[tbt_column].endswith("✗**"), f"/slow/: TBT slower in every run not marked: {slow_cells}"
    assert slow_cells[-1].split(", ")[-1].endswith("✗** |"), f"/slow/: not marked against Material: {slow_cells}"
    assert "✗" not in lines["| site: /overlapping/"], f"/overlapping/: runs that overlap were marked: {lines}"
    assert "once in 252" in text, "the report does not say how often two equal pages would part (5 runs each)"
    assert "each site's median: site 1500, material 1500, scaffold 1500" in text, (
        "the report does not give each site's machine speed, to show the sites were measured alike"
    )
