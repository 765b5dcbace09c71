"""Turn mentions of entries into links, and read the links an author wrote.

A mention is a run of words equal to a name of an entry. At every word where a
name can start, the longest name spelt by the words there is found; where two
such spans overlap, the longer one wins, and between equal lengths the one on
the right (English compounds name their head last: "Kubernetes API server" is
a server). A span keeps its words even when it makes no link, so a name can
never be read inside a longer one.

How strictly a name must match depends on the name (``Name.mode``):

* ``loose``: words that look like acronyms (eBPF, VXLAN, SR-IOV) in their exact
  case, other words in any case ("linux bridge" is Linux Bridge).
* ``exact``: case-sensitively as written, for names that are ordinary English
  ("Service", "Data Plane": see ``is_ordinary``). A capital that only starts a
  sentence is no evidence: a name whose only capital is its first letter is
  not linked there.
* ``form``: a spelling an entry lists in ``link_forms``: case-sensitively as
  written, anywhere (a lower-case form also with a sentence's capital).
* ``block``: never linked, but still covers its words: names of entries with
  ``autolink: false``, unmatched spellings of exact names and the phrases
  entries list in ``not_links``.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from nvdict.safety import strip_code

LINK_SCHEME = "id:"
"""Authors link an entry by id: ``[text](id:xdp)``."""

ORDINARY_ZIPF = 2.5
"""A name at least this frequent in English (wordfreq's Zipf scale: 2.5 is about one use
in three million words) is an ordinary word or phrase: it links only as written.
Chosen on tests/corpora: at 3.5, "namespace" (2.53), "ingress" (2.79), "endpoints" (2.74)
and "runtime" (3.08) still linked wrongly in network text (docs/style-guide.md)."""

EXPLICIT_LINK = re.compile(r"\]\(id:([a-z0-9-]+)(#[A-Za-z0-9_-]+)?\)")
_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
# What may stand between a sentence's start and its first word: spaces, emphasis, quotes, brackets.
_LEAD = " \t*_\"'(["
_LIST_ITEM = re.compile(r"(?:^|\n)[ \t]*(?:[-*+]|\d+[.)])[ \t]*$")
MAX_WORDS = 6

Mode = Literal["loose", "exact", "form", "block"]


def _is_acronym(word: str) -> bool:
    return any(c.isupper() for c in word[1:]) or (len(word) > 1 and word.isupper())


def _normalise(text: str) -> str:
    return _SPACE.sub(" ", text).lower()


@functools.cache
def zipf(text: str) -> float:
    """How common ``text`` (lower-cased) is in English, on wordfreq's Zipf scale (0 when unknown)."""
    from wordfreq import zipf_frequency

    return float(zipf_frequency(text.lower(), "en"))


def warm_up() -> None:
    """Import wordfreq and load its English list (about 0.4 s), for example while other processes check files."""
    zipf("the")


def is_ordinary(name: str) -> bool:
    """True when ``name`` is also ordinary English, so its lower-case use is not evidence of the entry.

    Names with an acronym-like word (NUMA node, eBPF map) are never ordinary: that
    word already has to match in its exact case.
    """
    if any(_is_acronym(word) for word in _WORD.findall(name)):
        return False
    return zipf(name) >= ORDINARY_ZIPF


@dataclass(frozen=True)
class Name:
    """A name an entry answers to, and how strictly it must match (see the module's docstring)."""

    text: str
    target: str
    mode: Mode = "loose"

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

    def matches(self, candidate: str, sentence_start: bool = False) -> bool:
        """True when ``candidate`` (the mention without a plural ``s``) is this name."""
        if self.mode in ("exact", "form"):
            written = _SPACE.sub(" ", candidate)
            if written == self.text and self.mode == "form":
                return True  # the entry listed this spelling: it links anywhere
            if written == self.text:
                # "Service" opening a sentence may be the word service: the capital is no evidence.
                return not (sentence_start and self.text[:1].isupper() and not any(c.isupper() for c in self.text[1:]))
            return sentence_start and self.text[:1].islower() and written == self.text[:1].upper() + self.text[1:]
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


_ORDER: dict[str, int] = {"form": 0, "exact": 1, "loose": 2, "block": 3}


