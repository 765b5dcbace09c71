"""Hover previews: every entry's summary, for links to it wherever they stand.

Rather than repeating a summary in the title of every link (a quarter of the
HTML of a large dictionary), the site ships one script mapping each entry id
to its page and summary; ``docs/assets/javascripts/previews.js`` gives each
link to an entry its summary as title before Material turns titles into
tooltips. Plain data in a script file works from ``file://`` too.
"""

from __future__ import annotations

import json
import posixpath

SCRIPT_PATH = "assets/javascripts/summaries.js"


def page_key(path: str) -> str:
    """``x.md`` -> ``x``, ``s/2.md`` -> ``s/2``: how a page's URL ends, either URL style."""
    return posixpath.splitext(path)[0]


def summaries_script(summaries: dict[str, str], term_pages: dict[str, str]) -> str:
    """JavaScript defining ``window.nvdSummaries = {id: [page, summary]}``."""
    data = {term_id: [page_key(term_pages[term_id]), summary] for term_id, summary in sorted(summaries.items())}
    return "window.nvdSummaries=" + json.dumps(data, ensure_ascii=False, separators=(",", ":")) + ";\n"
