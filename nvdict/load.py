"""Read ``terms/`` into a checked ``Dictionary``, or report every problem.

Files whose names start with ``_`` hold the dictionary's own structure:
``_categories.yaml``, ``_tables.yaml`` (comparison tables), ``_compositions.yaml``
(architectures) and ``_corrections.yaml`` (the content-correction log), read
and checked by ``nvdict.structure``.
"""

from __future__ import annotations

import errno
import gc
import hashlib
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from nvdict.checked import CheckedFiles, jobs
from nvdict.derive import derive
from nvdict.layout import reserved_ids, why_reserved
from nvdict.linking import EXPLICIT_LINK, warm_up
from nvdict.lookalike import comparison_key, differing
from nvdict.model import (
    Category,
    ComparisonTable,
    Correction,
    Diagram,
    Dictionary,
    Reference,
    StaticTable,
    Term,
    slugify,
)
from nvdict.problems import DictionaryError, Problem
from nvdict.safety import strip_code
from nvdict.source import MAX_REPEATS, Document
from nvdict.structure import (
    CATEGORIES_FILE,
    read_categories,
    read_compositions,
    read_corrections,
    read_tables,
    schema_categories_problems,
)
from nvdict.validate import SCHEMA_NAME, category_definitions, cross_checkable, suggest


def terms_dir(root: Path) -> Path:
    return root / "terms"


def schema_path(root: Path) -> Path:
    return terms_dir(root) / SCHEMA_NAME


def term_files(root: Path) -> list[Path]:
    """Every ``terms/*.yaml`` whose name does not start with ``_``, in name order (links included)."""
    folder = terms_dir(root)
    try:
        with os.scandir(folder) as listing:
            names = [entry.name for entry in listing if entry.name.endswith(".yaml") and entry.name[0] != "_"]
    except OSError:
        return []
    return [folder / name for name in sorted(names)]


COLLECT_AFTER = 200_000
"""While the dictionary is read, cycles are looked for after this many new containers, not 700."""


