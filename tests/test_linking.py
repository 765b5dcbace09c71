"""Automatic cross-links: which mentions become links, and which never do."""

from __future__ import annotations

from nvdict.linking import Linker, Name, explicit_links, link_mentions


def linker(*pairs: tuple[str, str]) -> Linker:
    return Linker(Name(text, target) for text, target in pairs)


def targets(text: str, *pairs: tuple[str, str], exclude: set[str] = frozenset()) -> list[tuple[str, str]]:
    return [(m.text, m.target) for m in linker(*pairs).mentions(text, exclude)]


def test_longest_name_wins() -> None:
    pairs = (("SR-IOV", "sr-iov"), ("SR-IOV VF", "sr-iov-vf"))
    assert targets("Assign an SR-IOV VF to the pod.", *pairs) == [("SR-IOV VF", "sr-iov-vf")]
    assert targets("Plain SR-IOV here.", *pairs) == [("SR-IOV", "sr-iov")]


def test_no_match_inside_other_words() -> None:
    pairs = (("NAT", "nat"), ("TAP", "tap"), ("XDP", "xdp"))
    assert targets("An alternative on tape, SNAT and NATIVE, XDP-based.", *pairs) == []


def test_acronyms_match_case_sensitively_ordinary_words_in_any_case() -> None:
    pairs = (("TAP", "tap"), ("Linux Bridge", "linux-bridge"), ("iptables", "iptables"))
    assert targets("tap the linux bridge", *pairs) == [("linux bridge", "linux-bridge")]
    assert targets("Iptables rules and a TAP device", *pairs) == [("Iptables", "iptables"), ("TAP", "tap")]


def test_plural_of_an_acronym_links_whole_word() -> None:
    assert targets("Two VFs share the PF.", ("VF", "vf")) == [("VFs", "vf")]


def test_first_mention_only_and_never_self() -> None:
    pairs = (("XDP", "xdp"), ("eBPF", "ebpf"))
    found = targets("XDP runs eBPF. XDP again, eBPF again.", *pairs, exclude={"xdp"})
    assert found == [("eBPF", "ebpf")]


def test_never_inside_code_links_headings_or_urls() -> None:
    pairs = (("XDP", "xdp"),)
    text = "`XDP` and\n```\nXDP\n```\nand [XDP docs](https://x/XDP) and <https://x/XDP>\n# XDP heading\nhttps://a/XDP"
    assert targets(text, *pairs) == []


def test_link_mentions_rewrites_with_id_scheme() -> None:
    text = "Packets hit XDP first."
    mentions = linker(("XDP", "xdp")).mentions(text)
    assert link_mentions(text, mentions) == "Packets hit [XDP](id:xdp) first."


def test_explicit_links_are_read_outside_code() -> None:
    assert explicit_links("See [the hook](id:xdp) and `[no](id:nope)`.") == ["xdp"]


def test_no_wrong_automatic_link_in_the_real_dictionary(dictionary) -> None:
    """Precision on the real dictionary: every automatic link is one a reader would expect.

    Every link is listed; a mention is wrong when the matched text is not one of the
    target's names (modulo case, plural) or when a known false friend matched.
    """
    from nvdict.derive import linker_for

    linker_ = linker_for(dictionary)
    false_friends = {"interface", "tap", "tun", "nat", "span", "flow table"}
    links = []
    for term in dictionary.terms.values():
        for field in ("definition", "details"):
            text = getattr(term, field) or ""
            for mention in linker_.mentions(text, {term.id}):
                links.append((term.id, mention.text, mention.target))
    assert len(links) > 200, "the dictionary is densely cross-linked"
    wrong = []
    for source, text, target in links:
        names = {n.casefold() for n in dictionary.terms[target].names}
        word = text.casefold()
        if word not in names and word.removesuffix("s") not in names:
            wrong.append((source, text, target))
        if word in false_friends and text != text.upper() and target in ("tap", "tun", "nat", "span"):
            wrong.append((source, text, target))
        assert source != target
    assert wrong == []


def names_linker(*names: tuple[str, str, str]) -> Linker:
    return Linker(Name(text, target, mode) for text, target, mode in names)  # type: ignore[arg-type]


def found(text: str, *names: tuple[str, str, str]) -> list[tuple[str, str]]:
    return [(m.text, m.target) for m in names_linker(*names).mentions(text)]


def test_ordinary_words_are_recognised_from_word_frequencies() -> None:
    from nvdict.linking import is_ordinary

    for name in ("Node", "Controller", "Device", "Data Plane", "Namespace", "Ingress", "Job", "Service", "Container"):
        assert is_ordinary(name), name
    for name in ("NUMA", "eBPF", "kube-proxy", "Kubernetes", "VXLAN", "Kubernetes API"):
        assert not is_ordinary(name), name


def test_the_collisions_of_issue_13_make_no_link() -> None:
    names = (
        ("Node", "node", "exact"),
        ("Controller", "controller", "exact"),
        ("Device", "device", "exact"),
        ("Data Plane", "data-plane", "exact"),
        ("Ingress", "ingress", "exact"),
        ("Namespace", "namespace", "exact"),
        ("Job", "job", "exact"),
        ("Services", "service", "exact"),
        ("Container", "container", "exact"),
        ("Kubernetes API", "kubernetes-api", "loose"),
        ("API server", "kube-apiserver", "loose"),
        ("NUMA", "numa", "loose"),
    )
    text = (
        "Pin it to one NUMA node. An SDN controller programs each network device. The data plane runs an "
        "ingress hook. Each namespace has its own stack. Amazon Web Services (AWS) does a better job of it. "
        "Node pools grow."
    )
    assert found(text, *names) == [("NUMA", "numa")]
    assert found("The Kubernetes API server answers.", *names) == [("API server", "kube-apiserver")]
    assert found("Use the Container Runtime Interface here.", *names) == []


def test_exact_names_link_as_written_mid_sentence() -> None:
    names = (("Service", "service", "exact"), ("Data Plane", "data-plane", "exact"))
    assert found("Each Service gets a cluster IP.", *names) == [("Service", "service")]
    assert found("Service traffic is balanced.", *names) == []  # a sentence's capital is no evidence
    assert found("Data Plane nodes.", *names) == [("Data Plane", "data-plane")]  # "Plane" is


def test_link_forms_and_not_links() -> None:
    names = (
        ("flow table", "flow-table", "form"),
        ("Flow Table", "flow-table", "exact"),
        ("Container", "container", "exact"),
        ("Container Storage Interface", "container", "block"),
    )
    assert found("Flow table entries age out.", *names) == [("Flow table", "flow-table")]
    assert found("A Container Storage Interface driver and a Container.", *names) == [("Container", "container")]


def test_names_of_unlinked_entries_still_cover_their_words() -> None:
    names = (
        ("Interface", "interface", "block"),
        ("Network Interface", "interface", "block"),
        ("Network", "n", "loose"),
    )
    assert found("A Network Interface is not a network.", *names) == [("network", "n")]
