"""Hover previews for links that authors wrote by hand.

Generated links already carry the entry's summary as their title. A plain
Markdown link on a hand-written page (``[XDP](x.md#xdp)``) gets the same
title here, so every link to an entry previews it on hover and focus.
"""

from __future__ import annotations

import html
import posixpath
import re

_ANCHOR = re.compile(r"<a\b(?P<attrs>[^>]*)>", re.I)
_HREF = re.compile(r'\bhref="(?P<href>[^"]*)"')


def page_stem(path: str) -> str:
    """``x.md``, ``x/``, ``../x/index.html`` and ``x.html`` all name the page ``x``."""
    path = path.split("?")[0]
    for suffix in ("index.html", ".html", ".md"):
        path = path.removesuffix(suffix)
    return posixpath.basename(path.rstrip("/"))


def add_previews(content: str, summaries: dict[str, tuple[str, str]]) -> str:
    """Give each link to ``page#id`` of an entry its summary as title, unless it has one.

    ``summaries`` maps an entry id to (its page's stem, its summary).
    """

    def replace(match: re.Match[str]) -> str:
        attrs = match.group("attrs")
        href = _HREF.search(attrs)
        if href is None or re.search(r"\btitle=", attrs) or "#" not in href.group("href"):
            return match.group(0)
        path, _, anchor = href.group("href").partition("#")
        entry = summaries.get(anchor)
        if entry is None or page_stem(path) != entry[0]:
            return match.group(0)
        return f'<a{attrs} title="{html.escape(entry[1], quote=True)}">'

    return _ANCHOR.sub(replace, content)
