"""A problem found in a contributor's file, in a form they can act on."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One actionable error: where it is, what is wrong, how to fix it."""

    path: Path
    line: int
    column: int
    field: str
    message: str
    hint: str = ""

    def relative_path(self, root: Path | None = None) -> Path:
        """The file's path relative to ``root`` when it lies inside it."""
        if root is None:
            return self.path
        # The folder is resolved, not the file: a symbolic link is shown as itself, never as its target.
        path, base = self.path.parent.resolve() / self.path.name, root.resolve()
        return path.relative_to(base) if path.is_relative_to(base) else self.path

    def format(self, root: Path | None = None) -> str:
        """``file:line:col: field: message`` and an indented ``fix:`` line when there is a hint."""
        where = f"{self.relative_path(root)}:{self.line}:{self.column}"
        text = f"{where}: {self.field + ': ' if self.field else ''}{self.message}"
        return f"{text}\n    fix: {self.hint}" if self.hint else text

    def github(self, root: Path | None = None) -> str:
        """A GitHub Actions ``::error`` annotation, shown on the pull request's diff."""

        def escape(text: str, property_value: bool = False) -> str:
            text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            return text.replace(":", "%3A").replace(",", "%2C") if property_value else text

        title = escape(self.field or "term file", True)
        body = self.message + (f"\nfix: {self.hint}" if self.hint else "")
        where = f"file={escape(self.relative_path(root).as_posix(), True)},line={self.line},col={self.column}"
        return f"::error {where},title={title}::{escape(body)}"


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 problem``, ``2 problems`` (``many`` for irregular plurals)."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def summarize(problems: Iterable[Problem]) -> str:
    """``3 problems in 2 files``."""
    found = list(problems)
    return f"{plural(len(found), 'problem')} in {plural(len({p.path for p in found}), 'file')}"


class DictionaryError(Exception):
    """Raised when the dictionary has problems; carries all of them."""

    def __init__(self, problems: list[Problem], root: Path | None = None) -> None:
        self.problems = sorted(problems)
        self.root = root
        lines = [p.format(root) for p in self.problems]
        super().__init__(f"{summarize(self.problems)} of the dictionary:\n" + "\n".join(lines))
