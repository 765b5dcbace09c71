"""Write a synthetic Network Virtualization Dictionary of N valid term files.

    python benchmarks/generate.py 1000 --out /tmp/nvd-1000 [--seed 1] [--source DIR] [--check]

The project is a copy of this repository's (or ``--source``'s) ``mkdocs.yml``, ``docs/``,
``hooks/``, ``overrides/`` and generator ``nvdict/`` (the hooks use the one next to them),
with ``terms/term.schema.json`` and ``terms/_tables.yaml``, and N generated
``terms/<id>.yaml`` files. The same N, seed and source always give the same files.
The content is synthetic but shaped like the real entries:

* names unique ignoring case, spread over the alphabet like dictionary headwords
  (many S, C, P; few Q, X, Y, Z; some starting with a digit): multi-word names,
  acronyms with their expansion, lower-case tool names, names with digits;
* 0 to 3 aliases (about 1.2 on average), each with its own anchor;
* 120 to 250 words of definition and details, mentioning other entries by name
  or alias (linked automatically), some explicit ``[text](id:...)`` links and
  inline code, 2 to 6 related ids;
* text diagrams and shell/C listings on about 15 % of entries, small static
  tables on about 6 %, comparison-table rows on about 6 % (the two tables hosted
  by an entry get four rows each, at every size);
* 1 to 3 references to ``https://example.org/nvdict-bench/...``: placeholder
  addresses, never fetched (the build does not check external links).

Ids that the copied pages and tables need (``term('dpdk')`` in docs/index.md,
``host: cilium`` in _tables.yaml) are always generated.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("mkdocs.yml", "docs", "hooks", "overrides", "nvdict")
"""Copied into every project. The hooks use the nvdict/ next to them, so a project builds with the
generator it was copied with, whatever changes in the repository meanwhile."""
TERM_SUPPORT = ("term.schema.json", "_tables.yaml")
SCHEMA_LINE = "# yaml-language-server: $schema=term.schema.json"
REFERENCE_BASE = "https://example.org/nvdict-bench"
REVIEWED = "2026-12-01"
"""Every synthetic entry was reviewed on this (fixed) day, like the real ones."""


def _words(text: str) -> list[str]:
    """A vocabulary list written as ``a|b|c``."""
    return text.split("|")


# Relative frequency of first letters, roughly that of English dictionary headwords,
# nudged towards networking (more V, N, I).
LETTER_WEIGHTS: dict[str, float] = {
    **dict.fromkeys("S", 11.0),
    **dict.fromkeys("C", 9.5),
    **dict.fromkeys("P", 8.0),
    **dict.fromkeys("A", 6.0),
    **dict.fromkeys("DRMT", 5.5),
    **dict.fromkeys("B", 5.0),
    **dict.fromkeys("FEINV", 4.0),
    **dict.fromkeys("L", 3.5),
    **dict.fromkeys("HGO", 3.0),
    **dict.fromkeys("UW", 2.0),
    **dict.fromkeys("K", 1.2),
    **dict.fromkeys("QJ", 0.6),
    **dict.fromkeys("ZX", 0.5),
    **dict.fromkeys("Y", 0.4),
    "0-9": 0.8,
}

FIRST_WORDS: dict[str, list[str]] = {
    "A": _words("Adaptive|Address|Admission|Anycast|Asynchronous|Atomic|Aggregate|Access|Active|Affinity|Application"),
    "B": _words("Bandwidth|Batch|Border|Bridge|Buffer|Burst|Bypass|Backplane|Bonded|Broadcast|Backpressure|Binary"),
    "C": _words(
        "Cache|Channel|Cluster|Congestion|Control|Cookie|Core|Credit|Crypto|Circuit|Connection|Container|Checksum"
        "|Classifier|Coalesced|Cross-Node"
    ),
    "D": _words("Datagram|Data|Deep|Descriptor|Device|Direct|Distributed|Domain|Driver|Dynamic|Dual-Stack|Deferred"),
    "E": _words("Edge|Egress|Elastic|Encapsulated|Endpoint|Event|Express|Extended|Ethernet|Ephemeral|Exact-Match"),
    "F": _words("Fabric|Fast|Filter|Flow|Forwarding|Fragment|Frame|Function|Fair|Firewall|Federated|Fixed"),
    "G": _words("Gateway|Global|Graph|Group|Guest|Generic|Gossip|Granular|Guarded"),
    "H": _words("Hairpin|Hash|Header|Host|Hybrid|Hypervisor|Hot-Path|Hierarchical|Headless"),
    "I": _words("Ingress|Inline|Interrupt|Isolated|Indirect|Inter-Node|Integrated|Incremental|Identity|Intent"),
    "J": _words("Jitter|Jumbo|Journal|Joint|Just-in-Time"),
    "K": _words("Kernel|Keepalive|Key|Keyed|Kubelet"),
    "L": _words("Label|Latency|Layer|Lease|Link|Load|Local|Lookup|Loopback|Lossless|Lightweight|Learning"),
    "M": _words("Managed|Mesh|Metadata|Mirror|Multicast|Multipath|Memory|Message|Micro|Migration|Multi-Queue"),
    "N": _words("Namespace|Neighbor|Network|Next-Hop|Node|Northbound|Notification|Native|Non-Blocking|Numbered"),
    "O": _words("Offload|Open|Optical|Orchestrated|Overlay|Outbound|Optimistic|Ordered|Origin"),
    "P": _words(
        "Packet|Path|Peer|Per-Flow|Pipeline|Policy|Port|Priority|Programmable|Protocol|Proxy|Pod|Polled|Persistent"
        "|Partitioned|Physical"
    ),
    "Q": _words("Queue|Quality|Quota|Quick|Quiescent"),
    "R": _words("Rate|Receive|Redirect|Remote|Replicated|Ring|Route|Routing|Rule|Runtime|Reflective|Resilient"),
    "S": _words(
        "Secure|Segment|Service|Session|Shared|Socket|Software|Source|Split|Stateful|Stateless|Steering|Storage"
        "|Stream|Switch|Synthetic|Scalable|Sampled|Sharded|Sidecar|Slow-Path|Southbound"
    ),
    "T": _words("Table|Tagged|Telemetry|Tenant|Traffic|Transport|Tunnel|Tiered|Timestamp|Token|Topology|Transparent"),
    "U": _words("Underlay|Unicast|Unified|Uplink|User|Unbound|Unnumbered|Usermode"),
    "V": _words("Validated|Vector|Virtual|Volume|Versioned|Vendor|Verified|Visibility"),
    "W": _words("Weighted|Wire|Workload|Window|Wildcard|Watchdog|Wide-Area"),
    "X": _words("Xen|X-Connect|XOR|Xpress"),
    "Y": _words("Yield|YANG|Young-Generation"),
    "Z": _words("Zero|Zone|Zonal|Zero-Copy|Zoned"),
    "0-9": _words("5-Tuple|3-Way|10G|25G|100G|64-Bit|4K|2-Level|802"),
}

NOUNS = _words(
    "Flow|Queue|Ring|Table|Offload|Steering|Classifier|Scheduler|Tunnel|Bridge|Port|Path|Policy|Filter|Map|Cache"
    "|Agent|Controller|Plane|Pipeline|Handler|Buffer|Descriptor|Mirror|Probe|Tracer|Encapsulation|Gateway|Balancer"
    "|Limiter|Shaper|Meter|Counter|Socket|Endpoint|Domain|Fabric|Segment|Header|Checksum|Hash|Index|Group|Slice"
    "|Channel|Tag|Label|Hook|Program|Driver|Mapping|Lease|Session|Namespace|Overlay|Multiplexer|Aggregator"
    "|Collector|Exporter|Reflector|Resolver|Translator"
)
LAST_WORDS = [*NOUNS, *_words("Protocol|Framework|Daemon|Extension|API|Mode|Model|Service|Engine")]
TOOL_SUFFIXES = _words("ctl|d|-agent|-proxy|-mon|-gw|-sync|-trace|-cni|-lb")
TOOL_PREFIXES = _words("kube-|ovs-|ip-|net|bpf-|vpp-|dp-|xdp-")

# Ordinary prose: lower-case words that rarely equal a whole name.
ADJECTIVES = _words(
    "per-packet|predictable|bounded|lock-free|shared|isolated|tenant-aware|batched|stateless|stateful"
    "|hardware-assisted|software-only|NUMA-local|best-effort"
)
OBJECTS = _words(
    "packets|descriptors|connections|frames|flows|routes|addresses|counters|queues|interrupts|rules|sessions"
    "|tenants|workloads|virtual machines|containers|pods"
)
PLACES = _words(
    "on the host|inside a pod|on the NIC|in the kernel|in userspace|at the edge of the fabric|between hypervisors"
    "|across availability zones|on every node|in the data plane|in the control plane|behind a load balancer"
)
VERBS = _words(
    "steers|classifies|rewrites|counts|mirrors|encapsulates|schedules|balances|forwards|drops|redirects|tracks"
    "|rate-limits|timestamps|batches"
)
PURPOSES = _words(
    "to keep tail latency low|so that tenants stay isolated|to avoid a copy per packet"
    "|when line rate matters more than flexibility|to survive a node failure"
    "|so that operators can see what the fabric is doing|without a context switch"
    "|to spread load over several cores|when addresses change often"
)
COMMANDS = _words(
    "ip link set dev eth0 up|ethtool -K eth0 rx-checksumming on|tc qdisc show dev eth0|bpftool prog list"
    "|ovs-vsctl show|ip netns exec blue ip addr|sysctl -w net.core.busy_poll=50|dpdk-devbind.py --status"
    "|nft list ruleset|ss -tni"
)
CODE_WORDS = _words("rx_burst|skb->mark|XDP_REDIRECT|SO_REUSEPORT|queue_id|tx_ring|flow_key|ifindex|mtu")

SENTENCES = [
    "{name} {verb} {obj} {place} {purpose}.",
    "Unlike {other}, it keeps its state {place}, which makes it {adj} but harder to migrate.",
    "It is usually deployed together with {other} and {other2}, and {verb} {obj} before they reach the stack.",
    "Operators configure it with `{command}` and watch the `{code}` counters to confirm it is active.",
    "A common mistake is to enable it {place} while {other} still {verb} the same {obj}.",
    "The design borrows from {other}: {obj} are grouped into batches and handled {place} {purpose}.",
    "When the {adj} path is not available, {name} falls back to {other} and performance drops accordingly.",
    "Each instance owns a set of {obj} and exposes them through `{code}`, so that {other} can read them.",
    "In practice it matters most for {obj} {place}, where {other} alone would be too slow.",
    "Vendors describe it differently, but the mechanism is the same: a {adj} table that {verb} {obj}.",
    "See {link} for how the same idea is applied {place}.",
    "Measurements depend on packet size, CPU and driver, so published figures should be read as ranges.",
    "It first appeared as an extension of {other} and was later specified on its own.",
    "Failures are reported through {other}, which {verb} the affected {obj} {place}.",
    "Most deployments run it {place}, next to {other}, {purpose}.",
]
DETAIL_SENTENCES = [
    "Tuning starts with the number of {obj}: too few and {other} becomes the bottleneck, too many and memory "
    "is wasted {place}.",
    "Recent versions add a {adj} mode that {verb} {obj} {purpose}.",
    "Debugging usually means reading `{code}` and comparing it with what {other} reports.",
    "The limits are set at start-up; changing them later requires restarting the {obj} {place}.",
    "Compared with {link}, it trades some flexibility for a simpler, {adj} data path.",
    "On hosts with several NUMA nodes, keep {obj} and the cores that serve them on the same node.",
]

TABLE_VALUES: dict[str, list[str]] = {
    "kernel_bypass": ["No", "Partial", "Yes"],
    "throughput": ["~1 Mpps", "~5 Mpps", "~10–20 Mpps", "~20–40 Mpps", "~line rate"],
    "latency": ["~50 µs", "~10–50 µs", "~2–10 µs", "~2 µs or less"],
    "use_case": ["General purpose", "Load balancing", "Packet capture", "NFV data plane", "Telemetry"],
    "dataplane": ["iptables", "eBPF", "OVS", "VPP", "Linux bridge"],
    "network_policy": ["Yes", "No", "L3/L4", "L3–L7"],
    "kube_proxy_replacement": ["Yes", "No", "Partial"],
    "overlay": ["VXLAN", "Geneve", "None (routed)", "IP-in-IP"],
    "encryption": ["WireGuard", "IPsec", "None"],
    "observability": ["Flow logs", "Metrics only", "Full flow visibility"],
    "performance": ["~High", "~Medium", "~Low"],
    "layer": ["L2", "L3", "L2/L3"],
    "direction": ["Bidirectional", "Ingress", "Egress"],
    "kernel_involved": ["Yes", "No", "Partial"],
    "primary_use": ["VM networking", "Container networking", "High-speed userspace", "Testing"],
    "location": ["Driver", "Traffic control", "Socket layer", "cgroup"],
    "typical_use": ["DDoS filtering", "Load balancing", "Policy", "Tracing"],
    "mechanism": ["iptables rules", "IPVS", "eBPF maps", "nftables sets", "Userspace proxy"],
    "scale": ["Small", "Thousands of Services", "Tens of thousands of Services"],
    "notes": ["Default", "Deprecated", "Needs kernel 5.x", "Experimental"],
    "purpose": ["Load balancing", "Policy", "Encryption", "Observability"],
}
HOSTED_ROWS = 4
"""Rows given to each table hosted by an entry (kube-proxy modes), whatever N is."""
KNOWN_NAMES = {
    "dpdk": ("DPDK", "Data Plane Development Kit"),
    "ebpf": ("eBPF", "extended Berkeley Packet Filter"),
    "kube-proxy": ("kube-proxy", None),
    "cilium": ("Cilium", None),
}


@dataclass
class Entry:
    id: str
    name: str
    expansion: str | None = None
    aliases: list[str] = field(default_factory=list)


class _Dumper(yaml.SafeDumper):
    """Safe YAML without anchors, multi-line text as literal blocks."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class Generator:
    """Everything needed to write N entries from one seed."""

    def __init__(self, count: int, seed: int, required: dict[str, tuple[str, str | None]]) -> None:
        self.count = count
        self.random = random.Random(f"nvdict-bench-{seed}-{count}")
        self.required = required
        self.folded: set[str] = set()
        """Every name and alias, case-folded: unique across the dictionary."""
        self.anchors: set[str] = set()
        """Every id and alias anchor."""
        self.entries: list[Entry] = []
        self.categories: list[str] = []

    # ------------------------------------------------------------ names

    def _free(self, text: str) -> bool:
        slug = slugify(text)
        return bool(slug) and len(slug) <= 60 and text.casefold() not in self.folded and slug not in self.anchors

    def _claim(self, text: str) -> None:
        self.folded.add(text.casefold())
        self.anchors.add(slugify(text))

    def _letter(self) -> str:
        letters = list(LETTER_WEIGHTS)
        return self.random.choices(letters, weights=[LETTER_WEIGHTS[x] for x in letters])[0]

    def _title(self, letter: str, words: int) -> str:
        parts = [self.random.choice(FIRST_WORDS[letter])]
        parts += self.random.sample(NOUNS, words - 2) if words > 2 else []
        parts.append(self.random.choice(LAST_WORDS))
        return " ".join(parts)

    def _candidate(self) -> tuple[str, str | None, list[str]]:
        """A name, its expansion and alias candidates."""
        r = self.random
        letter = self._letter()
        kind = r.random()
        if kind < 0.42 or letter == "0-9":
            name = self._title(letter, r.choice((2, 2, 3, 3, 4)))
            initials = "".join(w[0] for w in re.split(r"[\s-]+", name) if w[0].isalpha()).upper()
            aliases = [initials] if len(initials) >= 3 and r.random() < 0.6 else []
            if r.random() < 0.6:
                aliases.append(name + " " + r.choice(["Mode", "Feature", "Support", "Offload"]))
            if r.random() < 0.2:
                aliases.append(f"Linux {name}")
            return name, None, aliases
        if kind < 0.72:
            expansion = self._title(letter, r.choice((3, 3, 4)))
            initials = "".join(w[0] for w in re.split(r"[\s-]+", expansion) if w[0].isalpha()).upper()
            name = initials + r.choice(["", "", "", "v2", "-D", "-X", "P", "S"])
            if r.random() < 0.25:
                name = r.choice("evxs") + name
            aliases = [expansion] if r.random() < 0.8 else []
            if r.random() < 0.4:
                aliases.append(f"{name} {r.choice(['offload', 'mode', 'table', 'driver'])}")
            return name, expansion, aliases
        if kind < 0.86:
            word = self.random.choice(FIRST_WORDS[letter]).lower().replace("-", "")
            prefix = r.choice(TOOL_PREFIXES) if r.random() < 0.3 else ""
            name = f"{prefix}{word}{r.choice(TOOL_SUFFIXES)}"
            aliases = [f"{word.capitalize()} {r.choice(NOUNS)} {r.choice(['Daemon', 'Agent', 'Tool'])}"]
            return name, None, aliases if r.random() < 0.8 else []
        name = f"{self._title(letter, 2)} {r.choice(['v2', 'L2', 'L3', 'L4', 'L7', 'IPv6', '2.0', 'Gen2'])}"
        aliases = [f"{name} {r.choice(['mode', 'profile', 'feature'])}"] if r.random() < 0.4 else []
        return name, None, aliases

    def names(self) -> None:
        """Choose every entry's id, name, expansion and aliases."""
        for term_id, (name, expansion) in self.required.items():
            self._claim(name)
            self.anchors.add(term_id)
            self.entries.append(Entry(term_id, name, expansion))
        attempts = 0
        while len(self.entries) < self.count:
            attempts += 1
            if attempts > self.count * 200:
                raise RuntimeError("could not find enough unique names")
            name, expansion, aliases = self._candidate()
            if not self._free(name):
                continue
            self._claim(name)
            term_id = slugify(name)
            kept = []
            for alias in aliases:
                if self._free(alias) and len(kept) < 3:
                    self._claim(alias)
                    kept.append(alias)
            self.entries.append(Entry(term_id, name, expansion, kept))
        self.random.shuffle(self.entries)

    # ------------------------------------------------------------ text

    def _mention(self, entry: Entry, exclude: set[str]) -> Entry:
        while True:
            other = self.random.choice(self.entries)
            if other.id not in exclude and other.id != entry.id:
                return other

    def _fill(self, template: str, entry: Entry, mentioned: list[Entry], linked: list[Entry]) -> str:
        r = self.random

        def other() -> str:
            chosen = self._mention(entry, {e.id for e in mentioned})
            mentioned.append(chosen)
            if chosen.aliases and r.random() < 0.3:
                return r.choice(chosen.aliases)
            return chosen.name

        def link() -> str:
            chosen = self._mention(entry, {e.id for e in linked})
            linked.append(chosen)
            return f"[{r.choice(['the', 'its counterpart', 'how'])} {chosen.name}](id:{chosen.id})"

        values = {
            "name": entry.name,
            "verb": r.choice(VERBS),
            "obj": r.choice(OBJECTS),
            "place": r.choice(PLACES),
            "purpose": r.choice(PURPOSES),
            "adj": r.choice(ADJECTIVES),
            "command": r.choice(COMMANDS),
            "code": r.choice(CODE_WORDS),
        }
        text = template
        for key, value in values.items():
            text = text.replace("{" + key + "}", value)
        while "{other}" in text:
            text = text.replace("{other}", other(), 1)
        while "{other2}" in text:
            text = text.replace("{other2}", other(), 1)
        while "{link}" in text:
            text = text.replace("{link}", link(), 1)
        return text[0].upper() + text[1:] if text[0].islower() and not text.startswith("`") else text

    def _prose(
        self, templates: list[str], words: int, entry: Entry, mentioned: list[Entry], linked: list[Entry]
    ) -> tuple[str, int]:
        """Paragraphs of about ``words`` words (never more than 8 over); the text and its word count."""
        sentences: list[str] = []
        used: set[str] = set()
        count = 0
        explicit = self.random.random() < 0.15
        for _ in range(60):
            if count >= words:
                break
            fresh = [t for t in templates if t not in used and ("{link}" not in t or explicit)]
            template = self.random.choice(fresh or templates)
            if "{link}" in template and not explicit:
                continue
            now_mentioned, now_linked = list(mentioned), list(linked)
            sentence = self._fill(template, entry, now_mentioned, now_linked)
            size = len(sentence.split())
            if count + size > words + 8:
                continue
            sentences.append(sentence)
            used.add(template)
            count += size
            mentioned[:], linked[:] = now_mentioned, now_linked
        paragraphs = []
        while sentences:
            size = self.random.randint(3, 5)
            paragraphs.append(" ".join(sentences[:size]))
            sentences = sentences[size:]
        return "\n\n".join(paragraphs), count

    def _summary(self, entry: Entry) -> str:
        r = self.random
        what = r.choice(["Mechanism", "Component", "Technique", "Feature", "Daemon", "Data structure", "Protocol"])
        text = f"{what} that {r.choice(VERBS)} {r.choice(OBJECTS)} {r.choice(PLACES)} {r.choice(PURPOSES)}"
        if r.random() < 0.5:
            text += f", typically alongside {r.choice(ADJECTIVES)} {r.choice(OBJECTS)}"
        return text[:219].rstrip(" ,") + "."

    def term(
        self, entry: Entry, tables: list[dict[str, Any]], hosted_rows: dict[str, dict[str, dict[str, str]]]
    ) -> dict[str, Any]:
        r = self.random
        categories = self.categories
        words = r.randint(126, 234)  # the text may end up to 8 words over or 6 under
        has_details = r.random() < 0.4
        definition_words = int(words * r.uniform(0.6, 0.75)) if has_details else words
        mentioned: list[Entry] = []
        linked: list[Entry] = []
        data: dict[str, Any] = {"id": entry.id, "name": entry.name}
        if entry.expansion:
            data["expansion"] = entry.expansion
        if entry.aliases:
            data["aliases"] = list(entry.aliases)
        data["summary"] = self._summary(entry)
        data["categories"] = r.sample(categories, r.choice((1, 1, 2, 2, 2, 3)))
        data["definition"], written = self._prose(SENTENCES, definition_words, entry, mentioned, linked)
        if r.random() < 0.15:
            data["diagrams"] = [self._diagram(entry)]
        if r.random() < 0.06:
            data["tables"] = [self._static_table()]
        details = ""
        if has_details:
            details, _ = self._prose(DETAIL_SENTENCES, words - written, entry, mentioned, linked)
        if details:
            data["details"] = details
        related = {e.id for e in mentioned[:3]}
        while len(related) < r.randint(2, 6):
            related.add(self._mention(entry, related).id)
        data["related"] = sorted(related)
        data["references"] = [
            {"title": f"{entry.name} specification, part {n}", "url": f"{REFERENCE_BASE}/{entry.id}/{n}"}
            for n in range(1, r.choice((1, 2, 2, 3)) + 1)
        ]
        data["reviewed"] = REVIEWED
        rows: dict[str, list[dict[str, str]]] = {}
        if r.random() < 0.06:
            table = r.choice([t for t in tables if not t.get("host")])
            rows[table["id"]] = [self._row(table, entry.name)]
        for table_id, row in hosted_rows.get(entry.id, {}).items():
            rows.setdefault(table_id, []).append(row)
        if rows:
            data["table_rows"] = rows
        return data

    def _diagram(self, entry: Entry) -> dict[str, str]:
        r = self.random
        kind = r.choices(["text", "bash", "c"], weights=[7, 2, 1])[0]
        if kind == "text":
            chain = [entry.name] + [self._mention(entry, set()).name for _ in range(r.randint(2, 3))]
            code = " → ".join(chain) + "\n" + " " * 8 + "↘ fallback → kernel stack"
        elif kind == "bash":
            code = "\n".join(r.sample(COMMANDS, 3))
        else:
            field_name = r.choice(CODE_WORDS).lower().replace("->", "_")
            code = f"struct {entry.id.replace('-', '_')}_cfg {{\n    int {field_name};\n    int queues;\n}};"
        diagram: dict[str, str] = {"code": code}
        if kind != "text":
            diagram["kind"] = kind
        if r.random() < 0.5:
            diagram["title"] = f"{entry.name} at a glance"
        return diagram

    def _static_table(self) -> dict[str, Any]:
        r = self.random
        columns = ["Setting", "Default", "Effect"][: r.randint(2, 3)]
        rows = [
            [f"`{r.choice(CODE_WORDS)}`", str(r.choice([0, 1, 64, 256, 1024])), r.choice(PURPOSES)][: len(columns)]
            for _ in range(r.randint(2, 5))
        ]
        return {"title": "Settings", "columns": columns, "rows": rows}

    def _row(self, table: dict[str, Any], label: str) -> dict[str, str]:
        row = {"label": label}
        for column in table["columns"]:
            if self.random.random() < 0.9:
                row[column["key"]] = self.random.choice(TABLE_VALUES.get(column["key"], ["Yes", "No"]))
        return row

    def write(self, terms: Path, tables: list[dict[str, Any]], categories: list[str]) -> None:
        self.categories = categories
        self.names()
        hosted_rows: dict[str, dict[str, dict[str, str]]] = {}
        """entry id -> table id -> the row that entry adds to a table hosted by another entry."""
        for table in tables:
            if table.get("host"):
                owners = self.random.sample([e for e in self.entries if e.id != table["host"]], HOSTED_ROWS)
                for owner in owners:
                    hosted_rows.setdefault(owner.id, {})[table["id"]] = self._row(table, f"{owner.name} mode")
        for entry in self.entries:
            data = self.term(entry, tables, hosted_rows)
            text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
            (terms / f"{entry.id}.yaml").write_text(f"{SCHEMA_LINE}\n{text}", encoding="utf-8")


