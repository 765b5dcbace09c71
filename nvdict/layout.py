"""Where the site puts its pages, and so which ids no entry, table or composition may take.

Entry pages sit at the site's root (``terms/<id>.yaml`` becomes ``/<id>/``),
next to the generated letter pages, indexes and asset folders and the
hand-written pages of ``docs/``. An id equal to one of those names would
replace that page or be replaced by it, so it is refused when checked.
"""

from __future__ import annotations

import string
from pathlib import Path

RESERVED_IDS: frozenset[str] = frozenset(
    [
        *string.ascii_lowercase,  # the A–Z letter pages, with 0-9 and other
        *("0-9", "other", "index", "all", "categories", "tables", "architectures", "compositions", "api"),
        *("search", "assets", "stylesheets", "javascripts", "sitemap", "404", "other-names", "llms", "summaries"),
        *("corrections", "terms"),
    ]
)
"""Names the site generates at its root; ``docs/`` adds the stems of its hand-written pages."""

NESTED_RESERVED_IDS: frozenset[str] = frozenset({"index"})
"""Names refused for table and composition ids, whose pages sit under ``tables/`` and ``architectures/``."""


def hand_written(root: Path) -> frozenset[str]:
    """The names ``docs/`` takes at the site's root: its Markdown pages' stems and its folders."""
    docs = root / "docs"
    if not docs.is_dir():
        return frozenset()
    names = set()
    for path in docs.iterdir():
        if path.is_symlink():
            continue  # reported by check_tree; never followed
        if path.is_dir() or path.suffix == ".md":
            names.add(path.stem if path.suffix == ".md" else path.name)
    return frozenset(names)


def reserved_ids(root: Path) -> frozenset[str]:
    """Every id an entry may not have in the dictionary at ``root``."""
    return RESERVED_IDS | hand_written(root)


def why_reserved(term_id: str, root: Path) -> str | None:
    """Why an entry cannot have ``term_id`` (None when it can)."""
    if term_id in hand_written(root):
        return f"docs/ has a page or folder '{term_id}', published at /{term_id}/"
    if term_id in RESERVED_IDS:
        what = "an A–Z letter page" if len(term_id) == 1 or term_id in ("0-9", "other") else "a generated page"
        return f"the site publishes {what} at /{term_id}/"
    return None


SOURCES = ("terms", "docs", "overrides", "hooks", "nvdict", "tests", ".git")
"""The repository's own folders: a build's output never goes in, over or around them."""


def unsafe_output(root: Path, target: Path) -> str | None:
    """Why ``target`` cannot receive a build's output for the repository at ``root`` (None when it can).

    A build replaces its output folder wholesale, so the folder must not be
    the repository, hold it, or be, hold or lie inside one of ``SOURCES``.
    Both paths are compared with symbolic links resolved.
    """
    root, target = root.resolve(), target.resolve()
    if root.is_relative_to(target):
        return "it is the repository itself" if root == target else f"it contains the repository ({root})"
    for name in SOURCES:
        source = root / name
        if target == source:
            return f"it is the repository's {name}/ folder"
        if target.is_relative_to(source):
            return f"it lies inside the repository's {name}/ folder"
        if source.is_relative_to(target):
            return f"it contains the repository's {name}/ folder"
    return None
