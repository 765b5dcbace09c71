"""The dictionary merged with the test corpora, as the tests and the judgement file see it."""

from __future__ import annotations

from pathlib import Path

from nvdict.derive import derive
from nvdict.importer import Imported, Options, convert
from nvdict.load import load
from nvdict.model import Dictionary, Reference, Term

CORPORA = Path(__file__).resolve().parent
SOURCES = {
    "cncf-glossary": "https://github.com/cncf/glossary/blob/main/content/en",
    "kubernetes-glossary": "https://github.com/kubernetes/website/blob/main/content/en/docs/reference/glossary",
}


def imported(dictionary: Dictionary) -> list[Imported]:
    """Both corpora converted against ``dictionary`` (the CNCF glossary first)."""
    known = {name.casefold(): term.id for term in dictionary.terms.values() for name in term.names}
    items: list[Imported] = []
    for folder, url in SOURCES.items():
        found = convert(CORPORA / folder, known, Options(glossary=folder, source_url=url))
        for item in found:
            if item.data is not None:
                for name in [item.data["name"], *item.data.get("aliases", [])]:
                    known[name.casefold()] = item.term_id
        items += found
    return items


def merged(root: Path) -> tuple[Dictionary, set[str]]:
    """The dictionary with every converted corpus entry added, derived again; and the dictionary's own ids."""
    dictionary = load(root)
    own = set(dictionary.terms)
    for item in imported(dictionary):
        data = item.data
        if data is None:
            continue
        dictionary.terms[item.term_id] = Term(
            id=item.term_id,
            name=data["name"],
            summary=data["summary"],
            definition=data["definition"],
            categories=data["categories"],
            source=item.source,
            aliases=data.get("aliases", []),
            details=data.get("details"),
            references=[Reference(r["title"], r["url"]) for r in data["references"]],
        )
    derive(dictionary)
    return dictionary, own
