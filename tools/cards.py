"""A preview card for each page (docs/assets/images/social/<page>.png), for link previews."""

import hashlib
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

CARD_SIZE = (1200, 630)
INK, PAPER, TINT = "#ffffff", "#00574f", "#e3f1ee"


def wrap(draw: ImageDraw.ImageDraw, words: str, font, width: int) -> list[str]:
    lines = [""]
    for word in words.split():
        line = f"{lines[-1]} {word}".strip()
        if draw.textlength(line, font=font) <= width:
            lines[-1] = line
        else:
            lines.append(word)
    return lines


def card(site_name: str, title: str, description: str) -> bytes:
    """A 1200x630 preview card, drawn with Pillow's own font so it comes out the same on every machine."""
    image = Image.new("RGB", CARD_SIZE, PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 24, CARD_SIZE[1]), fill=TINT)
    draw.text((90, 70), site_name, fill=TINT, font=ImageFont.load_default(size=38))
    heading = ImageFont.load_default(size=76)
    lines = wrap(draw, title, heading, 1020)[:3]
    for n, line in enumerate(lines):
        draw.text((90, 160 + n * 92), line, fill=INK, font=heading)
    body = ImageFont.load_default(size=34)
    for n, line in enumerate(wrap(draw, description, body, 1020)[:3]):
        draw.text((90, 200 + len(lines) * 92 + n * 46), line, fill=TINT, font=body)
    out = BytesIO()
    image.quantize(colors=32).save(out, format="PNG", optimize=True)
    return out.getvalue()


def cached_card(root: Path, site_name: str, title: str, description: str) -> bytes:
    """Draw each card once: .cache/social keys it on its text."""
    key = hashlib.sha256(f"{site_name}|{title}|{description}|{CARD_SIZE}".encode()).hexdigest()[:16]
    cached = root / ".cache" / "social" / f"{key}.png"
    if not cached.exists():
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_bytes(card(site_name, title, description))
    return cached.read_bytes()
