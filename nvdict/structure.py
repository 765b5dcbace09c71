"""Read the dictionary's own structure files, checking everything the build reads from them.

``terms/_categories.yaml``, ``_tables.yaml``, ``_compositions.yaml`` and
``_corrections.yaml`` are lists of mappings. Each problem is reported at the
line and column of the item or value concerned, read with the same line-aware
YAML reading as term files (``nvdict.source``). When these checks pass, the
build finds every field it reads, with the type it expects, and every id an
item names exists.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nvdict.layout import NESTED_RESERVED_IDS
from nvdict.model import Category, Column, ComparisonTable, Composition, Correction, Reference
from nvdict.problems import Problem
from nvdict.safety import scan_diagram
from nvdict.source import Document, read_yaml
from nvdict.validate import describe, suggest

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_KEY = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)*$")
_DATE = re.compile(r"^20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")


@dataclass(frozen=True)
class Field:
    """One field of an item: its type, whether it must be there, and its own check."""

    kind: type | tuple[type, ...]
    required: bool = True
    check: Callable[[Any], str | None] | None = None
    """Returns what is wrong with a value of the right type, or None."""


def _id_check(value: str) -> str | None:
    return None if _ID.match(value) else "ids are lower-case words joined by hyphens"


def _not_blank(value: str) -> str | None:
    return None if value.strip() else "it is blank"


def _url_check(value: str) -> str | None:
    return None if value.startswith("https://") and len(value) > len("https://") else "expected an https:// address"


def _page_id_check(value: str) -> str | None:
    """The id of a table or an architecture, whose pages sit under tables/ and compositions/."""
    if value in NESTED_RESERVED_IDS:
        return f"'{value}' is reserved: the overview page is {value}.md, so the two would replace each other"
    return _id_check(value)


TEXT = Field(str, check=_not_blank)
OPTIONAL_TEXT = Field(str, required=False, check=_not_blank)
ID = Field(str, check=_id_check)
PAGE_ID = Field(str, check=_page_id_check)


class _Reader:
    """Checks the items of one structure file, collecting problems with positions."""

    def __init__(self, doc: Document, what: str) -> None:
        self.doc, self.what = doc, what
        self.problems: list[Problem] = []

    def problem(self, keys: tuple[str | int, ...], message: str, hint: str = "", value: bool = False) -> None:
        where = self.doc.value_where(*keys) if value else self.doc.where(*keys)
        self.problems.append(Problem(self.doc.path, *where, ".".join(map(str, keys)), message, hint))

    def items(self) -> Iterable[tuple[int, dict[str, Any]]]:
        for index, item in enumerate(self.doc.data):
            if isinstance(item, dict):
                yield index, item
            else:
                self.problem(
                    (index,),
                    f"each {self.what} is a mapping of fields, found {describe(item)}",
                    "write 'id: ...' and the other fields under '- '",
                )

    def fields(self, keys: tuple[str | int, ...], item: dict[str, Any], spec: dict[str, Field]) -> bool:
        """Check ``item`` against ``spec``; True when every field is usable."""
        sound = True
        for key in item:
            if key not in spec:
                self.problem(
                    (*keys, key), f"unknown field '{key}'", suggest(key, spec) or f"the fields are: {', '.join(spec)}"
                )
        for key, field in spec.items():
            if key not in item:
                if field.required:
                    self.problem(keys, f"{self.what} lacks '{key}'", f"add '{key}:'")
                    sound = False
                continue
            value = item[key]
            kinds = field.kind if isinstance(field.kind, tuple) else (field.kind,)
            if not isinstance(value, kinds) or (bool not in kinds and isinstance(value, bool)):
                names = " or ".join(describe(kind()) for kind in kinds)
                self.problem(
                    (*keys, key),
                    f"'{key}' must be {names}, found {describe(value)}",
                    "see the other items for the form",
                    value=True,
                )
                sound = False
                continue
            wrong = field.check(value) if field.check else None
            if wrong:
                self.problem((*keys, key), f"'{key}': {wrong}", "see the other items for the form", value=True)
                sound = False
        return sound

    def unique(self, keys: tuple[str | int, ...], value: str, seen: dict[str, int], label: str) -> bool:
        if value in seen:
            self.problem(
                keys,
                f"{label} '{value}' is used twice (first by item {seen[value]})",
                f"give each {self.what} its own {label}",
                value=True,
            )
            return False
        seen[value] = keys[0] if isinstance(keys[0], int) else 0
        return True

    def known(self, keys: tuple[str | int, ...], value: str, ids: set[str]) -> bool:
        if value in ids:
            return True
        self.problem(
            keys,
            f"unknown entry id '{value}'",
            suggest(value, ids) or "name the id of a term file (terms/<id>.yaml)",
            value=True,
        )
        return False


def _read(path: Path, what: str) -> tuple[_Reader | None, list[Problem]]:
    if path.is_symlink() or not path.exists():
        return None, []  # a link is reported by check_tree, never followed
    doc, problems = read_yaml(path, mapping=False)
    if doc is None:
        return None, problems
    if doc.data is None:
        doc.data = []
    if not isinstance(doc.data, list):
        line, column = doc.value_where()
        return None, [
            *problems,
            Problem(
                path,
                line,
                column,
                "",
                f"expected a list of {what}s at the top level, found {describe(doc.data)}",
                "start each item with '- '",
            ),
        ]
    reader = _Reader(doc, what)
    reader.problems += problems
    return reader, []


def read_categories(path: Path) -> tuple[dict[str, Category], list[Problem]]:
    """``_categories.yaml``: id, title, description (none when the file does not exist)."""
    reader, problems = _read(path, "category")
    if reader is None:
        return {}, problems
    categories: dict[str, Category] = {}
    seen: dict[str, int] = {}
    for index, item in reader.items():
        if reader.fields((index,), item, {"id": ID, "title": TEXT, "description": TEXT}) and reader.unique(
            (index, "id"), item["id"], seen, "id"
        ):
            categories[item["id"]] = Category(item["id"], item["title"], item["description"])
    return categories, reader.problems


def read_tables(path: Path, ids: set[str]) -> tuple[dict[str, ComparisonTable], list[Problem]]:
    """``_tables.yaml``: each table with its columns; a host must be an entry."""
    reader, problems = _read(path, "table")
    if reader is None:
        return {}, problems
    spec = {
        "id": PAGE_ID,
        "title": TEXT,
        "description": TEXT,
        "label": TEXT,
        "columns": Field(list, check=lambda v: None if v else "a table needs at least one column"),
        "note": OPTIONAL_TEXT,
        "host": Field(str, required=False, check=_id_check),
        "quick_reference": Field(bool, required=False),
    }
    column_spec = {
        "key": Field(str, check=lambda v: None if _KEY.match(v) else "column keys are lower-case words joined by '_'"),
        "title": TEXT,
        "figure": Field(bool, required=False),
    }
    tables: dict[str, ComparisonTable] = {}
    seen: dict[str, int] = {}
    for index, item in reader.items():
        sound = reader.fields((index,), item, spec)
        columns: list[Column] = []
        keys: dict[str, int] = {}
        for number, column in enumerate(item.get("columns") if isinstance(item.get("columns"), list) else []):
            where = (index, "columns", number)
            if not isinstance(column, dict):
                reader.problem(
                    where,
                    f"each column is a mapping with key and title, found {describe(column)}",
                    "write {key: name, title: Name}",
                )
                sound = False
            elif reader.fields(where, column, column_spec) and reader.unique(
                (*where, "key"), column["key"], keys, "column key"
            ):
                columns.append(Column(column["key"], column["title"], bool(column.get("figure", False))))
            else:
                sound = False
        if isinstance(item.get("host"), str) and not reader.known((index, "host"), item["host"], ids):
            sound = False
        if not sound or not reader.unique((index, "id"), item["id"], seen, "table id"):
            continue
        tables[item["id"]] = ComparisonTable(
            id=item["id"],
            title=item["title"],
            description=item["description"],
            label=item["label"],
            columns=columns,
            note=item.get("note"),
            host=item.get("host"),
            quick_reference=bool(item.get("quick_reference")),
        )
    return tables, reader.problems


def read_compositions(path: Path, ids: set[str]) -> tuple[list[Composition], list[Problem]]:
    """``_compositions.yaml``: every component an entry; Mermaid diagrams checked like term diagrams."""
    reader, problems = _read(path, "composition")
    if reader is None:
        return [], problems
    spec = {
        "id": PAGE_ID,
        "title": TEXT,
        "summary": TEXT,
        "text": TEXT,
        "components": Field(list, check=lambda v: None if v else "list at least one entry id"),
        "mermaid": OPTIONAL_TEXT,
        "notes": OPTIONAL_TEXT,
    }
    compositions: list[Composition] = []
    seen: dict[str, int] = {}
    for index, item in reader.items():
        sound = reader.fields((index,), item, spec)
        for number, component in enumerate(item.get("components") if isinstance(item.get("components"), list) else []):
            if not isinstance(component, str):
                reader.problem(
                    (index, "components", number),
                    f"a component is an entry id, found {describe(component)}",
                    "write the id of a term file",
                    value=True,
                )
                sound = False
            elif not reader.known((index, "components", number), component, ids):
                sound = False
        if isinstance(item.get("mermaid"), str):
            for finding in scan_diagram(item["mermaid"]):
                line, column = reader.doc.locate((index, "mermaid"), item["mermaid"], finding.offset)
                reader.problems.append(Problem(path, line, column, f"{index}.mermaid", finding.message, finding.hint))
                sound = False
        if not sound or not reader.unique((index, "id"), item["id"], seen, "composition id"):
            continue
        compositions.append(
            Composition(
                id=item["id"],
                title=item["title"],
                summary=item["summary"],
                text=item["text"].rstrip("\n"),
                components=list(item["components"]),
                mermaid=item.get("mermaid"),
                notes=item.get("notes"),
            )
        )
    return compositions, reader.problems


def read_corrections(path: Path, ids: set[str]) -> tuple[list[Correction], list[Problem]]:
    """``_corrections.yaml``: each correction names an entry, a date and, optionally, a source."""
    reader, problems = _read(path, "correction")
    if reader is None:
        return [], problems
    spec = {
        "date": Field(str, check=lambda v: None if _DATE.match(v) else "write the date as YYYY-MM-DD"),
        "entry": ID,
        "field": TEXT,
        "seed": TEXT,
        "now": TEXT,
        "why": TEXT,
        "source": Field(dict, required=False),
    }
    source_spec = {"title": TEXT, "url": Field(str, check=_url_check)}
    corrections: list[Correction] = []
    for index, item in reader.items():
        sound = reader.fields((index,), item, spec)
        source = item.get("source")
        if isinstance(source, dict) and not reader.fields((index, "source"), source, source_spec):
            sound = False
        if (
            isinstance(item.get("entry"), str)
            and _ID.match(item["entry"])
            and not reader.known((index, "entry"), item["entry"], ids)
        ):
            sound = False
        if not sound:
            continue
        corrections.append(
            Correction(
                date=item["date"],
                entry=item["entry"],
                field=item["field"],
                seed=item["seed"],
                now=item["now"],
                why=item["why"],
                source=Reference(source["title"], source["url"]) if isinstance(source, dict) else None,
            )
        )
    return corrections, reader.problems


CATEGORIES_FILE = "_categories.yaml"


def schema_categories(categories: dict[str, Category]) -> list[dict[str, str]]:
    """The categories as the schema lists them for editors (``$defs.category.oneOf``)."""
    return [{"const": c.id, "title": c.title, "description": c.description} for c in categories.values()]


def schema_categories_problems(schema: Path, categories: dict[str, Category]) -> list[Problem]:
    """A problem when the schema's category list is not the data file's."""
    import json

    if not categories or not schema.is_file():
        return []
    text = schema.read_text(encoding="utf-8")
    try:
        listed = json.loads(text)["$defs"]["category"]["oneOf"]
    except (ValueError, KeyError, TypeError):
        listed = None
    if listed == schema_categories(categories):
        return []
    line = text[: max(0, text.find('"category"'))].count("\n") + 1
    return [
        Problem(
            schema,
            line,
            1,
            "$defs.category",
            f"the categories listed here differ from terms/{CATEGORIES_FILE}, where categories are defined",
            "run `python -m nvdict schema` to copy them here (editors read the list from the schema)",
        )
    ]


def write_schema_categories(schema: Path, categories: dict[str, Category]) -> bool:
    """Copy the categories into the schema; True when the file changed."""
    import json

    data = json.loads(schema.read_text(encoding="utf-8"))
    listed = schema_categories(categories)
    if data["$defs"]["category"].get("oneOf") == listed:
        return False
    data["$defs"]["category"]["oneOf"] = listed
    schema.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return True
