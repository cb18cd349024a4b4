"""Run the generator (tools/generate.py) before each MkDocs build, so that `mkdocs serve`
rebuilds what it makes when a data file, a snippet or a page changes.

The only MkDocs hook, and it changes nothing in the site: `make` runs the same
generator before every build, which is how Zensical, which runs no hooks, gets
the same files. It runs as a process of its own, so a rebuild always uses the
generator's current code. What it reports becomes a warning, so --strict fails.
"""

import logging
import os
import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.hooks.generate")


def on_pre_build(config):
    root = Path(config.config_file_path).parent
    result = subprocess.run(
        [sys.executable, "-m", "tools.generate", str(root)],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "SITE_URL": config.site_url or "", "PYTHONDONTWRITEBYTECODE": "1"},
    )
    if result.returncode not in (0, 1):
        raise PluginError(f"tools/generate.py failed:\n{result.stderr}")
    for line in result.stderr.splitlines():
        log.warning(line.removeprefix("error: "))
