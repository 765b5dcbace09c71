"""The yardsticks: a dictionary's content as plain MkDocs + Material pages (no hooks, no macros).

    python benchmarks/yardstick.py PROJECT --out DIR [--kind source|rendered]

Both read ``PROJECT/terms`` with the generator of PROJECT (its ``nvdict/``, put first
on ``sys.path``), and both write a project built with the search plugin alone: no
hooks, no macros, no other plugins.

``--kind source``: what a team without the generator would maintain by hand from the
same source text, with the project's theme settings (without ``custom_dir``), Markdown
extensions, validation settings and ``not_in_nav``. One Markdown page per letter
(never split), each entry a ``## Name {#id}`` section with its expansion,
aliases, summary, categories, definition, diagrams, tables, details, the
related entries it lists ("See also", one way, as written) and references;
one page with the comparison tables; a home page. Links an author wrote as
``[text](id:x)`` become ordinary ``x-page.md#x`` links.

What the generator derives is not there: no automatic links for mentions, no
backlinks, no alias sections, no category pages, no A–Z index, no hover previews,
no Edit links.

``--kind rendered``: the same site as static files, written by the project's own
``nvdict.static_export`` (``python -m nvdict export``): every page the generator makes as
an ordinary Markdown file, the hand-written pages of docs/ with their macros expanded,
``summaries.js``, the data files, docs/ assets, ``overrides/`` and every setting of
``mkdocs.yml`` except ``hooks``, ``watch`` and the macros plugin. Building it costs what
rendering the dictionary's content costs; the dictionary's build adds only its machinery
(reading and checking terms, deriving links, the hooks and macros).

Prints one JSON line: the number of terms and aliases.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from mkdocs.utils.yaml import get_yaml_loader

if TYPE_CHECKING:
    from nvdict.model import Dictionary, Term

KEPT_SETTINGS = (
    "site_name",
    "site_description",
    "site_url",
    "copyright",
    "theme",
    "markdown_extensions",
    "validation",
    "not_in_nav",
)


def page_of(term: Term) -> str:
    from nvdict.model import letter_of
    from nvdict.pages import letter_key

    return f"{letter_key(letter_of(term.name))}.md"


def project_config(project: Path) -> dict[str, Any]:
    with (project / "mkdocs.yml").open(encoding="utf-8") as stream:
        return yaml.load(stream, Loader=get_yaml_loader())


def plain_config(project: Path, nav: list[Any]) -> str:
    """The project's mkdocs.yml reduced to theme, Markdown extensions, validation and search."""
    config = project_config(project)
    plain = {key: config[key] for key in KEPT_SETTINGS if key in config}
    plain["site_name"] = f"{config.get('site_name', 'Dictionary')} (plain MkDocs yardstick)"
    plain["theme"] = {key: value for key, value in config["theme"].items() if key != "custom_dir"}
    plain["plugins"] = search_plugin(config)
    plain["nav"] = nav
    return yaml.dump(plain, Dumper=yaml.Dumper, sort_keys=False, allow_unicode=True, width=120)


def search_plugin(config: dict[str, Any]) -> list[Any]:
    """The project's search plugin entry, with its settings, as the only plugin."""
    search = next(
        (item["search"] for item in config.get("plugins", []) if isinstance(item, dict) and "search" in item), None
    )
    return [{"search": search}] if search else ["search"]


def resolve(text: str, dictionary: Dictionary) -> str:
    """``[text](id:x)`` as an ordinary link to the entry's letter page."""
    from nvdict.linking import EXPLICIT_LINK

    return EXPLICIT_LINK.sub(
        lambda m: f"]({page_of(dictionary.terms[m.group(1)])}{m.group(2) or '#' + m.group(1)})", text
    )


def title_attr(text: str) -> str:
    """Text usable inside a fence's quoted title."""
    return text.replace("\\", "\\\\").replace('"', "\u201d")


def fence(code: str, kind: str, title: str | None) -> str:
    ticks = "`" * max(3, max((len(run) for run in re.findall(r"`+", code)), default=0) + 1)
    caption = f' title="{title_attr(title)}"' if title else ""
    return f"{ticks}{kind}{caption}\n{code}\n{ticks}\n"


