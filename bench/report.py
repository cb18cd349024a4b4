"""The benchmark's report (bench/results.md): its figures, and which of them miss their targets."""

import datetime
import math
import os
import statistics

from tools.pages import FIRST_VISIT_BUDGET, NEXT_PAGE_BUDGET, REPO_PATH

CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
PREFIX = REPO_PATH  # served under a sub-path, as a GitHub Pages project site


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
    """The lowest and highest CPU benchmark index Lighthouse measured, and each site's median."""
    index: dict[str, list[float]] = {}
    for r in rows:  # a label reads "site: /page/"
        index.setdefault(r["label"].split(":")[0], []).extend(run["benchmark"] for run in r["runs"])
    every = [value for values in index.values() for value in values]
    medians = ", ".join(f"{site} {statistics.median(values):.0f}" for site, values in index.items())
    return f"{min(every):.0f}–{max(every):.0f} (its benchmark index: higher is faster; each site's median: {medians})"


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
    """The Markdown report: header, targets, one row per site, page and form factor, build times.

    Each *after* row's LCP, CLS and TBT are judged against the *Material, same page* row of the same page
    and form factor; the scaffold's row is shown for reference only.
    """
    same = {(r["form"], r["page"]): r for r in rows if r["site"] == "material"}
    lines = [
        "# Benchmark: this site, before and after, against Material's own build of the same pages",
        "",
        f"Measured {datetime.date.today().isoformat()} with mkdocs {versions['mkdocs']}, mkdocs-material "
        f"{versions['material']}, Lighthouse {versions['lighthouse']} and Chromium {versions['chromium']}, "
        f"on pages served like GitHub Pages: over HTTPS and HTTP/2, gzip-compressed, under `{PREFIX}`. "
        "*After* is this checkout; "
        f"*before* is commit `{versions['before']}`, built with the same packages; the scaffold is `mkdocs new` "
        "with `theme: name: material` and nothing else, one short page, shown for reference; *Material, same page* "
        "is this checkout built with Material's templates in place of ours (`overrides/` keeps only the logo and "
        "generated files) and without our stylesheet and script: the same pages and settings, so that what "
        "differs from *after* on each page is our own code, apart from what the page's length costs. "
        "Weight is the gzip bytes Chromium received "
        "(response bodies): the HTML and every CSS, JS, image and font a first visit loads, and the HTML "
        "an instant-navigation move to the next page fetches. Lighthouse ran "
        f"{len(rows[0]['runs'])} times on each page and form factor, as Lighthouse advises, in rounds that "
        "take every page of every site once (every other round in reverse order), so that a change in the "
        "machine's speed during the hour touches each site alike. It ran on "
        f"{os.cpu_count()} CPU cores, which Lighthouse rated at {speed(rows)}. Scores from machines of "
        "different speeds do not compare. On mobile, "
        "Lighthouse simulates a slower phone: it counts each main-thread task at 4× the time it took "
        "here, or 2× if the task laid out the page, so two pages doing the same work can differ in TBT. "
        "Each figure is the median of its runs, taken figure by figure; "
        "brackets give the lowest and highest run where they differ. "
        "Run it again with `make bench` (`LIGHTHOUSE_RUNS=1 make bench` for a quick look; "
        "`BENCH_BEFORE=<commit>` compares with another commit).",
        "",
        "**Targets for *after*:** on each page, LCP, TBT and CLS no worse than *Material, same page*: the same "
        "page built by stock Material, in the same form factor; a "
        f"first visit of at most {kb(FIRST_VISIT_BUDGET)}, the search index included; a move to the next "
        f"page of at most {kb(NEXT_PAGE_BUDGET)} (the exercises and questions pages hold about 19 and 20 kB "
        "of gzipped HTML on their own, so no move to them fits the 14 kB of a slow connection's first round "
        "trip); build time at most 3× the scaffold's. ✗ marks a miss. LCP, CLS or TBT is worse only when each "
        "of its runs, as rounded here, is worse than each run of Material, same page: one page's runs spread by "
        "up to 300 ms of TBT, and two equally fast pages part this way once in "
        f"{math.comb(2 * len(rows[0]['runs']), len(rows[0]['runs']))} (a one-sided rank test). The scaffold's "
        "row is a reference, and no LCP, TBT or CLS is judged against it: it is one short page, and on a long "
        "page Material's own script does more (a tooltip for each glossary term and footnote back-link, and "
        "reads of the whole page's layout), with our code or without it.",
        "",
        "**First paint held** counts the runs in which Chromium drew nothing until after the page had "
        "loaded (Lighthouse's observed, unslowed timings). Lighthouse's simulated LCP then counts every file and "
        "task that came before that paint, so a held run reads slower by what the page loads and runs first. "
        "Under Lighthouse's phone emulation with scroll bars, Chromium held back the first paint of long Material "
        "pages by about a second, with or without our code. A phone shows no scroll bar until the reader "
        "scrolls, so phone runs hide them (Chromium's `--hide-scrollbars`, which Playwright also sets).",
        "",
        "In the LCP, CLS and TBT columns, ✗ marks an *after* row worse than the *Material, same page* row "
        "of the same page and form factor; in the weight columns, a weight over its target.",
        "",
        "| Site: page | Form factor | Performance | Accessibility | Best practices | SEO | LCP | CLS | TBT "
        "| First paint held | First visit (requests) | Next page, instant (HTML) |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        after, runs = r["site"] == "site", r["runs"]
        material = same.get((r["form"], r["page"])) if after else None
        if after and material is None:
            raise ValueError(f"{r['label']} ({r['form']}): no Material, same page row to judge it against")
        scores = [spread(r["scores"][c], [run["scores"][c] for run in runs], "", 0) for c in CATEGORIES]
        lcp, cls, tbt = (
            flag(
                spread(r[m], shown(r, m), unit, digits),
                material is not None and worse(shown(r, m), shown(material, m)),
            )
            for m, (unit, digits) in METRICS.items()
        )
        first = flag(f"{kb(r['bytes'])} ({r['requests']})", after and r["bytes"] > FIRST_VISIT_BUDGET)
        move = flag(kb(r["next_html"]), after and (r["next_html"] or 0) > NEXT_PAGE_BUDGET)
        held = f"{sum(run['held'] for run in runs)} of {len(runs)}"
        lines.append(
            f"| {r['label']} | {r['form']} | {' | '.join(scores)} | {lcp} | {cls} | {tbt} | {held} | {first} | {move} |"
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
