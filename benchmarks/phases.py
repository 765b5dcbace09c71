"""Where a build's time goes, phase by phase, measured with plain timers (no profiler overhead).

    python benchmarks/phases.py PROJECT [PROJECT ...] [--site-dir DIR]

Runs ``mkdocs build --strict`` in this process, as ``mkdocs build`` does, with
selected functions of MkDocs, Material and our code wrapped in
``time.perf_counter()`` timers (outermost call only, so recursion is not counted
twice). A sampling profiler (profile_build.py) says which functions are hot, but
pyinstrument's per-call hook roughly doubles the time of call-heavy Python such
as Python-Markdown and our linker, so the shares it shows are skewed; these
timers add one call per wrapped call and give the real seconds of each phase.
Use it on a dictionary and on its yardstick to see which phases grow.
"""

from __future__ import annotations

import argparse
import functools
import inspect
import json
import logging
import os
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from typing import Any

# (label, module, attribute path). Top-level phases first, then what they contain.
PHASES: list[tuple[str, str, str]] = [
    ("load config (imports plugins, hooks)", "mkdocs.config", "load_config"),
    ("event on_config", "mkdocs.plugins", "PluginCollection.on_config"),
    ("event on_files", "mkdocs.plugins", "PluginCollection.on_files"),
    ("navigation", "mkdocs.commands.build", "get_navigation"),
    ("read + render Markdown (_populate_page)", "mkdocs.commands.build", "_populate_page"),
    ("copy static files", "mkdocs.structure.files", "Files.copy_static_files"),
    ("write pages: templates + search (_build_page)", "mkdocs.commands.build", "_build_page"),
    ("validate anchors", "mkdocs.structure.pages", "Page.validate_anchor_links"),
    ("event on_post_build", "mkdocs.plugins", "PluginCollection.on_post_build"),
    # inside the phases above
    ("  Markdown -> HTML (Page.render)", "mkdocs.structure.pages", "Page.render"),
    ("  macros: on_page_markdown", "mkdocs.plugins", "PluginCollection.on_page_markdown"),
    ("  Jinja2 Template.render", "jinja2.environment", "Template.render"),
    ("  search: index a page", "material.plugins.search.plugin", "SearchIndex.add_entry_from_context"),
    ("  search: write the index", "material.plugins.search.plugin", "SearchPlugin.on_post_build"),
    ("  ours: nvdict.load.check", "nvdict.load", "check"),
    ("  ours:   read and check the term files", "nvdict.checked", "CheckedFiles.all"),
    ("  ours:   read the corrections log", "nvdict.load", "read_corrections"),
    ("  ours:   _check_across", "nvdict.load", "_check_across"),
    ("  ours:   derive (links, backlinks)", "nvdict.load", "derive"),
    ("  ours: load_cached fingerprint", "nvdict.load", "_fingerprint"),
    ("  ours: build_site (pages as Markdown)", "nvdict.pages", "build_site"),
    ("  ours: page_source (front matter)", "nvdict.mkdocs_site", "page_source"),
    ("  ours: Macros.for_root (per macro call)", "nvdict.macros", "Macros.for_root"),
    ("  ours: entry_documents (index tags)", "nvdict.search", "entry_documents"),
]


class Timers:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._depth: dict[str, int] = defaultdict(int)

    def wrap(self, label: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            self.calls[label] += 1
            self._depth[label] += 1
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self._depth[label] -= 1
                if self._depth[label] == 0:
                    self.seconds[label] += time.perf_counter() - started

        return timed

    def install(self) -> None:
        """Wrap every phase's function where it is looked up: the hooks import ours after this runs."""
        for label, module_name, path in PHASES:
            try:
                module = import_module(module_name)
            except ImportError:
                continue
            *parents, name = path.split(".")
            owner: Any = module
            for parent in parents:
                owner = getattr(owner, parent)
            raw = inspect.getattr_static(owner, name)
            if isinstance(raw, classmethod):
                setattr(owner, name, classmethod(self.wrap(label, raw.__func__)))
            elif isinstance(raw, staticmethod):
                setattr(owner, name, staticmethod(self.wrap(label, raw.__func__)))
            else:
                setattr(owner, name, self.wrap(label, raw))


def build(project: Path, site_dir: Path) -> tuple[float, Timers]:
    # The project's hooks use the nvdict/ next to them: time that one, not the installed one.
    sys.path.insert(0, str(project))
    timers = Timers()
    timers.install()
    from mkdocs.commands import build as build_module
    from mkdocs.config import load_config

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    started = time.perf_counter()
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build_module.build(config, dirty=False)
    finally:
        config.plugins.on_shutdown()
    return time.perf_counter() - started, timers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--site-dir", type=Path, help="default: a temporary directory")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    project = args.project.resolve()
    with tempfile.TemporaryDirectory(prefix="nvdict-phases-") as scratch:
        total, timers = build(project, args.site_dir or Path(scratch) / "site")
    print(f"{project}: {total:.2f} s in process (startup of Python and imports before load_config excluded)\n")
    print("| Phase | s | % | calls |\n|---|---:|---:|---:|")
    rows = []
    for label, _, _ in PHASES:
        if label in timers.calls:
            seconds = timers.seconds[label]
            calls = timers.calls[label]
            rows.append({"phase": label.strip(), "nested": label.startswith("  "), "s": seconds, "calls": calls})
            shown = label.replace("  ", "&nbsp;&nbsp;")
            print(f"| {shown} | {seconds:.2f} | {100 * seconds / total:.1f} | {calls:,} |")
    if args.json:
        args.json.write_text(json.dumps({"project": str(project), "total_s": total, "phases": rows}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
