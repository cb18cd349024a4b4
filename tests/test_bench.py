"""The bench's verdicts: a page is marked worse only when every one of its runs is worse than every run
of the same page built by stock Material ("Material, same page"), in the same form factor.

`make bench` takes over an hour, so its report is checked here on planted figures: a page slower in every
run than Material's build of it is marked, a page whose runs overlap is not, and the one-page scaffold,
a reference row, decides nothing.
"""

import statistics

import pytest

from bench.report import CATEGORIES, METRICS, report, worse

# As bench/run.py labels each site's rows.
LABELS = {"site": "after", "material": "Material, same page", "scaffold": "scaffold"}
# A figure for each metric that no planted run comes near, and a low and a high set of runs, apart
# once rounded as the report rounds them (LCP to 0.1 s, CLS to 0.001, TBT to 1 ms).
QUIET = {"lcp": 1.5, "cls": 0.0, "tbt": 50.0}
LOW = {"lcp": [0.8, 0.9, 0.8, 1.0, 0.9], "cls": [0.010, 0.012, 0.011, 0.010, 0.013], "tbt": [20.0, 35, 28, 40, 31]}
HIGH = {
    "lcp": [3.0, 3.2, 3.1, 3.4, 3.0],
    "cls": [0.200, 0.210, 0.205, 0.220, 0.201],
    "tbt": [600.0, 650, 700, 620, 640],
}
MIDDLE = {m: [(low + high) / 2 for low, high in zip(LOW[m], HIGH[m], strict=True)] for m in METRICS}
VERSIONS = dict.fromkeys(["mkdocs", "material", "lighthouse", "chromium", "before"], "x")
TIMES = {"site": [2.0], "scaffold": [1.0]}


def row(site: str, page: str, form: str = "mobile", **planted: list[float]) -> dict:
    """One report row: the planted runs of some metrics, the same quiet figure for every other."""
    count = len(next(iter(planted.values()), [0] * 5))
    figures = {m: planted.get(m, [QUIET[m]] * count) for m in METRICS}
    runs = [
        {
            "scores": dict.fromkeys(CATEGORIES, 100),
            "held": False,
            "benchmark": 1500,
            **{m: figures[m][i] for m in METRICS},
        }
        for i in range(count)
    ]
    return {
        "site": site,
        "label": f"{LABELS[site]}: /{page}",
        "form": form,
        "page": page,
        "bytes": 100_000,
        "requests": 10,
        "next_html": 10_000,
        "scores": runs[0]["scores"],
        **{m: statistics.median(figures[m]) for m in METRICS},
        "runs": runs,
    }


def table(text: str) -> dict[tuple[str, str], dict[str, str]]:
    """The report's table: for each row's label and form factor, its cells by column heading."""
    lines = [line.strip("|").split(" | ") for line in text.splitlines() if line.startswith("| ")]
    headings = [cell.strip() for cell in lines[0]]
    return {
        (cells[0].strip(), cells[1]): dict(zip(headings, [c.strip() for c in cells], strict=True))
        for cells in lines[2:]
    }


def test_worse_needs_every_run_to_be_worse():
    assert worse([300, 310, 290], [70, 180, 270]), "three runs all slower than every other run were not worse"
    assert not worse([300, 310, 260], [70, 180, 270]), "runs that overlap the other's were marked worse"
    assert not worse([0.4], [0.4]), "an equal figure was marked worse"


@pytest.mark.parametrize("metric", list(METRICS))
def test_verdict_is_against_material_same_page_not_the_scaffold(metric):
    """Planted: on /worse/ *after* is worse than Material's build of the page but better than the scaffold,
    so it must be marked; on /better/ it is worse than the scaffold but better than Material's build, so it
    must not be; on desktop the Material rows swap, so each row must be judged against its own form factor."""
    rows = [
        row("site", "worse/", "mobile", **{metric: MIDDLE[metric]}),
        row("site", "better/", "mobile", **{metric: MIDDLE[metric]}),
        row("site", "worse/", "desktop", **{metric: MIDDLE[metric]}),
        row("material", "worse/", "mobile", **{metric: LOW[metric]}),
        row("material", "better/", "mobile", **{metric: HIGH[metric]}),
        row("material", "worse/", "desktop", **{metric: HIGH[metric]}),
        row("scaffold", "", "mobile", **{metric: HIGH[metric]}),
        row("scaffold", "", "desktop", **{metric: LOW[metric]}),
    ]
    marked = {
        (*key, heading)
        for key, cells in table(report(rows, TIMES, VERSIONS, [])).items()
        for heading, cell in cells.items()
        if "✗" in cell
    }
    assert marked == {("after: /worse/", "mobile", metric.upper())}, (
        f"{metric.upper()}: a ✗ belongs only where after is worse than Material, same page "
        f"(after: /worse/, mobile, {metric.upper()}); the report marked {sorted(marked)}"
    )


def test_report_marks_the_slower_page_and_only_it():
    slow, overlapping = [400.0, 420.0, 300.0, 380.0, 500.0], [100.0, 400.0, 250.0, 300.0, 600.0]
    material = [70.0, 180.0, 270.0, 120.0, 150.0]
    rows = [
        row("site", "slow/", tbt=slow),
        row("site", "overlapping/", tbt=overlapping),
        row("material", "slow/", tbt=material),
        row("material", "overlapping/", tbt=material),
        row("scaffold", "", tbt=material),
    ]
    text = report(rows, TIMES, VERSIONS, [])
    cells = table(text)
    assert cells[("after: /slow/", "mobile")]["TBT"].endswith("✗**"), (
        f"/slow/: TBT slower in every run not marked: {cells}"
    )
    assert "✗" not in "".join(cells[("after: /overlapping/", "mobile")].values()), (
        "/overlapping/: overlapping runs marked"
    )
    assert "once in 252" in text, "the report does not say how often two equal pages would part (5 runs each)"
    assert "each site's median: after 1500, Material, same page 1500, scaffold 1500" in text, (
        "the report does not give each site's machine speed, to show the sites were measured alike"
    )


def test_report_needs_material_same_page_for_every_after_row():
    rows = [row("site", "alone/", tbt=[50.0] * 5), row("scaffold", "", tbt=[50.0] * 5)]
    with pytest.raises(ValueError, match="no Material, same page row"):
        report(rows, TIMES, VERSIONS, [])
