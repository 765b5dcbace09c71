"""Make the site's Markdown pages from a ``Dictionary``.

Pure functions: a dictionary in, ``Page`` objects (path and Markdown) out.
Links between entries are written as relative ``.md`` links so that the site
generator resolves and validates them.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from nvdict.cache import Store, cache_dir, generator_digest
from nvdict.diagrams import committed, figure_body
from nvdict.final_html import block
from nvdict.model import (
    RELATIONS,
    Alias,
    ComparisonTable,
    Composition,
    Correction,
    Dictionary,
    Row,
    Term,
    letter_of,
    sort_key,
    version_labels,
)
from nvdict.render import Renderer, at_root, has_mermaid, text
from nvdict.urls import entry_path

MAX_ENTRIES_PER_PAGE = 60
"""A letter with more entries is split into several pages (Sa–Sm, Sn–Sz)."""
LIST_PAGE_SIZE = 300
"""Category pages and comparison tables with more items continue on numbered pages."""
INDEX_SUMMARY_LIMIT = 1500
"""Above this many names the A–Z index becomes one names-only page per letter."""
EMBED_ROWS_LIMIT = 40
"""A host entry embeds its generated table only up to this many rows, else links it."""
OTHER_NAMES = "other-names"
"""Anchor of the section that lists a letter page's aliases."""
ALPHABET = [chr(c) for c in range(ord("A"), ord("Z") + 1)]


@dataclass
class Page:
    """A generated page, as every adapter gets it: path under docs/, title, Markdown and plain facts.

    Nothing here is a site generator's setting: the MkDocs adapter (``nvdict.mkdocs_site``)
    turns the facts into front matter.
    """

    path: str
    title: str
    markdown: str
    description: str = ""
    """Plain text, for search engines and link previews."""
    in_search: bool = True
    """Whether the site's search lists the page (letter, category and index pages only repeat entries)."""
    search_weight: float = 1.0
    """How a search ranks the page against others (entries 2, lists below 1)."""
    entry: str | None = None
    """The id of the entry the page is about, if it is an entry's own page."""
    mermaid: bool = False
    """Whether the page draws a Mermaid diagram."""


@dataclass
class LetterPage:
    letter: str
    path: str
    title: str
    terms: list[Term]
    aliases: list[Alias]


@dataclass
class Site:
    """All generated pages, where each entry lives, and the navigation."""

    pages: list[Page]
    nav: dict[str, list[dict[str, str]]]
    term_pages: dict[str, str] = field(default_factory=dict)
    """Entry id -> its own page."""
    letter_pages: dict[str, str] = field(default_factory=dict)
    """Entry id -> the letter page that lists it."""


# ---------------------------------------------------------------- escaping


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|{}])")


def md_escape(text: str) -> str:
    """Escape text so Markdown shows it literally (names, labels, cells)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def md_text(value: str) -> str:
    """Contributor plain text inside generated Markdown: HTML-escaped, then Markdown-escaped."""
    return md_escape(html.escape(value, quote=False))


def to_root(page: str, directory_urls: bool = True) -> str:
    """The way back from ``page`` to the site's root, as written in it (``../``, ``../../`` or "")."""
    url = page_url(page, directory_urls)
    depth = url.count("/") if directory_urls else posixpath.dirname(url).count("/") + bool(posixpath.dirname(url))
    return "../" * depth


# ---------------------------------------------------------------- layout


def letter_key(letter: str) -> str:
    return "0-9" if letter == "0-9" else ("other" if letter == "#" else letter.lower())


def letter_pages(dictionary: Dictionary, max_entries: int = MAX_ENTRIES_PER_PAGE) -> list[LetterPage]:
    """One page per letter with entries; large letters split into ranges."""
    by_letter: dict[str, list[Term | Alias]] = {}
    for term in dictionary.sorted_terms():
        by_letter.setdefault(term.letter, []).append(term)
    for alias in dictionary.aliases:
        by_letter.setdefault(alias.letter, []).append(alias)
    pages: list[LetterPage] = []
    for letter in [x for x in alphabet(set(by_letter)) if x in by_letter]:
        items = sorted(by_letter[letter], key=lambda item: (sort_key(item.name), isinstance(item, Alias)))
        chunks = [items[i : i + max_entries] for i in range(0, len(items), max_entries)] or [[]]
        key = letter_key(letter)
        for index, chunk in enumerate(chunks):
            path = f"{key}.md" if index == 0 else f"{key}/{index + 1}.md"
            title = letter if len(chunks) == 1 else f"{letter} ({_prefix(chunk[0].name)}–{_prefix(chunk[-1].name)})"
            pages.append(
                LetterPage(
                    letter,
                    path,
                    title,
                    [item for item in chunk if isinstance(item, Term)],
                    [item for item in chunk if isinstance(item, Alias)],
                )
            )
    return pages


