"""The guide's pages as the generator reads them: each page's file, address, front matter and body,
rendered with the site's own Markdown settings, and a heading's words as a reader sees them."""

import re
from dataclasses import dataclass
from pathlib import Path

import markdown
from bs4 import Tag

from tools import located, read_yaml_in

FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
REQUIRED = ("title", "description", "reviewed", "review_due")


@dataclass
class Page:
    source: Path
    url: str  # "" for home, "faq/", ...
    meta: dict
    body: str
    text: str  # the whole file, front matter and all

    def where(self, root: Path, needle: str) -> str:
        """`file:line:column` of the first `needle` in the page's file (of its start, if it has none)."""
        at = max(self.text.find(needle), 0)
        return located(self.source, root, self.text.count("\n", 0, at) + 1, at - self.text.rfind("\n", 0, at))

    @property
    def name(self) -> str:
        """The page's name for generated files: its URL without slashes, "index" for home."""
        return self.url.replace("/", "") or "index"


def read_pages(root: Path) -> list[Page]:
    pages = []
    for source in sorted((root / "docs").rglob("*.md")):
        text = source.read_text("utf-8")
        match = FRONT_MATTER.match(text)
        path = source.relative_to(root / "docs").with_suffix("").as_posix()
        url = "" if path == "index" else path.removesuffix("/index") + "/"
        meta = read_yaml_in(match[1], source, root, first_line=2) if match else {}
        body = text[match.end() if match else 0 :]
        pages.append(Page(source, url, meta if isinstance(meta, dict) else {}, body, text))
    return pages


def plain_text(node: Tag) -> str:
    """A node's words as a reader sees them, without permalinks, citation numbers or evidence labels."""
    for extra in node.select(".headerlink, .footnote-ref, .evidence"):
        extra.decompose()
    text = " ".join(node.get_text(" ").split())
    return re.sub(r" ([.,;:!?)])", r"\1", text)


def renderer(config: dict, root: Path) -> markdown.Markdown:
    """Python-Markdown with the site's own extensions, as both engines render pages."""
    names, settings = [], {}
    for item in config["markdown_extensions"]:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        names.append(name)
        if name == "pymdownx.snippets":  # its base_path is relative to the project, as the engines run there
            options = {**options, "base_path": [str(root / path) for path in options["base_path"]]}
        if options:
            settings[name] = options
    return markdown.Markdown(extensions=names, extension_configs=settings)
