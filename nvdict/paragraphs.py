"""How readable the entries are: paragraphs too long to read on a phone."""

from __future__ import annotations

from dataclasses import dataclass

from nvdict.model import Dictionary, Term, by_name
from nvdict.source import Document, read_yaml

LONG_PARAGRAPH = 2000
"""Characters; a paragraph longer than this is a wall of text on a phone (about four screens)."""
LISTED = 20


@dataclass(frozen=True)
class LongParagraph:
    term_id: str
    field: str
    line: int
    """1-based line in the term file where the paragraph starts (the field's line if it cannot be found)."""
    length: int


def long_paragraphs(dictionary: Dictionary, limit: int = LONG_PARAGRAPH) -> list[LongParagraph]:
    """Every paragraph of a definition or details longer than ``limit`` characters, entries A to Z
    (only those entries are sorted, as in ``review.stale``: sorting every name would cost more than the scan)."""
    found = []
    for term in dictionary.terms.values():
        doc = None
        for field in ("definition", "details"):
            for paragraph in (getattr(term, field) or "").split("\n\n"):
                paragraph = paragraph.strip()
                if len(paragraph) <= limit:
                    continue
                doc = doc or _document(term)
                found.append(LongParagraph(term.id, field, _line_of(doc, field, paragraph), len(paragraph)))
    order = {term.id: index for index, term in enumerate(by_name(dictionary.terms[p.term_id] for p in found))}
    return sorted(found, key=lambda p: order[p.term_id])


def _document(term: Term) -> Document | None:
    """The term's file, parsed again with positions (read once per term, only when it has a long paragraph)."""
    return read_yaml(term.source)[0] if term.source.is_file() else None


def _line_of(doc: Document | None, field: str, paragraph: str) -> int:
    """Where ``paragraph`` starts in the term's file, whatever the YAML style of the field."""
    if doc is None or not isinstance(doc.data, dict) or not isinstance(doc.data.get(field), str):
        return 1
    value = doc.data[field]
    return doc.locate((field,), value, max(0, value.find(paragraph)))[0]


def long_paragraph_warning(dictionary: Dictionary, limit: int = LONG_PARAGRAPH) -> str | None:
    """One warning naming each over-long paragraph by file and line, or None."""
    found = long_paragraphs(dictionary, limit)
    if not found:
        return None
    lines = [
        f"  terms/{p.term_id}.yaml:{p.line}: {p.field}, a paragraph of {p.length:,} characters" for p in found[:LISTED]
    ]
    if len(found) > LISTED:
        lines.append(f"  and {len(found) - LISTED} more")
    return "\n".join(
        [
            f"warning: {len(found)} paragraph{'s' if len(found) != 1 else ''} longer than {limit:,} characters, "
            "hard to read on a phone:",
            *lines,
            "Split each with a blank line where its topic changes "
            "(two in a `>` folded field; no word needs to change).",
        ]
    )
