"""The project's own tools: the generator the build needs, and the helpers the tests and bench share.

`ROOT` is the project they work on: this checkout, or a copy named by the
GUIDE_PROJECT environment variable (the planted-fault tests build copies).
"""

import os
from pathlib import Path
from typing import Any

import yaml

CHECKOUT = Path(__file__).resolve().parents[1]
ROOT = Path(os.environ.get("GUIDE_PROJECT") or CHECKOUT)


def read_yaml(text: str) -> Any:
    """YAML data, read with libyaml, which PyYAML's wheels include: several times faster than pure Python."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
