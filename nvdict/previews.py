"""Hover previews: every entry's name and summary, for links to it wherever they stand.

Rather than repeating a summary in the title of every link (a quarter of the HTML of a
large dictionary), the site ships one script mapping each entry id to its name and
summary; ``docs/assets/javascripts/previews.js`` gives each link to an entry's page a
title before Material turns titles into tooltips. Material writes a title into the
tooltip as HTML, so previews.js escapes both. Plain data in a script file works from
``file://`` too.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from nvdict.search import indexed_entry, name_tags

if TYPE_CHECKING:
    from nvdict.model import Dictionary

SCRIPT_PATH = "assets/javascripts/summaries.js"


def summaries_script(entries: dict[str, tuple[str, str, list[str]]]) -> str:
    """JavaScript defining ``window.nvdSummaries = {id: [name, summary, [names as one word]]}``.

    The names as one word (``nvdict.search.name_tags``) let search-query.js recognise a typed name.
    """
    data = {term_id: list(entries[term_id]) for term_id in sorted(entries)}
    # "<" as \u003c: the data can never close a script element, wherever it is inlined.
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    return "window.nvdSummaries=" + payload + ";\n"


def dictionary_summaries(dictionary: Dictionary) -> str:
    """``summaries.js`` for ``dictionary``: each entry's name, summary and names as one word."""
    return summaries_script({t.id: (t.name, t.summary, name_tags(indexed_entry(t))) for t in dictionary.terms.values()})