def chunked(items: list, size: int) -> list[list]:
    """``items`` in pages of ``size`` (at least one page, possibly empty)."""
    return [items[i : i + size] for i in range(0, len(items), size)] or [[]]


def numbered_path(base: str, index: int) -> str:
    """``tables/x.md`` for the first page, ``tables/x/2.md`` for the second, and so on."""
    return base if index == 0 else f"{base.removesuffix('.md')}/{index + 1}.md"


def pager(base: str, count: int, current: int) -> str:
    """ "Page 1 · 2 · 3" links between the numbered pages of one list."""
    if count == 1:
        return ""
    here = numbered_path(base, current)
    items = [
        f"**{i + 1}**" if i == current else f"[{i + 1}]({relative(numbered_path(base, i), here)})" for i in range(count)
    ]
    return "Pages: " + " · ".join(items) + "\n"


def _prefix(name: str) -> str:
    letters = re.sub(r"[^A-Za-z0-9]", "", name)
    return (letters[:1].upper() + letters[1:2].lower()) or name[:2]


class Locator:
    """Where each entry, alias and letter lives, and links between pages."""

    def __init__(self, dictionary: Dictionary, pages: list[LetterPage], directory_urls: bool = True) -> None:
        self.dictionary = dictionary
        self.directory_urls = directory_urls
        self.letters = pages
        self.term_page: dict[str, str] = {term_id: entry_path(term_id) for term_id in dictionary.terms}
        """Entry id -> its own page."""
        self.letter_page: dict[str, str] = {}
        """Entry id -> the letter page that lists it."""
        for page in pages:
            for term in page.terms:
                self.letter_page[term.id] = page.path
        self.renderer = Renderer(lambda term_id: page_url(entry_path(term_id), directory_urls))
        self.corrections = dictionary.corrections_by_entry()
        """Entry id -> its logged corrections."""

    def url(self, term_id: str, from_page: str) -> str:
        """The Markdown address of an entry's page (the site generator turns it into a URL)."""
        return relative(self.term_page[term_id], from_page)

    def href(self, term_id: str, from_page: str) -> str:
        """The final address of an entry's page, for HTML written by the generator."""
        return relative_url(self.term_page[term_id], from_page, self.directory_urls)

    def html_link(self, term_id: str, from_page: str, label: str | None = None) -> str:
        """A link to an entry as HTML, addressed as the site generator addresses pages.

        For generated HTML (See also, Referenced by, tables): Python-Markdown passes it
        through as it is. The test suite checks every link of the built site with lychee.
        """
        name = text(label if label is not None else self.dictionary.terms[term_id].name)
        return f'<a href="{self.href(term_id, from_page)}">{name}</a>'

    def link(self, term_id: str, from_page: str, label: str | None = None) -> str:
        """A Markdown link to an entry (its summary is shown on hover by ``previews.js``)."""
        term = self.dictionary.terms[term_id]
        return f"[{md_text(label if label is not None else term.name)}]({self.url(term_id, from_page)})"

    def place(self, fragment: str, page: str) -> str:
        """A rendered fragment (``nvdict.render``) with its links made relative to ``page``."""
        return at_root(fragment, to_root(page, self.directory_urls))


@functools.cache
def relative(target: str, from_page: str) -> str:
    return relpath(target, posixpath.dirname(from_page))


