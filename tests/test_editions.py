"""The other editions: the offline zip opened from disk, printing, and Zensical's build.

Offline: mkdocs.offline.yml is built and zipped as `make offline` does, then
unzipped and opened from disk (file://) in Chromium, with the network cut off.
Print: pages of the served site are rendered to PDF in Chromium's print mode;
the PDF's outline (its bookmarks: each heading with its page and height) shows
where each heading landed, and print-mode styles show what is hidden.
Zensical: the project built by both engines and compared, as `make zensical-check` does.
"""

import os
import re
import subprocess
import sys
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from mkdocs.utils.yaml import yaml_load
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tools import CHECKOUT, zensical_check
from tools.browser import record_violations, violations
from tools.csp import secure_site
from tools.pages import EXERCISES, PAGES, ROOT, SIZES, article, source_of
from tools.pdf import pdf_text, print_page

EDITION = "running-inner-thighs-offline"


# ------------------------------------------------------------------ offline


@pytest.fixture(scope="session")
def offline(tmp_path_factory, once) -> Path:
    """The offline edition, built and zipped as `make offline` does, then unzipped: its folder."""
    return once("offline", lambda: make_offline(tmp_path_factory.mktemp("offline")))


def make_offline(work: Path) -> Path:
    built = work / "build" / EDITION
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.offline.yml"), "-d", str(built)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        cwd=ROOT,
    )
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict -f mkdocs.offline.yml failed:\n{result.stderr}", pytrace=False)
    secure_site(built, offline=True)
    archive = work / f"{EDITION}.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zip_file:
        for path in sorted(built.rglob("*")):
            zip_file.write(path, path.relative_to(built.parent))
    with zipfile.ZipFile(archive) as zip_file:
        assert all(name.startswith(EDITION + "/") for name in zip_file.namelist()), "the zip must hold one folder"
        zip_file.extractall(work / "unzipped")
    return work / "unzipped" / EDITION


def offline_file(url: str) -> str:
    """The offline edition's file for a contract URL: "" -> index.html, "faq/" -> faq.html."""
    return url.rstrip("/") + ".html" if url else "index.html"


def test_offline_config_keeps_the_sites_plugins():
    """INHERIT replaces lists: the offline config restates the site's plugins, less redirects."""
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as file:
        main = yaml_load(file)
    with open(ROOT / "mkdocs.offline.yml", encoding="utf-8") as file:
        offline_config = yaml_load(file)

    def names(config):
        return {next(iter(p)) if isinstance(p, dict) else p for p in config.get("plugins", [])}

    wanted = names(main) - {"redirects"} | {"offline"}
    assert names(offline_config) == wanted, (
        f"mkdocs.offline.yml's plugins {sorted(names(offline_config))} should be the site's, less redirects, "
        f"plus offline: {sorted(wanted)}"
    )
    assert offline_config["use_directory_urls"] is False
    assert offline_config["hooks"] == main["hooks"] and offline_config["extra_css"] == main["extra_css"]


def test_offline_edition_has_every_page(offline):
    missing = [offline_file(url) for url in PAGES if not (offline / offline_file(url)).is_file()]
    assert not missing, f"the offline edition lacks {missing}"
    assert (offline / "search" / "search_index.js").is_file(), "the search index is not inlined for file://"


def local_targets(offline: Path) -> list[str]:
    """Each link or file reference in the edition's pages that does not resolve, as 'page: href'."""
    broken = []
    ids = {}
    for page in sorted(offline.glob("*.html")):
        if page.name == "404.html":  # only a web server shows it; it uses the site's absolute paths
            continue
        html = page.read_text("utf-8")
        for ref in re.findall(r'(?:href|src)="([^"]+)"', html):
            parts = urlsplit(ref)
            if parts.scheme or ref.startswith("//"):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.is_file():
                broken.append(f"{page.name}: {ref}")
            elif parts.fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = set(re.findall(r'\sid="([^"]+)"', target.read_text("utf-8")))
                if parts.fragment not in ids[target]:
                    broken.append(f"{page.name}: {ref} (no such anchor)")
    return broken


def test_offline_links_and_files_resolve(offline):
    broken = local_targets(offline)
    assert not broken, "links that lead nowhere in the offline edition:\n" + "\n".join(broken[:20])


