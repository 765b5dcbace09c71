"""Read one YAML file defensively, keeping the line and column of every value.

Term files are untrusted input. This module never executes tags, refuses YAML
anchors and aliases (they can expand to gigabytes), limits size and nesting
depth, reports duplicate keys (the last one would silently win) and gives
every problem a position. It only reads: a contributor's file is never written.
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from nvdict.problems import Problem

_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML was built with it


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Safe loading, with dates kept as the text they were written as (no field wants a date)."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))

MAX_BYTES = 256 * 1024
"""A term file larger than this is refused: no real entry comes near it."""
LOG_MAX_BYTES = 16 * 1024 * 1024
"""The project's own data files that grow with it (the corrections log) are refused above this.

It was 4 MiB until the log reached 3.97 MB (about 1 MB a review session); reading the log stays
well under a second at its current size."""
MAX_DEPTH = 16
"""Deepest nesting of lists and mappings accepted (a term needs 4)."""
MAX_REPEATS = 10
"""At most this many problems of one kind are listed per file."""

KeyPath = tuple[str | int, ...]
Position = tuple[int, int]
"""1-based (line, column); columns count characters, not bytes."""

_STR_TAG = "tag:yaml.org,2002:str"
# Characters YAML itself refuses (C0/C1 controls other than tab, LF, CR, NEL).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
# Invisible characters that reorder text on screen ("Trojan Source").
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_CONTROL_OR_BIDI = re.compile(f"{_CONTROL.pattern[:-1]}{_BIDI.pattern[1:]}")
_BOMS = {
    b"\xef\xbb\xbf": "a UTF-8 byte-order mark (BOM)",
    b"\xff\xfe": "a UTF-16 byte-order mark: the file is UTF-16, not UTF-8",
    b"\xfe\xff": "a UTF-16 byte-order mark: the file is UTF-16, not UTF-8",
}


@dataclass(frozen=True)
class Span:
    """Where a value node sits in the source text."""

    line: int
    column: int
    start: int
    end: int
    style: str | None
    """None for plain scalars and collections; ``'``, ``"``, ``|`` or ``>`` otherwise."""


@dataclass
class Document:
    """A parsed YAML file: its data, its text and where every key and value is.

    Positions are found on first use, from the text: a sound file never needs them,
    and a document sent between processes carries only its data and text.
    """

    path: Path
    data: Any
    text: str = ""
    _located: tuple[dict[KeyPath, Position], dict[KeyPath, Span]] | None = field(
        default=None, repr=False, compare=False
    )
    _line_starts: list[int] | None = field(default=None, repr=False, compare=False)

    @property
    def positions(self) -> dict[KeyPath, Position]:
        """Key path -> position of the key (mapping entries) or of the item (list items)."""
        return self._locate()[0]

    @property
    def spans(self) -> dict[KeyPath, Span]:
        """Key path -> where the value itself is."""
        return self._locate()[1]

    def _locate(self) -> tuple[dict[KeyPath, Position], dict[KeyPath, Span]]:
        if self._located is None:
            self._located = locate_nodes(self.text) if self.text.strip() else ({}, {})
        return self._located

    def __getstate__(self) -> dict[str, Any]:
        """What another process needs: positions are found again there, if ever asked."""
        return {"path": self.path, "data": self.data, "text": self.text, "_located": None, "_line_starts": None}

    def where(self, *keys: str | int) -> Position:
        """Position of the deepest known node along ``keys`` (the file start if none)."""
        for end in range(len(keys), -1, -1):
            if keys[:end] in self.positions:
                return self.positions[keys[:end]]
        return (1, 1)

    def value_where(self, *keys: str | int) -> Position:
        """Position of the value at ``keys`` (falls back to ``where``)."""
        span = self.spans.get(keys)
        return (span.line, span.column) if span else self.where(*keys)

    def position_of_index(self, index: int) -> Position:
        """Line and column of a character index into ``text``."""
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        line = bisect.bisect_right(self._line_starts, index) - 1
        return line + 1, index - self._line_starts[line] + 1

    def locate(self, keys: KeyPath, value: str, offset: int) -> Position:
        """Position in the file of character ``offset`` of the string ``value`` found at ``keys``.

        Literal blocks (``|``) map line by line, allowing for their indentation;
        other styles (folded, quoted, plain over several lines) are searched.
        """
        span = self.spans.get(keys)
        if span is None or not self.text:
            return self.where(*keys)
        offset = max(0, min(offset, len(value)))
        if span.style == "|":
            return self._locate_literal(span, value, offset)
        return self._search(span, value, offset)

    def _locate_literal(self, span: Span, value: str, offset: int) -> Position:
        body_start = self.text.find("\n", span.start, span.end)
        if body_start < 0:
            return (span.line, span.column)
        body = self.text[body_start + 1 : span.end]
        indents = [len(ln) - len(ln.lstrip(" ")) for ln in body.split("\n") if ln.strip()]
        indent = min(indents) if indents else 0
        before = value[:offset]
        value_line = before.count("\n")
        column = offset - (before.rfind("\n") + 1)
        return (span.line + 1 + value_line, indent + column + 1)

    def _search(self, span: Span, value: str, offset: int) -> Position:
        segment = self.text[span.start : span.end]
        rest = value[offset:].split("\n", 1)[0]
        for needle in (rest[:24], rest.split(" ", 1)[0][:24], rest[:1]):
            if not needle.strip(" \t\n"):  # a no-break space is a character worth finding
                continue
            occurrence = _count(value, needle, offset)
            found = _nth(segment, needle, occurrence)
            if found >= 0:
                return self.position_of_index(span.start + found)
        return (span.line, span.column)


