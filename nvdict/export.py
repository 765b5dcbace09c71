"""The dictionary as data: JSON files with their schema, ``llms.txt`` and ``llms-full.txt``.

``write_export`` takes the checked, derived dictionary and writes, under ``out_dir``:

- ``api/terms.json``: every entry's facts (no long text), in dictionary order;
- ``api/terms/<id>.json``: one entry, with its definition and details as Markdown source,
  its diagrams and tables, and the ids of its See also and Referenced by entries;
- ``api/terms.schema.json``: the JSON Schema both kinds of file follow;
- ``llms.txt``: the llmstxt.org index, a link to every entry page with its summary;
- ``llms-full.txt``: every entry's full text as one Markdown document.

Nothing here knows about MkDocs: the site's hook calls ``write_export`` after the build.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from nvdict.linking import EXPLICIT_LINK
from nvdict.model import RELATIONS, Correction, Dictionary, Term, version_labels
from nvdict.urls import entry_url

FORMAT_VERSION = 1
"""Raised when a field changes meaning or disappears; new fields keep the version."""
API_DIR = "api"
INDEX_FILE = f"{API_DIR}/terms.json"
ENTRY_DIR = f"{API_DIR}/terms"
SCHEMA_FILE = f"{API_DIR}/terms.schema.json"
LLMS_FILE = "llms.txt"
LLMS_FULL_FILE = "llms-full.txt"
TITLE = "Network Virtualization Dictionary"
DESCRIPTION = (
    "An A–Z reference for network virtualization: kernel bypass, virtual interfaces, container networking, "
    "eBPF/XDP, SR-IOV, DPDK, SDN, NFV and observability."
)
_ID = "^[a-z0-9]+(-[a-z0-9]+)*$"
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")


# ---------------------------------------------------------------- addresses


def site_address(site_url: str | None, path: str) -> str:
    """``path`` (relative to the site root) under ``site_url``; relative when there is no site URL."""
    if not site_url:
        return path
    return f"{site_url.rstrip('/')}/{path}"


# ---------------------------------------------------------------- JSON records


def index_record(term: Term, directory_urls: bool = True) -> dict[str, Any]:
    """What ``api/terms.json`` says about one entry."""
    return {
        "id": term.id,
        "name": term.name,
        "expansion": term.expansion,
        "aliases": list(term.aliases),
        "summary": term.summary,
        "categories": list(term.categories),
        "related": [{"id": other, "kind": term.relations.get(other)} for other in term.related],
        "references": [{"title": ref.title, "url": ref.url} for ref in term.references],
        "reviewed": term.reviewed,
        "versions": dict(term.versions),
        "status": term.status,
        "status_note": term.status_note,
        "url": entry_url(term.id, directory_urls),
        "letter": term.letter,
    }


def entry_record(
    dictionary: Dictionary, term: Term, directory_urls: bool = True, log: list[Correction] | None = None
) -> dict[str, Any]:
    """``api/terms/<id>.json``: the index record plus the entry's text, derived links and corrections.

    ``log``: the entry's corrections, if the caller has grouped them already.
    """
    if log is None:
        log = dictionary.corrections_of(term.id)
    return {
        **index_record(term, directory_urls),
        "definition": term.definition,
        "details": term.details,
        "diagrams": [{"title": d.title, "kind": d.kind, "code": d.code} for d in term.diagrams],
        "tables": [
            {"title": t.title, "columns": list(t.columns), "rows": [list(r) for r in t.rows]} for t in term.tables
        ],
        "see_also": list(dictionary.see_also.get(term.id, [])),
        "referenced_by": list(dictionary.backlinks.get(term.id, [])),
        "corrections": [
            {
                "date": c.date,
                "field": c.field,
                "was": c.seed,
                "now": c.now,
                "why": c.why,
                "source": {"title": c.source.title, "url": c.source.url} if c.source else None,
            }
            for c in log
        ],
    }


def index_document(dictionary: Dictionary, site_url: str | None, directory_urls: bool = True) -> dict[str, Any]:
    """The whole of ``api/terms.json``."""
    return {
        "format_version": FORMAT_VERSION,
        "site_url": site_url or None,
        "count": len(dictionary.terms),
        "categories": {
            cid: {"title": category.title, "description": category.description}
            for cid, category in sorted(dictionary.categories.items())
        },
        "terms": [index_record(term, directory_urls) for term in dictionary.sorted_terms()],
    }


def export_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``api/terms.json`` and of every ``api/terms/<id>.json``."""
    text = {"type": "string", "minLength": 1}
    optional_text = {"type": ["string", "null"]}
    ids = {"type": "array", "items": {"type": "string", "pattern": _ID}}
    reference = {
        "type": "object",
        "additionalProperties": False,
        "required": ["title", "url"],
        "properties": {"title": text, "url": {"type": "string", "pattern": "^https://"}},
    }
    fields: dict[str, Any] = {
        "id": {"description": "Stable identifier, also the file name of the entry's term file.", **ids["items"]},
        "name": {"description": "The name as engineers write it.", **text},
        "expansion": {"description": "What the acronym stands for, or a short qualifier.", **optional_text},
        "aliases": {"description": "Other names that lead to this entry.", "type": "array", "items": text},
        "summary": {"description": "One sentence, plain text.", **text},
        "categories": {"description": "Category ids: keys of `categories` in api/terms.json.", **ids},
        "related": {
            "description": "Entries the author listed as related, and how they relate (null: not said).",
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "kind"],
                "properties": {"id": ids["items"], "kind": {"enum": [*RELATIONS, None]}},
            },
        },
        "references": {
            "description": "Primary sources.",
            "type": "array",
            "items": reference,
        },
        "reviewed": {
            "description": "YYYY-MM-DD when every claim was last checked against its sources, or null.",
            "type": ["string", "null"],
            "pattern": r"^\d{4}-\d{2}-\d{2}$",
        },
        "versions": {
            "description": "Project -> the version the claims hold for.",
            "type": "object",
            "additionalProperties": {"type": "string"},
        },
        "status": {"enum": ["current", "deprecated", "removed"]},
        "status_note": {"description": "Since when, and what replaces it (deprecated or removed).", **optional_text},
        "url": {
            "description": "The entry's page, relative to the site root: <id>/, or <id>.html in the offline bundle.",
            "type": "string",
            "pattern": "^[a-z0-9-]+(?:/|\\.html)$",
        },
        "letter": {"description": "The A–Z letter the entry is filed under (0-9 or # otherwise).", **text},
    }
    entry_fields: dict[str, Any] = {
        **fields,
        "definition": {
            "description": "Markdown source. A link to another entry is written [text](id:<id>), "
            "optionally with #anchor; its page is that entry's `url`.",
            **text,
        },
        "details": {"description": "Markdown source, like `definition`, or null.", **optional_text},
        "diagrams": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["title", "kind", "code"],
                "properties": {
                    "title": optional_text,
                    "kind": {"description": "text, mermaid, or a code language.", **text},
                    "code": text,
                },
            },
        },
        "tables": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["title", "columns", "rows"],
                "properties": {
                    "title": optional_text,
                    "columns": {"type": "array", "items": {"type": "string"}},
                    "rows": {"type": "array", "items": {"type": "array", "items": {"type": "string"}}},
                },
            },
        },
        "see_also": {"description": "Ids of the See also list: related either way.", **ids},
        "referenced_by": {"description": "Ids of the entries that link to or mention this one.", **ids},
        "corrections": {
            "description": "Where the entry departs from the dictionary's seed text or an earlier version, "
            "oldest first: the text replaced, its replacement, why, and the primary source (null where a "
            "figure was only reworded to read as an estimate).",
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["date", "field", "was", "now", "why", "source"],
                "properties": {
                    "date": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
                    "field": text,
                    "was": text,
                    "now": text,
                    "why": text,
                    "source": {"oneOf": [{"type": "null"}, reference]},
                },
            },
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"{TITLE}: JSON export",
        "description": "api/terms.json (every entry, without its long text) or api/terms/<id>.json (one entry).",
        "oneOf": [{"$ref": "#/$defs/index"}, {"$ref": "#/$defs/entry"}],
        "$defs": {
            "index": {
                "type": "object",
                "additionalProperties": False,
                "required": ["format_version", "site_url", "count", "categories", "terms"],
                "properties": {
                    "format_version": {"const": FORMAT_VERSION},
                    "site_url": {"description": "Where the site is published, or null.", **optional_text},
                    "count": {"type": "integer", "minimum": 0},
                    "categories": {
                        "type": "object",
                        "additionalProperties": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["title", "description"],
                            "properties": {"title": text, "description": text},
                        },
                    },
                    "terms": {"type": "array", "items": {"$ref": "#/$defs/term"}},
                },
            },
            "term": {
                "type": "object",
                "additionalProperties": False,
                "required": list(fields),
                "properties": fields,
            },
            "entry": {
                "type": "object",
                "additionalProperties": False,
                "required": list(entry_fields),
                "properties": entry_fields,
            },
        },
    }