def test_offline_edition_works_from_disk(browser, offline):
    """Open it from disk with no network: follow a link, see the diagrams, search; its own
    Content-Security-Policy (tools/csp.py, OFFLINE) blocks nothing on the way."""
    html = (offline / "index.html").read_text("utf-8")
    assert "connect-src 'none'" in html and "default-src 'none'" in html, "the offline edition lacks its policy"
    context = browser.new_context(viewport=SIZES["desktop"])
    outside = []
    context.route(re.compile(r"^(?!file:|data:)"), lambda route: (outside.append(route.request.url), route.abort()))
    page = context.new_page()
    refused: list[str] = []
    record_violations(page, refused)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto((offline / "index.html").as_uri())
        page.locator("article a[href='running-biomechanics.html']").first.click()
        page.wait_for_url("**/running-biomechanics.html")
        assert "adductors" in page.locator("article h1").inner_text().lower()
        # Diagrams load lazily: make them load now, and fail on any that cannot.
        count = page.evaluate("""() => Promise.all([...document.querySelectorAll('article img')].map(img => {
            img.loading = 'eager';
            return img.decode().then(() => img.naturalWidth);
        })).then(widths => widths.filter(w => w > 0).length)""")
        assert count >= 3, f"only {count} diagrams rendered on running-biomechanics.html"

        assert not outside, f"the offline edition reached for the network: {outside}"
        query = page.locator("input.md-search__input")
        try:
            query.wait_for(state="visible", timeout=5_000)
        except PlaywrightTimeout:
            pytest.fail(
                "no search box: Material hides it when its search worker cannot start from file://", pytrace=False
            )
        query.click()
        query.press_sequentially("adductor", delay=20)
        page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
        results = page.locator(".md-search-result__item").count()
        assert results > 0, "search found nothing for 'adductor'"
        page.locator(".md-search-result__item a").first.click()
        page.wait_for_load_state("load")
        assert page.url.startswith("file:") and ".html" in page.url, f"a search result led to {page.url}"
        blocked = violations(page, refused)
    finally:
        context.close()
    assert not outside, f"the offline edition reached for the network: {outside}"
    assert not errors, f"JavaScript errors: {errors}"
    assert not blocked, "the offline edition's policy blocked:\n" + "\n".join(blocked)


# -------------------------------------------------------------------- print


@dataclass
class Printed:
    outline: list[tuple[str, int, float]]  # each bookmark: heading, page number from 1, height in pt from the bottom
    height: float  # of a page, in pt
    fill: list[float]  # how far down each page the content reaches, 0 to 1 of the space between the margins


# The page margins (the print rules in extra.css): 15 mm at the top, 18 mm at the foot.
TOP_MARGIN, BOTTOM_MARGIN = 15 * 72 / 25.4, 18 * 72 / 25.4


DRAWING = re.compile(rb"(?<![\w/])([qQ])(?![\w])|((?:-?[\d.]+\s+){6})(cm|Tm)\b|((?:-?[\d.]+\s+){4})re\b")


def page_fill(stream: bytes, height: float) -> float:
    """How far down the page its content reaches, read from the page's drawing commands.

    It follows the transforms (q, Q, cm) to place each line of text (Tm) and box
    (re) on the page. What lies in the bottom margin (the running footer) does
    not count.
    """
    matrix, saved, lowest = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), [], TOP_MARGIN

    def place(x: float, y: float) -> float:  # distance from the page's top, in pt
        a, b, c, d, e, f = matrix
        return height - (b * x + d * y + f)

    for match in DRAWING.finditer(stream):
        if match[1] == b"q":
            saved.append(matrix)
        elif match[1] == b"Q":
            matrix = saved.pop() if saved else matrix
        elif match[3] == b"cm":
            a, b, c, d, e, f = map(float, match[2].split())
            m = matrix
            matrix = (
                a * m[0] + b * m[2],
                a * m[1] + b * m[3],
                c * m[0] + d * m[2],
                c * m[1] + d * m[3],
                e * m[0] + f * m[2] + m[4],
                e * m[1] + f * m[3] + m[5],
            )
        else:
            numbers = list(map(float, (match[2] or match[4]).split()))
            points = [numbers[4:6]] if match[3] == b"Tm" else [numbers[:2], [numbers[0], numbers[1] + numbers[3]]]
            for x, y in points:
                below = place(x, y)
                if below < height - BOTTOM_MARGIN:
                    lowest = max(lowest, below)
    return (lowest - TOP_MARGIN) / (height - BOTTOM_MARGIN - TOP_MARGIN)


