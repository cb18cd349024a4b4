"""What the site root offers linking sites and crawlers: docs/links.json, every public page and
section from data/url-contract.yml, and docs/robots.txt, which points to the sitemap."""

from bs4 import BeautifulSoup

from tools.markdown_pages import Page, plain_text


def robots_txt(site: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {site}sitemap.xml\n"


def links_index(pages: list[Page], html: dict[str, BeautifulSoup], contract: dict, site: str) -> dict:
    """links.json: every public page and section with its title and address, each section once."""
    renamed = {(r["page"], r["old"]): r["new"] for r in contract.get("renamed") or []}
    titles = {page.url: page.meta.get("title") for page in pages}
    # Each id once, with its first element, as find(id=...) gives, but without a search of the page per anchor.
    ids = {page_url: {tag["id"]: tag for tag in reversed(soup.find_all(id=True))} for page_url, soup in html.items()}
    index = []
    for page_url, anchors in contract["pages"].items():
        sections = []
        for anchor in anchors:
            now = renamed.get((page_url, anchor), anchor)
            heading = ids.get(page_url, {}).get(now)
            sections.append({"url": f"{site}{page_url}#{now}", "title": heading and plain_text(heading)})
        index.append({"url": site + page_url, "title": titles.get(page_url), "sections": sections})
    moved = [{"old": f"{site}{p}#{old}", "new": f"{site}{p}#{new}"} for (p, old), new in renamed.items()]
    return {"site": site, "pages": index, "renamed": moved}
