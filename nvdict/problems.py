"""A problem found in a contributor's file, in a form they can act on."""

from __future__ import annotations

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

    def format(self, root: Path | None = None) -> str:
        """``file:line:col: field: message (hint)``, relative to ``root`` when given."""
        path = self.path
        if root is not None and path.resolve().is_relative_to(root.resolve()):
            path = path.resolve().relative_to(root.resolve())
        where = f"{path}:{self.line}:{self.column}"
        text = f"{where}: {self.field + ': ' if self.field else ''}{self.message}"
        return f"{text}\n    fix: {self.hint}" if self.hint else text


class DictionaryError(Exception):
    """Raised when the dictionary has problems; carries all of them."""

    def __init__(self, problems: list[Problem], root: Path | None = None) -> None:
        self.problems = sorted(problems)
        self.root = root
        count = len(self.problems)
        lines = [p.format(root) for p in self.problems]
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the dictionary:\n" + "\n".join(lines))