@contextmanager
def few_collections() -> Iterator[None]:
    """Look for reference cycles rarely while the dictionary is read.

    Reading makes hundreds of thousands of lists and dicts that all stay alive, and each
    default collection walked them again to free nothing: about a tenth of a 10,000-term
    check (docs/benchmarks.md). Reading makes no cycles worth collecting early.
    """
    threshold = gc.get_threshold()
    gc.set_threshold(max(threshold[0], COLLECT_AFTER), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


def check(
    root: Path, files: CheckedFiles | None = None, meanwhile: Callable[[], object] | None = None
) -> tuple[Dictionary | None, list[Problem]]:
    """Read and check everything; return the dictionary (if sound) and all problems.

    The dictionary's derived parts (links, backlinks, rows) are left empty: finding them
    finds no problem, so only what builds pages asks for them (``load``, ``derive``).
    ``files``: reuse what an earlier check found in the files that have not changed since
    (by default, what the last run kept in the project's cache folder). ``meanwhile``: work for
    this process while other processes check files (when they do).
    """
    with few_collections():
        return _check(root, files, meanwhile)


def _check(
    root: Path, files: CheckedFiles | None, meanwhile: Callable[[], object] | None
) -> tuple[Dictionary | None, list[Problem]]:
    root = root.resolve()
    paths = term_files(root)
    problems: list[Problem] = check_tree(root, paths)
    if schema_path(root).is_symlink() or not schema_path(root).is_file():
        missing = Problem(schema_path(root), 1, 1, "", "the term schema is missing", "restore it from git")
        return None, problems or [missing]
    docs: list[Document] = []
    for stray in sorted(terms_dir(root).glob("*.yml")):
        problems.append(Problem(stray, 1, 1, "", "term files must end in .yaml", f"rename it to {stray.stem}.yaml"))
    schema = schema_path(root)
    reserved = reserved_ids(root)
    files = files if files is not None else CheckedFiles.on_disk(root, schema)
    for doc, found, file_problems in files.all(paths, schema, meanwhile):
        problems += found + file_problems
        if doc is None:
            continue
        term_id = doc.data.get("id") if isinstance(doc.data, dict) else None
        if isinstance(term_id, str) and term_id in reserved:
            problems.append(_reserved_problem(doc, ("id",), term_id, root))
        if not file_problems or cross_checkable(doc):  # so one run reports every problem
            docs.append(doc)
    # Ids of every term file, sound or not: a broken file is reported once, not as
    # an "unknown id" in every file that mentions it.
    known = {path.stem for path in paths}
    categories, category_problems = read_categories(terms_dir(root) / CATEGORIES_FILE)
    problems += category_problems + schema_categories_problems(schema, categories)
    if not (terms_dir(root) / CATEGORIES_FILE).exists():  # a dictionary without the file: the schema's list
        categories = {
            c["const"]: Category(c["const"], c["title"], c["description"]) for c in category_definitions(schema)
        }
    tables, table_problems = read_tables(terms_dir(root) / "_tables.yaml", known)
    problems += table_problems
    problems += _check_across(docs, tables, known)
    compositions, composition_problems = read_compositions(terms_dir(root) / "_compositions.yaml", known)
    problems += composition_problems
    corrections, correction_problems = _read_corrections(terms_dir(root) / "_corrections.yaml", known)
    problems += correction_problems
    files.save()
    if problems:
        return None, problems
    dictionary = Dictionary(
        terms={doc.data["id"]: _term(doc) for doc in docs},
        categories=categories,
        tables=tables,
        compositions=compositions,
        corrections=corrections,
        root=root,
    )
    return dictionary, []


_log_cache: dict[Path, tuple[bytes, frozenset[str], list[Correction], list[Problem]]] = {}


def _read_corrections(path: Path, known: set[str]) -> tuple[list[Correction], list[Problem]]:
    """``read_corrections``, reusing the last result while the log's bytes and the known ids stay the same.

    The log is megabytes of YAML, read again by every rebuild of ``mkdocs serve`` (0.45 s of it);
    a contributor's edit of one term leaves it unchanged. Each call returns new lists.
    """
    if path.is_symlink() or not path.is_file():
        return read_corrections(path, known)
    digest = hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
    ids = frozenset(known)
    cached = _log_cache.get(path)
    if cached is None or cached[:2] != (digest, ids):
        cached = (digest, ids, *read_corrections(path, known))
        _log_cache[path] = cached
    return list(cached[2]), list(cached[3])


TREE = ("terms", "docs")
"""Folders whose files the build reads; links in them are checked before anything is read."""


def check_tree(root: Path, paths: list[Path] | None = None) -> list[Problem]:
    """Symbolic links in terms/ and docs/ that could make a build read or publish the wrong file.

    A link that leads outside the repository, that leads nowhere or that
    leads back to itself is a problem naming the link, where it points and
    the fix. Links to term files are refused by ``read_yaml`` itself (term
    files must be regular files), so they are not reported twice. Nothing is
    followed: linked folders are not entered. ``paths``: the term files, when known.
    """
    root = root.resolve()
    term_links = {path.name for path in (term_files(root) if paths is None else paths)}
    problems: list[Problem] = []
    for folder in TREE:
        base = root / folder
        if base.is_symlink():
            problems += _link_problem(base, root)
            continue
        for path in _links_under(base):
            if not (folder == "terms" and path.parent == base and path.name in term_links):
                problems += _link_problem(path, root)
    return problems


def _links_under(folder: Path) -> Iterator[Path]:
    """The symbolic links in ``folder`` and the folders under it, none followed, in ``os.walk``'s order.

    The directory listing says which entries are links: no file is looked at one by one.
    """
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError:
        return
    yield from (Path(entry.path) for entry in sorted(entries, key=lambda e: e.name) if entry.is_symlink())
    for entry in entries:
        if not entry.is_symlink() and entry.is_dir():
            yield from _links_under(Path(entry.path))


def _link_problem(path: Path, root: Path) -> list[Problem]:
    """What is wrong with the symbolic link ``path`` (nothing if it leads to a file inside ``root``)."""
    written = os.readlink(path)
    try:
        target = Path(os.path.realpath(path, strict=True))
    except OSError as error:
        if error.errno == errno.ELOOP:
            message = f"symbolic link loop: '{written}' leads back to itself"
        else:
            message = f"symbolic link to '{written}', which does not exist"
        return [Problem(path, 1, 1, "", message, "delete the link, or replace it with the file it should be")]
    if target.is_relative_to(root):
        return []
    return [
        Problem(
            path,
            1,
            1,
            "",
            f"symbolic link to '{target}', outside the repository: the build would read or publish "
            "a file from elsewhere on this computer",
            "replace the link with a copy of the file inside the repository (or delete it)",
        )
    ]


def _reserved_problem(doc: Document, key: tuple[str | int, ...], item_id: str, root: Path | None) -> Problem:
    """An id that would take the place of a page the site generates or that docs/ holds."""
    if root is None:
        why = f"tables and architectures have an overview page at {item_id}/"
        hint = f"choose a more specific id, e.g. '{doc.path.stem.lstrip('_')}-overview'"
    else:
        why = why_reserved(item_id, root) or "the name is reserved"
        categories = doc.data.get("categories") if isinstance(doc.data, dict) else None
        area = categories[0] if isinstance(categories, list) and categories and isinstance(categories[0], str) else ""
        better = f"{item_id}-{area or 'term'}"
        hint = f"choose a more specific id and rename the file to match, e.g. id: {better} in terms/{better}.yaml"
    message = f"id '{item_id}' is reserved: {why}, so the two would replace each other"
    return Problem(doc.path, *doc.value_where(*key), ".".join(map(str, key)), message, hint)


def load(root: Path, files: CheckedFiles | None = None) -> Dictionary:
    """The checked and derived dictionary; raises ``DictionaryError`` listing every problem."""
    root = root.resolve()
    files = files if files is not None else CheckedFiles.on_disk(root, schema_path(root))
    dictionary, problems = check(root, files, meanwhile=warm_up)  # linking's word list, loaded while others check
    if dictionary is None:
        raise DictionaryError(problems, root)
    derive(dictionary, jobs() if files.parallel else 1, files.links)
    if files.links is not None:
        files.links.save()
    return dictionary


def _term(doc: Document) -> Term:
    data = doc.data
    return Term(
        id=data["id"],
        name=data["name"],
        summary=data["summary"].strip(),
        definition=data["definition"].strip(),
        categories=list(data["categories"]),
        source=doc.path,
        expansion=data.get("expansion"),
        aliases=list(data.get("aliases", [])),
        autolink=data.get("autolink", True),
        link_forms=list(data.get("link_forms", [])),
        not_links=list(data.get("not_links", [])),
        diagrams=[
            Diagram(d["code"].rstrip("\n"), d.get("kind", "text"), d.get("title")) for d in data.get("diagrams", [])
        ],
        tables=[StaticTable(t["columns"], t["rows"], t.get("title")) for t in data.get("tables", [])],
        details=(data.get("details") or "").strip() or None,
        related=[item if isinstance(item, str) else item["id"] for item in data.get("related", [])],
        relations={item["id"]: item["kind"] for item in data.get("related", []) if isinstance(item, dict)},
        reviewed=str(data["reviewed"]) if data.get("reviewed") else None,
        versions={str(k): str(v) for k, v in data.get("versions", {}).items()},
        status=data.get("status", "current"),
        status_note=data.get("status_note"),
        references=[Reference(r["title"], r["url"]) for r in data.get("references", [])],
        table_rows={key: [dict(row) for row in rows] for key, rows in data.get("table_rows", {}).items()},
    )


def _check_link_forms(doc: Document) -> list[Problem]:
    """``link_forms`` are spellings of the entry's own names; ``not_links`` phrases contain one."""
    data = doc.data
    names = [data["name"], *data.get("aliases", [])]
    folded = {name.casefold() for name in names}
    problems: list[Problem] = []
    forms, phrases = data.get("link_forms", []), data.get("not_links", [])
    for index, form in enumerate(forms if isinstance(forms, list) else []):
        if isinstance(form, str) and form.casefold() not in folded:
            problems.append(
                Problem(
                    doc.path,
                    *doc.where("link_forms", index),
                    f"link_forms.{index}",
                    f"'{form}' is not a spelling of this entry's name or aliases",
                    "list only names and aliases in the case they are written in text; add a new name to aliases first",
                )
            )
    for index, phrase in enumerate(phrases if isinstance(phrases, list) else []):
        if not isinstance(phrase, str):
            continue
        words = _spaced_words(phrase)
        if phrase.casefold() in folded:
            message = f"'{phrase}' is a name of this entry: listing it here would stop it from linking"
        elif not any(_spaced_words(name) in words for name in folded):
            message = f"'{phrase}' does not contain a name of this entry, so it could never be mistaken for it"
        else:
            continue
        problems.append(Problem(doc.path, *doc.where("not_links", index), f"not_links.{index}", message, "remove it"))
    return problems


def _spaced_words(text: str) -> str:
    """The words of ``text``, case-folded, each between spaces (to test for a run of whole words)."""
    return " " + " ".join(_WORDS.findall(text.casefold())) + " "


_WORDS = re.compile(r"\w+")


def _check_across(docs: list[Document], tables: dict[str, ComparisonTable], known: set[str]) -> list[Problem]:
    """Checks that need the whole dictionary: ids, names, links, table rows."""
    problems: list[Problem] = []
    ids: dict[str, Document] = {}
    for doc in docs:
        term_id = doc.data["id"]
        if term_id in ids:
            problems.append(
                Problem(
                    doc.path,
                    *doc.where("id"),
                    "id",
                    f"duplicate id '{term_id}', also used by {ids[term_id].path.name}",
                    "choose a different id",
                )
            )
        ids.setdefault(term_id, doc)
    owners: dict[str, tuple[Document, str, tuple[str | int, ...]]] = {}
    anchors: dict[str, tuple[Document, str]] = {term_id: (doc, f"id {term_id}") for term_id, doc in ids.items()}
    for doc in docs:
        for key, name in [(("name",), doc.data["name"])] + [
            (("aliases", i), alias) for i, alias in enumerate(doc.data.get("aliases", []))
        ]:
            folded = comparison_key(name)
            if folded in owners:
                other, other_name, other_key = owners[folded]
                whose = "this entry" if other is doc else f"{other.path.name} ('{other_name}')"
                if name.casefold() == other_name.casefold():
                    how, fix = (
                        "(names are compared ignoring case)",
                        "keep it on one entry only, or make it more specific",
                    )
                else:
                    how = f"(they look the same: {differing(name, other_name)})"
                    fix = "retype the name with ordinary letters, or keep it on one entry only"
                problems.append(
                    Problem(
                        doc.path,
                        *doc.where(*key),
                        ".".join(map(str, key)),
                        f"'{name}' is also a name or alias of {whose} {how}",
                        f"names must be unique: {fix}",
                    )
                )
                if other is not doc:
                    # Either file may be the new one: tell both.
                    if how.startswith("(they"):
                        how = f"(they look the same: {differing(other_name, name)})"
                    problems.append(
                        Problem(
                            other.path,
                            *other.where(*other_key),
                            ".".join(map(str, other_key)),
                            f"'{other_name}' is also a name or alias of {doc.path.name} ('{name}') {how}",
                            f"names must be unique: {fix}",
                        )
                    )
                continue
            owners[folded] = (doc, name, key)
            if key[0] == "aliases":
                anchor = slugify(name)
                if anchor in anchors:
                    owner, owner_name = anchors[anchor]
                    whose = "this entry" if owner is doc else owner.path.name
                    problems.append(
                        Problem(
                            doc.path,
                            *doc.where(*key),
                            ".".join(map(str, key)),
                            f"alias '{name}' differs from {owner_name} of {whose} only by case or punctuation "
                            f"(both would be #{anchor})",
                            "remove it: search already matches it" if owner is doc else "choose a different alias",
                        )
                    )
                    continue
                anchors[anchor] = (doc, f"'{name}'")
    for doc in docs:
        term_id = doc.data["id"]
        for index, item in enumerate(doc.data.get("related", [])):
            other = item if isinstance(item, str) else item["id"]
            if other == term_id:
                problems.append(
                    Problem(
                        doc.path,
                        *doc.where("related", index),
                        f"related.{index}",
                        "an entry cannot be related to itself",
                        f"remove '{other}'",
                    )
                )
            elif other not in known:
                problems.append(
                    Problem(
                        doc.path,
                        *doc.where("related", index),
                        f"related.{index}",
                        f"unknown entry id '{other}'",
                        suggest(other, known) or "related lists ids of other term files (terms/<id>.yaml)",
                    )
                )
        for field in ("definition", "details"):
            text = doc.data.get(field) or ""
            if all(m.group(1) in known and m.group(1) != term_id for m in EXPLICIT_LINK.finditer(text)):
                # Code is blanked out to spaces and a link has none, so the links outside code are
                # some of these: every one is sound, and the code need not be found.
                continue
            found: dict[str, list[Problem]] = {"unknown": [], "itself": []}
            counts = dict.fromkeys(found, 0)
            for match in EXPLICIT_LINK.finditer(strip_code(text)):
                target = match.group(1)
                kind = "unknown" if target not in known else "itself" if target == term_id else ""
                if not kind:
                    continue
                counts[kind] += 1
                if counts[kind] > MAX_REPEATS:
                    continue  # a position is only worked out for the problems that are listed
                where = doc.locate((field,), text, match.start(1))
                if kind == "unknown":
                    message = f"link to unknown entry 'id:{target}'"
                    hint = suggest(target, known) or "link an existing id: [text](id:other-id)"
                else:
                    message, hint = "an entry cannot link to itself", f"remove the link to id:{target}"
                found[kind].append(Problem(doc.path, *where, field, message, hint))
            for kind, listed in found.items():
                if counts[kind] > len(listed):
                    last = listed[-1]
                    note = f"{last.message} ({counts[kind] - len(listed)} more like this)"
                    listed[-1] = Problem(last.path, last.line, last.column, last.field, note, last.hint)
                problems += listed
        problems += _check_link_forms(doc)
        for table_id, rows in doc.data.get("table_rows", {}).items():
            table = tables.get(table_id)
            if table is None:
                problems.append(
                    Problem(
                        doc.path,
                        *doc.where("table_rows", table_id),
                        f"table_rows.{table_id}",
                        f"unknown table '{table_id}'",
                        suggest(table_id, tables) or f"tables are defined in terms/_tables.yaml: {', '.join(tables)}",
                    )
                )
                continue
            keys = {column.key for column in table.columns} | {"label", "sources"}
            problems += _unsourced_figures(doc, table, rows)
            for index, row in enumerate(rows):
                for column in row:
                    if column not in keys:
                        problems.append(
                            Problem(
                                doc.path,
                                *doc.where("table_rows", table_id, index, column),
                                f"table_rows.{table_id}.{index}.{column}",
                                f"table '{table_id}' has no column '{column}'",
                                suggest(column, keys) or f"columns: {', '.join(sorted(keys))}",
                            )
                        )
    return problems


_cache: dict[Path, tuple[tuple[tuple[str, int, int], ...], Dictionary]] = {}


def _fingerprint(root: Path) -> tuple[tuple[str, int, int], ...]:
    found = []
    for path in sorted(terms_dir(root).glob("*.y*ml")):
        stat = path.lstat()  # a link is reported by check, never followed here
        found.append((path.name, stat.st_mtime_ns, stat.st_size))
    return tuple(found)


def load_cached(root: Path, files: CheckedFiles | None = None) -> Dictionary:
    """``load``, reusing the last result while no file in terms/ has changed."""
    root = root.resolve()
    fingerprint = _fingerprint(root)
    cached = _cache.get(root)
    if cached and cached[0] == fingerprint:
        return cached[1]
    dictionary = load(root, files)
    _cache[root] = (fingerprint, dictionary)
    return dictionary


def _unsourced_figures(doc: Document, table: ComparisonTable, rows: list[dict[str, Any]]) -> list[Problem]:
    """A figure in a comparison table names its published source or reads as an estimate (starts with ~)."""
    problems = []
    for index, row in enumerate(rows):
        sources = row.get("sources") if isinstance(row.get("sources"), dict) else {}
        for column in table.columns:
            value = row.get(column.key)
            if not column.figure or not isinstance(value, str) or value.startswith("~") or column.key in sources:
                continue
            problems.append(
                Problem(
                    doc.path,
                    *doc.value_where("table_rows", table.id, index, column.key),
                    f"table_rows.{table.id}.{index}.{column.key}",
                    f"the figure '{value}' has no source",
                    f"mark it as an estimate ('~{value}') or add 'sources: {{{column.key}: {{title: ..., url: ...}}}}' "
                    "to the row, naming the published measurement",
                )
            )
    return problems
