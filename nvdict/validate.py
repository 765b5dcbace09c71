"""Check term files against the schema and the per-file rules.

Every check returns ``Problem`` objects naming the file, line, column and
field, what was expected and how to fix it; nothing stops at the first error.
Checks only read: a contributor's file is never rewritten.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    import jsonschema

try:  # A compiled validator answers "is it valid?" about 80 times faster; jsonschema explains why not.
    import jsonschema_rs
except ImportError:  # pragma: no cover - the pre-commit hook runs with jsonschema alone
    jsonschema_rs = None

from nvdict.lookalike import describe as lookalike_describe
from nvdict.lookalike import invisible
from nvdict.problems import Problem
from nvdict.safety import Finding, scan, scan_diagram
from nvdict.source import MAX_REPEATS, Document, KeyPath

SCHEMA_NAME = "term.schema.json"
SCHEMA_LINE = f"# yaml-language-server: $schema={SCHEMA_NAME}"
TEXT_FIELDS = ("name", "expansion", "summary", "definition", "details")
ONE_LINE_FIELDS = ("name", "expansion", "aliases", "summary")
PLACEHOLDER = "TODO"
"""Written by ``python -m nvdict new``; a file still containing it does not pass."""
_ABBREVIATIONS = ("e.g.", "i.e.", "vs.", "etc.", "cf.", "approx.", "no.", "Inc.", "Ltd.")
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$", re.I)
_URL_UNSAFE = re.compile(r"[<>\"'`{}|\\^]")
# Strings that are identifiers or code, not prose: never scanned as Markdown.
_NOT_PROSE = {
    ("id",),
    ("related", None),
    ("related", None, "id"),
    ("related", None, "kind"),
    ("categories", None),
    ("references", None, "url"),
    ("reviewed",),
    ("status",),
}
_NOT_PROSE_LAST = {path[-1] for path in _NOT_PROSE if path[-1] is not None}


def _pattern(path: KeyPath) -> tuple[str | None, ...]:
    """A key path with list indexes as None, as ``_NOT_PROSE`` lists them."""
    return tuple(None if isinstance(part, int) else part for part in path)


_TYPE_NAMES = {
    "string": "text",
    "array": "a list",
    "object": "a mapping of fields",
    "boolean": "true or false",
    "integer": "a whole number",
    "number": "a number",
    "null": "nothing",
}


@cache
def load_schema(path: Path) -> dict[str, Any]:
    """The term schema, read once per path."""
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def _validator(path: Path) -> jsonschema.Draft202012Validator:
    """The explaining validator, imported on first use: a sound dictionary never needs it."""
    import jsonschema

    return jsonschema.Draft202012Validator(load_schema(path))


@cache
def _fast_validator(path: Path) -> Any:
    return jsonschema_rs.validator_for(load_schema(path)) if jsonschema_rs else None


def schema_valid(data: Any, schema_path: Path) -> bool:
    """Quick yes/no against the schema (compiled validator when installed)."""
    fast = _fast_validator(schema_path)
    return fast.is_valid(data) if fast is not None else _validator(schema_path).is_valid(data)


def category_definitions(schema_path: Path) -> list[dict[str, str]]:
    """The categories, as listed once in the schema: ``const``, ``title``, ``description``."""
    return load_schema(schema_path)["$defs"]["category"]["oneOf"]


def closest(word: str, choices: Iterable[Any]) -> str | None:
    """The choice ``word`` was most likely meant to be, if any is close."""
    options = [str(choice) for choice in choices]
    folded = {option.casefold(): option for option in options}
    if word.casefold() in folded:
        return folded[word.casefold()]
    close = difflib.get_close_matches(word.casefold(), list(folded), n=1, cutoff=0.6)
    return folded[close[0]] if close else None


def suggest(word: str, choices: Iterable[Any]) -> str:
    """A did-you-mean hint, or an empty string."""
    match = closest(str(word), choices)
    return f"did you mean '{match}'?" if match else ""


def field_name(path: Iterable[str | int]) -> str:
    """A key path as contributors see it: ``references.0.url``."""
    return ".".join(str(part) for part in path)


def describe(value: Any) -> str:
    """What a YAML value was read as, in words."""
    names = {str: "text", int: "a number", float: "a number", bool: "true/false", list: "a list", dict: "a mapping"}
    if value is None:
        return "nothing"
    return names.get(type(value), "a date" if type(value).__name__ in ("date", "datetime") else type(value).__name__)


def _field_schema(schema: dict[str, Any], path: KeyPath) -> dict[str, Any]:
    """The part of the schema that describes the value at ``path`` ({} if unknown)."""
    node = schema
    for part in path:
        if isinstance(part, int):
            node = node.get("items", {})
        elif part in node.get("properties", {}):
            node = node["properties"][part]
        elif isinstance(node.get("additionalProperties"), dict):
            node = node["additionalProperties"]
        else:
            return {}
    return node


def _raw(doc: Document, path: KeyPath) -> str:
    """The value at ``path`` as written in the file (for quoting it back)."""
    span = doc.spans.get(path)
    if span is None:
        return ""
    raw = doc.text[span.start : span.end].strip()
    return raw if "\n" not in raw and len(raw) <= 60 else ""


def check_schema(doc: Document, schema_path: Path) -> list[Problem]:
    """Schema errors, phrased for contributors: what was expected and how to fix it."""
    schema = load_schema(schema_path)
    problems: list[Problem] = []
    misspelt: dict[KeyPath, dict[str, str]] = {}
    if schema_valid(doc.data, schema_path):
        return problems
    errors = list(_validator(schema_path).iter_errors(doc.data))
    for error in errors:
        if error.validator == "additionalProperties":
            path = tuple(error.absolute_path)
            allowed = list(error.schema.get("properties", {}))
            required = set(error.schema.get("required", ()))
            present = set(error.instance) if isinstance(error.instance, dict) else set()
            for extra in sorted(map(str, present - set(allowed))):
                match = closest(extra, allowed)
                if match and match in required and match not in present:
                    misspelt.setdefault(path, {})[match] = extra
                    hint = f"did you mean '{match}'? ('{match}' is required and missing)"
                elif match:
                    hint = f"did you mean '{match}'?"
                else:
                    hint = f"the fields here are: {', '.join(allowed)}"
                where = doc.where(*path, extra)
                message = f"unknown field '{extra}'"
                problems.append(Problem(doc.path, *where, field_name((*path, extra)), message, hint))
    for error in errors:
        if error.validator != "additionalProperties":
            problems += _schema_problem(doc, schema, error, misspelt)
    return problems


def _schema_problem(
    doc: Document, schema: dict[str, Any], error: jsonschema.ValidationError, misspelt: dict[KeyPath, dict[str, str]]
) -> list[Problem]:
    """One jsonschema error as zero or more problems."""
    path: KeyPath = tuple(error.absolute_path)
    field = field_name(path)
    kind, instance = error.validator, error.instance
    key = str(path[-1]) if path else ""
    label = field or "the file"
    line, column = doc.value_where(*path)
    hint = ""
    message = error.message
    if kind == "required":
        name = re.search(r"'([^']+)'", error.message)
        missing = name.group(1) if name else "?"
        if missing in misspelt.get(path, {}):
            return []
        described = _field_schema(schema, (*path, missing)).get("description", "")
        field = field_name((*path, missing))
        message = f"missing required field '{missing}'"
        hint = f"add '{missing}:' ({described})" if described else f"add '{missing}:'"
        line, column = doc.where(*path) if path else doc.value_where()
    elif kind == "type":
        expected = error.validator_value
        expected_text = (
            " or ".join(_TYPE_NAMES.get(t, t) for t in expected)
            if isinstance(expected, list)
            else _TYPE_NAMES.get(expected, str(expected))
        )
        raw = _raw(doc, path)
        found = describe(instance)
        if raw and not isinstance(instance, list | dict) and instance is not None:
            found += f" ({raw})"
        message = f"expected {expected_text}, found {found}"
        hint = _type_hint(expected, instance, key, raw)
    elif kind == "oneOf" and len(path) == 2 and path[0] == "categories":
        ids = [option["const"] for option in schema["$defs"]["category"]["oneOf"]]
        message = f"unknown category '{instance}'"
        hint = suggest(str(instance), ids) or f"use one of: {', '.join(ids)}"
    elif kind == "pattern" and path and path[-1] == "url":
        message, hint = _url_message(str(instance))
    elif kind == "pattern" and path == ("table_rows",):
        line, column = doc.where("table_rows", instance)
        field = field_name(("table_rows", instance))
        message = f"'{instance}' is not a valid table id"
        hint = "table ids are lower-case words joined by hyphens, as listed in terms/_tables.yaml"
    elif kind == "pattern" and path and (path[0] in ("id", "related")):
        slug = re.sub(r"[^a-z0-9]+", "-", str(instance).lower()).strip("-")
        message = f"'{instance}' is not a valid id: ids are lower-case letters and digits joined by single hyphens"
        hint = f"write '{slug}'" if slug else "use lower-case letters, digits and hyphens, e.g. 'af-xdp'"
    elif kind == "pattern" and path and path[-1] == "kind":
        message = f"'{instance}' is not a diagram kind"
        hint = "use text, mermaid, or a lower-case language name such as bash or c"
    elif kind == "minLength" and path == ("summary",):
        message = f"summary is {len(instance)} characters; it must be 40 to 220"
        hint = "write one sentence that says what the thing is"
    elif kind == "maxLength" and path == ("summary",):
        message = f"summary is {len(instance)} characters; it must be 40 to 220"
        hint = "keep one sentence; move the detail into the definition"
    elif kind == "minLength":
        message = f"{label} is empty" if not instance else f"{label} is too short (at least {error.validator_value})"
        hint = _field_schema(schema, path).get("description", "") or "write the value or remove the field"
    elif kind == "maxLength":
        message = f"{label} is {len(instance)} characters; at most {error.validator_value} are allowed"
        hint = "put the long form in 'expansion'" if key == "name" else "shorten it"
    elif kind == "minItems" and path == ("references",):
        message = "at least one reference is required"
        hint = "add a primary source: an RFC, kernel documentation or the project's own documentation"
    elif kind == "minItems" and path == ("categories",):
        message = "at least one category is required"
        hint = "add the area this entry belongs to, e.g. '- sdn'"
    elif kind == "minItems":
        message = f"{label} is an empty list"
        hint = "add an item or remove the field"
    elif kind == "maxItems":
        message = f"{label} has {len(instance)} items; at most {error.validator_value} are allowed"
        hint = "keep the primary sources" if key == "references" else "remove the least important"
    elif kind == "uniqueItems":
        return _repeats(doc, path, instance)
    elif kind == "minProperties":
        message = f"{label} is empty"
        hint = "give at least one column a value"
    return [Problem(doc.path, line, column, field, message, hint)]


def _type_hint(expected: Any, instance: Any, key: str, raw: str) -> str:
    if expected == "string" and instance is None:
        return f"write the value after '{key}:', or remove the field"
    if expected == "string" and not isinstance(instance, list | dict):
        shown = raw or str(instance)
        return f'put the value in quotes so it is read as text: {key}: "{shown}"'
    if expected == "string":
        return "write a single piece of text"
    if expected == "array":
        sample = raw or "..."
        return f"write a list, one '- item' per line under '{key}:', e.g. '- {sample}'"
    if expected == "object":
        return "write 'field: value' lines indented under it"
    if expected == "boolean":
        return "write true or false"
    return "see the field's description in terms/term.schema.json"


def _repeats(doc: Document, path: KeyPath, items: list[Any]) -> list[Problem]:
    problems: list[Problem] = []
    seen: list[Any] = []
    for index, item in enumerate(items):
        if item in seen:
            problems.append(
                Problem(
                    doc.path,
                    *doc.where(*path, index),
                    field_name((*path, index)),
                    f"'{item}' is listed twice in {field_name(path)}",
                    "remove the repeated item",
                )
            )
        seen.append(item)
    return problems


def _url_message(url: str) -> tuple[str, str]:
    """Why ``url`` is not an acceptable reference address, and how to fix it."""
    shown = _shown(url)
    if url.startswith("http://"):
        return f"malformed URL '{shown}': expected https://", f"use https://{url[len('http://') :]}"
    if _SPACE.search(url):
        return f"malformed URL '{shown}': it contains spaces", "remove the spaces, or write them as %20"
    if "://" not in url:
        return f"malformed URL '{shown}': it has no https:// scheme", f"write https://{url.lstrip('/')}"
    if not url.startswith("https://"):
        scheme = url.split(":", 1)[0]
        return f"malformed URL '{shown}': '{scheme}:' is not https", "copy the https:// address of the source"
    return f"malformed URL '{shown}': there is no host after https://", "copy the full address from the browser"


def _shown(url: str) -> str:
    """A URL as a message quotes it: whole up to 80 characters, else cut with an ellipsis."""
    return url if len(url) <= 80 else url[:77] + "..."


_PLAIN_URL = re.compile(
    r"https://(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(?::[0-9]{1,4})?(?:[/?#][^\s<>\"'`{}|\\^]*)?",
    re.I,
)
"""An address ``_url_problem`` accepts without taking it apart: host names of plain labels, no user, a small
port (almost every reference)."""


def _url_problem(url: str) -> tuple[str, str] | None:
    """Checks the schema's pattern cannot make: host, port, characters that need escaping."""
    if not url.startswith("https://") or _SPACE.search(url) or _PLAIN_URL.fullmatch(url):
        return None  # already reported by the schema, or plainly sound
    shown = _shown(url)
    bad = _URL_UNSAFE.search(url)
    if bad:
        return (
            f"malformed URL '{shown}': the character {bad.group()!r} is not allowed in an address",
            "copy the address again, or percent-encode the character",
        )
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError as error:
        return f"malformed URL '{shown}': {error}", "copy the full address from the browser"
    if parts.username or parts.password:
        return f"malformed URL '{shown}': it contains a user name or password", "remove the 'user@' part"
    host = parts.hostname or ""
    labels = host.split(".")
    if len(labels) < 2 or not all(_HOST_LABEL.match(label) for label in labels) or labels[-1].isdigit():
        return f"malformed URL '{shown}': '{host}' is not a host name", "copy the full address from the browser"
    return None