class Linker:
    """Finds mentions of entries; build once per dictionary, use for every entry."""

    def __init__(self, names: Iterable[Name]) -> None:
        self._names: dict[tuple[str, ...], list[Name]] = {}
        """Words of a name, lower case -> the names spelt with those words (linking names first)."""
        self._longest: dict[str, int] = {}
        """First word of a name (lower case) -> the most words a name starting with it has."""
        for name in names:
            words = tuple(_WORD.findall(name.text.lower()))
            if words:
                self._names.setdefault(words, []).append(name)
                self._longest[words[0]] = max(self._longest.get(words[0], 0), len(words))
        for found in self._names.values():
            found.sort(key=lambda name: _ORDER[name.mode])
        self._starts = set(self._longest) | {f"{word}s" for word in self._longest}
        """Words that can start a mention: first words of names, and their plurals."""

    def mentions(self, text: str, exclude: Iterable[str] = frozenset()) -> list[Mention]:
        """All mentions in prose, first per target, never of ``exclude`` ids."""
        prose = blank_protected(strip_code(text))
        spans = self.spans(prose)
        found: list[Mention] = []
        seen: set[str] = set(exclude)
        for start, end, name in spans:
            if name is not None and name.target not in seen:
                seen.add(name.target)
                found.append(Mention(start, end, prose[start:end], name.target))
        return found

    def spans(self, prose: str) -> list[tuple[int, int, Name | None]]:
        """Every span a name covers, in text order, with the name it links to (None: it links nothing)."""
        words = list(_WORD.finditer(prose))
        lower = [word.group().lower() for word in words]
        candidates: list[tuple[int, int, int, int, Name | None]] = []
        for index in [i for i, word in enumerate(lower) if word in self._starts]:
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
            for count in range(min(longest, MAX_WORDS, len(words) - index), 0, -1):
                match = self._match(prose, words, lower, index, count)
                if match is not None:
                    end, name = match
                    candidates.append((count, index, start, end, name))
                    break
        # The longest span wins; between equals, the one further right (the head of a compound).
        candidates.sort(key=lambda c: (-c[0], -c[1]))
        taken: list[tuple[int, int, Name | None]] = []
        covered: set[int] = set()
        for count, index, start, end, name in candidates:
            cells = set(range(index, index + count))
            if cells & covered:
                continue
            covered |= cells
            taken.append((start, end, name))
        return sorted(taken, key=lambda span: span[0])

    def _match(
        self, prose: str, words: list[re.Match[str]], lower: list[str], index: int, count: int
    ) -> tuple[int, Name | None] | None:
        """Where the name spelt by ``count`` words from ``index`` ends, and the name it links to (or None).

        None when no name is spelt with these words (nor with them without a plural "s").
        """
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
        if _continues(prose, end):
            return None
        sentence_start = _starts_sentence(prose, start)
        for words_key, plural in candidates:
            stem = prose[start : end - plural]
            if "\n\n" in stem:
                continue
            normalised = _normalise(stem)
            spelt = False
            for name in self._names[words_key]:
                if normalised != name.normalised:
                    continue
                spelt = True
                if name.mode == "exact" and _inside_proper_name(prose, start, end, sentence_start):
                    continue
                if name.mode != "block" and name.matches(stem, sentence_start):
                    return end, name
            if spelt:
                return end, None
        return None


_CAPITALISED_BEFORE = re.compile(r"\b[A-Z][a-z][\w-]*[ \t]+$")
_CAPITALISED_AFTER = re.compile(r"^s?[ \t]+[A-Z]")


def _inside_proper_name(prose: str, start: int, end: int, sentence_start: bool) -> bool:
    """True when a capitalised ordinary name is one word of a longer capitalised name
    ("Amazon Web Services", "Container Runtime Interface"), which is something else."""
    if not prose[start : start + 1].isupper():
        return False
    # Only the few words before: a search back to the start of the text would make a long text quadratic.
    previous = None if sentence_start else _CAPITALISED_BEFORE.search(prose, max(0, start - 120), start)
    before = previous is not None and not _starts_sentence(prose, previous.start())
    return before or _CAPITALISED_AFTER.match(prose[end : end + 3]) is not None


def _starts_sentence(prose: str, start: int) -> bool:
    """True when the word at ``start`` opens a sentence, a paragraph or a list item."""
    window = prose[max(0, start - 120) : start]  # bounded: linear over the whole text
    before = window.rstrip(_LEAD)
    if not before:
        return start == len(window)
    return before[-1] in "\n.!?:" or bool(_LIST_ITEM.search(before))


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
