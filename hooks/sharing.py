"""Link previews and structured data for every page.

Hand-written because Material's social plugin downloads its fonts at build
time (this build runs without a network) and no plugin writes schema.org data
from our front matter, bibliography and page structure. Preview cards use
Pillow's built-in font, so they come out the same on every machine.
"""

import hashlib
import json
import logging
import shutil
from pathlib import Path

from bibliography import load, url
from bs4 import BeautifulSoup
from PIL import Image, ImageDraw, ImageFont

log = logging.getLogger("mkdocs.hooks.sharing")
REQUIRED = ("title", "description", "reviewed", "review_due")
CARD_SIZE = (1200, 630)
INK, PAPER, TINT = "#ffffff", "#00574f", "#e3f1ee"
CITED = {"MedicalWebPage", "FAQPage"}

sources: dict[str, dict] = {}
cards: dict[str, tuple[str, str]] = {}


def on_config(config):
    sources.clear()
    sources.update({e["key"]: e for topic in load(Path(config.config_file_path).parent) for e in topic["entries"]})
    cards.clear()


def card_path(page) -> str:
    return f"assets/images/social/{page.url.strip('/').replace('/', '-') or 'index'}.png"


def text(node) -> str:
    """A node's words as a reader sees them, without permalinks, citation numbers or labels."""
    for extra in node.select(".headerlink, .footnote-ref, .evidence"):
        extra.decompose()
    return " ".join(node.get_text(" ").split()).replace(" .", ".").replace(" ,", ",")


def structured_data(page, config) -> dict:
    """schema.org data that says only what the page itself shows."""
    soup = BeautifulSoup(page.content, "html.parser")
    kind = page.meta.get("schema", "MedicalWebPage")
    reviewed = str(page.meta["reviewed"])
    data = {
        "@type": kind, "@id": page.canonical_url, "url": page.canonical_url,
        "name": page.meta["title"], "headline": page.meta["title"], "description": page.meta["description"],
        "inLanguage": "en-GB", "dateModified": reviewed, "lastReviewed": reviewed,
        "isPartOf": {"@type": "WebSite", "name": config.site_name, "url": config.site_url},
        "license": "https://creativecommons.org/licenses/by/4.0/",
    }
    keys = dict.fromkeys(a["href"].split("#fn:")[1] for a in soup.select("a.footnote-ref"))
    if keys:
        data["citation"] = [url(sources[k]) for k in keys if k in sources]
    if kind == "FAQPage":
        data["mainEntity"] = [
            {"@type": "Question", "name": text(question), "acceptedAnswer": {"@type": "Answer", "text": " ".join(
                text(part) for part in question.find_next_siblings(["p", "ul", "ol"])
                if part.find_previous_sibling("h2") is question
            )}}
            for question in soup.select("h2[id]")
        ]
    howtos = [
        {"@type": "HowTo", "name": text(steps.find_previous_sibling("h2")),
         "url": f"{page.canonical_url}#{steps.find_previous_sibling('h2')['id']}",
         "step": [{"@type": "HowToStep", "position": n, "text": text(li)}
                  for n, li in enumerate(steps.find_next_sibling("ol").find_all("li", recursive=False), 1)]}
        for steps in soup.select('h3[id$="-steps"]')
    ]
    return {"@context": "https://schema.org", "@graph": [data, *howtos]}


def on_page_context(context, page, config, **kwargs):
    missing = [key for key in REQUIRED if not page.meta.get(key)]
    if missing:
        log.warning("Doc file '%s' has no %s in its front matter", page.file.src_uri, ", ".join(missing))
        return context
    image = card_path(page)
    cards[image] = (page.meta["title"], page.meta["description"])
    data = json.dumps(structured_data(page, config), ensure_ascii=False, separators=(",", ":"))
    context["share"] = {
        "image": config.site_url + image, "width": CARD_SIZE[0], "height": CARD_SIZE[1],
        "type": "website" if page.is_homepage else "article",
        "cite": page.meta.get("schema", "MedicalWebPage") in CITED,
        "reviewed": page.meta["reviewed"].strftime("%-d %B %Y"),
        "review_due": page.meta["review_due"].strftime("%-d %B %Y"),
        "jsonld": data.replace("</", "<\\/"),
    }
    return context


def wrap(draw, words: str, font, width: int) -> list[str]:
    lines = [""]
    for word in words.split():
        line = f"{lines[-1]} {word}".strip()
        if draw.textlength(line, font=font) <= width:
            lines[-1] = line
        else:
            lines.append(word)
    return lines


def draw_card(path: Path, site: str, title: str, description: str):
    card = Image.new("RGB", CARD_SIZE, PAPER)
    draw = ImageDraw.Draw(card)
    draw.rectangle((0, 0, 24, CARD_SIZE[1]), fill=TINT)
    draw.text((90, 70), site, fill=TINT, font=ImageFont.load_default(size=38))
    heading = ImageFont.load_default(size=76)
    lines = wrap(draw, title, heading, 1020)[:3]
    for n, line in enumerate(lines):
        draw.text((90, 160 + n * 92), line, fill=INK, font=heading)
    body = ImageFont.load_default(size=34)
    for n, line in enumerate(wrap(draw, description, body, 1020)[:3]):
        draw.text((90, 200 + len(lines) * 92 + n * 46), line, fill=TINT, font=body)
    path.parent.mkdir(parents=True, exist_ok=True)
    card.quantize(colors=32).save(path, optimize=True)


def on_post_build(config):
    """Draw each card once: the cache (.cache/social, as Material's plugin uses) keys on its text."""
    cache = Path(config.config_file_path).parent / ".cache" / "social"
    for image, (title, description) in cards.items():
        key = hashlib.sha256(f"{config.site_name}|{title}|{description}|{CARD_SIZE}".encode()).hexdigest()[:16]
        cached = cache / f"{key}.png"
        if not cached.exists():
            draw_card(cached, config.site_name, title, description)
        (Path(config.site_dir) / image).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, Path(config.site_dir) / image)
