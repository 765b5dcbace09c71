"""Read one YAML file defensively, keeping the line and column of every value.

Term files are untrusted input: this module never executes tags, refuses YAML
anchors and aliases (they can expand to gigabytes), refuses duplicate keys (the
last one would silently win) and reports every problem with its position.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from nvdict.problems import Problem

MAX_BYTES = 256 * 1024
"""A term file larger than this is refused: no real entry comes near it."""

Position = tuple[int, int]
"""1-based (line, column)."""


@dataclass
class Document:
    """A parsed YAML file: its data and the position of every key path."""

    path: Path
    data: Any
    positions: dict[tuple[str | int, ...], Position] = field(default_factory=dict)

    def where(self, *keys: str | int) -> Position:
        """Position of the deepest known node along ``keys`` (the file start if none)."""
        for end in range(len(keys), -1, -1):
            if keys[:end] in self.positions:
                return self.positions[keys[:end]]
        return (1, 1)


class _Refused(Exception):
    def __init__(self, message: str, mark: yaml.Mark | None, hint: str = "") -> None:
        super().__init__(message)
        self.message, self.mark, self.hint = message, mark, hint


def _position(mark: yaml.Mark | None) -> Position:
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def _check_events(text: str) -> None:
    """Refuse anchors and aliases before anything is constructed."""
    if "&" not in text and "*" not in text:
        return
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(
                "YAML aliases (*name) are not allowed in term files",
                event.start_mark,
                "write the value out in full",
            )
        anchor = getattr(event, "anchor", None)
        if anchor:
            raise _Refused(
                f"YAML anchors (&{anchor}) are not allowed in term files",
                event.start_mark,
                "remove the anchor and write values out in full",
            )


def _walk(node: yaml.Node, path: tuple[str | int, ...], positions: dict) -> None:
    """Record the position of every value; refuse duplicate and non-scalar keys."""
    positions[path] = _position(node.start_mark)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused("mapping keys must be plain words", key_node.start_mark)
            key = key_node.value
            if key in seen:
                raise _Refused(
                    f"duplicate key '{key}' (the earlier value would be silently lost)",
                    key_node.start_mark,
                    f"keep one '{key}:' and merge the values",
                )
            seen.add(key)
            _walk(value_node, (*path, key), positions)
            positions[(*path, key)] = _position(key_node.start_mark)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), positions)


def read_yaml(path: Path, mapping: bool = True) -> tuple[Document | None, list[Problem]]:
    """Parse ``path``; return the document, or None and the problems that stopped it.

    With ``mapping`` (term files) the top level must be a mapping of fields.
    """

    def fail(message: str, line: int = 1, column: int = 1, hint: str = "") -> tuple[None, list[Problem]]:
        return None, [Problem(path, line, column, "", message, hint)]

    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        return fail(
            f"file is {len(raw):,} bytes, over the {MAX_BYTES:,}-byte limit for one entry",
            hint="split the text or move long material to a reference",
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        return fail("file starts with a byte-order mark (BOM)", hint="save the file as UTF-8 without BOM")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return fail(
            f"byte 0x{raw[error.start]:02x} is not valid UTF-8",
            line,
            column,
            "save the file as UTF-8",
        )
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return fail("file is empty", hint='start from `python -m nvdict new "Name"`')
    for number, line in enumerate(text.splitlines(), 1):
        if "\t" in line:
            return fail(
                "tab character: YAML indentation must use spaces",
                number,
                line.index("\t") + 1,
                "replace tabs with spaces",
            )
    try:
        _check_events(text)
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            positions: dict = {}
            data = None
            if node is not None:
                _walk(node, (), positions)
                data = loader.construct_document(node)
        finally:
            loader.dispose()
    except _Refused as refused:
        return fail(refused.message, *_position(refused.mark), refused.hint)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = f"YAML syntax error: {error.problem or error.context}"
        return fail(message, *_position(mark), "check indentation and quoting on this line")
    except yaml.YAMLError as error:
        return fail(f"YAML error: {error}")
    if mapping and not isinstance(data, dict):
        kind = type(data).__name__ if data is not None else "nothing"
        return fail(
            f"expected a mapping of fields (id: ..., name: ...), found {kind}",
            hint="see terms/term.schema.json or run `python -m nvdict new`",
        )
    return Document(path, data, positions), []