def _count(text: str, needle: str, limit: int) -> int:
    """How many times ``needle`` starts in ``text`` before ``limit``."""
    count, index = 0, text.find(needle)
    while 0 <= index < limit:
        count += 1
        index = text.find(needle, index + 1)
    return count


def _nth(text: str, needle: str, n: int) -> int:
    index = text.find(needle)
    while index >= 0 and n > 0:
        index, n = text.find(needle, index + 1), n - 1
    return index


def _position(mark: yaml.Mark | None) -> Position:
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def capped(problems: list[Problem]) -> list[Problem]:
    """Keep the first ``MAX_REPEATS`` problems of a kind, noting how many were left out."""
    if len(problems) <= MAX_REPEATS:
        return problems
    kept = problems[:MAX_REPEATS]
    last = kept[-1]
    more = len(problems) - MAX_REPEATS
    message = f"{last.message} ({more} more like this)"
    kept[-1] = Problem(last.path, last.line, last.column, last.field, message, last.hint)
    return kept


def _check_bytes(path: Path, raw: bytes, size: int, limit: int = MAX_BYTES) -> tuple[str | None, list[Problem]]:
    """Decode the file, refusing what no term file should be: too large, a BOM, not UTF-8."""

    def fail(message: str, line: int = 1, column: int = 1, hint: str = "") -> tuple[None, list[Problem]]:
        return None, [Problem(path, line, column, "", message, hint)]

    if len(raw) > limit:
        if limit != MAX_BYTES:
            return fail(f"file is {size:,} bytes, over the {limit:,}-byte limit for this file")
        return fail(
            f"file is {size:,} bytes, over the {limit:,}-byte limit for one entry",
            hint="a term needs a few kilobytes: shorten the text and link to a reference for the rest",
        )
    for bom, what in _BOMS.items():
        if raw.startswith(bom):
            return fail(
                f"file starts with {what}",
                hint="save the file as UTF-8 without a byte-order mark (an editor's 'UTF-8', not 'UTF-8 with BOM')",
            )
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    problems = []
    for number, line in enumerate(raw.split(b"\n"), 1):
        index = 0
        while True:
            try:
                line[index:].decode("utf-8")
                break
            except UnicodeDecodeError as error:
                bad = index + error.start
                column = len(line[:bad].decode("utf-8", errors="replace")) + 1
                guess = _legacy_guess(line[bad : bad + 1])
                problems.append(
                    Problem(
                        path,
                        number,
                        column,
                        "",
                        f"byte 0x{line[bad]:02X} is not valid UTF-8{guess}",
                        "save the file as UTF-8 (in most editors: 'Save with encoding' -> UTF-8)",
                    )
                )
                index = bad + max(1, error.end - error.start)
    return None, capped(problems)


def _legacy_guess(byte: bytes) -> str:
    try:
        char = byte.decode("cp1252")
    except UnicodeDecodeError:
        return ""
    return f" (in Windows-1252 it would be '{char}': the file was probably saved in a legacy encoding)"