MIRRORS: dict[str, str] = {
    "github.com/torvalds/linux": "https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git",
    "github.com/iproute2/iproute2": "https://git.kernel.org/pub/scm/network/iproute2/iproute2.git",
    "github.com/dpdk/dpdk": "https://git.dpdk.org/dpdk",
    "github.com/openstack/devstack": "https://opendev.org/openstack/devstack",
    "github.com/openstack/tacker": "https://opendev.org/openstack/tacker",
}
"""Copies of repositories that live elsewhere, and the repository each project names as its own (the
kernel's MAINTAINERS, iproute2's README, DPDK's contributing guide, DevStack's and Tacker's READMEs)."""


def mirrored(url: str) -> str | None:
    """The project's own repository when ``url`` points into a known mirror of it."""
    if url[:19].lower() != "https://github.com/":
        return None
    return MIRRORS.get("/".join(url.split("/", 5)[2:5]).lower())


def _mirror_problem(doc: Document, path: KeyPath, url: str) -> list[Problem]:
    primary = mirrored(url)
    if primary is None:
        return []
    shown = _shown(url)
    return [
        Problem(
            doc.path,
            *doc.value_where(*path),
            field_name(path),
            f"'{shown}' points into a mirror: the project's own repository is {primary}",
            f"cite the same file or commit in {primary}, at a release tag",
        )
    ]


