"""Printing a page of the served site to PDF in Chromium, and reading the PDF back: its objects, its
streams, its text and its sheets. Shared by the print tests (tests/test_editions.py, tests/test_plans.py)."""

import re
import zlib

from playwright.sync_api import Browser, Page

from tools.pages import SIZES


def print_page(browser: Browser, url: str, scheme: str = "light", javascript: bool = True) -> Page:
    """`url` in a new page laid out for print, loaded."""
    page = browser.new_page(viewport=SIZES["desktop"], color_scheme=scheme, java_script_enabled=javascript)
    page.emulate_media(media="print")  # before loading, so no colour is caught mid-transition
    page.goto(url)
    page.wait_for_load_state("load")
    return page


def pdf_objects(pdf: bytes) -> dict[int, bytes]:
    """Each numbered object of the PDF, up to its end (a stream's data included)."""
    objects = {}
    for match in re.finditer(rb"(?m)^(\d+) 0 obj\b", pdf):
        objects[int(match[1])] = pdf[match.end() : pdf.find(b"endobj", match.end())]
    return objects


def stream(obj: bytes) -> bytes:
    """A deflated stream's data, as Chromium writes page contents and fonts' character maps."""
    return zlib.decompress(obj.split(b"stream", 1)[1].lstrip(b"\r\n"))


def pdf_text(pdf: bytes) -> str:
    """The text Chromium printed, page after page, in the order it drew it, without spaces between lines.

    Chromium (Skia) names each font by its object (`/F4` is object 4), draws each glyph by its
    number (`<0033> Tj`), and gives each font a ToUnicode map from glyph numbers to text.
    """
    objects = pdf_objects(pdf)
    fonts: dict[int, dict[int, str]] = {}
    for number, obj in objects.items():
        to_unicode = re.search(rb"/ToUnicode (\d+) 0 R", obj)
        if not to_unicode:
            continue
        glyphs, cmap = {}, stream(objects[int(to_unicode[1])])
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.DOTALL):
            for glyph, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                glyphs[int(glyph, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.DOTALL):
            for first, last, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                for offset, glyph in enumerate(range(int(first, 16), int(last, 16) + 1)):
                    glyphs[glyph] = chr(int(text, 16) + offset)
        fonts[number] = glyphs
    printed = []
    for obj in objects.values():
        if re.search(rb"/Type\s*/Page\b", obj) and (contents := re.search(rb"/Contents\s+(\d+) 0 R", obj)):
            font: dict[int, str] = {}
            for match in re.finditer(rb"/F(\d+) [\d.]+ Tf|<([0-9A-Fa-f]+)>\s*Tj", stream(objects[int(contents[1])])):
                if match[1]:
                    font = fonts.get(int(match[1]), {})
                else:
                    glyphs = match[2].decode()
                    printed += [font.get(int(glyphs[i : i + 4], 16), "\ufffd") for i in range(0, len(glyphs), 4)]
    return "".join(printed)


def sheets(pdf: bytes) -> int:
    """How many pages (sheets of paper) the PDF has."""
    return len(re.findall(rb"/Type\s*/Page\b", pdf))