def _check_text(path: Path, text: str) -> list[Problem]:
    """Characters that YAML or readers would trip over: tabs, controls, bidi overrides."""
    if "\t" not in text and not _CONTROL_OR_BIDI.search(text):
        return []  # the common case, decided in one pass over the text
    tabs: list[Problem] = []
    controls: list[Problem] = []
    for number, line in enumerate(text.split("\n"), 1):
        tab = line.find("\t")
        if tab >= 0:
            tabs.append(
                Problem(
                    path,
                    number,
                    tab + 1,
                    "",
                    "tab character: YAML indentation must use spaces",
                    "replace each tab with spaces (two per level of indentation)",
                )
            )
        for match in _CONTROL.finditer(line):
            controls.append(
                Problem(
                    path,
                    number,
                    match.start() + 1,
                    "",
                    f"control character U+{ord(match.group()):04X} is not allowed",
                    "delete it: it is invisible and YAML refuses it",
                )
            )
        for match in _BIDI.finditer(line):
            controls.append(
                Problem(
                    path,
                    number,
                    match.start() + 1,
                    "",
                    f"bidirectional control character U+{ord(match.group()):04X} is not allowed",
                    "delete it: it makes text display in a different order from how it reads",
                )
            )
    return capped(tabs) + capped(controls)


_EVENT_MARK = re.compile(r"[&*!][^\s,\[\]{}]")
_DOCUMENT_MARK = re.compile(r"^(?:---|\.\.\.)(?:\s|$)", re.M)
_DEEP_INDENT = " " * (2 * MAX_DEPTH)
"""The indentation of a line nested deeper than terms need (found by plain text search)."""


def needs_event_check(text: str) -> bool:
    """False when ``text`` cannot hold what ``_check_events`` refuses, so the walk can be skipped.

    A cheap gate for the common case: no anchor, alias, tag or document marker
    where YAML would read one, few flow brackets and shallow indentation.
    Anything that might be one falls through to the full event walk.
    """
    return bool(
        _may_mark_node(text)
        or text.count("[") + text.count("{") > MAX_DEPTH
        or ((text.startswith(("---", "...")) or "\n---" in text or "\n..." in text) and _DOCUMENT_MARK.search(text))
        or text.startswith(_DEEP_INDENT)
        or "\n" + _DEEP_INDENT in text
    )


def _may_mark_node(text: str) -> bool:
    """Whether an ``&``, ``*`` or ``!`` stands where YAML would read an anchor, alias or tag.

    That is, a mark followed by a character that can start a name, at the start of a line or
    after ``[``, ``{``, ``,``, or ``:``, ``?``, ``-`` and a blank (blanks between allowed): the
    same answers as one regular expression (tested), found from the marks themselves (rare)
    instead of trying a pattern at every position of the text.
    """
    for match in _EVENT_MARK.finditer(text):
        start = before = match.start()
        while before and text[before - 1] in " \t":
            before -= 1
        if not before or text[before - 1] in "\n[{,":
            return True
        if before < start and text[before - 1] in ":?-":
            return True
    return False


def _check_events(path: Path, text: str) -> list[Problem]:
    """Walk the event stream once, before anything is built.

    Refuses anchors, aliases, explicit tags and several documents, and stops at
    a nesting depth that no term needs (deep nesting is slow to parse).
    """
    expanding: list[tuple[str, yaml.Mark]] = []
    tags: list[Problem] = []
    depth = 0
    documents = 0
    events: Iterator[yaml.Event] = yaml.parse(text, Loader=_Loader)
    for event in events:
        line, column = _position(event.start_mark)
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                return [
                    Problem(
                        path,
                        line,
                        column,
                        "",
                        "a second YAML document starts here: a term file holds exactly one",
                        "remove the '---' line and everything after it, or move it to its own file",
                    )
                ]
        elif isinstance(event, yaml.AliasEvent):
            expanding.append((f"alias *{event.anchor}", event.start_mark))
            continue
        anchor = getattr(event, "anchor", None)
        if anchor:
            expanding.append((f"anchor &{anchor}", event.start_mark))
        tag = getattr(event, "tag", None)
        if tag and tag != "!":
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            tags.append(
                Problem(
                    path,
                    line,
                    column,
                    "",
                    f"YAML tag {shown} is not allowed in term files",
                    "remove the tag; put the value in quotes if it must be read as text",
                )
            )
        if isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return [
                    Problem(
                        path,
                        line,
                        column,
                        "",
                        f"lists and mappings are nested more than {MAX_DEPTH} levels deep",
                        "a term needs at most four levels: check brackets and indentation",
                    )
                ]
        elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
            depth -= 1
    problems = []
    if expanding:
        what, mark = expanding[0]
        more = f" (and {len(expanding) - 1} more anchors and aliases)" if len(expanding) > 1 else ""
        problems.append(
            Problem(
                path,
                *_position(mark),
                "",
                f"YAML {what} is not allowed in term files{more}: anchors and aliases can expand without limit",
                "remove every & and * marker and write the values out in full",
            )
        )
    return problems + capped(tags)


