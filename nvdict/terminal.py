"""Read the dictionary in a terminal: find an entry by any of its names, search, and print.

Lookups ignore case, spaces, hyphens and underscores, so ``af xdp``, ``AF-XDP`` and
``af_xdp`` all find AF_XDP. Search ranks an exact name first, then names that start
with the query, then entries whose names contain its words, then entries whose
summary or text contains them.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from nvdict.model import RELATIONS, Dictionary, Term, version_labels

_IGNORED = re.compile(r"[\s_\-]+")
_WORD = re.compile(r"\w+")
_ID_LINK = re.compile(r"\[([^\]]*)\]\(id:([a-z0-9-]+)(?:#[A-Za-z0-9_-]+)?\)")
MATCHES = ("exact", "prefix", "name", "text")
"""How a search hit matched, best first."""
PREFIX_WORD = 4
"""Query words this long also match longer words they start (encapsulat -> encapsulation)."""


def lookup_key(text: str) -> str:
    """``text`` as lookups compare it: case-folded, without spaces, hyphens or underscores."""
    return _IGNORED.sub("", text).casefold()


def _words(text: str) -> set[str]:
    return {word.casefold() for word in _WORD.findall(text)}


def names_of(term: Term) -> list[str]:
    """Every string an entry can be looked up by, most specific first."""
    return [term.id, term.name, *term.aliases, *([term.expansion] if term.expansion else [])]


# ---------------------------------------------------------------- define


def find(dictionary: Dictionary, query: str) -> Term | None:
    """The entry ``query`` names (id, name, alias or expansion), or None.

    Should two entries answer to the same key, the one for which it is the more
    specific name wins (id, then name, alias, expansion), then the first A–Z.
    """
    key = lookup_key(query)
    best: tuple[int, str, str] | None = None
    for term in dictionary.terms.values():
        for rank, name in enumerate(names_of(term)):
            if lookup_key(name) == key:
                candidate = (min(rank, 2), term.sort_key, term.id)
                if best is None or candidate < best:
                    best = candidate
                break
    return dictionary.terms[best[2]] if best else None


def suggestions(dictionary: Dictionary, query: str, count: int = 3) -> list[Term]:
    """Entries with a name close to ``query`` (a near miss: a typo, a letter too many), closest first."""
    owners: dict[str, str] = {}
    for term in dictionary.sorted_terms():
        for name in names_of(term):
            owners.setdefault(lookup_key(name), term.id)
    close = difflib.get_close_matches(lookup_key(query), list(owners), n=count * 3, cutoff=0.7)
    found: list[Term] = []
    for key in close:
        term = dictionary.terms[owners[key]]
        if term not in found:
            found.append(term)
    return found[:count]


# ---------------------------------------------------------------- search


@dataclass(frozen=True)
class Hit:
    term: Term
    match: str
    """One of ``MATCHES``."""
    in_name: int
    """How many of the query's words its names contain."""
    words: int
    """How many of the query's words the entry contains anywhere."""
    score: int


def _matched(query_words: list[str], words: set[str]) -> set[str]:
    found = set()
    for word in query_words:
        if word in words or (len(word) >= PREFIX_WORD and any(w.startswith(word) for w in words)):
            found.add(word)
    return found


def search(dictionary: Dictionary, query: str, limit: int | None = None) -> list[Hit]:
    """Entries matching ``query``, best first: see ``MATCHES``; within a kind, the entries with more
    of the query's words in their names, then anywhere, then in the more telling places."""
    key = lookup_key(query)
    query_words = sorted(_words(query))
    if not key:
        return []
    hits: list[Hit] = []
    for term in dictionary.terms.values():
        keys = [lookup_key(name) for name in names_of(term)]
        name_words = set().union(*(_words(name) for name in names_of(term)))
        summary_words = _words(term.summary)
        text_words = _words(term.definition) | _words(term.details or "")
        in_name = _matched(query_words, name_words)
        in_summary = _matched(query_words, summary_words)
        in_text = _matched(query_words, text_words)
        every = in_name | in_summary | in_text
        score = 3 * len(in_name) + 2 * len(in_summary) + len(in_text)
        if key in keys:
            match = "exact"
        elif any(k.startswith(key) for k in keys):
            match = "prefix"
        elif in_name:
            match = "name"
        elif every:
            match = "text"
        else:
            continue
        hits.append(Hit(term, match, len(in_name), len(every), score))
    hits.sort(
        key=lambda hit: (
            MATCHES.index(hit.match),
            -hit.in_name,
            -hit.words,
            -hit.score,
            hit.term.sort_key,
            hit.term.id,
        )
    )
    return hits[:limit] if limit else hits


