"""Where an entry lives in the site: one function for its page's source path, one for its address.

Every part of the project that needs an entry's address asks here, so a change of
layout is a change of these two functions.
"""

from __future__ import annotations


def entry_path(term_id: str) -> str:
    """The generated Markdown page of an entry, relative to the docs directory."""
    return f"{term_id}.md"


def entry_url(term_id: str, directory_urls: bool = True) -> str:
    """The address of an entry's page relative to the site root: ``xdp/``, or ``xdp.html`` in a site
    built without directory URLs (the offline bundle, read from ``file://``)."""
    return f"{term_id}/" if directory_urls else f"{term_id}.html"
