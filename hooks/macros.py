"""Macros for hand-written pages in docs/ (mkdocs-macros ``define_env``).

``{{ term('xdp') }}``, ``{{ comparison_table('performance-tiers') }}``,
``{{ category_entries('ebpf-xdp') }}``, ``{{ az_bar() }}`` and ``stats``.
An unknown id fails the build, naming the page and the id.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nvdict import macros


def define_env(env) -> None:
    root = Path(env.conf["config_file_path"]).resolve().parent

    def page_path() -> str:
        return env.page.file.src_uri if env.page else "index.md"

    built: list[macros.Macros] = []

    def api() -> macros.Macros:
        """The macros of this build, made on first use (after the hook has checked the dictionary)."""
        if not built:
            built.append(macros.Macros.for_root(root, bool(env.conf.get("use_directory_urls", True))))
        return built[0]

    @env.macro
    def term(term_id: str, text: str | None = None) -> str:
        """A link to an entry, with its summary on hover."""
        return api().term(term_id, page_path(), text)

    @env.macro
    def comparison_table(table_id: str) -> str:
        """A generated comparison table."""
        return api().comparison_table(table_id, page_path())

    @env.macro
    def category_entries(category_id: str) -> str:
        """The entries of a category, with their summaries."""
        return api().category_entries(category_id, page_path())

    @env.macro
    def az_bar() -> str:
        """The A–Z bar."""
        return api().az_bar(page_path())

    @env.macro
    def stats() -> dict[str, int]:
        """Counts: terms, aliases, categories, tables, compositions."""
        return api().stats()
