"""What the hand-written pages' macros return, free of any plugin API."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nvdict.load import load_cached
from nvdict.model import Dictionary
from nvdict.pages import Locator, comparison_table, jump_bar, letter_pages, md_escape
from nvdict.validate import suggest


class MacroError(Exception):
    """A macro named something the dictionary does not have."""


@dataclass
class Macros:
    dictionary: Dictionary
    locator: Locator

    @classmethod
    def for_root(cls, root: Path) -> Macros:
        """The macros for the dictionary in ``root`` (the hook makes one per build)."""
        dictionary = load_cached(root)
        return cls(dictionary, Locator(dictionary, letter_pages(dictionary)))

    def _need(self, kind: str, key: str, known: dict, page: str) -> None:
        if key not in known:
            hint = suggest(key, known)
            raise MacroError(f"docs/{page}: unknown {kind} '{key}'" + (f" ({hint})" if hint else ""))

    def term(self, term_id: str, page: str, text: str | None = None) -> str:
        self._need("entry id", term_id, self.dictionary.terms, page)
        return self.locator.link(term_id, page, text)

    def comparison_table(self, table_id: str, page: str) -> str:
        self._need("table", table_id, self.dictionary.tables, page)
        return comparison_table(self.dictionary, self.locator, self.dictionary.tables[table_id], page)

    def category_entries(self, category_id: str, page: str) -> str:
        self._need("category", category_id, self.dictionary.categories, page)
        return (
            "\n".join(
                f"- {self.locator.link(t.id, page)}: {md_escape(t.summary)}"
                for t in self.dictionary.in_category(category_id)
            )
            + "\n"
        )

    def az_bar(self, page: str) -> str:
        return jump_bar(self.locator.letters, page)

    def stats(self) -> dict[str, int]:
        d = self.dictionary
        return {
            "terms": len(d.terms),
            "aliases": len(d.aliases),
            "categories": len({c for t in d.terms.values() for c in t.categories}),
            "tables": len(d.tables),
            "compositions": len(d.compositions),
            "references": sum(len(t.references) for t in d.terms.values()),
        }
