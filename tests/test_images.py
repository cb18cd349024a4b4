"""Images: the hand-drawn SVG diagrams, and how the pages show them.

The pages show each SVG in an <img> at least 328 CSS px wide on a 360 px phone, so
every label must render at 12 px or more at that width:
    font_size * 328 / viewBox_width >= 12
"""

import re
import xml.etree.ElementTree as ET

import pytest

from tools.pages import ROOT, SIZES, article

DIAGRAM_DIR = ROOT / "docs" / "assets" / "diagrams"
SVG_NS = "{http://www.w3.org/2000/svg}"
MAX_BYTES = 20 * 1024
PHONE_WIDTH_PX = 328  # Material's content column on a 360 px phone
MIN_TEXT_PX = 12

SVG_FILES = sorted(DIAGRAM_DIR.glob("*.svg"))


def local_name(element):
    return element.tag.rsplit("}", 1)[-1]


def viewbox_size(root):
    numbers = [float(n) for n in re.split(r"[\s,]+", root.get("viewBox", "").strip()) if n]
    assert len(numbers) == 4, f"viewBox {root.get('viewBox')!r} is not four numbers"
    return numbers[2], numbers[3]


def effective_font_size(element, parents):
    """Font size in user units set on the element or its nearest ancestor, else None."""
    while element is not None:
        style = element.get("style", "")
        match = re.search(r"font-size\s*:\s*([\d.]+)", style)
        value = match.group(1) if match else element.get("font-size")
        if value is not None:
            number = re.match(r"\s*([\d.]+)\s*(px)?\s*$", value)
            assert number, f"font-size {value!r} is not a plain number or px value"
            return float(number.group(1))
        element = parents.get(element)
    return None


@pytest.mark.parametrize("path", SVG_FILES, ids=lambda p: p.name)
def test_svg_file(path):
    name = path.name
    size = path.stat().st_size
    assert size <= MAX_BYTES, f"{name}: {size} bytes is over the {MAX_BYTES}-byte limit"

    raw = path.read_text(encoding="utf-8")
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as error:
        pytest.fail(f"{name}: not valid XML ({error})")

    assert root.tag == SVG_NS + "svg", f"{name}: root element is {root.tag!r}, not an SVG <svg>"
    assert root.get("viewBox"), f"{name}: root <svg> has no viewBox"
    width, height = viewbox_size(root)
    assert (root.get("width"), root.get("height")) == ("100%", None), (
        f'{name}: set width="100%" and no height, so the drawing fills the window when opened on its own'
    )

    children = {local_name(child): child for child in root}
    for tag in ("title", "desc"):
        text = children[tag].text if tag in children else None
        assert text and text.strip(), f"{name}: missing or empty <{tag}> directly under <svg>"

    # No external references of any kind.
    for element in root.iter():
        assert local_name(element) not in {"script", "foreignObject"}, (
            f"{name}: contains a forbidden <{local_name(element)}> element"
        )
        for attribute, value in element.attrib.items():
            if attribute.endswith("href"):
                assert value.startswith("#"), f"{name}: external reference {attribute}={value!r}"
    lowered = raw.lower()
    for marker in ("@import", "url(http", "url(//", "url('http", 'url("http'):
        assert marker not in lowered, f"{name}: external reference {marker!r} found"

    # Every label is big enough on a phone.
    parents = {child: parent for parent in root.iter() for child in parent}
    texts = [element for element in root.iter() if local_name(element) in {"text", "tspan"}]
    assert texts, f"{name}: has no <text> labels"
    for text in texts:
        label = "".join(text.itertext()).strip()
        font_size = effective_font_size(text, parents)
        assert font_size is not None, f"{name}: text {label!r} has no font-size on it or any ancestor"
        on_phone = font_size * PHONE_WIDTH_PX / width
        assert on_phone >= MIN_TEXT_PX, (
            f"{name}: text {label!r} is {on_phone:.1f} px on a phone (font-size {font_size:g}, "
            f"viewBox width {width:g}); needs at least {MIN_TEXT_PX} px"
        )


def page_images(site) -> dict[str, list]:
    """Each page's article images, keyed by URL path."""
    return {url: article(path.read_text("utf-8")).find_all("img") for url, path in site.pages().items()}


def test_every_diagram_is_used_by_a_page(site):
    used = {img["src"].rsplit("/", 1)[-1] for images in page_images(site).values() for img in images}
    unused = sorted(path.name for path in SVG_FILES if path.name not in used)
    assert not unused, f"diagrams no page shows: {unused}"


def test_every_image_says_what_it_shows(site):
    faults = [
        f"/{url}: {img.get('src')} has alt text {img.get('alt')!r}"
        for url, images in page_images(site).items()
        for img in images
        if len((img.get("alt") or "").split()) < 5 or img["alt"].strip().lower() in {"diagram", "image", "figure"}
    ]
    assert not faults, "Images without alt text that says what they show:\n" + "\n".join(faults)


def test_every_diagram_has_a_caption_and_opens_full_size(site):
    faults = []
    for url, images in page_images(site).items():
        for img in images:
            figure = img.find_parent("figure")
            caption = figure and figure.find("figcaption")
            if not (caption and caption.get_text(strip=True)):
                faults.append(f"/{url}: {img['src']} is not in a figure with a caption")
            link = img.find_parent("a")
            if not (link and link.get("href") == img["src"]):
                faults.append(f"/{url}: {img['src']} is not a link to the drawing, so it cannot be enlarged")
            if not (img.get("width") and img.get("height")):
                faults.append(f"/{url}: {img['src']} has no width and height, so the page shifts as it loads")
    assert not faults, "\n".join(faults)


def test_diagrams_are_wide_enough_on_a_phone(browser, site):
    """The font-size rule above holds only if each diagram is at least PHONE_WIDTH_PX wide."""
    page = browser.new_page(
        viewport=SIZES["phone"], is_mobile=True, has_touch=True
    )  # overlay scrollbars, as phones have
    narrow = []
    for url, images in page_images(site).items():
        if images:
            page.goto(site.url + url)
            widths = page.eval_on_selector_all("article figure img", "imgs => imgs.map(i => [i.src, i.clientWidth])")
            narrow += [f"/{url}: {src} is {width} px wide" for src, width in widths if width < PHONE_WIDTH_PX]
    page.close()
    assert not narrow, "Diagrams too narrow for 12 px labels on a 360 px phone:\n" + "\n".join(narrow)