def table(columns: list[str], rows: list[list[str]]) -> str:
    def cell(text: str) -> str:
        return text.replace("\n", " ").replace("|", "\\|")

    lines = ["| " + " | ".join(cell(c) for c in columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def entry(term: Term, dictionary: Dictionary) -> str:
    from nvdict.pages import md_escape

    out = [f"## {md_escape(term.name)} {{ #{term.id} }}\n"]
    if term.expansion:
        out.append(f"*{md_escape(term.expansion)}*\n")
    if term.aliases:
        out.append("Also: " + ", ".join(f"**{md_escape(alias)}**" for alias in term.aliases) + "\n")
    out.append(md_escape(term.summary) + "\n")
    out.append("Categories: " + ", ".join(dictionary.categories[c].title for c in term.categories) + "\n")
    out.append(resolve(term.definition, dictionary) + "\n")
    for diagram in term.diagrams:
        out.append(fence(diagram.code, diagram.kind, diagram.title))
    for static in term.tables:
        out.append((f"**{md_escape(static.title)}**\n\n" if static.title else "") + table(static.columns, static.rows))
    if term.details:
        out.append(resolve(term.details, dictionary) + "\n")
    if term.related:
        links = ", ".join(
            f"[{md_escape(dictionary.terms[other].name)}]({page_of(dictionary.terms[other])}#{other})"
            for other in term.related
        )
        out.append(f"**See also:** {links}\n")
    out.append(
        "**References**\n\n" + "\n".join(f"- [{md_escape(ref.title)}](<{ref.url}>)" for ref in term.references) + "\n"
    )
    return "\n".join(out)


def tables_page(dictionary: Dictionary) -> str:
    from nvdict.model import sort_key
    from nvdict.pages import md_escape

    parts = ["# Comparison tables\n"]
    for comparison in dictionary.tables.values():
        parts.append(f"## {md_escape(comparison.title)} {{ #{comparison.id} }}\n")
        parts.append(md_escape(comparison.description) + "\n")
        rows = []
        for term in dictionary.sorted_terms():
            for cells in term.table_rows.get(comparison.id, []):
                label = f"[{md_escape(cells.get('label', term.name))}]({page_of(term)}#{term.id})"
                rows.append([label, *(cells.get(column.key, "—") for column in comparison.columns)])
        rows.sort(key=lambda row: sort_key(row[0]))
        if rows:
            parts.append(table([comparison.label, *(c.title for c in comparison.columns)], rows))
        if comparison.note:
            parts.append(f"*{md_escape(comparison.note)}*\n")
    return "\n".join(parts)


def fresh_docs(out: Path) -> Path:
    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs"
    docs.mkdir(parents=True)
    return docs


def write_source(project: Path, out: Path, dictionary: Dictionary) -> Path:
    """The source yardstick of ``project``'s terms in ``out`` (replaced)."""
    from nvdict.model import letter_of
    from nvdict.pages import ALPHABET

    docs = fresh_docs(out)
    by_page: dict[str, list[Term]] = {}
    titles: dict[str, str] = {}
    for term in dictionary.sorted_terms():
        path = page_of(term)
        by_page.setdefault(path, []).append(term)
        titles[path] = letter_of(term.name)
    order = sorted(by_page, key=lambda path: (titles[path] not in ALPHABET, titles[path]))
    letters = [(titles[path], path) for path in order]
    bar = " ".join(f"[{letter}]({path})" for letter, path in letters)
    for path in order:
        body = [f"# {titles[path]}\n", bar + "\n", *(entry(term, dictionary) for term in by_page[path])]
        (docs / path).write_text("\n".join(body), encoding="utf-8")
    has_tables = bool(dictionary.tables)
    if has_tables:
        (docs / "tables.md").write_text(tables_page(dictionary), encoding="utf-8")
    (docs / "index.md").write_text(
        f"# Dictionary\n\n{len(dictionary.terms)} entries, written as plain Markdown.\n\n{bar}\n"
        + ("\nSee the [comparison tables](tables.md).\n" if has_tables else ""),
        encoding="utf-8",
    )
    nav: list[Any] = [{"Home": "index.md"}, {"Dictionary": [{letter: path} for letter, path in letters]}]
    if has_tables:
        nav.append({"Comparison tables": "tables.md"})
    (out / "mkdocs.yml").write_text(plain_config(project, nav), encoding="utf-8")
    return out


def write_rendered(project: Path, out: Path, dictionary: Dictionary) -> Path:
    """``project``'s whole site as static files in ``out`` (replaced): the core's static export."""
    from nvdict.static_export import MARKER, export_static

    if out.exists() and not (out / MARKER).exists():
        shutil.rmtree(out)
    return export_static(project, out).out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path, help="a dictionary project (with terms/, mkdocs.yml and nvdict/)")
    parser.add_argument("--out", type=Path, required=True, help="directory to write (replaced)")
    parser.add_argument("--kind", choices=("source", "rendered"), default="source")
    args = parser.parse_args(argv)
    project = args.project.resolve()
    sys.path.insert(0, str(project))  # the project's own generator, as its hooks use it
    from nvdict.load import load

    dictionary = load(project)
    (write_source if args.kind == "source" else write_rendered)(project, args.out, dictionary)
    aliases = sum(len(term.aliases) for term in dictionary.terms.values())
    print(json.dumps({"terms": len(dictionary.terms), "aliases": aliases}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