def required_ids(source: Path) -> dict[str, tuple[str, str | None]]:
    """Ids that the copied pages and tables link to, with a name for each."""
    ids: set[str] = set()
    for page in (source / "docs").rglob("*.md"):
        ids |= set(re.findall(r"\bterm\(\s*['\"]([a-z0-9-]+)['\"]", page.read_text(encoding="utf-8")))
    tables = yaml.safe_load((source / "terms" / "_tables.yaml").read_text(encoding="utf-8")) or []
    ids |= {table["host"] for table in tables if table.get("host")}
    return {
        term_id: KNOWN_NAMES.get(term_id, (" ".join(w.capitalize() for w in term_id.split("-")), None))
        for term_id in sorted(ids)
    }


def copy_parts(source: Path, project: Path, parts: tuple[str, ...]) -> None:
    """Copy the files and directories ``parts`` of ``source`` that exist (no caches)."""
    for part in parts:
        if (source / part).is_dir():
            shutil.copytree(source / part, project / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif (source / part).exists():
            shutil.copy2(source / part, project / part)


def drop_unlisted_benchmarks_page(project: Path) -> None:
    """Leave out docs/benchmarks.md while mkdocs.yml does not list it: a page missing from the nav
    fails the strict build, and this page is about the benchmark, not part of what it measures."""
    page = project / "docs" / "benchmarks.md"
    if page.exists() and "benchmarks.md" not in (project / "mkdocs.yml").read_text(encoding="utf-8"):
        page.unlink()


def copy_project(source: Path, project: Path) -> None:
    """Everything of the project but its terms (term.schema.json and _tables.yaml are copied)."""
    if project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True)
    copy_parts(source, project, PROJECT_PARTS)
    drop_unlisted_benchmarks_page(project)
    (project / "terms").mkdir()
    for name in TERM_SUPPORT:
        shutil.copy2(source / "terms" / name, project / "terms" / name)