def read_pdf(pdf: bytes) -> Printed:
    """The PDF's bookmarks, page height and how full each page is.

    Chromium writes plain (uncompressed) dictionaries for the page tree and the
    outline, so a few regular expressions read them; page contents are deflated.
    """
    objects = {}
    for match in re.finditer(rb"(?m)^(\d+) 0 obj\b", pdf):
        end = pdf.find(b"endobj", match.end())
        objects[int(match[1])] = pdf[match.end() : end].split(b"stream", 1)[0]
    root = next(n for n, o in objects.items() if re.search(rb"/Type\s*/Pages\b", o) and b"/Parent" not in o)

    def leaves(number):
        kids = re.search(rb"/Kids\s*\[([^\]]*)\]", objects[number])
        if not kids:
            return [number]
        return [leaf for kid in re.findall(rb"(\d+) 0 R", kids[1]) for leaf in leaves(int(kid))]

    page_numbers = {obj: i + 1 for i, obj in enumerate(leaves(root))}
    height = float(
        re.search(rb"/MediaBox\s*\[\s*[\d.]+\s+[\d.]+\s+[\d.]+\s+([\d.]+)", objects[next(iter(page_numbers))])[1]
    )
    fill = []
    for page in page_numbers:
        content = int(re.search(rb"/Contents\s+(\d+) 0 R", objects[page])[1])
        start = re.search(rb"(?m)^%d 0 obj\b.*?stream\r?\n" % content, pdf, re.DOTALL).end()
        stream = zlib.decompress(pdf[start : pdf.find(b"endstream", start)])
        fill.append(page_fill(stream, height))

    outline = []
    for obj in objects.values():
        dest = re.search(rb"/Dest\s*\[(\d+) 0 R /XYZ [\d.]+ ([\d.]+)", obj)
        title = re.search(rb"/Title\s*(?:\((.*?)(?<!\\)\)|<([0-9A-Fa-f]+)>)", obj, re.DOTALL)
        if dest and title:
            if title[1] is not None:
                text = re.sub(rb"\\(.)", rb"\1", title[1]).decode("latin-1")
            else:
                raw = bytes.fromhex(title[2].decode())
                text = raw[2:].decode("utf-16-be") if raw.startswith(b"\xfe\xff") else raw.decode("latin-1")
            outline.append((text, page_numbers[int(dest[1])], float(dest[2])))
    return Printed(sorted(outline, key=lambda entry: (entry[1], -entry[2])), height, fill)


@pytest.fixture(scope="session")
def exercises_pdf(browser, site, once):
    return once("exercises-pdf", lambda: print_exercises(browser, site))


def print_exercises(browser, site) -> tuple[Printed, list]:
    """The exercises page printed to PDF, read back, with the page's headings."""
    page = print_page(browser, site.url + "exercises/")
    headings = page.evaluate("""[...document.querySelectorAll('article :is(h1, h2, h3, h4, h5, h6)')]
        .map(h => [h.id, h.textContent.replace('¶', '').trim()])""")
    pdf = page.pdf(format="A4", outline=True, tagged=True)
    page.close()
    printed = read_pdf(pdf)
    assert printed.outline, "Chromium wrote no outline (bookmarks) into the PDF"
    return printed, headings


def test_print_has_every_heading(exercises_pdf):
    printed, headings = exercises_pdf
    outline = printed.outline
    assert [title for title, _, _ in outline] == [text for _, text in headings], (
        "the PDF's headings are not the page's, in order"
    )


def test_print_starts_each_exercise_on_a_new_page(exercises_pdf):
    printed, headings = exercises_pdf
    outline, height = printed.outline, printed.height
    titles = {text for id, text in headings if id in EXERCISES}
    tops = {title: (number, top) for title, number, top in outline if title in titles}
    assert len(tops) == len(EXERCISES), f"exercises missing from the PDF: {titles - set(tops)}"
    for title, (number, top) in tops.items():
        first_on_page = max(t for _, n, t in outline if n == number)
        assert top == first_on_page and top > 0.88 * height, (
            f"exercise {title!r} starts {height - top:.0f} pt down page {number}, not at its top"
        )


