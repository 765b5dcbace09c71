"""The yardstick: a dictionary's content as plain MkDocs + Material pages.

    python benchmarks/yardstick.py PROJECT --out DIR

Reads ``PROJECT/terms`` (checked with ``nvdict.load``) and writes what a team
without the generator would maintain by hand: one Markdown page per letter
(never split), each entry a ``## Name {#id}`` section with its expansion,
aliases, summary, categories, definition, diagrams, tables, details, the
related entries it lists ("See also", one way, as written) and references;
one page with the comparison tables; a home page. Links an author wrote as
``[text](id:x)`` become ordinary ``x-page.md#x`` links.

What the generator derives is not there: no automatic links for mentions, no
backlinks, no alias sections, no category pages, no A–Z index, no link titles
carrying summaries, no Edit links. ``mkdocs.yml`` keeps the project's theme
settings (without ``custom_dir``), its Markdown extensions and its validation
settings, with the search plugin alone: no hooks, no macros, no other plugins.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml
from mkdocs.utils.yaml import get_yaml_loader

from nvdict.linking import EXPLICIT_LINK
from nvdict.load import load
from nvdict.model import Dictionary, Term, letter_of, sort_key
from nvdict.pages import ALPHABET, letter_key, md_escape, title_attr

KEPT_SETTINGS = ("site_name", "site_description", "site_url", "copyright", "theme", "markdown_extensions", "validation")


def page_of(term: Term) -> str:
    return f"{letter_key(letter_of(term.name))}.md"


def plain_config(project: Path, letters: list[tuple[str, str]], has_tables: bool) -> str:
    """The project's mkdocs.yml reduced to theme, Markdown extensions, validation and search."""
    with (project / "mkdocs.yml").open(encoding="utf-8") as stream:
        config: dict[str, Any] = yaml.load(stream, Loader=get_yaml_loader())
    plain = {key: config[key] for key in KEPT_SETTINGS if key in config}
    plain["site_name"] = f"{config.get('site_name', 'Dictionary')} (plain MkDocs yardstick)"
    plain["theme"] = {key: value for key, value in config["theme"].items() if key != "custom_dir"}
    search = next(
        (item["search"] for item in config.get("plugins", []) if isinstance(item, dict) and "search" in item), None
    )
    plain["plugins"] = [{"search": search}] if search else ["search"]
    nav: list[Any] = [{"Home": "index.md"}, {"Dictionary": [{letter: path} for letter, path in letters]}]
    if has_tables:
        nav.append({"Comparison tables": "tables.md"})
    plain["nav"] = nav
    return yaml.dump(plain, Dumper=yaml.Dumper, sort_keys=False, allow_unicode=True, width=120)


def resolve(text: str, dictionary: Dictionary) -> str:
    """``[text](id:x)`` as an ordinary link to the entry's letter page."""
    return EXPLICIT_LINK.sub(
        lambda m: f"]({page_of(dictionary.terms[m.group(1)])}{m.group(2) or '#' + m.group(1)})", text
    )


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


def write_yardstick(project: Path, out: Path, dictionary: Dictionary | None = None) -> Path:
    """Write the plain MkDocs project for ``project``'s terms to ``out`` (replaced); return ``out``."""
    dictionary = dictionary or load(project)
    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs"
    docs.mkdir(parents=True)
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
    (out / "mkdocs.yml").write_text(plain_config(project, letters, has_tables), encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path, help="a dictionary project (with terms/ and mkdocs.yml)")
    parser.add_argument("--out", type=Path, required=True, help="directory to write (replaced)")
    args = parser.parse_args(argv)
    out = write_yardstick(args.project.resolve(), args.out)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
