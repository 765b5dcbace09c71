"""Compute what the dictionary implies: links, backlinks, See also, table rows.

Each step is linear in the size of the dictionary.
"""

from __future__ import annotations

import json
import multiprocessing
from collections.abc import Callable, Iterator

from nvdict.cache import Store, key
from nvdict.linking import Linker, Mention, Name, explicit_links, is_ordinary, link_mentions
from nvdict.model import Dictionary, Reference, Row, Term, sort_key

LINKED_FIELDS = ("definition", "details")


def names_of(term: Term, ordinary: Callable[[str], bool] = is_ordinary) -> Iterator[Name]:
    """The names the linker knows for ``term``, each with how strictly it must match.

    ``link_forms`` are further spellings that link, as written (with ``autolink: false``,
    the only ones). Names of entries that are not linked automatically, and ``not_links``
    phrases, link nothing but still cover their words. ``ordinary``: whether a name is also
    ordinary English (``is_ordinary``, or its answers kept by an earlier run).
    """
    for form in term.link_forms:
        yield Name(form, term.id, "form")
    for name in term.names:
        if not term.autolink:
            yield Name(name, term.id, "block")
        else:
            yield Name(name, term.id, "exact" if ordinary(name) else "loose")
    for phrase in term.not_links:
        yield Name(phrase, term.id, "block")


def linker_for(dictionary: Dictionary, ordinary: dict[str, bool] | None = None) -> Linker:
    """The linker of every entry's names; ``ordinary``: answers of ``is_ordinary`` known so far
    (asked for the rest, and completed)."""

    def judge(name: str) -> bool:
        if ordinary is None:
            return is_ordinary(name)
        if name not in ordinary:
            ordinary[name] = is_ordinary(name)
        return ordinary[name]

    return Linker(name for term in dictionary.terms.values() for name in names_of(term, judge))


def entry_mentions(linker: Linker, term: Term) -> dict[str, list[Mention]]:
    """The automatic links of one entry, per field: first mention of each entry, never itself or
    an entry the author linked explicitly."""
    explicit = {target for field in LINKED_FIELDS for target in explicit_links(getattr(term, field) or "")}
    seen = {term.id} | explicit
    found: dict[str, list[Mention]] = {}
    for field in LINKED_FIELDS:
        text = getattr(term, field)
        if not text:
            continue
        mentions = linker.mentions(text, exclude=seen)
        seen |= {mention.target for mention in mentions}
        found[field] = mentions
    return found


def term_links(linker: Linker, term: Term) -> tuple[dict[str, str], set[str]]:
    """One entry's linked text per field, and the ids it links to."""
    found = entry_mentions(linker, term)
    explicit = {target for field in LINKED_FIELDS for target in explicit_links(getattr(term, field) or "")}
    linked = {field: link_mentions(getattr(term, field), found[field]) for field in found}
    automatic = {mention.target for mentions in found.values() for mention in mentions}
    return linked, (explicit | automatic) - {term.id}


PARALLEL_FROM = 500
"""From this many entries on, their links are found in one process per core."""
_shared: tuple[Linker, dict[str, Term]] | None = None
"""The linker and the entries, set before the worker processes are forked (they inherit them)."""


def _links_of(term_ids: list[str]) -> list[tuple[str, dict[str, str], set[str]]]:
    assert _shared is not None
    linker, terms = _shared
    return [(term_id, *term_links(linker, terms[term_id])) for term_id in term_ids]


