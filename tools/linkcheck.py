"""Run linkchecker with its AnchorCheck plugin and return the faults it finds.

`python tests/linkcheck.py SITE_DIR` serves a build and checks its external
links too: the maintainers' check, which needs the internet.
"""

import csv
import io
import subprocess
import sys
from pathlib import Path

CONFIG = Path(__file__).with_name("linkcheckerrc")


def broken_links(url: str, *extra: str) -> list[str]:
    """Each broken link or #anchor reachable from `url`, as 'page: link: why'."""
    linkchecker = Path(sys.executable).with_name("linkchecker")
    result = subprocess.run(
        [str(linkchecker), "--config", str(CONFIG), "--no-status", "--output", "csv", *extra, url],
        capture_output=True,
        text=True,
    )
    if result.returncode not in (0, 1):
        raise RuntimeError(f"linkchecker failed to run:\n{result.stderr}")
    rows = csv.DictReader(
        io.StringIO("\n".join(line for line in result.stdout.splitlines() if not line.startswith("#"))), delimiter=";"
    )
    return [
        f"{row['parentname']}: {row['urlname']}: {row['result']} {row['warningstring']}".strip()
        for row in rows
        if row["valid"] != "True" or row["warningstring"]
    ]


if __name__ == "__main__":
    from tools.pages_server import PagesServer

    server = PagesServer(root=Path(sys.argv[1])).start()
    faults = broken_links(server.url, "--check-extern")
    server.stop()
    print("\n".join(faults) or "No broken links.")
    sys.exit(1 if faults else 0)
