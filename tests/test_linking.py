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
