"""Turn mentions of entries into links, and read the links an author wrote.

A mention is a run of words equal to an entry's name or alias. Matching is
linear in the length of the text: at each word, the longest candidate span is
looked up in a dictionary. Words that look like acronyms (an upper-case letter
after the first character: eBPF, VXLAN, SR-IOV) match case-sensitively;
ordinary words (bridge, hugepages) match in any case.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from nvdict.safety import strip_code

LINK_SCHEME = "id:"
"""Authors link an entry by id: ``[text](id:xdp)``."""

EXPLICIT_LINK = re.compile(r"\]\(id:([a-z0-9-]+)(#[A-Za-z0-9_-]+)?\)")
_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
MAX_WORDS = 6


def _is_acronym(word: str) -> bool:
    return any(c.isupper() for c in word[1:]) or (len(word) > 1 and word.isupper())


def _normalise(text: str) -> str:
    return _SPACE.sub(" ", text).lower()


@dataclass(frozen=True)
class Name:
    """A name an entry answers to, and how strictly it must match."""

    text: str
    target: str

    @functools.cached_property
    def _words(self) -> list[tuple[str, bool]]:
        """Each word, and whether it must match in its exact case (acronyms, mixed case with digits)."""
        return [
            (word, _is_acronym(word) or (any(c.isdigit() for c in word) and word != word.lower()))
            for word in _WORD.findall(self.text)
        ]

    @functools.cached_property
    def normalised(self) -> str:
        return _normalise(self.text)

    def matches(self, candidate: str) -> bool:
        mine = self._words
        theirs = _WORD.findall(candidate)
        if len(mine) != len(theirs):
            return False
        for (word, exact), other in zip(mine, theirs, strict=True):
            if exact:
                if word != other:
                    return False
            elif word.lower() != other.lower():
                return False
        return True


@dataclass(frozen=True)
class Mention:
    """One automatic link: where it is, what it says, where it goes."""

    start: int
    end: int
    text: str
    target: str


class Linker:
    """Finds mentions of entries; build once per dictionary, use for every entry."""

    def __init__(self, names: Iterable[Name]) -> None:
        self._names: dict[tuple[str, ...], list[Name]] = {}
        """Words of a name, lower case -> the names spelt with those words."""
        self._longest: dict[str, int] = {}
        """First word of a name (lower case) -> the most words a name starting with it has."""
        for name in names:
            words = tuple(_WORD.findall(name.text.lower()))
            if words:
                self._names.setdefault(words, []).append(name)
                self._longest[words[0]] = max(self._longest.get(words[0], 0), len(words))
        self._starts = set(self._longest) | {f"{word}s" for word in self._longest}
        """Words that can start a mention: first words of names, and their plurals."""

    def mentions(self, text: str, exclude: set[str] = frozenset()) -> list[Mention]:
        """All mentions in prose, first per target, never of ``exclude`` ids."""
        prose = blank_protected(strip_code(text))
        words = list(_WORD.finditer(prose))
        lower = [word.group().lower() for word in words]
        found: list[Mention] = []
        seen: set[str] = set(exclude)
        index = 0
        starts = self._starts
        for position in [i for i, word in enumerate(lower) if word in starts]:
            if position < index:  # inside the mention found last
                continue
            index = position
            first = lower[index]
            longest = self._longest.get(first) or (self._longest.get(first[:-1]) if first.endswith("s") else None)
            start = words[index].start()
            if not longest or (
                start
                and (
                    prose[start - 1].isalnum()
                    or (prose[start - 1] in "_-/." and start > 1 and prose[start - 2].isalnum())
                )
            ):
                continue
            match, count = None, 0
            for count in range(min(longest, MAX_WORDS, len(words) - index), 0, -1):
                match = self._match(prose, words, lower, index, count)
                if match:
                    break
            if match and match.target not in seen:
                seen.add(match.target)
                found.append(match)
            index += count if match else 1
        return found

    def _match(
        self, prose: str, words: list[re.Match[str]], lower: list[str], index: int, count: int
    ) -> Mention | None:
        """The entry named by ``count`` words from ``index``, or by them without a plural "s"."""
        key = tuple(lower[index : index + count])
        candidates = [(key, 0)] if key in self._names else []
        last = key[-1]
        if last.endswith("s") and len(last) > 2:
            singular = (*key[:-1], last[:-1])
            if singular in self._names:
                candidates.append((singular, 1))
        if not candidates:  # the common case: no name is spelt with these words
            return None
        start, end = words[index].start(), words[index + count - 1].end()
        for words_key, plural in candidates:
            names = self._names[words_key]
            if _continues(prose, end):
                continue
            stem = prose[start : end - plural]
            if "\n\n" in stem:
                continue
            normalised = _normalise(stem)
            for name in names:
                if normalised == name.normalised and name.matches(stem):
                    return Mention(start, end, prose[start:end], name.target)
        return None


class _Positions:
    """Where characters of one kind occur in a text, to find the next one in logarithmic time."""

    def __init__(self, text: str, pattern: str) -> None:
        self._found = [match.start() for match in re.finditer(pattern, text)]
        self._end = len(text)

    def next(self, start: int) -> int:
        """The first occurrence at or after ``start``; the text's length if there is none."""
        index = bisect.bisect_left(self._found, start)
        return self._found[index] if index < len(self._found) else self._end


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Spans where a mention is never linked, in order and not overlapping.

    They are, tried in this order at each position: an inline link or image
    ``[text](address)``, a reference link ``[text][label]``, an autolink or
    HTML tag ``<...>`` on one line, a bare ``http(s)://`` address, a heading
    line and a reference definition line ``[label]: ...``. Each candidate
    finds its closing character by a lookup, never by scanning ahead, so the
    whole text is handled in O(n log n) whatever it holds.
    """
    size = len(text)
    bracket, paren, newline = _Positions(text, r"\]"), _Positions(text, r"\)"), _Positions(text, "\n")
    angle, space = _Positions(text, "[>\n]"), _Positions(text, r"\s")

    def at(index: int) -> str:
        return text[index] if index < size else ""

    def link(start: int) -> int:
        opening = start + 1 if at(start) == "!" else start
        if at(opening) != "[":
            return -1
        close = bracket.next(opening + 1)
        if at(close + 1) == "(":
            end = paren.next(close + 2)
            return end + 1 if end < size else -1
        if at(close + 1) == "[":
            end = bracket.next(close + 2)
            return end + 1 if end < size else -1
        return -1

    def line_form(start: int) -> int:
        if start and text[start - 1] != "\n":
            return -1
        first = start
        while at(first) in (" ", "\t") and first < size:
            first += 1
        if at(first) == "#":
            return newline.next(first)
        if at(first) == "[":
            close = bracket.next(first + 1)
            if close > first + 1 and at(close + 1) == ":":
                return newline.next(close + 2)
        return -1

    def match_at(start: int) -> int:
        end = link(start)
        if end < 0 and at(start) == "<":
            close = angle.next(start + 1)
            end = close + 1 if close > start + 1 and at(close) == ">" else -1
        if end < 0 and text.startswith("http", start):
            scheme = start + 8 if text.startswith("https://", start) else start + 7
            if text.startswith("://", scheme - 3):
                stop = space.next(scheme)
                end = stop if stop > scheme else -1
        return end if end >= 0 else line_form(start)

    candidates = {m.start() for m in re.finditer(r"!\[|\[|<|https?://|^", text, re.M)}
    spans: list[tuple[int, int]] = []
    done = 0
    for start in sorted(candidates):
        if start < done:
            continue
        end = match_at(start)
        if end > start:
            spans.append((start, end))
            done = end
    return spans


def blank_protected(text: str) -> str:
    """``text`` with every protected span replaced by spaces, newlines included (offsets kept)."""
    parts: list[str] = []
    last = 0
    for start, end in protected_spans(text):
        parts += [text[last:start], " " * (end - start)]
        last = end
    parts.append(text[last:])
    return "".join(parts)


def _continues(prose: str, end: int) -> bool:
    """True when the word goes on after ``end`` (XDP-based, NATs', tape)."""
    nxt = prose[end : end + 1]
    if nxt.isalnum() or nxt == "_":
        return True
    return nxt in "-/" and prose[end + 1 : end + 2].isalnum()


def link_mentions(text: str, mentions: list[Mention]) -> str:
    """Rewrite ``text`` with each mention as ``[text](id:target)``."""
    parts: list[str] = []
    last = 0
    for mention in sorted(mentions, key=lambda m: m.start):
        parts.append(text[last : mention.start])
        parts.append(f"[{mention.text}]({LINK_SCHEME}{mention.target})")
        last = mention.end
    parts.append(text[last:])
    return "".join(parts)


def explicit_links(text: str) -> list[str]:
    """Ids an author linked with ``[text](id:...)``, in order."""
    return [match.group(1) for match in EXPLICIT_LINK.finditer(strip_code(text))]