def _all_links(linker: Linker, terms: dict[str, Term], jobs: int) -> Iterator[tuple[str, dict[str, str], set[str]]]:
    """Every entry's links, in the dictionary's order; split between ``jobs`` forked processes when large."""
    if jobs < 2 or len(terms) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        for term in terms.values():
            yield (term.id, *term_links(linker, term))
        return
    global _shared
    ids = list(terms)
    size = max(16, len(ids) // (jobs * 8))
    _shared = (linker, terms)
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for results in pool.imap(_links_of, [ids[i : i + size] for i in range(0, len(ids), size)]):
                yield from results
    finally:
        _shared = None


def names_digest(dictionary: Dictionary) -> str:
    """A digest of every name, spelling and phrase the linker is made from: links found in
    an unchanged text stay right while it is unchanged."""
    parts = [
        json.dumps([t.id, t.names, t.link_forms, t.not_links, t.autolink])
        for t in sorted(dictionary.terms.values(), key=lambda t: t.id)
    ]
    return key(*parts)


def _links(dictionary: Dictionary, jobs: int, store: Store | None) -> dict[str, tuple[dict[str, str], set[str]]]:
    """Every entry's linked text and link targets; from ``store`` where the entry's text and
    every name are as they were, found again (and kept there) otherwise."""
    terms = dictionary.terms
    found: dict[str, tuple[dict[str, str], set[str]]] = {}
    keys: dict[str, str] = {}
    ordinary: dict[str, bool] | None = None
    if store is not None:
        names = names_digest(dictionary)
        # Which names are ordinary English: asking wordfreq for every name was a tenth of a
        # build with one changed entry; kept while the names are (used, so kept, every run).
        ordinary_key = key(names, "ordinary")
        kept_ordinary = store.get(ordinary_key)
        kept_ordinary = kept_ordinary if isinstance(kept_ordinary, dict) else {}
        ordinary = {name: value for name, value in kept_ordinary.items() if isinstance(value, bool)}
        for term in terms.values():
            keys[term.id] = key(names, term.id, *(getattr(term, field) or "" for field in LINKED_FIELDS))
            kept = store.get(keys[term.id])
            if isinstance(kept, dict):
                found[term.id] = (kept["linked"], set(kept["links"]))
    missing = {term_id: term for term_id, term in terms.items() if term_id not in found}
    if missing:
        for term_id, linked, links in _all_links(linker_for(dictionary, ordinary), missing, jobs):
            found[term_id] = (linked, links)
            if store is not None:
                store.put(keys[term_id], {"linked": linked, "links": sorted(links)})
        if store is not None:
            store.put(ordinary_key, ordinary)
    return {term_id: found[term_id] for term_id in terms}


def derive(dictionary: Dictionary, jobs: int = 1, store: Store | None = None) -> None:
    """Fill the derived fields of ``dictionary`` in place (``jobs``: processes that may find links;
    ``store``: links found by earlier runs, see ``_links``)."""
    terms = dictionary.terms
    for term_id, (linked, links) in _links(dictionary, jobs, store).items():
        dictionary.linked[term_id] = linked
        dictionary.links[term_id] = links

    rows: dict[str, list[Row]] = {table_id: [] for table_id in dictionary.tables}
    for term in terms.values():
        for table_id, cells_list in term.table_rows.items():
            for cells in cells_list:
                label = cells.get("label", term.name)
                values = {k: v for k, v in cells.items() if k not in ("label", "sources")}
                sources = {k: Reference(v["title"], v["url"]) for k, v in cells.get("sources", {}).items()}
                rows[table_id].append(Row(term.id, label, values, sources))
    dictionary.rows = {
        table_id: sorted(found, key=lambda row: (sort_key(row.label), row.term_id)) for table_id, found in rows.items()
    }
    # An entry that hosts a generated table links to every entry with a row in it.
    for table in dictionary.tables.values():
        if table.host in terms:
            dictionary.links[table.host] |= {row.term_id for row in dictionary.rows[table.id]} - {table.host}

    order = {term_id: (term.sort_key, term_id) for term_id, term in terms.items()}
    backlinks: dict[str, set[str]] = {term_id: set() for term_id in terms}
    for source, targets in dictionary.links.items():
        for target in targets:
            backlinks[target].add(source)
    dictionary.backlinks = {term_id: sorted(sources, key=order.__getitem__) for term_id, sources in backlinks.items()}

    see_also: dict[str, set[str]] = {term_id: set() for term_id in terms}
    for term in terms.values():
        for other in term.related:
            see_also[term.id].add(other)
            see_also[other].add(term.id)
    dictionary.see_also = {term_id: sorted(ids, key=order.__getitem__) for term_id, ids in see_also.items()}