# ---------------------------------------------------------------- Markdown


def _link_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def resolve_links(markdown: str, site_url: str | None, directory_urls: bool = True) -> str:
    """``[text](id:x#anchor)`` as a link to the page of entry ``x``."""
    return EXPLICIT_LINK.sub(
        lambda m: f"]({site_address(site_url, entry_url(m.group(1), directory_urls))}{m.group(2) or ''})",
        markdown,
    )


def demote_headings(markdown: str, levels: int) -> str:
    """Headings moved ``levels`` down (outside fenced code), so they nest under the entry's own."""
    lines = []
    fence: str | None = None
    for line in markdown.splitlines():
        opened = _FENCE.match(line)
        if opened:
            marker = opened.group(1)
            if fence is None:
                fence = marker
            elif marker.startswith(fence):
                fence = None
        elif fence is None and line.startswith("#"):
            line = "#" * levels + line
        lines.append(line)
    return "\n".join(lines)


def _fenced(code: str, info: str) -> str:
    longest = max((len(run) for run in re.findall(r"`{3,}", code)), default=2)
    fence = "`" * (longest + 1)
    return f"{fence}{info}\n{code}\n{fence}"


def _table(columns: list[str], rows: list[list[str]]) -> str:
    def row(cells: list[str]) -> str:
        return "| " + " | ".join(_one_line(cell).replace("|", "\\|") for cell in cells) + " |"

    return "\n".join([row(columns), "|" + "---|" * len(columns), *(row(cells) for cells in rows)])


