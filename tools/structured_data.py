"""Each page's structured data (overrides/generated/<page>.html): JSON-LD for its <head>, saying
only what the page itself shows."""

import json

from bs4 import BeautifulSoup

from tools.bibliography import Bibliography, url
from tools.footnotes import CITATION, NOTES_ID
from tools.markdown_pages import Page, plain_text


def structured_data(page: Page, html: BeautifulSoup, bib: Bibliography, config: dict, site: str) -> dict:
    """schema.org data that says only what the page itself shows."""
    address, kind, reviewed = site + page.url, page.meta.get("schema", "MedicalWebPage"), str(page.meta["reviewed"])
    data: dict = {
        "@type": kind,
        "@id": address,
        "url": address,
        "name": page.meta["title"],
        "headline": page.meta["title"],
        "description": page.meta["description"],
        "inLanguage": "en-GB",
        "dateModified": reviewed,
        "lastReviewed": reviewed,
        "isPartOf": {"@type": "WebSite", "name": config["site_name"], "url": site},
        "license": "https://creativecommons.org/licenses/by/4.0/",
    }
    keys = [key for key in dict.fromkeys(CITATION.findall(page.body)) if key in bib.entries]
    if keys:
        data["citation"] = [url(bib.entries[key]) for key in keys]
    if kind == "FAQPage":
        data["mainEntity"] = [
            {
                "@type": "Question",
                "name": plain_text(question),
                "acceptedAnswer": {
                    "@type": "Answer",
                    "text": " ".join(
                        plain_text(part)
                        for part in question.find_next_siblings(["p", "ul", "ol"])
                        if part.find_previous_sibling("h2") is question
                    ),
                },
            }
            for question in html.select(f"h2[id]:not(#{NOTES_ID})")
        ]
    howtos = []
    for steps in html.select('h3[id$="-steps"]'):
        exercise = steps.find_previous_sibling("h2")
        items = steps.find_next_sibling("ol").find_all("li", recursive=False)
        howtos.append(
            {
                "@type": "HowTo",
                "name": plain_text(exercise),
                "url": f"{address}#{exercise['id']}",
                "step": [
                    {"@type": "HowToStep", "position": n, "text": plain_text(li)} for n, li in enumerate(items, 1)
                ],
            }
        )
    return {"@context": "https://schema.org", "@graph": [data, *howtos]}


def jsonld_partial(data: dict) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>\n'
