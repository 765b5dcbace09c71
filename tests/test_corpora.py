"""Automatic links on glossaries this project did not write (tests/corpora, CC BY 4.0).

Every link the dictionary merged with the corpora makes has been judged by hand
(tests/corpora/link-judgements.yaml); the dictionary's own links are a golden
list (tests/corpora/dictionary-links.yaml).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from nvdict.links_report import AutoLink, automatic_links
from nvdict.load import load
from tests.corpora.merge import CORPORA, imported, merged

PRECISION = 0.95


@pytest.fixture(scope="module")
def merged_links(root: Path) -> tuple[list[AutoLink], set[str]]:
    dictionary, own = merged(root)
    return automatic_links(dictionary), own


def _golden() -> list[dict[str, str]]:
    return yaml.safe_load((CORPORA / "dictionary-links.yaml").read_text(encoding="utf-8"))


def _judgements() -> dict[tuple[str, str, str], bool]:
    """(source, target, linked words) -> judged right; the context is kept for the reader."""
    items = yaml.safe_load((CORPORA / "link-judgements.yaml").read_text(encoding="utf-8"))
    return {(item["source"], item["target"], item["text"]): item["ok"] for item in items}


def _key(link: AutoLink) -> tuple[str, str, str, str]:
    return (link.source, link.field, link.text, link.target)


def test_corpora_are_real_and_large_enough(root: Path) -> None:
    items = imported(load(root))
    converted = [item for item in items if item.data is not None]
    assert len(list((CORPORA / "cncf-glossary").glob("*.md"))) >= 85
    assert len(list((CORPORA / "kubernetes-glossary").glob("*.md"))) >= 40
    assert len(converted) >= 100
    assert all(item.data["references"][0]["url"].startswith("https://github.com/") for item in converted)


def test_the_dictionarys_own_links_are_the_golden_list(root: Path) -> None:
    alone = {_key(link) for link in automatic_links(load(root))}
    golden = [(g["source"], g["field"], g["text"], g["target"]) for g in _golden()]
    lost = [link for link in golden if link not in alone]
    assert not lost, f"automatic links lost (review them, then regenerate dictionary-links.yaml): {lost}"


def test_merging_keeps_every_link_of_the_dictionary(root: Path, merged_links) -> None:
    links, own = merged_links
    alone = {_key(link) for link in automatic_links(load(root))}
    after = {_key(link) for link in links if link.source in own}
    assert alone <= after, sorted(alone - after)


def test_every_link_to_or_from_the_corpora_is_judged_and_precision_holds(merged_links) -> None:
    """Links between the dictionary's own entries are reviewed in pull requests (and kept by the
    golden list); every link made in an imported entry, or to one, was judged by hand."""
    links, own = merged_links
    judgements = _judgements()
    foreign = [link for link in links if link.source not in own or link.target not in own]
    unjudged = [link for link in foreign if (link.source, link.target, link.text) not in judgements]
    assert not unjudged, "judge these links and add them to tests/corpora/link-judgements.yaml: " + "; ".join(
        f"{link.source} -> {link.target}: {link.context}" for link in unjudged
    )
    for part in ("own", "imported"):
        chosen = [link for link in links if (link.source in own) == (part == "own")]
        right = sum(link.target in own or judgements[(link.source, link.target, link.text)] for link in chosen)
        assert chosen, part
        assert right / len(chosen) >= PRECISION, f"{part}: {right} of {len(chosen)} automatic links are right"


def test_the_wrong_links_of_issue_13_are_gone(merged_links) -> None:
    """No entry of the dictionary links to the Kubernetes objects whose names are ordinary words."""
    links, own = merged_links
    ordinary = {"node", "nodes", "controller", "device", "data-plane", "ingress", "namespace", "container", "job"}
    wrong = [
        f"{link.source} -> {link.target}: {link.context}"
        for link in links
        if link.source in own and link.target in ordinary
    ]
    assert wrong == []


def test_the_kubernetes_objects_are_in_the_merged_dictionary(root: Path) -> None:
    dictionary, own = merged(root)
    # Ingress is an entry of the dictionary itself: the importer refuses the glossary's copy.
    assert {"data-plane", "namespace", "device", "controller", "job", "service"} <= set(dictionary.terms) - own
    assert "ingress" in own
