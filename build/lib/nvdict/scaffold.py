"""Write a new term file from the schema, ready to fill in.

The file has the schema line, every field in the project's order with its
description as a comment, and ``TODO`` placeholders that ``check`` refuses
until they are replaced. A name that is already an entry or an alias
(compared ignoring case) is refused, and no existing file is ever overwritten.
"""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from nvdict.model import slugify
from nvdict.safety import scan
from nvdict.source import read_yaml
from nvdict.validate import PLACEHOLDER, SCHEMA_LINE, SCHEMA_NAME, closest, load_schema

KEY_ORDER = ("id", "name", "expansion", "aliases", "summary", "categories", "definition", "related", "references")
"""The order of fields in every term file."""
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_PLAIN = re.compile(r"^[A-Za-z0-9(][A-Za-z0-9 ._/()+-]*$")


class ScaffoldError(Exception):
    """The new term cannot be created; the message says why and what to do."""


@dataclass(frozen=True)
class Owner:
    """An existing entry that answers to a name."""

    file: str
    name: str
    kind: str
    """'name', 'alias' or 'id'."""


def known_names(terms: Path) -> tuple[dict[str, Owner], dict[str, Owner]]:
    """Existing names and aliases (case-folded) and ids and alias anchors, read from ``terms``.

    Files that cannot be read still reserve their file name as an id.
    """
    names: dict[str, Owner] = {}
    ids: dict[str, Owner] = {}
    for path in sorted(terms.glob("*.yaml")):
        if path.name.startswith("_"):
            continue
        doc, _ = read_yaml(path)
        data: dict[str, Any] = doc.data if doc is not None and isinstance(doc.data, dict) else {}
        main = data.get("name") if isinstance(data.get("name"), str) else path.stem
        ids.setdefault(path.stem, Owner(path.name, main, "id"))
        if isinstance(data.get("id"), str):
            ids.setdefault(data["id"], Owner(path.name, main, "id"))
        if isinstance(data.get("name"), str):
            names.setdefault(data["name"].casefold(), Owner(path.name, main, "name"))
        aliases = data.get("aliases") if isinstance(data.get("aliases"), list) else []
        for alias in aliases:
            if isinstance(alias, str):
                names.setdefault(alias.casefold(), Owner(path.name, main, "alias"))
                ids.setdefault(slugify(alias), Owner(path.name, main, f"alias '{alias}'"))
    return names, ids


def yaml_text(value: str) -> str:
    """``value`` as a YAML scalar: plain when that reads back unchanged, else double-quoted."""
    if _PLAIN.match(value) and value == value.strip() and yaml.safe_load(value) == value:
        return value
    return json.dumps(value, ensure_ascii=False)


def _comment(text: str) -> str:
    return "\n".join(f"# {line}" for line in textwrap.wrap(text, width=100, break_on_hyphens=False))


def render(term_id: str, name: str, category: str | None, schema: dict[str, Any]) -> str:
    """The text of a new term file."""
    fields = schema["properties"]
    categories = [option["const"] for option in schema["$defs"]["category"]["oneOf"]]

    def about(key: str, extra: str = "") -> str:
        description = fields.get(key, {}).get("description", "")
        return _comment(" ".join(part for part in (description, extra) if part))

    lines = [
        SCHEMA_LINE,
        f"# New entry: replace every {PLACEHOLDER}, then run `python -m nvdict check`.",
        "# Style guide: docs/style-guide.md. Optional fields can be deleted.",
        about("id"),
        f"id: {term_id}",
        about("name"),
        f"name: {yaml_text(name)}",
        about("expansion", "Optional: delete the line if there is none."),
        f"expansion: {PLACEHOLDER}",
        about("aliases", "Optional."),
        "aliases: []",
        about("summary"),
        f"summary: {PLACEHOLDER}",
        about("categories", "One or more of: " + ", ".join(categories) + "."),
        "categories:",
        f"- {category or PLACEHOLDER}",
        about("definition"),
        "definition: |-",
        f"  {PLACEHOLDER}",
        about("related", "Optional."),
        "related: []",
        about("references"),
        "references:",
        f"- title: {PLACEHOLDER}",
        f"  url: https://{PLACEHOLDER}",
    ]
    return "\n".join(lines) + "\n"


def new_term(root: Path, name: str, term_id: str | None = None, category: str | None = None) -> Path:
    """Create ``terms/<id>.yaml`` for ``name``; raise ``ScaffoldError`` when it cannot be made."""
    terms = root / "terms"
    schema_file = terms / SCHEMA_NAME
    if not schema_file.is_file():
        raise ScaffoldError(f"{schema_file} not found: run this in the dictionary's repository or pass --root")
    schema = load_schema(schema_file.resolve())
    name = name.strip()
    _check_name(name)
    term_id = term_id.strip() if term_id else slugify(name)
    if not term_id:
        raise ScaffoldError(f"cannot make an id from {name!r}: pass one with --id, e.g. --id my-term")
    if not _ID.match(term_id) or len(term_id) > 60:
        suggestion = slugify(term_id)
        raise ScaffoldError(
            f"'{term_id}' is not a valid id: use lower-case letters and digits joined by single hyphens"
            + (f" (e.g. '{suggestion}')" if suggestion and suggestion != term_id else "")
        )
    categories = [option["const"] for option in schema["$defs"]["category"]["oneOf"]]
    if category is not None and category not in categories:
        match = closest(category, categories)
        raise ScaffoldError(
            f"unknown category '{category}'"
            + (f": did you mean '{match}'?" if match else f"; use one of: {', '.join(categories)}")
        )
    names, ids = known_names(terms)
    path = terms / f"{term_id}.yaml"
    owner = names.get(name.casefold())
    if owner:
        what = "the name" if owner.kind == "name" else f"an alias of '{owner.name}'"
        raise ScaffoldError(
            f"'{name}' is already {what} in terms/{owner.file} (names are compared ignoring case): "
            "edit that entry instead, or choose a more specific name"
        )
    if path.exists() or term_id in ids:
        taken = ids.get(term_id) or Owner(path.name, term_id, "id")
        what = "the id" if taken.kind == "id" else f"the anchor of {taken.kind}"
        raise ScaffoldError(
            f"id '{term_id}' is already {what} of terms/{taken.file} ('{taken.name}'): "
            "edit that entry, or pass a different --id"
        )
    text = render(term_id, name, category, schema)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise ScaffoldError(f"terms/{path.name} was created meanwhile: it was left as it is") from None
    return path


def _check_name(name: str) -> None:
    if not name:
        raise ScaffoldError('the name is empty: pass the name as engineers write it, e.g. nvdict new "AF_XDP"')
    if "\n" in name or "\r" in name:
        raise ScaffoldError("the name must be on one line")
    if _INVISIBLE.search(name):
        raise ScaffoldError("the name contains a control or bidirectional character: type it again")
    if len(name) > 80:
        raise ScaffoldError(f"the name is {len(name)} characters; at most 80 (put the long form in 'expansion')")
    if PLACEHOLDER in name:
        raise ScaffoldError(f"the name cannot contain '{PLACEHOLDER}'")
    findings = scan(name)
    if findings:
        raise ScaffoldError(f"the name is refused: {findings[0].message}")
