"""The dictionary as plain data: terms, categories, tables and compositions.

Nothing here knows about MkDocs; pages are made from these objects.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Reference:
    title: str
    url: str


@dataclass(frozen=True)
class Diagram:
    code: str
    kind: str = "text"
    title: str | None = None


@dataclass(frozen=True)
class StaticTable:
    columns: list[str]
    rows: list[list[str]]
    title: str | None = None


@dataclass
class Term:
    """One entry of the dictionary, as read from ``terms/<id>.yaml``."""

    id: str
    name: str
    summary: str
    definition: str
    categories: list[str]
    source: Path
    expansion: str | None = None
    aliases: list[str] = field(default_factory=list)
    autolink: bool = True
    link_forms: list[str] = field(default_factory=list)
    """When given, the only spellings that link here automatically (matched as written)."""
    not_links: list[str] = field(default_factory=list)
    """Phrases that contain a name of this entry but are not it (Container Storage Interface)."""
    diagrams: list[Diagram] = field(default_factory=list)
    tables: list[StaticTable] = field(default_factory=list)
    details: str | None = None
    related: list[str] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    table_rows: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    relations: dict[str, str] = field(default_factory=dict)
    """related id -> kind (``RELATIONS``), for the related entries that say how they relate."""
    reviewed: str | None = None
    """YYYY-MM-DD: when every claim was last checked against its sources."""
    versions: dict[str, str] = field(default_factory=dict)
    """project -> the version the claims hold for (linux: 6.12)."""
    status: str = "current"
    status_note: str | None = None

    @property
    def letter(self) -> str:
        return letter_of(self.name)

    @property
    def names(self) -> list[str]:
        """Every name the entry answers to: its name first, then its aliases."""
        return [self.name, *self.aliases]

    @property
    def sort_key(self) -> str:
        return sort_key(self.name)


RELATIONS: dict[str, tuple[str, str]] = {
    "alternative-to": ("Alternatives", "Alternatives"),
    "replaces": ("Replaces", "Replaced by"),
    "runs-on": ("Runs on", "Runs it"),
    "encapsulates": ("Encapsulates", "Encapsulated by"),
    "part-of": ("Part of", "Parts"),
    "configured-by": ("Configured by", "Configures"),
}
"""Relation kind -> (heading on the entry that declares it, heading on the other entry)."""

PROJECT_NAMES: dict[str, str] = {
    "linux": "Linux",
    "dpdk": "DPDK",
    "ovs": "Open vSwitch",
    "ovn": "OVN",
    "kubernetes": "Kubernetes",
    "cilium": "Cilium",
    "calico": "Calico",
    "flannel": "Flannel",
    "antrea": "Antrea",
    "frr": "FRR",
    "qemu": "QEMU",
    "vpp": "VPP",
    "cni": "CNI",
    "gateway-api": "Gateway API",
    "openflow": "OpenFlow",
    "virtio-spec": "virtio specification",
    "etsi-gs-nfv-002": "ETSI GS NFV 002",
    "ovn-kubernetes": "OVN-Kubernetes",
    "cni-plugins": "CNI plugins",
    "flannel-cni-plugin": "Flannel CNI plugin",
    "multus-cni": "Multus CNI",
    "metallb": "MetalLB",
    "gnmi": "gNMI",
    "openconfig": "OpenConfig",
    "p4": "P4",
    "p4runtime": "P4Runtime",
    "int": "INT",
    "suricata": "Suricata",
    "tacker": "Tacker",
    "cri-o": "CRI-O",
}
"""How the projects of ``versions:`` keys are named to readers (others as written)."""


def version_labels(versions: dict[str, str]) -> list[str]:
    """What an entry's ``versions:`` say to readers: ``{ovs: "3.7"}`` is ``["Open vSwitch 3.7"]``."""
    return [f"{PROJECT_NAMES.get(project, project)} {version}" for project, version in versions.items()]


@dataclass(frozen=True)
class Category:
    id: str
    title: str
    description: str


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    figure: bool = False


@dataclass(frozen=True)
class ComparisonTable:
    """A table whose rows come from the entries' ``table_rows``."""

    id: str
    title: str
    description: str
    label: str
    columns: list[Column]
    note: str | None = None
    host: str | None = None
    quick_reference: bool = False


@dataclass(frozen=True)
class Row:
    """One generated table row and the entry it belongs to."""

    term_id: str
    label: str
    cells: dict[str, str]
    sources: dict[str, Reference] = field(default_factory=dict)
    """column key -> the published measurement a figure comes from."""


@dataclass(frozen=True)
class Composition:
    """An architecture: how entries combine, as a diagram and as text."""

    id: str
    title: str
    summary: str
    text: str
    components: list[str]
    mermaid: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class Correction:
    """One departure from the seed text, with its reason and source."""

    date: str
    entry: str
    field: str
    seed: str
    now: str
    why: str
    source: Reference | None = None


@dataclass(frozen=True)
class Alias:
    name: str
    target: str

    @property
    def letter(self) -> str:
        return letter_of(self.name)

    @property
    def anchor(self) -> str:
        return slugify(self.name)


@dataclass
class Dictionary:
    """Everything the site is made from, resolved and cross-referenced."""

    terms: dict[str, Term]
    categories: dict[str, Category]
    tables: dict[str, ComparisonTable]
    compositions: list[Composition] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    root: Path | None = None
    # Derived at build time (see nvdict.build):
    linked: dict[str, dict[str, str]] = field(default_factory=dict)
    """term id -> field -> Markdown with mentions turned into ``id:`` links."""
    links: dict[str, set[str]] = field(default_factory=dict)
    """term id -> ids it links to or mentions."""
    backlinks: dict[str, list[str]] = field(default_factory=dict)
    see_also: dict[str, list[str]] = field(default_factory=dict)
    rows: dict[str, list[Row]] = field(default_factory=dict)
    """table id -> rows, sorted by label."""

    @property
    def aliases(self) -> list[Alias]:
        return sorted(
            (Alias(name, term.id) for term in self.terms.values() for name in term.aliases),
            key=lambda alias: sort_key(alias.name),
        )

    def sorted_terms(self) -> list[Term]:
        return by_name(self.terms.values())

    def corrections_of(self, term_id: str) -> list[Correction]:
        """One entry's corrections, in the log's order (oldest first)."""
        return [correction for correction in self.corrections if correction.entry == term_id]

    def corrections_by_entry(self) -> dict[str, list[Correction]]:
        """Entry id -> its corrections, in the log's order (oldest first)."""
        grouped: dict[str, list[Correction]] = {}
        for correction in self.corrections:
            grouped.setdefault(correction.entry, []).append(correction)
        return grouped

    def in_category(self, category_id: str) -> list[Term]:
        return [term for term in self.sorted_terms() if category_id in term.categories]


def by_name(terms: Iterable[Term]) -> list[Term]:
    """Terms in A–Z order of their names (ids break ties)."""
    return sorted(terms, key=lambda term: (term.sort_key, term.id))


def letter_of(name: str) -> str:
    """The A–Z letter an entry is filed under ("0-9" for names starting with a digit)."""
    for char in name:
        if char.isalpha():
            return char.upper() if char.isascii() else "#"
        if char.isdigit():
            return "0-9"
    return "#"


def sort_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


def slugify(text: str) -> str:
    """Anchor for a name: lower case, runs of other characters as one hyphen."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
