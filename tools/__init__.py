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


class InputError(Exception):
    """Input a maintainer can fix, said in one line: `file:line:column: what is wrong, and what to do`."""


def located(path: Path, root: Path, line: int = 1, column: int = 1) -> str:
    """`file:line:column`, the file named from the project's root, as editors and terminals link it."""
    name = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    return f"{name}:{line}:{column}"


def read_yaml_file(path: Path, root: Path) -> Any:
    """A YAML file's data, or an InputError that names the line and column of what is wrong in it."""
    return read_yaml_in(path.read_text("utf-8"), path, root)


def read_yaml_in(text: str, path: Path, root: Path, first_line: int = 1) -> Any:
    """YAML `text` from `path`, where it starts on line `first_line` (a page's front matter starts on
    line 2), or an InputError that names the line and column of what is wrong in it."""
    try:
        return read_yaml(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = " ".join(str(getattr(error, "problem", None) or error).split())
        before = text.splitlines()[line - 2] if line > 1 else ""
        hint = (
            f"delete the `[]` on the line above (`{before.strip()}`): an empty list takes no items below it"
            if before.rstrip().endswith(": []")
            else "fix the YAML there: a list item starts `- ` at its list's indent, and text holding ': ' or ' #' "
            "goes in quotes"
        )
        raise InputError(f"{located(path, root, first_line + line - 1, column)}: {problem}: {hint}") from None
