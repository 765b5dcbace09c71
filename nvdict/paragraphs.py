"""How readable the entries are: paragraphs too long to read on a phone."""

from __future__ import annotations

from dataclasses import dataclass

from nvdict.model import Dictionary, by_name

LONG_PARAGRAPH = 2000
"""Characters; a paragraph longer than this is a wall of text on a phone (about four screens)."""
LISTED = 20


@dataclass(frozen=True)
class LongParagraph:
    term_id: str
    field: str
    line: int | None
    """1-based line of the paragraph in the term file, where it can be found."""
    length: int


def long_paragraphs(dictionary: Dictionary, limit: int = LONG_PARAGRAPH) -> list[LongParagraph]:
    """Every paragraph of a definition or details longer than ``limit`` characters, entries A to Z
    (only those entries are sorted, as in ``review.stale``: sorting every name would cost more than the scan)."""
    found = []
    for term in dictionary.terms.values():
        raw = None
        for field in ("definition", "details"):
            for paragraph in (getattr(term, field) or "").split("\n\n"):
                paragraph = paragraph.strip()
                if len(paragraph) <= limit:
                    continue
                if raw is None:
                    raw = term.source.read_text(encoding="utf-8") if term.source.is_file() else ""
                at = raw.find(paragraph[:80])
                line = raw.count("\n", 0, at) + 1 if at >= 0 else None
                found.append(LongParagraph(term.id, field, line, len(paragraph)))
    order = {term.id: index for index, term in enumerate(by_name(dictionary.terms[p.term_id] for p in found))}
    return sorted(found, key=lambda p: order[p.term_id])


def long_paragraph_warning(dictionary: Dictionary, limit: int = LONG_PARAGRAPH) -> str | None:
    """One warning naming each over-long paragraph by file and line, or None."""
    found = long_paragraphs(dictionary, limit)
    if not found:
        return None
    lines = [
        f"  terms/{p.term_id}.yaml:{p.line or 1}: {p.field}, a paragraph of {p.length:,} characters"
        for p in found[:LISTED]
    ]
    if len(found) > LISTED:
        lines.append(f"  and {len(found) - LISTED} more")
    return "\n".join(
        [
            f"warning: {len(found)} paragraph{'s' if len(found) != 1 else ''} longer than {limit:,} characters, "
            "hard to read on a phone:",
            *lines,
            "Split each with a blank line where its topic changes (no word needs to change).",
        ]
    )