def _entry_links(dictionary: Dictionary, ids: list[str], site_url: str | None, directory_urls: bool) -> str:
    return ", ".join(
        f"[{_link_text(dictionary.terms[i].name)}]({site_address(site_url, entry_url(i, directory_urls))})"
        for i in ids
        if i in dictionary.terms
    )


def llms_txt(
    dictionary: Dictionary,
    site_url: str | None,
    title: str = TITLE,
    description: str = DESCRIPTION,
    directory_urls: bool = True,
) -> str:
    """The llmstxt.org index: H1, summary, how to read it, then one H2 section per letter."""
    parts = [
        f"# {title}",
        f"> {_one_line(description)}",
        f"{len(dictionary.terms)} entries. Each link leads to one entry's page; the text after it is the "
        f"entry's one-sentence summary. The full text of every entry is in {LLMS_FULL_FILE}; the same data "
        f"as JSON is in {INDEX_FILE} (one file per entry in {ENTRY_DIR}/<id>.json).",
    ]
    by_letter: dict[str, list[Term]] = {}
    for term in dictionary.sorted_terms():
        by_letter.setdefault(term.letter, []).append(term)
    for letter, terms in by_letter.items():
        items = [
            f"- [{_link_text(term.name)}]({site_address(site_url, entry_url(term.id, directory_urls))}): "
            f"{_one_line(term.summary)}"
            for term in terms
        ]
        parts.append(f"## {letter}\n\n" + "\n".join(items))
    optional = [
        (LLMS_FULL_FILE, "every entry's definition, details and references as one Markdown file"),
        (INDEX_FILE, "every entry's facts as JSON"),
        (SCHEMA_FILE, "the JSON Schema of the JSON files"),
    ]
    parts.append(
        "## Optional\n\n" + "\n".join(f"- [{path}]({site_address(site_url, path)}): {note}" for path, note in optional)
    )
    return "\n\n".join(parts) + "\n"


