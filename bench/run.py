"""Benchmark this site against Material's own build of the same pages, and against earlier and default sites.

In one run, on one machine, it builds four sites with the same packages: this
checkout ("after"), this checkout without our own templates, stylesheet and
script ("Material, same page"), which shows what our own code costs apart from
what a page's length costs under Material, and against which the report judges
each page's LCP, CLS and TBT (bench/report.py); the commit BENCH_BEFORE
("before", by default the last commit with hand-written scripts in place of
Material's own); and `mkdocs new` with Material ("scaffold", a reference row
and the baseline of build time). It measures build
time (median of alternating builds), each page's transfer weight (gzip,
recorded in Chromium: first visit, and the HTML of an instant-navigation move
to the next page) and Lighthouse (four categories, LCP, CLS, TBT; mobile and
desktop), with each site served as GitHub Pages serves it (bench/h2_server.py).
It writes bench/results.md, and raw data to bench/out/. Run it with `make bench`.
Hand-written because no existing tool compares MkDocs builds on build time,
page weight and Lighthouse in one run.
"""

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.h2_server import H2PagesServer, self_signed
from bench.report import CATEGORIES, METRICS, PREFIX, notes, report
from tools import ROOT
from tools.pages import (
    BENCH_CHROMIUM,
    CHROMIUM_ARGS,
    PAGES,
    build,
    copy_project,
    html_pages,
)

OUT = ROOT / "bench" / "out"
LIGHTHOUSE = ROOT / "bench" / "node_modules" / ".bin" / "lighthouse"
# The certificate is self-signed (bench/h2_server.py).
CHROME_FLAGS = ["--headless=new", "--ignore-certificate-errors", *CHROMIUM_ARGS]
# Per form factor, Lighthouse's setting and Chromium's own flags. A phone shows no scroll bar until the
# reader scrolls; with scroll bars, Chromium's headless phone emulation held back the first paint of long
# pages by about a second (on /exercises/, 5 of 5 runs; with --hide-scrollbars, 0 of 5).
FORMS = {"mobile": ([], ["--hide-scrollbars"]), "desktop": (["--preset=desktop"], [])}
VIEWPORTS = {"mobile": {"width": 412, "height": 823}, "desktop": {"width": 1350, "height": 940}}
RUNS = 7
# Lighthouse's own advice (docs/variability.md): the median of 5 runs is twice as stable as 1 run.
LIGHTHOUSE_RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", 5))
BEFORE = os.environ.get("BENCH_BEFORE", "5ea1b2e")


def checkout(ref: str, folder: Path) -> Path:
    """The project as it was at `ref`, from git, to build the "before" site."""
    folder.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def make_scaffold(folder: Path) -> Path:
    """`mkdocs new`, with `theme: name: material` and nothing else."""
    subprocess.run([sys.executable, "-m", "mkdocs", "new", str(folder)], check=True, capture_output=True)
    with open(folder / "mkdocs.yml", "a", encoding="utf-8") as config:
        config.write("theme:\n  name: material\n")
    return folder


def make_material(folder: Path) -> Path:
    """This checkout with Material's templates, not ours, and without our stylesheet and script:
    the same pages, Markdown and settings, so what differs from "after" is our own code."""
    copy_project(folder)
    for template in ("main.html", "404.html", "partials"):
        path = folder / "overrides" / template
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    config = folder / "mkdocs.yml"
    text = config.read_text("utf-8")
    ours = re.findall(r"^extra_(?:css|javascript):\n(?:  - .*\n)+", text, re.MULTILINE)
    if len(ours) != 2:
        sys.exit("mkdocs.yml: bench/run.py expected one extra_css and one extra_javascript list")
    for block in ours:
        text = text.replace(block, "")
    config.write_text(text, "utf-8")
    return folder


def time_builds(builds: dict[str, tuple], runs: int = RUNS) -> dict[str, list[float]]:
    """Build each project `runs` times, alternating, with the same command; seconds per build."""
    times = {name: [] for name in builds}
    for _ in range(runs):
        for name, (project, out, url) in builds.items():
            start = time.perf_counter()
            result = build(out, url, project)
            times[name].append(time.perf_counter() - start)
            if result.returncode:
                sys.exit(f"{name} build failed:\n{result.stderr}")
    return times


def weigh(browser, url: str, viewport: dict) -> dict:
    """Bytes on the wire (gzip) for a first visit, and for an instant move to the next page's HTML."""
    context = browser.new_context(viewport=viewport, ignore_https_errors=True)
    page = context.new_page()
    done, failed = [], []
    page.on("requestfinished", lambda request: done.append(request))
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(url, wait_until="networkidle")
    first = [(r.url, int(r.response().headers.get("content-length") or r.sizes()["responseBodySize"])) for r in done]
    move, link = None, page.locator("a.md-footer__link--next")
    if link.count():  # Material's instant navigation fetches only the next page's HTML
        target = link.get_attribute("href")
        with page.expect_response(lambda response: response.url == target) as response:
            link.click()
        response.value.finished()
        page.wait_for_timeout(500)  # let its images load before the context closes
        move = int(response.value.headers["content-length"])
    context.close()
    return {
        "bytes": sum(size for _, size in first),
        "requests": len(first),
        "next_html": move,
        "failed": failed,
        "responses": first,
    }


