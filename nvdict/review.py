"""How current the dictionary's content is: entries not reviewed for a while."""

from __future__ import annotations

from datetime import date

from nvdict.model import Dictionary, by_name

STALE_AFTER_MONTHS = 12
LISTED = 20
"""The warning names this many entries, the longest unreviewed first; the rest are counted."""


def months_before(day: date, months: int) -> date:
    """The same day ``months`` months earlier (the month's last day where that day does not exist)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    for last in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def stale(dictionary: Dictionary, today: date, months: int = STALE_AFTER_MONTHS) -> list[tuple[str, str | None]]:
    """(id, review date) of every entry never reviewed or last reviewed more than ``months`` months ago, A to Z
    (only those are sorted: sorting every name was most of a 10,000-term check's warning)."""
    limit = months_before(today, months).isoformat()
    found = [term for term in dictionary.terms.values() if term.reviewed is None or term.reviewed < limit]
    return [(term.id, term.reviewed) for term in by_name(found)]


def stale_warning(dictionary: Dictionary, today: date, months: int = STALE_AFTER_MONTHS) -> str | None:
    """One warning naming the entries whose claims should be checked again, or None."""
    found = stale(dictionary, today, months)
    if not found:
        return None
    overdue = sorted(found, key=lambda item: (item[1] is not None, item[1] or ""))
    listed = ", ".join(f"{term_id} ({reviewed or 'never'})" for term_id, reviewed in overdue[:LISTED])
    more = f" and {len(found) - LISTED} more" if len(found) > LISTED else ""
    return (
        f"warning: {len(found)} entries not reviewed in the last {months} months: {listed}{more}. "
        "Check their claims against the primary sources, then set 'reviewed:' to the date."
    )
