"""Content standards: every entry cited, every URL well-formed, every summary one sentence."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from nvdict.validate import load_schema

pytestmark = []


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
    rule = load_schema(root / "terms" / "term.schema.json")["properties"]["summary"]
    low, high = rule["minLength"], rule["maxLength"]
    bad = []
    for term in dictionary.terms.values():
        summary = term.summary
        body = re.sub(r"\b(e\.g|i\.e|vs|etc|cf)\.", "", summary[:-1])
        if not (low <= len(summary) <= high) or not summary.endswith(".") or re.search(r"[.!?]\s+[A-Z]", body):
            bad.append((term.id, summary))
    assert bad == []


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


# ---------------------------------------------------------------- issue 14: dated, sourced, complete

SECONDARY = (
    *("wikipedia.org", "medium.com", "stackoverflow.com", "stackexchange.com", "reddit.com", "geeksforgeeks.org"),
    *("tutorialspoint.com", "blogspot.com", "wordpress.com", "dev.to", "linkedin.com", "youtube.com"),
)
LOOKED_UP = {
    "GRO": "gro", "GSO": "gso", "TSO": "tso", "vDPA": "vdpa", "SmartNIC": "smartnic", "DPU": "smartnic",
    "switchdev": "switchdev", "port representor": "port-representor", "Multus": "multus-cni", "netkit": "netkit",
    "tcx": "tcx", "BIG TCP": "big-tcp", "BTF": "btf", "CO-RE": "co-re", "tc flower": "tc-flower", "SRv6": "srv6",
    "MPLS": "mpls", "page_pool": "page-pool", "VRF": "vrf", "macvtap": "macvtap",
    "OVS kernel datapath": "ovs-kernel-datapath", "XDP hints": "xdp-rx-metadata",
    "io_uring zero-copy receive": "io-uring-zcrx",
}  # fmt: skip
"""The terms engineers look up that issue 14 found missing, and the entry each must reach."""


def test_every_entry_is_dated_and_cites_a_primary_source(dictionary) -> None:
    from urllib.parse import urlparse

    undated = [t.id for t in dictionary.terms.values() if not t.reviewed]
    assert undated == []
    for term in dictionary.terms.values():
        hosts = [urlparse(ref.url).hostname or "" for ref in term.references]
        primary = [h for h in hosts if not any(h == s or h.endswith("." + s) for s in SECONDARY)]
        assert primary, f"{term.id}: no primary reference ({hosts})"


def test_no_reference_table_source_or_logged_source_is_a_mirror_an_index_page_or_a_moving_branch(dictionary) -> None:
    from nvdict.validate import mirrored

    cited = [(term.id, ref.url) for term in dictionary.terms.values() for ref in term.references]
    cited += [
        (row.term_id, ref.url)
        for table in dictionary.tables.values()
        for row in dictionary.rows[table.id]
        for ref in row.sources.values()
    ]
    cited += [(f"log: {c.entry} {c.field}", c.source.url) for c in dictionary.corrections if c.source]
    assert len(cited) > 900
    assert [(where, url) for where, url in cited if mirrored(url)] == []
    parts = [
        (where, url, urlsplit(url).path.split("/")) for where, url in cited if urlsplit(url).netloc == "github.com"
    ]
    index_pages = [(where, url) for where, url, path in parts if len(path) <= 3]
    moving = [
        (where, url)
        for where, url, path in parts
        if len(path) > 4 and path[3] in ("blob", "tree") and path[4] in ("main", "master")
    ]
    assert (index_pages, moving) == ([], []), "cite a file at a release tag or commit"


def test_the_dictionary_has_the_terms_engineers_look_up(dictionary) -> None:
    from nvdict.terminal import find

    assert len(dictionary.terms) >= 150
    for name, term_id in LOOKED_UP.items():
        found = find(dictionary, name)
        assert found is not None and found.id == term_id, (name, found and found.id)
    for term in dictionary.terms.values():
        for alias in term.aliases:
            assert find(dictionary, alias).id == term.id, (alias, term.id)


def test_every_table_figure_has_a_source_or_reads_as_an_estimate(dictionary) -> None:
    for table in dictionary.tables.values():
        for row in dictionary.rows[table.id]:
            for column in table.columns:
                value = row.cells.get(column.key)
                if column.figure and value is not None:
                    assert value.startswith("~") or column.key in row.sources, (table.id, row.label, value)


def test_the_review_warning_lists_entries_not_reviewed_for_a_year(dictionary) -> None:
    import copy
    from datetime import date

    from nvdict.review import stale, stale_warning

    assert stale(dictionary, date(2026, 12, 5)) == []
    aged = copy.deepcopy(dictionary)
    aged.terms["xdp"].reviewed = "2025-12-04"
    aged.terms["vxlan"].reviewed = None
    assert stale(aged, date(2026, 12, 5)) == [("vxlan", None), ("xdp", "2025-12-04")]
    assert "2 entries not reviewed" in stale_warning(aged, date(2026, 12, 5))
    for term in aged.terms.values():
        term.reviewed = None if term.id == "xdp" else "2020-01-01"
    warning = stale_warning(aged, date(2026, 12, 5))
    assert warning.startswith(f"warning: {len(aged.terms)} entries not reviewed in the last 12 months: xdp (never), ")
    assert f" and {len(aged.terms) - 20} more. " in warning and warning.count("(2020-01-01)") == 19


KERNEL_EVIDENCE = Path(__file__).resolve().parent / "corpora" / "kernel-versions"


def _names_release(source: str, release: str) -> bool:
    """True when a source names ``release``: a tree path (linux-7.3.4/...) or an address (/v6.12/, /6.7/)."""
    tree = re.match(r"linux-(\d+\.\d+)(?:\.\d+)?/", source)
    if tree:
        return tree.group(1) == release
    return re.search(rf"(?<![0-9.])v?{re.escape(release)}(?![0-9])", source) is not None


def test_every_kernel_version_label_has_its_evidence(dictionary) -> None:
    """An entry that says which Linux release its claims hold for names, claim by claim, what was read."""
    evidence = {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in KERNEL_EVIDENCE.glob("*.yaml")}
    labelled = {t.id: t.versions["linux"] for t in dictionary.terms.values() if "linux" in t.versions}
    assert len(labelled) >= 40
    for term_id, release in labelled.items():
        record = evidence.get(term_id)
        assert record, f"{term_id} says linux {release}: tests/corpora/kernel-versions/{term_id}.yaml is missing"
        assert str(record.get("linux")) == release, term_id
        assert record.get("checked"), term_id
        for item in record["checked"]:
            assert str(item.get("claim", "")).strip() and str(item.get("source", "")).strip(), (term_id, item)
            if item.get("kind") == "not-kernel":
                continue
            assert _names_release(item["source"], release) or item.get("note"), (term_id, item["source"])
    for term_id, record in evidence.items():
        assert record["id"] == term_id and term_id in dictionary.terms, term_id
        assert ("linux" in record) == (term_id in labelled), term_id