def test_print_fills_its_pages(exercises_pdf):
    """Pages are not left half empty: only the page before an exercise (each starts a page) and the last may be."""
    printed, headings = exercises_pdf
    starts = {
        number for title, number, _ in printed.outline if title in {text for id, text in headings if id in EXERCISES}
    }
    thin = [
        f"page {n} is {fill:.0%} full"
        for n, fill in enumerate(printed.fill, 1)
        if fill < 0.6 and n + 1 not in starts and n != len(printed.fill)
    ]
    mean = sum(printed.fill) / len(printed.fill)
    assert not thin and mean >= 0.7, (
        f"/exercises/ prints on {len(printed.fill)} pages, {mean:.0%} full on average (at least 70%):\n"
        + "\n".join(thin)
    )


def test_print_leaves_no_heading_at_the_foot_of_a_page(exercises_pdf):
    printed, _ = exercises_pdf
    outline = printed.outline
    # Below the page's 18 mm (51 pt) bottom margin (the print rules in extra.css), a heading takes
    # about 20 pt: one whose top is lower than 51 + 32 pt has no line under it.
    low = [
        f"{title!r} on page {number}, {top:.0f} pt from the bottom" for title, number, top in outline if top < 51 + 32
    ]
    assert not low, "headings left at the foot of a page:\n" + "\n".join(low)


@pytest.mark.parametrize("url", ["", "exercises/"])
def test_print_hides_the_site_around_the_page(browser, site, url):
    page = print_page(browser, site.url + url)
    shown = page.evaluate("""() => [
        '.md-header', '.md-search', '.md-sidebar--primary', '.md-sidebar--secondary',
        '.md-footer', '.md-top', '.headerlink',
    ].filter(selector => [...document.querySelectorAll(selector)].some(el => {
        for (let node = el; node; node = node.parentElement)
            if (getComputedStyle(node).display === 'none') return false;
        return true;
    }))""")
    content = page.evaluate("getComputedStyle(document.querySelector('article')).display")
    notice = page.locator(".guide-notice")
    advice = notice.is_visible() and "not medical advice" in notice.inner_text()
    page.close()
    assert not shown, f"/{url} prints {shown}"
    assert content != "none", f"/{url} prints no content"
    assert advice, f"/{url} prints without the notice that it is not medical advice"


# The pages with a closed disclosure (`??? research "What the research adds"`, `??? note`).
CLOSED_BOXES = [url for url in PAGES if re.search(r"^ *\?\?\? ", source_of(url).read_text("utf-8"), re.MULTILINE)]
# What print adds to the text (the print rules in extra.css): the foot of every page, which may
# fall between a box's two halves, and the address after a link to another site.
PRINTED_EXTRAS = re.compile(r"Generalinformationforeducation,notmedicaladvice\.|Page\d+of\d+|\(https?://[^()]*\)")


def squeezed(text: str) -> str:
    return "".join(text.split())


def between_citations(block) -> list[str]:
    """A block's text, squeezed, in the runs between its citation numbers: Material's print of
    two numbers side by side puts a comma between them that the page's text does not have."""
    for ref in block.select("sup"):
        ref.replace_with("\0")
    return [part for part in squeezed(block.get_text()).split("\0") if part]


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
@pytest.mark.parametrize("url", CLOSED_BOXES)
def test_print_shows_what_closed_boxes_hide(browser, site, url, javascript):
    """Research behind a closed disclosure prints: Material's script opens each box for print, and
    without the script the print rules in extra.css show its content."""
    page = print_page(browser, site.url + url, javascript=javascript)
    printed = PRINTED_EXTRAS.sub("", squeezed(pdf_text(page.pdf(format="A4"))))
    page.close()
    boxes = article(site.html(url)).select("details:not([open])")
    assert boxes, f"/{url} has no closed disclosure to print"
    # Chromium draws in painting order, not reading order: a box's title (positioned, as Material
    # draws its icon) may come between two of its lines where the box runs on to the next page.
    for title in {squeezed(box.summary.get_text()) for box in boxes}:
        printed = printed.replace(title, "")
    missing = [
        f"{box.summary.get_text(strip=True)!r}: {' '.join(block.get_text().split())[:80]!r}"
        for box in boxes
        for block in box.select("p, li, td, th, dd")
        if not block.find(["p", "li", "td", "th", "dd"])
        and any(part not in printed for part in between_citations(block))
    ]
    assert not missing, (
        f"/{url} prints {'with' if javascript else 'without'} JavaScript, but without what its closed boxes hold:\n"
        + "\n".join(missing)
    )


