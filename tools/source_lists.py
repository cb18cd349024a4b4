"""The sources list on /sources/ (generated/sources.md) and the study designs table on
/about/#evidence-strength (generated/designs.md), from data/bibliography.yml."""

from html import escape

from tools.bibliography import Bibliography, citation_html, short_name


def sources_markdown(bib: Bibliography) -> str:
    blocks = []
    for topic in bib.topics:
        blocks.append(f"## {topic['title']} {{ #{topic['id']} }}")
        for entry in topic["entries"]:
            design, who = bib.designs[entry["design"]], entry["population"]["who"]
            blocks += [
                f"### {short_name(entry)} {{ #{entry['key']} }}",
                citation_html(entry),
                f"**How it was done:** {design['name']}. {design['means']}",
                f"**Who took part:** {who[0].upper()}{who[1:]}.",
                f"**What it found:** {' '.join(entry['found'].split())}",
            ]
            if entry.get("checked"):  # HTML, so the address stays as written (no glossary tooltip in it)
                address = escape(entry["checked"])
                blocks.append(f'**Checked at:** <a href="{address}">{address}</a>')
    return "\n\n".join(blocks) + "\n"


def designs_markdown(bib: Bibliography) -> str:
    rows = [f"| {d['name']} | {d['means']} | {d['allows'].capitalize()} |" for d in bib.designs.values()]
    return (
        "\n".join(
            [
                "| Design | What it is | Strongest label on its own |",
                "| --- | --- | --- |",
                *rows,
                "",
                "/// caption",
                "Study designs, and the strongest label each allows on its own",
                "///",
            ]
        )
        + "\n"
    )