_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"


def _build(loader: Any, path: Path, node: yaml.Node, keys: KeyPath, problems: list[Problem]) -> Any:
    """The value of ``node``, with duplicate and non-text keys reported and made harmless.

    The same value as PyYAML's safe constructor gives once every key is read as text
    (``yes:``, ``1:`` and ``<<:`` are names here, never booleans, numbers or merges; later
    duplicates win), built in one walk: plain text, lists and mappings directly, any other
    scalar (numbers, booleans, dates) by the constructor. Positions are found later, if asked.
    """
    kind = type(node)
    if kind is yaml.ScalarNode:
        return node.value if node.tag == _STR_TAG else loader.construct_object(node, deep=True)
    if kind is yaml.SequenceNode and node.tag == _SEQ_TAG:
        return [_build(loader, path, item, (*keys, index), problems) for index, item in enumerate(node.value)]
    if kind is not yaml.MappingNode or node.tag != _MAP_TAG:  # explicit tags are refused before reading
        return loader.construct_object(node, deep=True)
    mapping: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if type(key_node) is not yaml.ScalarNode:
            problems.append(
                Problem(
                    path,
                    *_position(key_node.start_mark),
                    ".".join(map(str, keys)),
                    "a field name must be a plain word, not a list or mapping",
                    "write 'name: value'",
                )
            )
            continue
        key = key_node.value
        if key in mapping:
            first = next(k for k, _ in node.value if type(k) is yaml.ScalarNode and k.value == key)
            problems.append(
                Problem(
                    path,
                    *_position(key_node.start_mark),
                    ".".join(map(str, (*keys, key))),
                    f"duplicate key '{key}' (first on line {first.start_mark.line + 1}):"
                    " only one of the values would be kept",
                    f"keep a single '{key}:' and merge the values",
                )
            )
        mapping[key] = _build(loader, path, value_node, (*keys, key), problems)  # a later duplicate wins
    return mapping


def _record(node: yaml.Node, keys: KeyPath, positions: dict[KeyPath, Position], spans: dict[KeyPath, Span]) -> None:
    """Record where every key and value is (non-text keys skipped, later duplicates winning, as read)."""
    start, end = node.start_mark, node.end_mark
    style = getattr(node, "style", None) or None
    spans[keys] = Span(start.line + 1, start.column + 1, start.index, end.index, style)
    positions.setdefault(keys, (start.line + 1, start.column + 1))
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key = key_node.value
                _record(value_node, (*keys, key), positions, spans)
                positions[(*keys, key)] = _position(key_node.start_mark)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record(item, (*keys, index), positions, spans)


def locate_nodes(text: str) -> tuple[dict[KeyPath, Position], dict[KeyPath, Span]]:
    """Where every key and value of a YAML text that ``read_yaml`` accepted is."""
    positions: dict[KeyPath, Position] = {}
    spans: dict[KeyPath, Span] = {}
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    if node is not None:
        _record(node, (), positions, spans)
    return positions, spans


def _syntax_problem(path: Path, error: yaml.YAMLError, text: str) -> Problem:
    """A parser error, phrased for someone editing the file by hand."""
    if isinstance(error, yaml.reader.ReaderError):
        index = getattr(error, "position", 0)
        before = text[:index]
        line = before.count("\n") + 1
        return Problem(
            path,
            line,
            index - (before.rfind("\n") + 1) + 1,
            "",
            "character not allowed in YAML",
            "delete it",
        )
    if isinstance(error, yaml.MarkedYAMLError) and "quoted scalar" in (error.context or ""):
        line, column = _position(error.context_mark)
        return Problem(
            path,
            line,
            column,
            "",
            "YAML syntax error: the quotation mark here is never closed",
            "end the value with the same quotation mark it starts with",
        )
    if isinstance(error, yaml.MarkedYAMLError) and "nesting depth" in (error.problem or ""):
        line, column = _position(error.problem_mark)
        return Problem(
            path,
            line,
            column,
            "",
            f"lists and mappings are nested more than {MAX_DEPTH} levels deep",
            "a term needs at most four levels: check brackets and indentation",
        )
    flow = re.search(r"flow (sequence|mapping)", getattr(error, "context", None) or "")
    if isinstance(error, yaml.MarkedYAMLError) and flow and error.context_mark:
        opening, closing = ("[", "]") if flow.group(1) == "sequence" else ("{", "}")
        line, column = _position(error.context_mark)
        gave_up = _position(error.problem_mark)[0]
        return Problem(
            path,
            line,
            column,
            "",
            f"YAML syntax error: the '{opening}' here is not closed with '{closing}'"
            f" (reading stopped at line {gave_up})",
            f"close it with '{closing}', separate items with commas, or quote a value that starts with '{opening}'",
        )
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "invalid YAML"
        context = f" ({error.context})" if error.context and error.problem else ""
        line, column = _position(mark)
        return Problem(path, line, column, "", f"YAML syntax error: {problem}{context}", _syntax_hint(problem, text))
    return Problem(path, 1, 1, "", f"YAML error: {error}", "check the file's indentation and quoting")