def generate(count: int, project: Path, seed: int = 1, source: Path = ROOT) -> Path:
    """Write a synthetic project of ``count`` terms to ``project``; return it."""
    required = required_ids(source)
    if count < len(required) + HOSTED_ROWS:
        raise ValueError(f"at least {len(required) + HOSTED_ROWS} terms are needed")
    copy_project(source, project)
    schema = yaml.safe_load((source / "terms" / "term.schema.json").read_text(encoding="utf-8"))
    categories = [option["const"] for option in schema["$defs"]["category"]["oneOf"]]
    tables = yaml.safe_load((source / "terms" / "_tables.yaml").read_text(encoding="utf-8")) or []
    Generator(count, seed, required).write(project / "terms", tables, categories)
    return project


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, help="number of term files")
    parser.add_argument("--out", type=Path, required=True, help="project directory to write (replaced)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--source", type=Path, default=ROOT, help="project to copy (default: this repository)")
    parser.add_argument("--check", action="store_true", help="load the result with nvdict.load (validates it)")
    args = parser.parse_args(argv)
    project = generate(args.count, args.out, args.seed, args.source.resolve())
    print(f"wrote {args.count} terms to {project / 'terms'}")
    if args.check:
        from nvdict.load import load

        dictionary = load(project)
        aliases = sum(len(t.aliases) for t in dictionary.terms.values())
        print(f"valid: {len(dictionary.terms)} terms, {aliases} aliases")
    return 0


if __name__ == "__main__":
    sys.exit(main())
