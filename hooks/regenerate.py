"""Run the generator (tools/generate.py) before each MkDocs build, so that `mkdocs serve`
rebuilds what it makes when a data file, a snippet or a page changes.

The only MkDocs hook, and it changes nothing in the site: `make` runs the same
generator before every build, which is how Zensical, which runs no hooks, gets
the same files. It runs in MkDocs' own process, which has already loaded the
Markdown extensions it needs (a process of its own took about 0.3 s more a build
to load them again). It imports the project's tools/ anew each time, so a rebuild
always uses the generator's current code. What it reports becomes a warning, and a
file it cannot read an error, each one line naming the file and line, so --strict
fails; it never raises, so `mkdocs serve` keeps answering, from the last good files.
"""

import importlib
import importlib.util
import logging
import sys
from pathlib import Path
from types import ModuleType

log = logging.getLogger("mkdocs.hooks.regenerate")


def fresh_tools(root: Path) -> ModuleType:
    """The project's tools.generate, imported from its files now, not from an earlier import."""
    for name in [name for name in sys.modules if name == "tools" or name.startswith("tools.")]:
        del sys.modules[name]
    folder = root / "tools"
    spec = importlib.util.spec_from_file_location(
        "tools", folder / "__init__.py", submodule_search_locations=[str(folder)]
    )
    if spec is None or spec.loader is None:
        raise ImportError(f"{folder} is not a Python package")
    package = importlib.util.module_from_spec(spec)
    sys.modules["tools"] = package
    writes = sys.dont_write_bytecode
    sys.dont_write_bytecode = True  # a __pycache__ in tools/, which `watch:` lists, would start another rebuild
    try:
        spec.loader.exec_module(package)
        return importlib.import_module("tools.generate")
    finally:
        sys.dont_write_bytecode = writes


def on_pre_build(config):
    """Report, never raise: a raised error would stop `mkdocs serve` answering until the next good build.
    The build goes on with the files the last good run made; an error still fails --strict."""
    root = Path(config.config_file_path).parent
    tools = None
    try:
        tools = fresh_tools(root)
        faults = tools.generate(root, config.site_url)
    except Exception as error:  # the generator's own InputError is a class of the fresh import
        said = str(error) if type(error).__name__ == "InputError" else f"tools/generate.py failed: {error!r}"
        log.error(said)
        if tools is not None:
            tools.stand_ins(root, said)
        return
    for fault in faults:
        log.warning(fault)