def check_file(doc: Document, schema_path: Path) -> list[Problem]:
    """Checks on one file that need no other file."""
    problems = check_schema(doc, schema_path)
    data = doc.data
    text = doc.text or doc.path.read_text(encoding="utf-8")
    if not text.startswith(SCHEMA_LINE):
        first = text.split("\n", 1)[0]
        found = "it is missing" if not first.startswith("#") else f"found '{first[:60]}'"
        problems.append(
            Problem(
                doc.path,
                1,
                1,
                "",
                f"the first line must be the schema line ({found})",
                f"make the first line '{SCHEMA_LINE}': editors use it to check the file as you type",
            )
        )
    problems += _check_id(doc)
    problems += check_prose(doc)
    problems += _check_invisible(doc)
    summary = data.get("summary")
    if isinstance(summary, str) and PLACEHOLDER not in summary:
        problems += _check_summary(doc, summary)
    strings = _strings(data)
    text_problems = _check_text_fields(doc, load_schema(schema_path), strings)
    placeholders = {p.field for p in text_problems if PLACEHOLDER in p.message}
    problems = [p for p in problems if p.field not in placeholders] + text_problems  # one problem per TODO
    references = data.get("references")
    for index, reference in enumerate(references if isinstance(references, list) else []):
        url = reference.get("url") if isinstance(reference, dict) else None
        if isinstance(url, str) and PLACEHOLDER not in url:
            found = _url_problem(url)
            if found:
                path = ("references", index, "url")
                problems.append(Problem(doc.path, *doc.value_where(*path), field_name(path), *found))
    for path, value in strings:
        last = path[-1]
        if last == "url":
            problems += _mirror_problem(doc, path, value)
        if (type(last) is int or last in _NOT_PROSE_LAST) and _pattern(path) in _NOT_PROSE:
            continue
        if len(path) == 3 and path[0] == "diagrams" and path[2] in ("code", "kind"):
            if path[2] == "code" and _diagram_kind(data, path[1]) == "mermaid":
                findings = scan_diagram(value)
            else:
                continue
        else:
            findings = scan(value)
        problems += _located(doc, path, value, findings)
    return problems