def entry_markdown(dictionary: Dictionary, term: Term, site_url: str | None, directory_urls: bool = True) -> str:
    """One entry's full text, headed by an H2 with its name."""
    heading = f"## {term.name}" + (f" ({term.expansion})" if term.expansion else "")
    facts = [f"Page: {site_address(site_url, entry_url(term.id, directory_urls))}"]
    if term.aliases:
        facts.append("Also listed as: " + ", ".join(term.aliases))
    titles = [dictionary.categories[c].title if c in dictionary.categories else c for c in term.categories]
    facts.append("Categories: " + ", ".join(titles))
    if term.status != "current":
        facts.append(f"Status: {term.status}" + (f" ({_one_line(term.status_note)})" if term.status_note else ""))
    if term.reviewed:
        facts.append(f"Reviewed: {term.reviewed}")
    if term.versions:
        facts.append("Holds for: " + ", ".join(version_labels(term.versions)))
    parts = [heading, "  \n".join(facts), f"Summary: {_one_line(term.summary)}"]
    parts.append(demote_headings(resolve_links(term.definition, site_url, directory_urls), 2))
    for diagram in term.diagrams:
        block = _fenced(diagram.code, "" if diagram.kind == "text" else diagram.kind)
        parts.append(f"{diagram.title}:\n\n{block}" if diagram.title else block)
    for table in term.tables:
        block = _table(table.columns, table.rows)
        parts.append(f"{table.title}:\n\n{block}" if table.title else block)
    if term.details:
        parts.append(demote_headings(resolve_links(term.details, site_url, directory_urls), 2))
    for label, ids in (
        ("Related", term.related),
        ("See also", dictionary.see_also.get(term.id, [])),
        ("Referenced by", dictionary.backlinks.get(term.id, [])),
    ):
        if ids:
            parts.append(f"{label}: {_entry_links(dictionary, list(ids), site_url, directory_urls)}")
    if term.references:
        parts.append("References:\n\n" + "\n".join(f"- [{_link_text(r.title)}]({r.url})" for r in term.references))
    return "\n\n".join(parts)


def llms_full_txt(
    dictionary: Dictionary,
    site_url: str | None,
    title: str = TITLE,
    description: str = DESCRIPTION,
    directory_urls: bool = True,
) -> Iterator[str]:
    """Every entry's full text as Markdown, in dictionary order, under the llms.txt heading and
    summary: the file's text piece by piece (a 10,000-entry file is not held whole in memory)."""
    yield f"# {title}\n\n> {_one_line(description)}\n\n"
    yield f"{len(dictionary.terms)} entries in A–Z order. Links to other entries lead to their pages.\n"
    for term in dictionary.sorted_terms():
        yield "\n" + entry_markdown(dictionary, term, site_url, directory_urls) + "\n"


# ---------------------------------------------------------------- files


def _json(data: Any) -> str:
    """Compact JSON, one document per line (the C encoder; ``indent`` would make Python write
    every file piece by piece, a tenth of a warm build)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def write_export(
    dictionary: Dictionary,
    out_dir: Path,
    site_url: str | None,
    title: str = TITLE,
    description: str = DESCRIPTION,
    directory_urls: bool = True,
) -> list[Path]:
    """Write every export file under ``out_dir`` (the site's root); return their paths.

    Entry files left over from entries that no longer exist are removed. ``directory_urls``: as the
    site was built (entry pages at ``xdp/``, or at ``xdp.html`` as in the offline bundle).
    """
    out_dir = Path(out_dir)
    entry_dir = out_dir / ENTRY_DIR
    entry_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def write(path: Path, text: str | Iterable[str]) -> None:
        with path.open("w", encoding="utf-8") as out:
            out.writelines([text] if isinstance(text, str) else text)
        written.append(path)

    write(out_dir / INDEX_FILE, _json(index_document(dictionary, site_url, directory_urls)))
    write(out_dir / SCHEMA_FILE, _json(export_schema()))
    current = set()
    logs = dictionary.corrections_by_entry()
    for term in dictionary.sorted_terms():
        path = entry_dir / f"{term.id}.json"
        current.add(path.name)
        write(path, _json(entry_record(dictionary, term, directory_urls, logs.get(term.id, []))))
    for stale in entry_dir.glob("*.json"):
        if stale.name not in current:
            stale.unlink()
    write(out_dir / LLMS_FILE, llms_txt(dictionary, site_url, title, description, directory_urls))
    write(out_dir / LLMS_FULL_FILE, llms_full_txt(dictionary, site_url, title, description, directory_urls))
    return written
