"""Adjust the search index so that looking up an alias finds its entry.

Each alias has a line in the "Other names" section of its own letter page
("eBPF Verifier: see BPF Verifier") for readers who browse. In the search index that section would
compete with the entry itself, so it is dropped and the alias is added to the
title of the entry's section instead: searching "ebpf verifier" finds the BPF
Verifier entry as a title match, and the result says why.
"""

from __future__ import annotations

from collections.abc import Callable

from nvdict.pages import OTHER_NAMES, Redirect


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