def lighthouse(url: str, form: str, name: str, chrome: str) -> dict:
    """One Lighthouse run of one page and form factor: its figures (its report is kept in bench/out/)."""
    path = OUT / f"lighthouse-{name}.json"
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--output=json",
            f"--output-path={path}",
            "--quiet",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={' '.join(CHROME_FLAGS + FORMS[form][1])}",
            *FORMS[form][0],
        ],
        env={**os.environ, "CHROME_PATH": chrome},
        check=True,
    )
    return figures(json.loads(path.read_text("utf-8")))


def summary(runs: list[dict]) -> dict:
    """A page's runs, and the median of each figure across them."""
    # The median of each figure on its own: a single "median run" can carry an outlying LCP or TBT.
    middle = {key: statistics.median(run[key] for run in runs) for key in METRICS}
    scores = {c: statistics.median_low(run["scores"][c] for run in runs) for c in CATEGORIES}
    return {"scores": scores, **middle, "runs": runs, "lighthouse": runs[0]["lighthouse"]}


def figures(report: dict) -> dict:
    """From one Lighthouse report: the four scores, LCP, CLS, TBT, and what made a score fall short."""
    audits = report["audits"]
    failing = {
        c: [
            ref["id"]
            for ref in report["categories"][c]["auditRefs"]
            if ref["weight"] and audits[ref["id"]]["score"] not in (None, 1)
        ]
        for c in CATEGORIES
    }
    tasks = {}
    for task in audits["long-tasks"].get("details", {}).get("items", []):
        tasks[short(task["url"])] = tasks.get(short(task["url"]), 0) + task["duration"]
    blocking = audits["render-blocking-resources"].get("details", {}).get("items", [])
    observed = audits["metrics"]["details"]["items"][0]
    return {
        "scores": {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES},
        "blocking": [short(item["url"]) for item in blocking],
        "long_tasks": {url: round(ms) for url, ms in sorted(tasks.items(), key=lambda t: -t[1])},
        "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "tbt": audits["total-blocking-time"]["numericValue"],
        # Chromium drew nothing until after the load event, in the real (unslowed) run that Lighthouse records.
        "held": observed["observedFirstContentfulPaint"] > observed["observedLoad"],
        "failing": failing,
        "lighthouse": report["lighthouseVersion"],
        "benchmark": report["environment"]["benchmarkIndex"],
    }


def short(url: str) -> str:
    """A resource's file name, or "page HTML" for the page itself, for the notes."""
    return url.split(PREFIX, 1)[-1].rsplit("/", 1)[-1] or "page HTML"


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        tmp = Path(tmp)
        projects = {
            "site": copy_project(tmp / "site"),
            "before": checkout(BEFORE, tmp / "before"),
            "scaffold": make_scaffold(tmp / "scaffold"),
            "material": make_material(tmp / "material"),
        }
        certificate = self_signed(tmp)
        servers = {name: H2PagesServer(PREFIX, certificate) for name in projects}
        builds = {name: (projects[name], tmp / f"{name}-out", servers[name].url) for name in servers}
        print(f"Building each site {RUNS} times…", flush=True)
        times = time_builds({name: builds[name] for name in ("site", "before", "scaffold")})
        material = build(builds["material"][1], servers["material"].url, projects["material"])
        if material.returncode:
            sys.exit(f"material build failed:\n{material.stderr}")
        for name, server in servers.items():
            server.root = builds[name][1]
            server.start()
        if set(html_pages(builds["site"][1])) != set(PAGES):
            sys.exit(f"data/url-contract.yml lists {PAGES}; the site has {sorted(html_pages(builds['site'][1]))}")
        browser = playwright.chromium.launch(executable_path=BENCH_CHROMIUM, args=CHROMIUM_ARGS)
        chrome = BENCH_CHROMIUM or playwright.chromium.executable_path
        before = html_pages(builds["before"][1])
        targets = (
            [("site", "after: /" + p, p) for p in PAGES]
            + [("before", "before: /" + p, p) for p in PAGES if p in before]
            + [("material", "Material, same page: /" + p, p) for p in PAGES]
            + [("scaffold", "scaffold: /", "")]
        )
        rows = []
        for site, label, path in targets:
            for form in FORMS:
                print(f"Weighing {label} ({form})…", flush=True)
                weight = weigh(browser, servers[site].url + path, VIEWPORTS[form])
                rows.append({"site": site, "label": label, "form": form, "page": path, **weight})
        # Round by round, each page once a round and every other round in reverse order: a change in the
        # machine's speed during the hour then touches every site alike, not only the site measured last.
        for turn in range(1, LIGHTHOUSE_RUNS + 1):
            for row in rows if turn % 2 else reversed(rows):
                print(f"Lighthouse, round {turn} of {LIGHTHOUSE_RUNS}: {row['label']} ({row['form']})…", flush=True)
                name = f"{row['site']}-{row['page'].strip('/') or 'home'}-{row['form']}-{turn}"
                run = lighthouse(servers[row["site"]].url + row["page"], row["form"], name, chrome)
                row.setdefault("runs", []).append(run)
        for row in rows:
            row.update(summary(row["runs"]))
        versions = {
            "mkdocs": version("mkdocs"),
            "material": version("mkdocs-material"),
            "lighthouse": rows[0]["lighthouse"],
            "chromium": browser.version,
            "before": BEFORE,
        }
        browser.close()
    for server in servers.values():
        server.stop()
    text = report(rows, times, versions, notes(rows))
    (OUT / "bench.json").write_text(json.dumps({"times": times, "versions": versions, "rows": rows}, indent=1))
    (ROOT / "bench" / "results.md").write_text(text, "utf-8")
    print(text)


if __name__ == "__main__":
    main()