def _located(doc: Document, path: KeyPath, value: str, findings: list[Finding]) -> list[Problem]:
    """Findings in one string as problems, at most ``MAX_REPEATS`` of each kind.

    Locating a finding in the file costs time in proportion to the text, so a
    file holding thousands of the same construct is reported, and read, once
    per kind rather than once per occurrence.
    """
    kinds: dict[str, list[Finding]] = {}
    for finding in findings:
        kinds.setdefault(finding.message, []).append(finding)
    problems: list[Problem] = []
    for message, same in kinds.items():
        kept = [
            Problem(doc.path, *doc.locate(path, value, finding.offset), field_name(path), message, finding.hint)
            for finding in same[:MAX_REPEATS]
        ]
        if len(same) > MAX_REPEATS:
            last = kept[-1]
            note = f"{message} ({len(same) - MAX_REPEATS} more like this)"
            kept[-1] = Problem(last.path, last.line, last.column, last.field, note, last.hint)
        problems += kept
    return problems


PROSE_FIELDS = ("expansion", "summary", "definition", "details", "status_note")
"""Text fields checked for headings and invisible characters (names are checked with the ids)."""
_HEADING_LINE = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)", re.M)
_SETEXT_UNDERLINE = re.compile(r"\n {0,3}(?:=+|-+)[ \t]*$", re.M)
"""An underline, found from its newline; it makes a heading only under a line of text (tested by the caller)."""
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff\ufff9-\ufffd]")
_INVISIBLE_NAMES = {
    "\u00ad": "soft hyphen",
    "\u200b": "zero-width space",
    "\u200c": "zero-width non-joiner",
    "\u200d": "zero-width joiner",
    "\u200e": "left-to-right mark",
    "\u200f": "right-to-left mark",
    "\u2060": "word joiner",
    "\ufeff": "zero-width no-break space (byte-order mark)",
    "\ufffc": "object replacement character",
    "\ufffd": "replacement character (text damaged by a wrong encoding)",
}