def hit_record(hit: Hit) -> dict[str, Any]:
    """A search hit as JSON."""
    from nvdict.urls import entry_url

    term = hit.term
    return {"id": term.id, "name": term.name, "summary": term.summary, "url": entry_url(term.id), "match": hit.match}


# ---------------------------------------------------------------- printing


def terminal_markdown(dictionary: Dictionary, markdown: str) -> str:
    """``[text](id:x)`` as plain text naming entry x (``text (Name)`` when the text says something else)."""

    def plain(match: re.Match[str]) -> str:
        text, target = match.group(1), match.group(2)
        term = dictionary.terms.get(target)
        if term is None or lookup_key(text) in {lookup_key(name) for name in names_of(term)}:
            return f"**{text}**"
        return f"{text} (**{term.name}**)"

    return _ID_LINK.sub(plain, markdown)


def print_entry(dictionary: Dictionary, term: Term, console: Any) -> None:
    """An entry as a terminal page: heading, summary, definition, See also, references."""
    from rich.markdown import Markdown
    from rich.table import Table
    from rich.text import Text

    def body(markdown: str) -> Markdown:
        return Markdown(terminal_markdown(dictionary, markdown), hyperlinks=False)

    def names(ids: list[str]) -> str:
        return ", ".join(dictionary.terms[i].name for i in ids if i in dictionary.terms)

    heading = Text(term.name, style="bold")
    if term.expansion:
        heading.append(f" ({term.expansion})")
    console.print(heading)
    if term.aliases:
        console.print(Text("Also listed as: " + ", ".join(term.aliases), style="dim"))
    titles = [dictionary.categories[c].title if c in dictionary.categories else c for c in term.categories]
    console.print(Text(", ".join(titles), style="dim"))
    if term.status != "current":
        note = f": {term.status_note}" if term.status_note else ""
        console.print(Text(f"{term.status.capitalize()}{note}", style="bold yellow"))
    console.print()
    console.print(Text(term.summary, style="italic"))
    console.print()
    console.print(body(term.definition))
    for diagram in term.diagrams:
        console.print()
        if diagram.title:
            console.print(Text(diagram.title, style="bold"))
        # Drawings keep their lines whole: the terminal wraps what is wider than it.
        console.print(Text(diagram.code, style="cyan"), soft_wrap=True)
    for static in term.tables:
        table = Table(*static.columns, title=static.title, show_lines=False)
        for row in static.rows:
            table.add_row(*(body(cell) for cell in row))
        console.print()
        console.print(table)
    if term.details:
        console.print()
        console.print(body(term.details))
    console.print()
    typed: dict[str, list[str]] = {}
    for other, kind in term.relations.items():
        typed.setdefault(RELATIONS[kind][0] if kind in RELATIONS else kind, []).append(other)
    lines = [(label, names(ids)) for label, ids in typed.items()]
    lines += [
        ("See also", names(dictionary.see_also.get(term.id, []))),
        ("Referenced by", names(dictionary.backlinks.get(term.id, []))),
    ]
    for label, text in lines:
        if text:
            line = Text(f"{label}: ", style="bold")
            line.append(text)
            console.print(line)
    if term.references:
        console.print(Text("References:", style="bold"))
        for reference in term.references:
            console.print(Text(f"  • {reference.title}\n    {reference.url}"))
    if term.reviewed or term.versions:
        facts = [f"reviewed {term.reviewed}"] if term.reviewed else []
        facts += version_labels(term.versions)
        console.print(Text("Checked: " + ", ".join(facts), style="dim"))
    log = dictionary.corrections_of(term.id)
    if log:
        latest = max(c.date for c in log)
        note = f"Corrections: {len(log)}, the latest {latest} (--json lists them with sources)"
        console.print(Text(note, style="dim"))


def print_hits(hits: list[Hit], console: Any) -> None:
    """Search results: one entry a row, its name and summary."""
    from rich.table import Table

    table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 2, 0, 0))
    table.add_column("name", style="bold", no_wrap=True)
    table.add_column("summary")
    for hit in hits:
        table.add_row(hit.term.name, hit.term.summary)
    console.print(table)
