"""Content standards: every entry cited, every URL well-formed, every summary one sentence."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from nvdict.validate import load_schema

pytestmark = []


def summary_limits(root) -> tuple[int, int]:
    summary = load_schema(root / "terms" / "term.schema.json")["properties"]["summary"]
    return summary["minLength"], summary["maxLength"]


def test_every_entry_has_one_to_three_references(dictionary) -> None:
    counts = {term.id: len(term.references) for term in dictionary.terms.values()}
    assert [term_id for term_id, count in counts.items() if count < 1] == []
    assert [term_id for term_id, count in counts.items() if count > 5] == []


@pytest.mark.parametrize("field", ["references"])
def test_every_reference_url_is_well_formed_https(dictionary, field: str) -> None:
    bad = []
    for term in dictionary.terms.values():
        for reference in term.references:
            parts = urlsplit(reference.url)
            if (
                parts.scheme != "https"
                or "." not in parts.netloc
                or " " in reference.url
                or parts.netloc != parts.netloc.lower()
            ):
                bad.append((term.id, reference.url))
            if "example." in parts.netloc:
                bad.append((term.id, reference.url))
    assert bad == []


def test_references_are_not_duplicated_within_an_entry(dictionary) -> None:
    for term in dictionary.terms.values():
        urls = [reference.url for reference in term.references]
        assert len(urls) == len(set(urls)), term.id


def test_every_summary_is_one_sentence_within_the_style_guide_length(dictionary, root) -> None:
    low, high = summary_limits(root)
    bad = []
    for term in dictionary.terms.values():
        summary = term.summary
        body = re.sub(r"\b(e\.g|i\.e|vs|etc|cf)\.", "", summary[:-1])
        if not (low <= len(summary) <= high) or not summary.endswith(".") or re.search(r"[.!?]\s+[A-Z]", body):
            bad.append((term.id, summary))
    assert bad == []


def test_style_guide_states_the_summary_length(root) -> None:
    low, high = summary_limits(root)
    guide = (root / "docs" / "style-guide.md").read_text(encoding="utf-8")
    assert str(low) in guide and str(high) in guide


def test_the_gap_entries_exist(dictionary) -> None:
    """Terms the seed relies on but never defines have entries of their own."""
    gaps = {
        "calico",
        "dpdk-eal",
        "vtep",
        "vni",
        "sk-buff",
        "umem",
        "napi",
        "conntrack",
        "evpn",
        "service-function-chain",
        "vnf",
        "iommu",
        "vfio-pci",
        "bird",
        "netfilter",
    }
    assert gaps <= set(dictionary.terms)


def test_every_correction_cites_a_source_or_is_estimate_wording(dictionary) -> None:
    for correction in dictionary.corrections:
        if correction.source is None:
            assert "estimate" in correction.why.lower() or "approximate" in correction.why.lower(), correction
        else:
            assert correction.source.url.startswith("https://")
