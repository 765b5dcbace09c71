"""The search index: every entry's page titled and tagged by its names, nothing that can carry markup."""

from __future__ import annotations

import html
import json
import os
from pathlib import Path

import pytest

import nvdict.search
from nvdict.search import IndexedEntry, entry_documents, joined, name_tags

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def search_docs(site: Path) -> list[dict[str, object]]:
    """The documents of the built site's search index."""
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def entry_docs(site: Path, dictionary) -> dict[str, dict[str, object]]:
    by_location = {doc["location"]: doc for doc in search_docs(site)}
    return {term_id: by_location[f"{term_id}/"] for term_id in dictionary.terms}


def test_names_as_one_word() -> None:
    assert joined("SR-IOV") == "sriov"
    assert joined("sk_buff") == "skbuff"
    assert joined("Open vSwitch") == "openvswitch"
    assert joined("NodePort") == "nodeport"
    entry = IndexedEntry("NodePort", None, ("Node Port",), "A Service type.")
    assert name_tags(entry) == ["nodeport"]


def test_entry_documents_title_and_tag_entry_pages_only() -> None:
    docs = [
        {"location": "x/", "title": "X", "text": "<p>letter</p>"},
        {"location": "xdp/", "title": "XDP", "text": "<p>long text</p>"},
    ]
    entries = {"xdp/": IndexedEntry("XDP", "eXpress Data Path", ("XDP hook",), "A hook <at> the driver & more.")}
    out = entry_documents(docs, entries, summaries_only=True)
    assert out[0] == docs[0]
    assert out[1]["title"] == "XDP (eXpress Data Path) (also XDP hook)"
    assert out[1]["tags"] == ["expressdatapath", "xdp", "xdphook"]
    assert out[1]["text"] == "<p>A hook &lt;at&gt; the driver &amp; more.</p>"
    assert docs[1]["text"] == "<p>long text</p>", "the input is not modified"


def test_the_real_dictionary_is_indexed_in_full(site: Path, dictionary) -> None:
    assert len(dictionary.terms) <= nvdict.search.FULL_TEXT_LIMIT
    docs = entry_docs(site, dictionary)
    for term_id, doc in docs.items():
        term = dictionary.terms[term_id]
        assert joined(term.name) in doc["tags"], term_id
        assert html.escape(term.name, quote=False) in doc["title"]
    # Words of the definition, which no summary repeats, are searchable.
    assert len(docs["xdp"]["text"]) > 3 * len(dictionary.terms["xdp"].summary)
    # Aliases lead to their entry: folded into its title and tags.
    assert "eBPF Verifier" in docs["bpf-verifier"]["title"]
    assert "ebpfverifier" in docs["bpf-verifier"]["tags"]


def test_letter_and_category_pages_stay_out_of_the_index(site: Path) -> None:
    locations = {doc["location"].split("#")[0] for doc in search_docs(site)}
    assert not locations & {"x/", "v/", "all/", "categories/ebpf-xdp/"}


LARGEST_DOCUMENT = 100_000
"""Characters of text one search document may hold. Material's search worker (lunr) threw in
Index.query for a prefix query ("v2" found nothing, on the served site and offline) once the
corrections log, indexed as one document, grew past about 1 MB; the largest other document is
under 10 kB."""


def test_no_search_document_is_large_enough_to_break_the_search(site: Path) -> None:
    texts = {doc["location"]: doc["text"] for doc in search_docs(site)}
    sizes = {location: len(text) for location, text in texts.items()}
    assert max(sizes.values()) < LARGEST_DOCUMENT, sorted(sizes.items(), key=lambda item: -item[1])[:3]
    # The corrections page is found by its title and introduction; its log is not indexed.
    assert "Where an entry departs" in texts["corrections/"]
    assert sizes["corrections/"] < 1_000


def test_above_the_limit_each_entry_is_indexed_by_its_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dictionary
) -> None:
    """The real dictionary built in this process with a limit below its size."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setattr(nvdict.search, "FULL_TEXT_LIMIT", 50)
    monkeypatch.setitem(os.environ, "NO_MKDOCS_2_WARNING", "1")
    config = load_config(config_file=str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    docs = entry_docs(tmp_path / "site", dictionary)
    for term_id, doc in docs.items():
        term = dictionary.terms[term_id]
        assert doc["text"] == f"<p>{html.escape(term.summary, quote=False)}</p>"
        assert html.escape(term.name, quote=False) in doc["title"]