def check_prose(doc: Document) -> list[Problem]:
    """Headings in entry text, and invisible or placeholder characters in it.

    A heading inside a definition would sit above the entry's own heading in the
    page outline and the table of contents; invisible characters make text that
    looks the same search and link differently.
    """
    from nvdict.safety import strip_code

    problems: list[Problem] = []
    data = doc.data if isinstance(doc.data, dict) else {}
    # A value holds such a character only if the file does, or writes one as an escape.
    may_hide = not doc.text or "\\" in doc.text or _INVISIBLE.search(doc.text) is not None
    for key in PROSE_FIELDS:
        value = data.get(key)
        if not isinstance(value, str):
            continue
        for match in _INVISIBLE.finditer(value) if may_hide else ():
            char = match.group()
            name = _INVISIBLE_NAMES.get(char, "invisible formatting character")
            problems.append(
                Problem(
                    doc.path,
                    *doc.locate((key,), value, match.start()),
                    key,
                    f"U+{ord(char):04X} ({name}) is not allowed in entry text",
                    "delete it: it is invisible, or stands for something that was lost when the text was copied",
                )
            )
        if key not in ("definition", "details"):
            continue
        prose = strip_code(value)
        underlines = [m for m in _SETEXT_UNDERLINE.finditer(prose) if m.start() and prose[m.start() - 1] != "\n"]
        for match in [*_HEADING_LINE.finditer(prose), *underlines]:
            offset = match.start() + (1 if match.group().startswith("\n") else 0)
            problems.append(
                Problem(
                    doc.path,
                    *doc.locate((key,), value, offset),
                    key,
                    "headings are not allowed in an entry's text: the entry's name is its heading",
                    "start the paragraph with a few words in **bold** instead, or move the section to details",
                )
            )
    return _capped_problems(problems)