def relpath(target: str, start: str) -> str:
    """``posixpath.relpath`` for paths relative to the site's root, without its file system calls.

    Both are normalised and relative ("" is the root); ``start`` is a directory.
    """
    to = target.split("/") if target else []
    here = start.split("/") if start else []
    common = 0
    while common < min(len(to), len(here)) and to[common] == here[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."


def page_url(path: str, directory_urls: bool = True) -> str:
    """The address of the page whose source is ``path``, from the site's root (``s/2/`` or ``s/2.html``)."""
    stem = path.removesuffix(".md")
    if not directory_urls:
        return f"{stem}.html"
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/"


@functools.cache
def relative_url(target: str, from_page: str, directory_urls: bool = True) -> str:
    """The address of page ``target`` as written in page ``from_page`` (``../v/``, ``./``, ``v.html``)."""
    to, here = page_url(target, directory_urls), page_url(from_page, directory_urls)
    base = here if directory_urls else posixpath.dirname(here)
    found = relpath(to.rstrip("/"), base.rstrip("/"))
    return f"{found}/" if directory_urls and not found.endswith("/") else found


# ---------------------------------------------------------------- pages


def build_site(
    dictionary: Dictionary,
    edit_base: str | None = None,
    max_entries: int = MAX_ENTRIES_PER_PAGE,
    directory_urls: bool = True,
    fragments: Store | None = None,
) -> Site:
    """Every generated page of the site, and the navigation sections they form.

    ``directory_urls``: pages are addressed ``x/`` (else ``x.html``, as in the offline bundle).
    ``fragments``: contributor Markdown already rendered and sanitised by an earlier build,
    by a digest of the Markdown (after linking: it names what it links to) and of the generator
    (``fragment_store``); what this build renders is added to it.
    """
    letters = letter_pages(dictionary, max_entries)
    locator = Locator(dictionary, letters, directory_urls)
    locator.renderer.store = fragments
    pages = [letter_page(dictionary, locator, page, letters) for page in letters]
    pages += [entry_page(dictionary, locator, term, edit_base) for term in dictionary.sorted_terms()]
    pages += index_pages(dictionary, locator, letters)
    pages += category_pages(dictionary, locator)
    pages += table_pages(dictionary, locator)
    pages += composition_pages(dictionary, locator)
    pages.append(corrections_index(dictionary, locator))
    nav = {
        "Dictionary": [{"A–Z index": "all.md"}]
        + [{page.letter: page.path} for page in letters if page.path == f"{letter_key(page.letter)}.md"],
        "Categories": [{"All categories": "categories/index.md"}]
        + [{text(c.title): f"categories/{c.id}.md"} for c in _used_categories(dictionary)],
        "Comparison tables": [{"All tables": "tables/index.md"}]
        + [{text(t.title): f"tables/{t.id}.md"} for t in dictionary.tables.values()],
        "Architectures": [{"Overview": "compositions/index.md"}]
        + [{text(c.title): f"compositions/{c.id}.md"} for c in dictionary.compositions],
    }
    return Site(pages, nav, dict(locator.term_page), dict(locator.letter_page))


def fragment_store(root: Path, directory_urls: bool = True) -> Store:
    """The rendered fragments of the project at ``root`` (empty when caching is off), one file per URL style."""
    folder = cache_dir(root)
    name = "fragments-dir.json" if directory_urls else "fragments-html.json"
    return Store(folder / name if folder else None, generator_digest() + ("/dir" if directory_urls else "/html"))


def fill_nav(items: list, generated: dict[str, list[dict[str, str]]]) -> list:
    """The navigation with each empty section named like a generated one (``Dictionary: []``) filled in."""

    def fill(item: object) -> object:
        if isinstance(item, dict) and len(item) == 1:
            ((title, value),) = item.items()
            if value in (None, [], "generated") and title in generated:
                return {title: generated[title]}
        return item

    return [fill(item) for item in items]


def jump_bar(letters: list[LetterPage], from_page: str, current: str | None = None, local: bool = False) -> str:
    """The A–Z bar: letters with entries are links; others are shown, not linked.

    ``local``: the letters jump within the page (the A–Z index) instead of to the letter pages.
    """
    first: dict[str, str] = {}
    for page in letters:
        first.setdefault(page.letter, page.path)
    items = []
    for letter in alphabet(first):
        if letter == current:
            items.append(f'<strong aria-current="page">{letter}</strong>')
        elif letter in first and local:
            items.append(f'<a href="#letter-{letter_key(letter)}">{letter}</a>')
        elif letter in first:
            items.append(f"[{letter}]({relative(first[letter], from_page)})")
        else:
            items.append(f'<span class="nvd-az-empty" title="No entries">{letter}</span>')
    return '<nav class="nvd-az" aria-label="Letters" markdown>\n' + " ".join(items) + "\n</nav>\n"


def alphabet(present: dict[str, str] | set[str]) -> list[str]:
    """Letters in the dictionary's order everywhere: 0–9 first, A to Z, then any other group."""
    return (["0-9"] if "0-9" in present else []) + ALPHABET + [x for x in present if x not in [*ALPHABET, "0-9"]]


def letter_page(dictionary: Dictionary, locator: Locator, page: LetterPage, letters: list[LetterPage]) -> Page:
    """A letter of the A–Z spine: each entry's name, expansion, summary and categories, linking its page."""
    parts = [f"# {page.title}\n", jump_bar(letters, page.path, page.letter)]
    siblings = [p for p in letters if p.letter == page.letter]
    if len(siblings) > 1:
        parts.append(
            "Pages: "
            + " · ".join(
                f"**{md_text(p.title)}**" if p is page else f"[{md_text(p.title)}]({relative(p.path, page.path)})"
                for p in siblings
            )
            + "\n"
        )
    for term in page.terms:
        parts.append(letter_item(dictionary, locator, term, page.path))
    if page.aliases:
        parts.append(f"## Other names {{ #{OTHER_NAMES} .nvd-other-names }}\n")
        parts.append("Names under this letter for entries filed under another.\n")
        parts.append(block("".join(alias_line(dictionary, locator, alias, page.path) for alias in page.aliases)))
    names = ", ".join(term.name for term in page.terms[:12])
    description = f"Network Virtualization Dictionary, {page.title}: {names}."[:300]
    return Page(page.path, page.title, "\n".join(parts), description, in_search=False)


def heading(term: Term, level: str, css: str) -> str:
    """An entry's heading at its id: the name, the expansion in small type; the table of contents shows the name."""
    expansion = f' <small class="nvd-expansion">{text(term.expansion)}</small>' if term.expansion else ""
    label = text(term.name).replace("\\", "&#92;")
    return f'{level} {md_text(term.name)}{expansion} {{ #{term.id} .{css} data-toc-label="{label}" }}\n'


def chips(dictionary: Dictionary, term: Term, from_page: str, directory_urls: bool) -> str:
    return " ".join(
        f'<a class="nvd-chip" href="{relative_url(f"categories/{c}.md", from_page, directory_urls)}">'
        f"{text(dictionary.categories[c].title)}</a>"
        for c in term.categories
    )


def letter_item(dictionary: Dictionary, locator: Locator, term: Term, from_page: str) -> str:
    """An entry as its letter page shows it; the heading keeps the entry's old anchor (``x/#xdp``)."""
    href = locator.href(term.id, from_page)
    status = f' <span class="nvd-status">{text(term.status)}</span>' if term.status != "current" else ""
    return heading(term, "##", "nvd-term") + block(
        f'<div class="nvd-card" data-entry="{href}">\n'
        + f"<p>{text(term.summary)}{status}</p>\n"
        + f'<p class="nvd-card-links">{chips(dictionary, term, from_page, locator.directory_urls)} '
        + f'<a class="nvd-go" href="{href}">Read the entry<span class="md-visually-hidden">: '
        + f"{text(term.name)}</span> →</a></p>\n</div>"
    )


def alias_line(dictionary: Dictionary, locator: Locator, alias: Alias, from_page: str) -> str:
    """One other name, at its own anchor, pointing to its entry (its summary is on hover)."""
    href = locator.href(alias.target, from_page)
    target = text(dictionary.terms[alias.target].name)
    return (
        f'<p class="nvd-alias" id="{alias.anchor}" data-entry="{href}"><strong>{text(alias.name)}</strong>: '
        f'see <a href="{href}">{target}</a></p>\n'
    )


def entry_page(dictionary: Dictionary, locator: Locator, term: Term, edit_base: str | None) -> Page:
    """An entry's own page: everything the dictionary knows about it."""
    path = locator.term_page[term.id]
    title = f"{term.name} ({term.expansion})" if term.expansion else term.name
    out = [breadcrumbs(dictionary, locator, term, path)]
    out.append(entry_meta(dictionary, locator, term, path, edit_base))
    out.append(f'<p class="nvd-summary">{text(term.summary)}</p>\n')
    out.append(entry_body(dictionary, locator, term, path))
    out.append(entry_aside(dictionary, locator, term, path))
    out.append(entry_history(locator, term.id, path))
    body = heading(term, "#", "nvd-term") + block("\n".join(out))
    return Page(path, title, body, term.summary, search_weight=2, entry=term.id, mermaid=has_mermaid(body))


def breadcrumbs(dictionary: Dictionary, locator: Locator, term: Term, path: str) -> str:
    letter = dictionary.terms[term.id].letter
    letter_href = relative_url(locator.letter_page[term.id], path, locator.directory_urls) + f"#{term.id}"
    categories = ", ".join(
        f'<a href="{relative_url(f"categories/{c}.md", path, locator.directory_urls)}">'
        f"{text(dictionary.categories[c].title)}</a>"
        for c in term.categories
    )
    home = relative_url("index.md", path, locator.directory_urls)
    return (
        f'<nav class="nvd-crumbs" aria-label="Breadcrumbs" data-search-exclude><a href="{home}">Dictionary</a> › '
        f'<a href="{letter_href}">{text(letter)}</a> › {categories}</nav>\n'
    )


def entry_meta(dictionary: Dictionary, locator: Locator, term: Term, path: str, edit_base: str | None) -> str:
    """Other names, status, review date and versions, and the edit link."""
    lines = []
    also = [a for a in term.aliases if a != term.expansion]
    if also:
        lines.append("Also: " + ", ".join(f"<strong>{text(a)}</strong>" for a in also))
    if term.status != "current":
        note = f": {text(term.status_note)}" if term.status_note else ""
        lines.append(f'<span class="nvd-status">{text(term.status.capitalize())}</span>{note}')
    reviewed = []
    if term.reviewed:
        reviewed.append(f'Reviewed <time datetime="{text(term.reviewed)}">{text(term.reviewed)}</time>')
    if term.versions:
        reviewed.append("for " + ", ".join(text(label) for label in version_labels(term.versions)))
    corrections = len(locator.corrections.get(term.id, []))
    if corrections:
        reviewed.append(f'<a class="nvd-history" href="#{HISTORY_ID}">{_corrections_count(corrections)}</a>')
    if edit_base:
        reviewed.append(
            f'<a class="nvd-edit" href="{text(edit_base)}terms/{term.id}.yaml">Edit terms/{term.id}.yaml</a>'
        )
    if reviewed:
        lines.append(" ".join(reviewed))
    inner = "".join(f"<p>{line}</p>" for line in lines)
    return f'<div class="nvd-meta" data-search-exclude>{inner}</div>\n' if inner else ""


def entry_body(dictionary: Dictionary, locator: Locator, term: Term, path: str) -> str:
    """The contributor's text, each piece rendered on its own and sanitised."""
    renderer = locator.renderer
    linked = dictionary.linked.get(term.id, {})
    out = [f'<div class="nvd-definition">{renderer.markdown(linked.get("definition", term.definition), "d-")}</div>']
    for table in dictionary.tables.values():
        if table.host == term.id and len(dictionary.rows[table.id]) <= EMBED_ROWS_LIMIT:
            out.append(comparison_table_html(dictionary, locator, table, path))
        elif table.host == term.id:
            href = relative_url(f"tables/{table.id}.md", path, locator.directory_urls)
            rows = len(dictionary.rows[table.id])
            out.append(f'<p>See the comparison table <a href="{href}">{text(table.title)}</a> ({rows} rows).</p>')
    for diagram in term.diagrams:
        out.append(renderer.code_block(diagram.code, diagram.kind, diagram.title))
    for index, static in enumerate(term.tables):
        out.append(static_table(renderer, static.columns, static.rows, static.title, f"t{index}-"))
    if term.details:
        out.append(f'<div class="nvd-details">{renderer.markdown(linked.get("details", term.details), "x-")}</div>')
    return locator.place("\n".join(out), path) + "\n"


def static_table(renderer: Renderer, columns: list[str], rows: list[list[str]], title: str | None, prefix: str) -> str:
    """A table of the entry's own, its cells rendered as Markdown and sanitised."""
    lines = ["| " + " | ".join(_cell(c) for c in columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    caption = f'<p class="nvd-caption"><strong>{text(title)}</strong></p>' if title else ""
    return caption + f'<div class="nvd-table">{renderer.markdown(chr(10).join(lines), prefix)}</div>'


def _cell(value: str) -> str:
    """A Markdown table cell: one line, pipes escaped."""
    return value.replace("\n", " ").replace("|", "\\|")


_PLAIN_CELL = re.compile(r"[`*_\[\]<>&\\~!|#{}]")


def cell_html(renderer: Renderer, value: str) -> str:
    """One cell of a generated table: plain text escaped, anything else rendered inline and sanitised."""
    if not _PLAIN_CELL.search(value):
        return text(value)
    rendered = renderer.markdown(value.replace("\n", " "), "c-")
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        return rendered[3:-4]
    return rendered


def entry_aside(dictionary: Dictionary, locator: Locator, term: Term, from_page: str) -> str:
    """The entry's rows in other tables, See also by kind of relation, Referenced by, references."""
    blocks: list[str] = []
    for table_id in term.table_rows:
        table = dictionary.tables[table_id]
        if table.host == term.id:
            continue
        rows = [row for row in dictionary.rows[table_id] if row.term_id == term.id]
        href = relative_url(f"tables/{table.id}.md", from_page, locator.directory_urls)
        blocks.append(
            f'<p>In the comparison table <a href="{href}">{text(table.title)}</a>:</p>'
            + table_html(locator, table, rows, from_page, link_rows=False, sortable=False)
        )
    for label, ids in see_also_groups(dictionary, term.id):
        links = ", ".join(locator.html_link(other, from_page) for other in ids)
        blocks.append(f"<p><strong>{text(label)}:</strong> {links}</p>")
    if dictionary.backlinks.get(term.id):
        links = ", ".join(locator.html_link(other, from_page) for other in dictionary.backlinks[term.id])
        blocks.append(f"<p><strong>Referenced by:</strong> {links}</p>")
    if term.references:
        refs = "".join(
            f'<li><a class="nvd-ref" href="{text(ref.url)}">{text(ref.title)}</a></li>'
            for ref in term.references
            if locator.renderer.safe(ref.url)
        )
        blocks.append(f"<p><strong>References</strong></p><ul>{refs}</ul>")
    if not blocks:
        return ""
    return '<div class="nvd-aside" data-search-exclude>\n' + "\n".join(blocks) + "\n</div>\n"


def see_also_groups(dictionary: Dictionary, term_id: str) -> list[tuple[str, list[str]]]:
    """Related entries grouped by how they relate ("Alternatives", "Runs on"), untyped ones last as "See also"."""
    groups: dict[str, list[str]] = {}
    for other in dictionary.see_also.get(term_id, []):
        kind = dictionary.terms[term_id].relations.get(other)
        if kind:
            label = RELATIONS[kind][0]
        else:
            back = dictionary.terms[other].relations.get(term_id)
            label = RELATIONS[back][1] if back else "See also"
        groups.setdefault(label, []).append(other)
    order = [label for pair in RELATIONS.values() for label in pair] + ["See also"]
    return sorted(groups.items(), key=lambda item: order.index(item[0]))


# ---------------------------------------------------------------- tables


def table_html(
    locator: Locator,
    table: ComparisonTable,
    rows: list[Row],
    from_page: str,
    link_rows: bool = True,
    sortable: bool = True,
) -> str:
    """A generated comparison table as HTML; figures are marked as estimates (~) or link their source."""
    renderer = locator.renderer
    header = "".join(f'<th scope="col">{text(h)}</th>' for h in [table.label] + [c.title for c in table.columns])
    body = []
    for row in rows:
        label = locator.html_link(row.term_id, from_page, row.label) if link_rows else text(row.label)
        cells = []
        for column in table.columns:
            value = cell_html(renderer, row.cells.get(column.key, "—"))
            source = row.sources.get(column.key)
            if source and renderer.safe(source.url):
                value += (
                    f'<sup class="nvd-source"><a href="{text(source.url)}" aria-label="Source: {text(source.title)}">'
                    "source</a></sup>"
                )
            cells.append(f"<td>{value}</td>")
        body.append(f'<tr><th scope="row">{label}</th>{"".join(cells)}</tr>')
    css = "nvd-table nvd-sortable" if sortable and len(rows) > 1 else "nvd-table"
    html_table = f"<table><thead><tr>{header}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    return f'<div class="{css}" tabindex="0" role="region" aria-label="{text(table.title)}">{html_table}</div>\n'


def comparison_table_html(dictionary: Dictionary, locator: Locator, table: ComparisonTable, from_page: str) -> str:
    """A whole generated table, with its caption and note."""
    href = relative_url(f"tables/{table.id}.md", from_page, locator.directory_urls)
    note = f'<p class="nvd-note"><em>{text(table.note)}</em></p>\n' if table.note else ""
    return (
        f'<p class="nvd-caption"><strong><a href="{href}">{text(table.title)}</a></strong></p>\n'
        + table_html(locator, table, dictionary.rows[table.id], from_page)
        + note
        + FIGURE_KEY
    )


FIGURE_KEY = '<p class="nvd-note">Figures marked ~ are estimates; the others link to their published source.</p>\n'


def comparison_table(dictionary: Dictionary, locator: Locator, table: ComparisonTable, from_page: str) -> str:
    """The table for a hand-written page's macro: raw HTML that Markdown passes through."""
    return block(comparison_table_html(dictionary, locator, table, from_page))


def table_pages(dictionary: Dictionary, locator: Locator) -> list[Page]:
    pages = []
    lines = [
        "# Comparison tables\n",
        "Generated from the entries' structured data: add a row by adding `table_rows` to a term file.\n",
    ]
    for title, quick in (("Quick reference", True), ("Tables inside entries", False)):
        chosen = [t for t in dictionary.tables.values() if t.quick_reference == quick]
        if chosen:
            lines.append(f"## {title}\n")
            lines += [
                f"- [{md_text(t.title)}]({t.id}.md): {md_text(t.description)} ({len(dictionary.rows[t.id])} rows)"
                for t in chosen
            ]
            lines.append("")
    pages.append(
        Page(
            "tables/index.md",
            "Comparison tables",
            "\n".join(lines),
            "Comparison tables of the Network Virtualization Dictionary.",
        )
    )
    for table in dictionary.tables.values():
        base = f"tables/{table.id}.md"
        chunks = chunked(dictionary.rows[table.id], LIST_PAGE_SIZE)
        for index, rows in enumerate(chunks):
            path = numbered_path(base, index)
            title = table.title if index == 0 else f"{table.title} ({index + 1})"
            body = [f"# {md_text(title)}\n", md_text(table.description) + "\n"]
            if table.host:
                body.append(f"Also shown in the entry {locator.link(table.host, path)}.\n")
            body.append("Select a column heading to sort by it.\n")
            body.append(pager(base, len(chunks), index))
            body.append(block(table_html(locator, table, rows, path) + FIGURE_KEY))
            if table.note:
                body.append(f'!!! note "About the figures"\n    {md_text(table.note)}\n')
            pages.append(Page(path, title, "\n".join(body), table.description, search_weight=0.5))
    return pages


# ---------------------------------------------------------------- index, categories, compositions


def index_pages(dictionary: Dictionary, locator: Locator, letters: list[LetterPage]) -> list[Page]:
    """The A–Z index: one page with summaries, or for a large dictionary one names-only page per letter."""
    items: list[Term | Alias] = sorted(
        [*dictionary.terms.values(), *dictionary.aliases], key=lambda i: sort_key(i.name)
    )
    by_letter: dict[str, list[Term | Alias]] = {}
    for item in items:
        by_letter.setdefault(letter_of(item.name), []).append(item)
    by_letter = {letter: by_letter[letter] for letter in alphabet(set(by_letter)) if letter in by_letter}
    intro = f"All {len(dictionary.terms)} entries and {len(dictionary.aliases)} other names.\n"
    about = "Every entry and alias of the Network Virtualization Dictionary."
    path = "all.md"
    if len(items) <= INDEX_SUMMARY_LIMIT:
        lines = ["# A–Z index\n", jump_bar(letters, path, local=True), intro]
        for letter, group in by_letter.items():
            lines.append(f"\n## {letter} {{ #letter-{letter_key(letter)} }}\n")
            lines += [_index_line(locator, item, path, summary=True) for item in group]
        return [Page(path, "A–Z index", "\n".join(lines) + "\n", about, in_search=False)]
    lines = ["# A–Z index\n", intro, "| Letter | Names |", "|---|---|"]
    lines += [f"| [{letter}](all/{letter_key(letter)}.md) | {len(group)} |" for letter, group in by_letter.items()]
    pages = [Page(path, "A–Z index", "\n".join(lines) + "\n", about, in_search=False)]
    for letter, group in by_letter.items():
        sub = f"all/{letter_key(letter)}.md"
        body = [f"# A–Z index: {letter}\n", jump_bar(letters, sub, letter)]
        body += [_index_line(locator, item, sub, summary=False) for item in group]
        pages.append(Page(sub, f"A–Z index: {letter}", "\n".join(body) + "\n", about, in_search=False))
    return pages


def _index_line(locator: Locator, item: Term | Alias, page: str, summary: bool) -> str:
    if isinstance(item, Alias):
        return f"- {md_text(item.name)} → {locator.link(item.target, page)}"
    if summary:
        return f"- {locator.link(item.id, page)}: {md_text(locator.dictionary.terms[item.id].summary)}"
    return f"- {locator.link(item.id, page)}"


def _used_categories(dictionary: Dictionary) -> list:
    used = {c for term in dictionary.terms.values() for c in term.categories}
    return [c for c in dictionary.categories.values() if c.id in used]


def category_pages(dictionary: Dictionary, locator: Locator) -> list[Page]:
    categories = _used_categories(dictionary)
    members = {category.id: dictionary.in_category(category.id) for category in categories}
    lines = ["# Categories\n", "| Category | Entries | About |", "|---|---|---|"]
    for category in categories:
        count = len(members[category.id])
        lines.append(f"| [{md_text(category.title)}]({category.id}.md) | {count} | {md_text(category.description)} |")
    pages = [
        Page(
            "categories/index.md",
            "Categories",
            "\n".join(lines) + "\n",
            "The areas of the Network Virtualization Dictionary.",
            search_weight=0.3,
        )
    ]
    for category in categories:
        base = f"categories/{category.id}.md"
        chunks = chunked(members[category.id], LIST_PAGE_SIZE)
        for index, terms in enumerate(chunks):
            path = numbered_path(base, index)
            title = category.title if index == 0 else f"{category.title} ({index + 1})"
            body = [f"# {md_text(title)}\n", md_text(category.description) + "\n", pager(base, len(chunks), index)]
            body += [f"- {locator.link(t.id, path)}: {md_text(t.summary)}" for t in terms]
            pages.append(Page(path, title, "\n".join(body) + "\n", category.description, in_search=False))
    return pages


def composition_pages(dictionary: Dictionary, locator: Locator) -> list[Page]:
    lines = ["# Architectures\n", "How the entries combine in real deployments.\n"]
    lines += [f"- [{md_text(c.title)}]({c.id}.md): {md_text(c.summary)}" for c in dictionary.compositions]
    pages = [
        Page(
            "compositions/index.md",
            "Architectures",
            "\n".join(lines) + "\n",
            "Architecture compositions of the Network Virtualization Dictionary.",
        )
    ]
    for composition in dictionary.compositions:
        pages.append(composition_page(dictionary, locator, composition))
    return pages


def composition_page(dictionary: Dictionary, locator: Locator, composition: Composition) -> Page:
    path = f"compositions/{composition.id}.md"
    renderer = locator.renderer
    body = [f"# {md_text(composition.title)}\n", f"<p>{text(composition.summary)}</p>\n"]
    if composition.mermaid:
        caption = f"Diagram of {text(composition.title)}; the same in text follows."
        # Drawn at authoring time (nvdict.diagrams); Mermaid in the browser only while a drawing is stale.
        drawings = committed(dictionary.root, composition) if dictionary.root else None
        if drawings:
            href = functools.partial(locator.href, from_page=path)
            name = f"Diagram of {composition.title}"
            diagram = (
                '<div class="nvd-diagram-scroll" tabindex="0" role="region" aria-label="Diagram, scrolls sideways">'
                f"{figure_body(drawings, href, dictionary.terms, name)}</div>"
            )
        else:
            diagram = renderer.code_block(composition.mermaid.rstrip(), "mermaid")
        body.append(f'<figure class="nvd-diagram">{diagram}<figcaption>{caption}</figcaption></figure>\n')
    body.append("## Text form\n")
    body.append(renderer.code_block(composition.text, "text") + "\n")
    if composition.notes:
        body.append(f"<p>{text(composition.notes)}</p>\n")
    body.append("## Components\n")
    body += [f"- {locator.link(c, path)}: {md_text(dictionary.terms[c].summary)}" for c in composition.components]
    markdown = "\n".join(body) + "\n"
    return Page(path, composition.title, markdown, composition.summary, mermaid=has_mermaid(markdown))


def corrections_index(dictionary: Dictionary, locator: Locator) -> Page:
    """The corrections log's index: each corrected entry, how many corrections, the latest date.

    The corrections themselves are listed on each entry's page (``entry_history``): the whole
    log is megabytes, and a page of its own for each entry made every rebuild of ``mkdocs serve``
    a quarter slower (171 more pages for MkDocs to walk).
    """
    by_entry = locator.corrections
    path = "corrections.md"
    rows = []
    for term_id in sorted(by_entry, key=lambda t: sort_key(dictionary.terms[t].name)):
        log = by_entry[term_id]
        cells = [
            locator.html_link(term_id, path),
            f'<a href="{locator.href(term_id, path)}#{HISTORY_ID}">{len(log)}</a>',
            text(max(c.date for c in log)),
        ]
        rows.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
    header = "".join(f'<th scope="col">{h}</th>' for h in ("Entry", "Corrections", "Latest"))
    table = (
        '<div class="nvd-table" tabindex="0" role="region" aria-label="Corrected entries" data-search-exclude>'
        f"<table><thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>\n"
    )
    total = len(dictionary.corrections)
    intro = (
        "# Content corrections\n\nWhere an entry departs from the text this dictionary started from, and why. "
        "Each change cites a primary source, except where a figure was only reworded to read as an estimate.\n\n"
        f"{total:,} corrections to {len(by_entry):,} entries. Each entry's page lists its own, newest first.\n\n"
    )
    return Page(
        path,
        "Content corrections",
        intro + block(table),
        "Dated log of corrections to the dictionary's content, with sources.",
        search_weight=0.2,
    )


HISTORY_ID = "nvd--corrections"
"""The anchor of an entry's corrections on its page, inside the closed list (following it opens the list).

No entry id has two hyphens in a row, so no entry's heading can take it."""


def entry_history(locator: Locator, term_id: str, path: str) -> str:
    """An entry's logged corrections, at the end of its page, in a closed ``<details>``; "" if none.

    Kept out of the search index: readers searching for a name want the entry, not its history
    (as one document of a megabyte the whole log once made Material's search fail).
    """
    log = locator.corrections.get(term_id)
    if not log:
        return ""
    index = relative_url("corrections.md", path, locator.directory_urls)
    return (
        f'<details class="nvd-corrections" data-search-exclude><summary>{_corrections_count(len(log))}</summary>'
        f'<p id="{HISTORY_ID}">Changes to this entry since the text the dictionary started from, newest first, '
        f'each with its reason and source. <a href="{index}">All corrected entries</a>.</p>'
        f"{corrections_list(tuple(log))}</details>\n"
    )


def _corrections_count(count: int) -> str:
    return f"{count} correction" + ("s" if count > 1 else "")


@functools.cache  # one list per entry and version of its log: every rebuild asks for all of them
def corrections_list(log: tuple[Correction, ...]) -> str:
    """An entry's corrections as an HTML list, newest first (kept: ``mkdocs serve`` rebuilds with the same log)."""
    items = []
    for c in sorted(reversed(log), key=lambda c: c.date, reverse=True):
        if c.source is None:
            source = "none: the figure was only reworded to read as an estimate"
        elif Renderer.safe(c.source.url):
            source = f'<a href="{text(c.source.url)}">{text(c.source.title)}</a>'
        else:
            source = text(c.source.title)  # an address no page may link (refused by nvdict check)
        parts = (("Was", text(c.seed)), ("Now", text(c.now)), ("Why", text(c.why)), ("Source", source))
        items.append(
            f'<li><p class="nvd-log-head"><time datetime="{text(c.date)}">{text(c.date)}</time> · '
            f"<code>{text(c.field)}</code></p><dl>"
            + "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in parts)
            + "</dl></li>"
        )
    return f'<ol class="nvd-log">{"".join(items)}</ol>\n'
