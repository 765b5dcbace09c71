"""Check term files against the schema and against each other.

Every check returns ``Problem`` objects naming the file, line, column and
field, what was expected and how to fix it; nothing stops at the first error.
"""

from __future__ import annotations

import difflib
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from nvdict.problems import Problem
from nvdict.safety import scan
from nvdict.source import Document

SCHEMA_NAME = "term.schema.json"
SCHEMA_LINE = f"# yaml-language-server: $schema={SCHEMA_NAME}"
TEXT_FIELDS = ("name", "expansion", "summary", "definition", "details")
_MERMAID_UNSAFE = re.compile(r"^\s*(click|callback|href)\b.*$|javascript:", re.I | re.M)
_ABBREVIATIONS = ("e.g.", "i.e.", "vs.", "etc.", "cf.", "approx.", "no.")


@cache
def load_schema(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def _validator(path: Path) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(load_schema(path))


def category_definitions(schema_path: Path) -> list[dict[str, str]]:
    """The categories, as listed once in the schema: ``const``, ``title``, ``description``."""
    return load_schema(schema_path)["$defs"]["category"]["oneOf"]


def suggest(word: str, choices: Any) -> str:
    """A did-you-mean hint, or an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def _describe(value: Any) -> str:
    names = {str: "text", int: "a number", float: "a number", bool: "true/false", list: "a list", dict: "a mapping"}
    return "nothing" if value is None else names.get(type(value), type(value).__name__)


def check_schema(doc: Document, schema_path: Path) -> list[Problem]:
    """Schema errors, phrased for contributors."""
    schema = load_schema(schema_path)
    problems: list[Problem] = []
    for error in _validator(schema_path).iter_errors(doc.data):
        path = tuple(error.absolute_path)
        field = ".".join(str(part) for part in path)
        line, column = doc.where(*path)
        kind = error.validator
        hint = ""
        message = error.message
        if kind == "additionalProperties":
            allowed = error.schema.get("properties", {})
            for extra in sorted(set(error.instance) - set(allowed)):
                where = doc.where(*path, extra)
                problems.append(
                    Problem(
                        doc.path,
                        *where,
                        ".".join(str(p) for p in (*path, extra)),
                        f"unknown field '{extra}'",
                        suggest(extra, allowed) or f"allowed fields: {', '.join(allowed)}",
                    )
                )
            continue
        if kind == "required":
            missing = re.search(r"'([^']+)'", error.message)
            name = missing.group(1) if missing else "?"
            described = schema["properties"].get(name, {}).get("description", "")
            message = f"missing required field '{name}'"
            hint = f"add '{name}:' ({described})" if described else f"add '{name}:'"
        elif kind == "type":
            message = f"expected {error.validator_value}, found {_describe(error.instance)}"
            hint = "see the field's description in terms/term.schema.json"
        elif kind == "oneOf" and path and path[0] == "categories":
            ids = [option["const"] for option in schema["$defs"]["category"]["oneOf"]]
            message = f"unknown category '{error.instance}'"
            hint = suggest(str(error.instance), ids) or f"use one of: {', '.join(ids)}"
        elif kind == "pattern" and path and path[-1] == "url":
            message = f"malformed URL '{error.instance}': expected an https:// address"
            hint = "copy the canonical https:// address of the source"
        elif kind == "pattern" and path and path[0] in ("id", "related"):
            message = f"'{error.instance}' is not a valid id"
            hint = "use lower-case letters, digits and single hyphens, e.g. 'af-xdp'"
        elif kind in ("minLength", "maxLength") and path == ("summary",):
            message = f"summary is {len(error.instance)} characters; it must be 40 to 220"
            hint = "write one sentence that says what the thing is"
        elif kind == "minItems" and path == ("references",):
            message = "at least one reference is required"
            hint = "add a primary source: an RFC, kernel documentation or the project's own docs"
        elif kind == "minItems" and path == ("categories",):
            message = "at least one category is required"
        elif kind == "uniqueItems":
            message = f"'{field}' lists the same value twice"
            hint = "remove the repeated item"
        problems.append(Problem(doc.path, line, column, field, message, hint))
    return problems


def check_file(doc: Document, schema_path: Path) -> list[Problem]:
    """Checks on one file that need no other file."""
    problems = check_schema(doc, schema_path)
    data = doc.data
    text = doc.path.read_text(encoding="utf-8")
    if not text.startswith(SCHEMA_LINE):
        problems.append(
            Problem(doc.path, 1, 1, "", "first line is not the schema line", f"make the first line '{SCHEMA_LINE}'")
        )
    term_id = data.get("id")
    if isinstance(term_id, str) and term_id != doc.path.stem:
        problems.append(
            Problem(
                doc.path,
                *doc.where("id"),
                "id",
                f"id '{term_id}' does not match the file name '{doc.path.name}'",
                f"rename the file to {term_id}.yaml or set id: {doc.path.stem}",
            )
        )
    summary = data.get("summary")
    if isinstance(summary, str):
        problems += _check_summary(doc, summary)
    for path, value in _texts(data):
        for finding in scan(value):
            line, column = _offset_position(doc, path, value, finding.offset)
            problems.append(Problem(doc.path, line, column, ".".join(map(str, path)), finding.message, finding.hint))
    return problems


def _check_summary(doc: Document, summary: str) -> list[Problem]:
    where = doc.where("summary")
    problems = []
    if not summary.rstrip().endswith("."):
        problems.append(
            Problem(doc.path, *where, "summary", "summary must end with a full stop", "write one complete sentence")
        )
    body = summary.rstrip()[:-1]
    for abbreviation in _ABBREVIATIONS:
        body = body.replace(abbreviation, "")
    if re.search(r"[.!?]\s+[A-Z0-9]", body):
        problems.append(
            Problem(
                doc.path,
                *where,
                "summary",
                "summary has more than one sentence",
                "keep one sentence; move the rest into the definition",
            )
        )
    if re.search(r"[`\[\]<>*]|\n", summary):
        problems.append(
            Problem(
                doc.path,
                *where,
                "summary",
                "summary must be plain text on one line",
                "remove Markdown (backticks, links, emphasis) and line breaks",
            )
        )
    return problems


def _texts(data: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    """Every piece of free text in a term, with its key path."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    for key in TEXT_FIELDS:
        if isinstance(data.get(key), str):
            found.append(((key,), data[key]))
    for index, alias in enumerate(data.get("aliases") or []):
        if isinstance(alias, str):
            found.append((("aliases", index), alias))
    for key in ("diagrams", "tables", "references"):
        for index, item in enumerate(data.get(key) or []):
            if not isinstance(item, dict):
                continue
            for sub, value in item.items():
                if isinstance(value, str) and not (key == "diagrams" and sub == "code"):
                    found.append(((key, index, sub), value))
                elif isinstance(value, list):
                    for cell_path, cell in _cells(value):
                        found.append(((key, index, sub, *cell_path), cell))
    for table_id, rows in (data.get("table_rows") or {}).items():
        for index, row in enumerate(rows if isinstance(rows, list) else []):
            for column, value in row.items() if isinstance(row, dict) else ():
                if isinstance(value, str):
                    found.append((("table_rows", table_id, index, column), value))
    for index, diagram in enumerate(data.get("diagrams") or []):
        if isinstance(diagram, dict) and diagram.get("kind") == "mermaid" and isinstance(diagram.get("code"), str):
            found.append((("diagrams", index, "code"), _MERMAID_UNSAFE.sub("<script>", diagram["code"])))
    return found


def _cells(value: list[Any]) -> list[tuple[tuple[int, ...], str]]:
    cells: list[tuple[tuple[int, ...], str]] = []
    for index, item in enumerate(value):
        if isinstance(item, str):
            cells.append(((index,), item))
        elif isinstance(item, list):
            cells += [((index, *path), cell) for path, cell in _cells(item)]
    return cells


def _offset_position(doc: Document, path: tuple[str | int, ...], value: str, offset: int) -> tuple[int, int]:
    """Line and column of ``offset`` within a value, assuming a block scalar for multi-line text."""
    line, column = doc.where(*path)
    before = value[:offset]
    extra_lines = before.count("\n")
    if "\n" in value:
        return line + 1 + extra_lines, len(before) - (before.rfind("\n") + 1) + 1
    return line, column + offset