PRINT_CSS = ROOT / "docs" / "assets" / "stylesheets" / "extra.css"


def test_print_names_every_site_the_guide_links_to(site):
    """The print rules list the sites whose link addresses print; every link in the text must be to one."""
    rules = re.sub(r"/\*.*?\*/", "", PRINT_CSS.read_text("utf-8"), flags=re.DOTALL)  # not the comments
    listed = tuple(re.findall(r'\[href\^="([^"]+)"\]', rules))
    assert listed, "the print rules list no site"
    unlisted = sorted(
        {
            f"/{url}: {a['href']}"
            for url in site.pages()
            for a in article(site.html(url)).select("a[href^='http']")
            if not a["href"].startswith(listed) and not a.find_parent(class_="guide-actions")  # not printed
        }
    )
    assert not unlisted, (
        "links to sites whose address would not print; add each site to "
        "docs/assets/stylesheets/extra.css (print rules):\n" + "\n".join(unlisted)
    )


@pytest.mark.parametrize("url", ["sources/", "about/"])
def test_print_shows_the_address_of_links_to_other_sites(browser, site, url):
    page = print_page(browser, site.url + url)
    links = page.evaluate("""() => [...document.querySelectorAll('article a[href]')]
        .filter(a => a.getClientRects().length).map(a => ({
        href: a.href,
        external: new URL(a.href).origin !== location.origin,
        after: getComputedStyle(a, '::after').content,
    }))""")
    page.close()
    shown = [link for link in links if link["external"]]
    unshown = sorted({link["href"] for link in shown if link["href"] not in link["after"]})
    noisy = sorted({link["href"] for link in links if not link["external"] and link["after"] not in ("none", "normal")})
    assert shown, f"/{url} has no link to another site to check"
    assert not unshown, f"/{url}: links to other sites print without their address: {unshown}"
    assert not noisy, f"/{url}: links within the guide print an address: {noisy[:5]}"


def test_print_keeps_diagrams_with_captions_and_links_readable(browser, site):
    light = print_page(browser, site.url + "exercises/")
    dark = print_page(browser, site.url + "exercises/", scheme="dark")
    styles = """() => ({
        figures: [...document.querySelectorAll('article figure:has(> a > img)')].map(f =>
            [getComputedStyle(f).breakInside, !!f.querySelector('img'), !!f.querySelector('figcaption')]),
        link: getComputedStyle(document.querySelector('article p a')).color,
    })"""
    light_styles, dark_styles = light.evaluate(styles), dark.evaluate(styles)
    light.close()
    dark.close()
    assert len(light_styles["figures"]) == len(EXERCISES)
    split = [f for f in light_styles["figures"] if f != ["avoid", True, True]]
    assert not split, f"figures that may split from their caption in print: {split}"
    assert dark_styles["link"] == light_styles["link"], (
        f"links print in {dark_styles['link']} in the dark scheme, {light_styles['link']} in the light: pale on paper"
    )


# ------------------------------------------------------------------ Zensical


def test_zensical_builds_the_same_site(tmp_path):
    """Material's successor builds the same public site from the same sources (README.md, "Zensical")."""
    zensical = CHECKOUT / ".venv-zensical" / "bin" / "zensical"
    assert zensical.is_file(), f"no Zensical at {zensical}: `make test` and `make zensical-check` install it"
    _, findings = zensical_check.compare(str(zensical), tmp_path)
    differs = [f"{name}: {detail}" for kind, name, detail in findings if kind == "DIFFERS"]
    assert not differs, "Zensical's build differs from MkDocs' (`make zensical-check` says more):\n" + "\n".join(
        differs
    )