def _capped_problems(problems: list[Problem], limit: int = 10) -> list[Problem]:
    return problems[:limit]


def _diagram_kind(data: dict[str, Any], index: Any) -> Any:
    diagrams = data.get("diagrams")
    if isinstance(diagrams, list) and isinstance(index, int) and isinstance(diagrams[index], dict):
        return diagrams[index].get("kind", "text")
    return None


def _check_id(doc: Document) -> list[Problem]:
    """The id must equal the file name, so each id has exactly one file."""
    term_id = doc.data.get("id")
    stem = doc.path.stem
    if not isinstance(term_id, str) or term_id == stem or not _ID.match(term_id):
        return []  # an invalid id is reported by the schema
    owner = doc.path.with_name(f"{term_id}.yaml")
    if owner.exists():
        message = f"duplicate id '{term_id}': {owner.name} already has it, and this file is {doc.path.name}"
        hint = f"give this entry its own id: id: {stem}" if _ID.match(stem) else "choose a new id and file name"
    else:
        message = f"id '{term_id}' does not match the file name '{doc.path.name}'"
        hint = f"rename the file to {term_id}.yaml" + (f", or set id: {stem}" if _ID.match(stem) else "")
    return [Problem(doc.path, *doc.value_where("id"), "id", message, hint)]


def _check_invisible(doc: Document) -> list[Problem]:
    """Invisible characters in names, aliases and the expansion: they make look-alike names differ."""
    problems: list[Problem] = []
    aliases = doc.data.get("aliases")
    fields: list[tuple[KeyPath, Any]] = [(("name",), doc.data.get("name")), (("expansion",), doc.data.get("expansion"))]
    fields += [(("aliases", index), alias) for index, alias in enumerate(aliases if isinstance(aliases, list) else [])]
    for path, value in fields:
        if not isinstance(value, str):
            continue
        for offset, char in invisible(value)[:MAX_REPEATS]:
            at_end = "at the end of" if offset else "at the start of"
            where = "in" if unicodedata.category(char) == "Cf" or char == "\ufffc" else at_end
            problems.append(
                Problem(
                    doc.path,
                    *doc.locate(path, value, offset),
                    field_name(path),
                    f"invisible character {lookalike_describe(char)} {where} {field_name(path)}: "
                    "names that look the same must be the same",
                    "delete it (retype the text around it if your editor does not show it)",
                )
            )
    return problems


_SPACE = re.compile(r"\s")
_SECOND_SENTENCE = re.compile(r"[.!?]\s+[A-Z0-9]")
_MARKUP = re.compile(r"[`\[\]<>*]")


