"""Load includes/notice.md for the notice slot in overrides/main.html.

Hand-written because a theme template cannot include a Markdown snippet; this
keeps the notice's wording in the snippet folder with the other shared text.
"""

from pathlib import Path

import markdown


def on_config(config):
    text = (Path(config.config_file_path).parent / "includes" / "notice.md").read_text("utf-8")
    config.extra["notice"] = markdown.markdown(text.strip()).removeprefix("<p>").removesuffix("</p>")
