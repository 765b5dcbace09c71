"""The search index: full text for a dictionary of ordinary size, summaries for a very large one."""

from __future__ import annotations

import html
import json
import os
from pathlib import Path

import pytest

import nvdict.search
from nvdict.search import summaries_only

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def entry_docs(site: Path, dictionary) -> dict[str, dict[str, str]]:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    by_location = {doc["location"]: doc for doc in index["docs"]}
    found = {}
    for term in dictionary.terms.values():
        matches = [doc for location, doc in by_location.items() if location.endswith(f"/#{term.id}")]
        assert len(matches) == 1, f"{term.id}: {len(matches)} index sections"
        found[term.id] = matches[0]
    return found


def test_the_real_dictionary_is_indexed_in_full(site: Path, dictionary) -> None:
    assert len(dictionary.terms) <= nvdict.search.FULL_TEXT_LIMIT
    docs = entry_docs(site, dictionary)
    # Words of the definition's last sentence, which no summary repeats, are searchable.
    xdp = docs["xdp"]["text"]
    assert len(xdp) > 3 * len(dictionary.terms["xdp"].summary)


def test_summaries_only_replaces_entry_sections_and_nothing_else() -> None:
    docs = [
        {"location": "x/", "title": "X", "text": "<p>page</p>"},
        {"location": "x/#xdp", "title": "XDP", "text": "<p>long text</p>"},
        {"location": "x/#other-names", "title": "Other names", "text": "<p>aliases</p>"},
    ]
    out = summaries_only(docs, {"x/#xdp": "A hook <at> the driver & more."})
    assert out[0] == docs[0] and out[2] == docs[2]
    assert out[1] == {"location": "x/#xdp", "title": "XDP", "text": "<p>A hook &lt;at&gt; the driver &amp; more.</p>"}
    assert docs[1]["text"] == "<p>long text</p>", "the input is not modified"


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
        assert term.name in doc["title"]
    # Aliases still lead to their entry: folded into its title.
    assert "eBPF Verifier" in docs["bpf-verifier"]["title"]
