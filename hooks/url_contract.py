"""Publish the URL contract (data/url-contract.yml) with the site.

Hand-written because no plugin reads a URL contract. It writes links.json, an
index of every public page and section for sites that link here, with each
renamed section under its new address; and robots.txt, which points to the
sitemap. A renamed section keeps its old id on an empty element just before its
heading (README.md, "The URL contract"), so old links land on it with no script.
"""

import json
import re
from html import unescape
from pathlib import Path

import yaml

HEADING = re.compile(r'<h[1-4] id="([^"]+)"[^>]*>(.*?)</h[1-4]>', re.DOTALL)
PERMALINK = re.compile(r'<a class="headerlink".*?</a>', re.DOTALL)
TAG = re.compile(r"<[^>]+>")

contract: dict = {}
titles: dict[str, dict[str, str]] = {}


def on_config(config):
    contract.clear()
    contract.update(yaml.safe_load((Path(config.config_file_path).parent / "data" / "url-contract.yml").read_text("utf-8")))


def on_page_content(html, page, **kwargs):
    headings = {anchor: unescape(TAG.sub("", PERMALINK.sub("", inner))).strip() for anchor, inner in HEADING.findall(html)}
    titles[page.url] = {"": page.meta.get("title") or page.title, **headings}
    return html


def on_post_build(config):
    site, out = config.site_url, Path(config.site_dir)
    renamed = {(e["page"], e["old"]): e["new"] for e in contract.get("renamed") or []}
    pages = []
    for url, anchors in contract["pages"].items():
        names = titles.get(url, {})
        pages.append({
            "url": site + url,
            "title": names.get(""),
            "sections": [
                {"url": f"{site}{url}#{renamed.get((url, a), a)}", "title": names.get(renamed.get((url, a), a))}
                for a in anchors
            ],
        })
    moved = [{"old": f"{site}{p}#{old}", "new": f"{site}{p}#{new}"} for (p, old), new in renamed.items()]
    index = {"site": site, "pages": pages, "renamed": moved}
    (out / "links.json").write_text(json.dumps(index, indent=2, ensure_ascii=False) + "\n", "utf-8")
    (out / "robots.txt").write_text(f"User-agent: *\nAllow: /\n\nSitemap: {site}sitemap.xml\n", "utf-8")