def _check_summary(doc: Document, summary: str) -> list[Problem]:
    problems = []
    text = summary.strip()
    if not text.endswith("."):
        problems.append(
            Problem(
                doc.path,
                *doc.locate(("summary",), summary, len(summary.rstrip()) - 1),
                "summary",
                "summary must end with a full stop",
                "write one complete sentence ending in '.'",
            )
        )
    body = text[:-1]
    for abbreviation in _ABBREVIATIONS:
        body = body.replace(abbreviation, " " * len(abbreviation))
    second = _SECOND_SENTENCE.search(body)
    if second:
        problems.append(
            Problem(
                doc.path,
                *doc.locate(("summary",), summary, summary.find(text) + second.start()),
                "summary",
                "summary has more than one sentence",
                "keep one sentence; move the rest into the definition",
            )
        )
    markup = _MARKUP.search(summary)
    if markup and not scan(summary):  # unsafe markup is reported once, by the safety scan
        problems.append(
            Problem(
                doc.path,
                *doc.locate(("summary",), summary, markup.start()),
                "summary",
                "summary must be plain text: it is shown in previews where Markdown is not rendered",
                "remove Markdown (backticks, links, emphasis, angle brackets)",
            )
        )
    elif "\n" in summary.strip():
        problems.append(
            Problem(
                doc.path,
                *doc.value_where("summary"),
                "summary",
                "summary must be on one line",
                "join the lines into one sentence",
            )
        )
    return problems


def _check_text_fields(doc: Document, schema: dict[str, Any], strings: list[tuple[KeyPath, str]]) -> list[Problem]:
    """Placeholders left in, blank text, and line breaks in one-line fields (``strings``: the file's)."""
    problems: list[Problem] = []
    for path, value in strings:
        if path[:1] == ("categories",):
            continue
        found = value.find(PLACEHOLDER)
        if found >= 0:
            what = _field_schema(schema, path).get("description", "")
            fix = (
                "replace it, or delete the field (it is optional)"
                if path[0] in ("expansion", "details")
                else ("replace it with the real text")
            )
            problems.append(
                Problem(
                    doc.path,
                    *doc.locate(path, value, found),
                    field_name(path),
                    f"placeholder '{PLACEHOLDER}' is still here",
                    fix + (f": {what}" if what else ""),
                )
            )
            continue
        if path[0] in TEXT_FIELDS and len(path) == 1 and value and not value.strip():
            field = field_name(path)
            problems.append(Problem(doc.path, *doc.value_where(*path), field, f"{field} is blank", "write the text"))
        elif path[0] in ONE_LINE_FIELDS and path[0] != "summary" and "\n" in value.strip():
            field = field_name(path)
            problems.append(
                Problem(
                    doc.path,
                    *doc.value_where(*path),
                    field,
                    f"{field} must be on one line",
                    "join the lines, or move the longer text into the definition",
                )
            )
    return problems


def _strings(value: Any) -> list[tuple[KeyPath, str]]:
    """Every string in a parsed file, with its key path, in document order; other types are skipped."""
    found: list[tuple[KeyPath, str]] = []
    stack: list[tuple[KeyPath, Any]] = [((), value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, str):
            if path:
                found.append((path, item))
        elif isinstance(item, dict):
            stack.extend(((*path, key), child) for key, child in reversed(item.items()))
        elif isinstance(item, list):
            stack.extend(((*path, index), child) for index, child in reversed(list(enumerate(item))))
    return found


def cross_checkable(doc: Document) -> bool:
    """True when a file's fields have the types the checks across files rely on.

    Such a file can take part in the duplicate, alias and related-id checks
    even if it has other problems, so one run reports everything.
    """
    data = doc.data
    if not isinstance(data, dict) or data.get("id") != doc.path.stem or not isinstance(data.get("name"), str):
        return False  # a file whose id is not its name is reported once, by check_file
    aliases, related = data.get("aliases", []), data.get("related", [])
    if not isinstance(aliases, list) or not all(isinstance(item, str) for item in aliases):
        return False
    if not isinstance(related, list) or not all(
        isinstance(item, str) or (isinstance(item, dict) and isinstance(item.get("id"), str)) for item in related
    ):
        return False
    for key in ("definition", "details"):
        if not isinstance(data.get(key, ""), str):
            return False
    rows = data.get("table_rows", {})
    return isinstance(rows, dict) and all(
        isinstance(value, list) and all(isinstance(row, dict) for row in value) for value in rows.values()
    )
