"""Benchmark this site against a default Material site, and against an earlier version of itself.

In one run, on one machine, it builds four sites with the same packages: this
checkout ("after"), the commit BENCH_BEFORE ("before", by default the last
commit with hand-written scripts in place of Material's own), `mkdocs new`
with Material ("scaffold"), and this checkout without our own templates,
stylesheet and script ("Material, same page"), which shows what our own code
costs apart from what a page's length costs under Material. It measures build
time (median of alternating builds), each page's transfer weight (gzip,
recorded in Chromium: first visit, and the HTML of an instant-navigation move
to the next page) and Lighthouse (four categories, LCP, CLS, TBT; mobile and
desktop), with each site served as GitHub Pages serves it (bench/h2_server.py).
It writes bench/results.md, and raw data to bench/out/. Run it with `make bench`.
Hand-written because no existing tool compares MkDocs builds on build time,
page weight and Lighthouse in one run.
"""

import datetime
import json
import math
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
from tools import ROOT
from tools.pages import (
    BENCH_CHROMIUM,
    CHROMIUM_ARGS,
    FIRST_VISIT_BUDGET,
    NEXT_PAGE_BUDGET,
    PAGES,
    REPO_PATH,
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
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
RUNS = 7
# Lighthouse's own advice (docs/variability.md): the median of 5 runs is twice as stable as 1 run.
LIGHTHOUSE_RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", 5))
BEFORE = os.environ.get("BENCH_BEFORE", "5ea1b2e")
PREFIX = REPO_PATH  # served under a sub-path, as a GitHub Pages project site


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
    """Run Lighthouse LIGHTHOUSE_RUNS times: each run's figures, and the median of each figure across runs."""
    runs = []
    for run in range(1, LIGHTHOUSE_RUNS + 1):
        path = OUT / f"lighthouse-{name}-{form}-{run}.json"
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
        runs.append(figures(json.loads(path.read_text("utf-8"))))
    # The median of each figure on its own: a single "median run" can carry an outlying LCP or TBT.
    middle = {key: statistics.median(run[key] for run in runs) for key in ("lcp", "cls", "tbt")}
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


def flag(text: str, miss: bool) -> str:
    return f"**{text} ✗**" if miss else text


# The Lighthouse figures the targets compare, each with its unit and the digits the report shows.
METRICS = {"lcp": (" s", 1), "cls": ("", 3), "tbt": (" ms", 0)}


def shown(row: dict, metric: str) -> list[float]:
    """One figure from each of a row's runs, rounded as the report shows it."""
    return [round(run[metric], METRICS[metric][1]) for run in row["runs"]]


def worse(after: list[float], other: list[float]) -> bool:
    """Whether every run of *after* is worse than every run of *other*, not merely its median.

    One page's runs spread by up to 300 ms of TBT, so medians alone flag noise. This is a one-sided
    rank test: two equally fast pages part this way once in 252 for 5 runs each (once in 20 for 3).
    """
    return min(after) > max(other)


def kb(size) -> str:
    return "—" if size is None else f"{size / 1000:.1f} kB"


def spread(median: float, values: list, unit: str, digits: int) -> str:
    """The median, and the lowest and highest run in brackets when they differ."""
    low, mid, high = (f"{v:.{digits}f}" for v in (min(values), median, max(values)))
    return f"{mid}{unit}" + ("" if low == high else f" ({low}–{high})")


def speed(rows: list[dict]) -> str:
    """The lowest and highest CPU benchmark index Lighthouse measured across all runs."""
    index = [run["benchmark"] for r in rows for run in r["runs"]]
    return f"{min(index):.0f}–{max(index):.0f}"


def notes(rows: list[dict]) -> list[str]:
    """Requests not counted, and for each mobile score that fell under 100 in any run, why (from that run)."""
    failed = sorted({url for r in rows for url in r["failed"]})
    lines = (
        [
            f"Not counted: requests that failed because this machine is offline ({', '.join(failed)}); "
            "on the web they add to that page's weight and load time."
        ]
        if failed
        else []
    )
    for r in [r for r in rows if r["site"] == "site" and r["form"] == "mobile"]:
        for c in CATEGORIES:
            worst = min(r["runs"], key=lambda run: run["scores"][c])
            if worst["scores"][c] == 100:
                continue
            lines.append(
                f"{r['label']} (mobile), {c}: {', '.join(str(run['scores'][c]) for run in r['runs'])} "
                f"in {len(r['runs'])} runs; the {worst['scores'][c]} run was short on "
                + ", ".join(worst["failing"][c])
                + (
                    f"; render-blocking: {', '.join(worst['blocking'])}; long tasks (ms): "
                    + ", ".join(f"{url} {ms}" for url, ms in worst["long_tasks"].items())
                    if c == "performance"
                    else ""
                )
            )
    return lines


def report(rows: list[dict], times: dict, versions: dict, extra: list[str]) -> str:
    """The Markdown report: header, targets, one row per site, page and form factor, build times."""
    base = {r["form"]: r for r in rows if r["site"] == "scaffold"}
    same = {(r["form"], r["page"]): r for r in rows if r["site"] == "material"}
    lines = [
        "# Benchmark: this site, before and after, against a default Material site",
        "",
        f"Measured {datetime.date.today().isoformat()} with mkdocs {versions['mkdocs']}, mkdocs-material "
        f"{versions['material']}, Lighthouse {versions['lighthouse']} and Chromium {versions['chromium']}, "
        f"on pages served like GitHub Pages: over HTTPS and HTTP/2, gzip-compressed, under `{PREFIX}`. "
        "*After* is this checkout; "
        f"*before* is commit `{versions['before']}`, built with the same packages; the scaffold is `mkdocs new` "
        "with `theme: name: material` and nothing else, one short page; *Material, same page* is this checkout "
        "built with Material's templates in place of ours (`overrides/` keeps only the logo and generated "
        "files) and without our stylesheet and script: the same pages and settings, so that the last column "
        "shows what our own code adds to a page, apart from what the page's length costs (medians, after "
        "minus Material). Weight is the gzip bytes Chromium received "
        "(response bodies): the HTML and every CSS, JS, image and font a first visit loads, and the HTML "
        "an instant-navigation move to the next page fetches. Lighthouse ran "
        f"{len(rows[0]['runs'])} times on each page and form factor, as Lighthouse advises, on "
        f"{os.cpu_count()} CPU cores, which Lighthouse rated at {speed(rows)} (its benchmark index: "
        "higher is faster; scores from machines of different speeds do not compare). On mobile, "
        "Lighthouse simulates a slower phone: it counts each main-thread task at 4× the time it took "
        "here, or 2× if the task laid out the page, so two pages doing the same work can differ in TBT. "
        "Each figure is the median of its runs, taken figure by figure; "
        "brackets give the lowest and highest run where they differ. "
        "Run it again with `make bench` (`LIGHTHOUSE_RUNS=1 make bench` for a quick look; "
        "`BENCH_BEFORE=<commit>` compares with another commit).",
        "",
        "**Targets for *after*:** LCP, TBT and CLS no worse than the scaffold's (same form factor); a "
        f"first visit of at most {kb(FIRST_VISIT_BUDGET)}, the search index included; a move to the next "
        f"page of at most {kb(NEXT_PAGE_BUDGET)} (the exercises and questions pages hold about 19 and 20 kB "
        "of gzipped HTML on their own, so no move to them fits the 14 kB of a slow connection's first round "
        "trip); build time at most 3× the scaffold's. ✗ marks a miss. LCP, CLS or TBT is worse only when each "
        "of its runs, as rounded here, is worse than each run it is compared with: one page's runs spread by up to "
        "300 ms of TBT, and two equally fast pages part this way once in "
        f"{math.comb(2 * len(rows[0]['runs']), len(rows[0]['runs']))} (a one-sided rank test). The last "
        "column makes the same test against Material, same page. The scaffold is one short page: on a long "
        "page Material's own script does more (a tooltip for each glossary term, section link and footnote "
        "back-link, and reads of the whole page's layout), which shows against the scaffold but not against "
        "Material, same page.",
        "",
        "**First paint held** counts the runs in which Chromium drew nothing until after the page had "
        "loaded (Lighthouse's observed, unslowed timings). Lighthouse's simulated LCP then counts every file and "
        "task that came before that paint, so a held run reads slower by what the page loads and runs first. "
        "Under Lighthouse's phone emulation with scroll bars, Chromium held back the first paint of long Material "
        "pages by about a second, with or without our code. A phone shows no scroll bar until the reader "
        "scrolls, so phone runs hide them (Chromium's `--hide-scrollbars`, which Playwright also sets).",
        "",
        "| Site: page | Form factor | Performance | Accessibility | Best practices | SEO | LCP | CLS | TBT "
        "| First paint held | First visit (requests) | Next page, instant (HTML) "
        "| LCP, CLS, TBT against Material, same page |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        after, runs, scaffold = r["site"] == "site", r["runs"], base[r["form"]]
        scores = [spread(r["scores"][c], [run["scores"][c] for run in runs], "", 0) for c in CATEGORIES]
        lcp, cls, tbt = (
            flag(spread(r[m], shown(r, m), unit, digits), after and worse(shown(r, m), shown(scaffold, m)))
            for m, (unit, digits) in METRICS.items()
        )
        first = flag(f"{kb(r['bytes'])} ({r['requests']})", after and r["bytes"] > FIRST_VISIT_BUDGET)
        move = flag(kb(r["next_html"]), after and (r["next_html"] or 0) > NEXT_PAGE_BUDGET)
        held = f"{sum(run['held'] for run in runs)} of {len(runs)}"
        ours = same.get((r["form"], r["page"])) if after else None
        cost = (
            ", ".join(
                flag(f"{r[m] - ours[m]:+.{digits}f}{unit}", worse(shown(r, m), shown(ours, m)))
                for m, (unit, digits) in METRICS.items()
            )
            if ours
            else "—"
        )
        lines.append(
            f"| {r['label']} | {r['form']} | {' | '.join(scores)} | {lcp} | {cls} | {tbt} | {held} | {first} | {move} "
            f"| {cost} |"
        )
    scaffold_time = statistics.median(times["scaffold"])
    build_times = ", ".join(
        f"{name} {statistics.median(runs):.2f} s ({statistics.median(runs) / scaffold_time:.1f}×)"
        for name, runs in times.items()
        if name != "scaffold"
    )
    after_ratio = statistics.median(times["site"]) / scaffold_time
    lines += [
        "",
        f"**Build time** (`mkdocs build --strict`, generator included, median of {len(times['site'])} "
        f"alternating runs each): scaffold {scaffold_time:.2f} s; {build_times.replace('site', 'after')}"
        f"{' **✗**' if after_ratio > 3 else ''}.",
        "",
    ]
    return "\n".join(lines + [f"- {note}" for note in extra] + ([""] if extra else []))


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
                print(f"Measuring {label} ({form})…", flush=True)
                name = f"{site}-" + (path.strip("/") or "home")
                rows.append(
                    {
                        "site": site,
                        "label": label,
                        "form": form,
                        "page": path,
                        **weigh(browser, servers[site].url + path, VIEWPORTS[form]),
                        **lighthouse(servers[site].url + path, form, name, chrome),
                    }
                )
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
