"""Shape the search index so that any name of an entry finds the entry's own page first.

Material's search weighs a document's tags a thousand times its title. Each entry's page
gets as tags every one of its names written as one word (``NodePort`` → ``nodeport``,
``SR-IOV`` → ``sriov``, ``Open vSwitch`` → ``openvswitch``): a reader who types a name, in
any case, with or without its hyphens, underscores or spaces, finds that entry first, and
while typing (``vxl``) the entry whose name starts so. The words of a name are indexed
from the title as well (``node port`` finds NodePort). Letter and category pages are kept
out of the index; alias names are added to their entry's title, so the result says why
it matched.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nvdict.model import Term

FULL_TEXT_LIMIT = 2000
"""Up to this many entries the index holds each entry's whole text; above it, its summary.

Material's search worker builds its index in the browser on every page load. At 10,000
entries, 13 MB of full text takes about 5 s before the first query can run, and a typed
name is answered after 0.5 to 1.8 s; names, aliases and summaries alone (2 MB) are ready
in about 1 s and answer in tens of milliseconds (docs/benchmarks.md).
"""

_NOT_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class IndexedEntry:
    """What the index needs to know of an entry: its names and summary."""

    name: str
    expansion: str | None
    aliases: tuple[str, ...]
    summary: str

    @property
    def title(self) -> str:
        """The result's title: the name, the expansion, and the other names the entry answers to."""
        title = f"{self.name} ({self.expansion})" if self.expansion else self.name
        others = [a for a in self.aliases if a.casefold() not in title.casefold()]
        return title + (f" (also {', '.join(others)})" if others else "")


def indexed_entry(term: Term) -> IndexedEntry:
    """What the index needs of ``term``."""
    return IndexedEntry(term.name, term.expansion, tuple(term.aliases), term.summary)


def joined(name: str) -> str:
    """A name as one lower-case word: ``SR-IOV`` → ``sriov``, ``sk_buff`` → ``skbuff``."""
    return _NOT_WORD.sub("", name.casefold())


def name_tags(entry: IndexedEntry) -> list[str]:
    """Every name of the entry as one word, for the index's most heavily weighted field."""
    names = [entry.name, *entry.aliases] + ([entry.expansion] if entry.expansion else [])
    return sorted({key for key in map(joined, names) if key})


def entry_documents(
    docs: list[dict[str, object]], entries: dict[str, IndexedEntry], summaries_only: bool = False
) -> list[dict[str, object]]:
    """The index documents with each entry page titled by its names and tagged with them.

    ``entries`` maps the location of an entry's page in the index (``xdp/`` or ``xdp.html``)
    to the entry. ``summaries_only``: an entry's text is its summary (very large dictionaries).
    """
    out = []
    for doc in docs:
        entry = entries.get(str(doc.get("location", "")))
        if entry is not None:
            doc = {**doc, "title": html.escape(entry.title, quote=False), "tags": name_tags(entry)}
            if summaries_only:
                doc["text"] = f"<p>{html.escape(entry.summary, quote=False)}</p>"
        out.append(doc)
    return out