def _syntax_hint(problem: str, text: str) -> str:
    if "mapping values are not allowed" in problem:
        return "a value containing ': ' must be quoted, e.g. summary: \"A: B.\""
    if "quoted scalar" in problem or "end of stream" in problem:
        return "a quotation mark is not closed: end the value with the same quote it starts with"
    if "escape" in problem:
        return "inside double quotes write a backslash as \\\\, or use single quotes"
    if "expected key" in problem or "expected '-'" in problem or "block end" in problem:
        return "line up this line's indentation with the fields around it (spaces only)"
    if "alias" in problem or "anchor" in problem:
        return "a value starting with * or & must be quoted"
    return "check the indentation and quoting on this line and the one before"


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def read_limited(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a file, never more than one over the limit, whatever its size.

    Read with the system calls themselves: the buffered file object cost a fifth of the time
    of reading 10,000 term files.
    """
    descriptor = os.open(path, _READ_FLAGS)
    try:
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0 and (chunk := os.read(descriptor, left)):
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def read_yaml(
    path: Path, mapping: bool = True, raw: bytes | None = None, limit: int = MAX_BYTES
) -> tuple[Document | None, list[Problem]]:
    """Parse ``path``; return the document (or None when it cannot be read) and its problems.

    With ``mapping`` (term files) the top level must be a mapping of fields. ``raw``: the
    file's bytes when the caller has read them already (as ``read_limited`` does). ``limit``:
    the largest file accepted, in bytes.
    Problems that still leave usable data (duplicate keys) come with the document.
    """

    def fail(message: str, line: int = 1, column: int = 1, hint: str = "") -> tuple[None, list[Problem]]:
        return None, [Problem(path, line, column, "", message, hint)]

    if raw is None:  # else the caller has read a regular file
        if path.is_symlink():
            return fail(
                f"term files must be regular files, not symbolic links (this one points to '{os.readlink(path)}')",
                hint="replace the link with the file itself, copied into terms/",
            )
        try:
            if not path.is_file():
                return fail("not a regular file", hint="term files are plain text files named <id>.yaml")
            raw = read_limited(path, limit)
        except OSError as error:
            return fail(f"cannot read the file: {error.strerror}", hint="check the file exists and is readable")
    try:
        size = len(raw) if len(raw) <= limit else max(len(raw), path.stat().st_size)
    except OSError:
        size = len(raw)
    text, problems = _check_bytes(path, raw, size, limit)
    if text is None:
        return None, problems
    if all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return fail("file is empty", hint='start from `python -m nvdict new "Name"`')
    problems = _check_text(path, text)
    if problems:
        return None, problems
    doc = Document(path, None, text=text)
    try:
        problems = _check_events(path, text) if needs_event_check(text) else []
        if problems:
            return None, problems
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is not None:
                doc.data = _build(loader, path, node, (), problems)
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        return None, [_syntax_problem(path, error, text)]
    except (ValueError, TypeError, OverflowError) as error:
        return fail(f"a value cannot be read: {error}", hint="put the value in quotes")
    except RecursionError:
        return fail("the file is nested too deeply to read", hint="check brackets and indentation")
    if mapping and not isinstance(doc.data, dict):
        kind = _kind(doc.data)
        line, column = doc.value_where()
        return None, [
            Problem(
                path,
                line,
                column,
                "",
                f"expected a mapping of fields (id: ..., name: ...), found {kind}",
                'each line starts with a field name and a colon; start from `python -m nvdict new "Name"`',
            )
        ]
    return doc, problems


def _kind(value: Any) -> str:
    names = {str: "text", list: "a list", int: "a number", float: "a number", bool: "true/false"}
    return "nothing" if value is None else names.get(type(value), type(value).__name__)
