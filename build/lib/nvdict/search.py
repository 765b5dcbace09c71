"""Adjust the search index so that looking up an alias finds its entry.

Each alias has a line in the "Other names" section of its own letter page
("eBPF Verifier: see BPF Verifier") for readers who browse. In the search index that section would
compete with the entry itself, so it is dropped and the alias is added to the
title of the entry's section instead: searching "ebpf verifier" finds the BPF
Verifier entry as a title match, and the result says why.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from nvdict.pages import OTHER_NAMES, Redirect

FULL_TEXT_LIMIT = 2000
"""Up to this many entries the index holds each entry's whole text; above it, its summary.

Material's search worker builds its index in the browser on every page load. At 10,000
entries, 13 MB of full text takes about 5 s before the first query can run, and a typed
name is answered after 0.5 to 1.8 s; names, aliases and summaries alone (2 MB) are ready
in about 1 s and answer in tens of milliseconds (docs/benchmarks.md).
"""


def summaries_only(docs: list[dict[str, str]], summaries: dict[str, str]) -> list[dict[str, str]]:
    """The index documents, each entry's section holding its summary instead of its whole text.

    ``summaries`` maps an entry's location in the index (``s/12/#id``) to its summary.
    """
    return [
        {**doc, "text": f"<p>{html.escape(summaries[doc['location']], quote=False)}</p>"}
        if doc.get("location") in summaries
        else doc
        for doc in docs
    ]


def fold_aliases(
    docs: list[dict[str, str]], redirects: list[Redirect], url_of: Callable[[str], str]
) -> list[dict[str, str]]:
    """The index documents without alias sections, their names added to their targets' titles."""
    alias_locations = {f"{url_of(r.page)}#{OTHER_NAMES}" for r in redirects}
    names: dict[str, list[str]] = {}
    for r in redirects:
        names.setdefault(f"{url_of(r.target_page)}#{r.target_id}", []).append(r.alias)
    kept = []
    for doc in docs:
        location = doc.get("location", "")
        if location in alias_locations:
            continue
        extra = [name for name in names.get(location, ()) if name.casefold() not in doc.get("title", "").casefold()]
        if extra:
            doc = {**doc, "title": f"{doc['title']} (also {', '.join(extra)})"}
        kept.append(doc)
    return kept
