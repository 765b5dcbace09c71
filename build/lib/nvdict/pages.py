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

import yaml

from nvdict.linking import EXPLICIT_LINK
from nvdict.model import Alias, ComparisonTable, Composition, Dictionary, Row, Term, letter_of, sort_key

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
    """A generated page: its path under docs/, title, Markdown and front matter."""

    path: str
    title: str
    markdown: str
    meta: dict[str, object] = field(default_factory=dict)


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
    redirects: list[Redirect] = field(default_factory=list)
    """Where each alias's section should send a reader: its target entry."""
    term_pages: dict[str, str] = field(default_factory=dict)
    """Entry id -> the page it is on."""


@dataclass(frozen=True)
class Redirect:
    alias: str
    page: str
    anchor: str
    target_page: str
    target_id: str
    target_name: str


# ---------------------------------------------------------------- escaping


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|{}])")


def md_escape(text: str) -> str:
    """Escape text so Markdown shows it literally (names, labels, cells)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def title_attr(text: str) -> str:
    """Text usable inside a Markdown link title ("...")."""
    return text.replace("\\", "\\\\").replace('"', "\u201d")


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
    for letter in sorted(by_letter, key=lambda x: (x not in ALPHABET, x)):
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
    """Where each entry and alias lives, and relative links between pages."""

    def __init__(self, dictionary: Dictionary, pages: list[LetterPage], directory_urls: bool = True) -> None:
        self.dictionary = dictionary
        self.directory_urls = directory_urls
        self.letters = pages
        self.term_page: dict[str, str] = {}
        self.alias_page: dict[str, str] = {}
        for page in pages:
            for term in page.terms:
                self.term_page[term.id] = page.path
            for alias in page.aliases:
                self.alias_page[alias.name] = page.path

    def url(self, term_id: str, from_page: str) -> str:
        return f"{relative(self.term_page[term_id], from_page)}#{term_id}"

    def html_link(self, term_id: str, from_page: str) -> str:
        """A link to an entry as HTML, addressed as the site generator addresses pages.

        For the long generated lists (See also, Referenced by): Python-Markdown passes
        HTML through instead of parsing every link again. The entry and its anchor exist
        by construction; the test suite checks every link of the built site with lychee.
        """
        target = relative_url(self.term_page[term_id], from_page, self.directory_urls)
        name = html.escape(self.dictionary.terms[term_id].name, quote=False)
        return f'<a href="{target}#{term_id}">{name}</a>'

    def link(self, term_id: str, from_page: str, text: str | None = None) -> str:
        """A Markdown link to an entry (its summary is shown on hover by ``previews.js``)."""
        term = self.dictionary.terms[term_id]
        label = md_escape(text if text is not None else term.name)
        return f"[{label}]({self.url(term_id, from_page)})"

    def resolve(self, markdown: str, from_page: str) -> str:
        """Replace ``](id:xdp)`` links with relative links to the entry's page."""

        def replace(match: re.Match[str]) -> str:
            term_id, anchor = match.group(1), match.group(2)
            return f"]({relative(self.term_page[term_id], from_page)}{anchor or '#' + term_id})"

        return EXPLICIT_LINK.sub(replace, markdown)


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
) -> Site:
    """Every generated page of the site, and the navigation sections they form.

    ``directory_urls``: pages are addressed ``x/`` (else ``x.html``, as in the offline bundle).
    """
    letters = letter_pages(dictionary, max_entries)
    locator = Locator(dictionary, letters, directory_urls)
    pages = [letter_page(dictionary, locator, page, letters, edit_base) for page in letters]
    pages += index_pages(dictionary, locator, letters)
    pages += category_pages(dictionary, locator)
    pages += table_pages(dictionary, locator)
    pages += composition_pages(dictionary, locator)
    pages.append(corrections_page(dictionary, locator))
    nav = {
        "Dictionary": [{"A–Z index": "all.md"}]
        + [{page.letter: page.path} for page in letters if page.path == f"{letter_key(page.letter)}.md"],
        "Categories": [{"All categories": "categories/index.md"}]
        + [{c.title: f"categories/{c.id}.md"} for c in _used_categories(dictionary)],
        "Comparison tables": [{"All tables": "tables/index.md"}]
        + [{t.title: f"tables/{t.id}.md"} for t in dictionary.tables.values()],
        "Architectures": [{"Overview": "compositions/index.md"}]
        + [{c.title: f"compositions/{c.id}.md"} for c in dictionary.compositions],
    }
    redirects = [
        Redirect(
            alias.name,
            page.path,
            alias.anchor,
            locator.term_page[alias.target],
            alias.target,
            dictionary.terms[alias.target].name,
        )
        for page in letters
        for alias in page.aliases
    ]
    return Site(pages, nav, redirects, dict(locator.term_page))


def fill_nav(items: list, generated: dict[str, list[dict[str, str]]]) -> list:
    """The navigation with each empty section named like a generated one (``Dictionary: []``) filled in."""

    def fill(item: object) -> object:
        if isinstance(item, dict) and len(item) == 1:
            ((title, value),) = item.items()
            if value in (None, [], "generated") and title in generated:
                return {title: generated[title]}
        return item

    return [fill(item) for item in items]


def _front(title: str, description: str, **extra: object) -> dict[str, object]:
    return {"title": title, "description": description, "render_macros": False, **extra}


def jump_bar(letters: list[LetterPage], from_page: str, current: str | None = None) -> str:
    """The A–Z bar: letters with entries are links; others are shown, not linked."""
    first: dict[str, str] = {}
    for page in letters:
        first.setdefault(page.letter, page.path)
    items = []
    for letter in ALPHABET + [x for x in first if x not in ALPHABET]:
        if letter in first and letter != current:
            items.append(f"[{letter}]({relative(first[letter], from_page)})")
        elif letter == current:
            items.append(f'<strong aria-current="page">{letter}</strong>')
        else:
            items.append(f'<span class="nvd-az-empty" title="No entries">{letter}</span>')
    return '<nav class="nvd-az" aria-label="Letters" markdown>\n' + " ".join(items) + "\n</nav>\n"


def letter_page(
    dictionary: Dictionary, locator: Locator, page: LetterPage, letters: list[LetterPage], edit_base: str | None
) -> Page:
    parts = [f"# {page.title}\n", jump_bar(letters, page.path, page.letter)]
    siblings = [p for p in letters if p.letter == page.letter]
    if len(siblings) > 1:
        parts.append(
            "Pages: "
            + " · ".join(
                f"**{md_escape(p.title)}**" if p is page else f"[{md_escape(p.title)}]({relative(p.path, page.path)})"
                for p in siblings
            )
            + "\n"
        )
    for term in page.terms:
        parts.append(entry_section(dictionary, locator, term, page.path, edit_base))
    if page.aliases:
        parts.append(f"## Other names {{ #{OTHER_NAMES} .nvd-other-names }}\n")
        parts.append("Names under this letter for entries filed under another.\n")
        parts += [alias_section(dictionary, locator, alias, page.path) for alias in page.aliases]
    names = ", ".join(term.name for term in page.terms[:12])
    description = f"Network Virtualization Dictionary, {page.title}: {names}."[:300]
    return Page(page.path, page.title, "\n".join(parts), _front(page.title, description, search={"boost": 2}))


def alias_section(dictionary: Dictionary, locator: Locator, alias: Alias, from_page: str) -> str:
    """One other name, at its own anchor, pointing to its entry."""
    target = dictionary.terms[alias.target]
    return (
        f'<p class="nvd-alias" id="{alias.anchor}" markdown>**{md_escape(alias.name)}**: see '
        f"{locator.link(target.id, from_page)}. {md_escape(target.summary)}</p>\n"
    )


def entry_section(dictionary: Dictionary, locator: Locator, term: Term, from_page: str, edit_base: str | None) -> str:
    # The expansion is part of the heading, so search ranks "single root" as a title
    # match for SR-IOV; the table of contents shows the name alone.
    expansion = f' <small class="nvd-expansion">{md_escape(term.expansion)}</small>' if term.expansion else ""
    toc_label = title_attr(term.name).replace("\\", "")
    out = [f'## {md_escape(term.name)}{expansion} {{ #{term.id} .nvd-term data-toc-label="{toc_label}" }}\n']
    meta = []
    also = [a for a in term.aliases if a != term.expansion]
    if also:
        meta.append("Also: " + ", ".join(f"**{md_escape(a)}**" for a in also))
    chips = " ".join(
        f"[{md_escape(dictionary.categories[c].title)}]({relative(f'categories/{c}.md', from_page)}){{ .nvd-chip }}"
        for c in term.categories
    )
    if edit_base:
        chips += (
            f" [:material-file-edit-outline: Edit]({edit_base}terms/{term.id}.yaml "
            f'"Edit terms/{term.id}.yaml"){{ .nvd-edit }}'
        )
    out.append(
        '<div class="nvd-meta" markdown data-search-exclude>\n'
        + (" · ".join(meta) + "\n\n" if meta else "")
        + chips
        + "\n</div>\n"
    )
    linked = dictionary.linked.get(term.id, {})
    out.append(locator.resolve(linked.get("definition", term.definition), from_page) + "\n")
    for table in dictionary.tables.values():
        if table.host == term.id and len(dictionary.rows[table.id]) <= EMBED_ROWS_LIMIT:
            out.append(comparison_table(dictionary, locator, table, from_page))
        elif table.host == term.id:
            link = f"[{md_escape(table.title)}]({relative(f'tables/{table.id}.md', from_page)})"
            out.append(f"See the comparison table {link} ({len(dictionary.rows[table.id])} rows).\n")
    for diagram in term.diagrams:
        out.append(diagram_block(diagram.code, diagram.kind, diagram.title))
    for static in term.tables:
        out.append(static_table(static.columns, static.rows, static.title))
    if term.details:
        out.append(locator.resolve(linked.get("details", term.details), from_page) + "\n")
    out.append(entry_aside(dictionary, locator, term, from_page))
    return "\n".join(out)


def diagram_block(code: str, kind: str, title: str | None) -> str:
    fence = "`" * max(3, max((len(m) for m in re.findall(r"`+", code)), default=0) + 1)
    caption = f'title="{title_attr(title)}"' if title else ""
    return f"{fence}{kind} {caption}\n{code}\n{fence}\n".replace(" \n", "\n", 1)


def static_table(columns: list[str], rows: list[list[str]], title: str | None = None) -> str:
    lines = []
    if title:
        lines.append(f"**{md_escape(title)}**\n")
    lines.append("| " + " | ".join(_cell(c) for c in columns) + " |")
    lines.append("|" + "---|" * len(columns))
    for row in rows:
        lines.append("| " + " | ".join(_cell(c) for c in row) + " |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """A table cell: inline code kept as code, pipes escaped."""
    return text.replace("\n", " ").replace("|", "\\|")


def entry_aside(dictionary: Dictionary, locator: Locator, term: Term, from_page: str) -> str:
    blocks: list[str] = []
    for table_id, cells_list in term.table_rows.items():
        table = dictionary.tables[table_id]
        if table.host == term.id:
            continue
        rows = [
            Row(term.id, c.get("label", term.name), {k: v for k, v in c.items() if k != "label"}) for c in cells_list
        ]
        link = f"[{md_escape(table.title)}]({relative(f'tables/{table.id}.md', from_page)})"
        blocks.append(
            f"In the comparison table {link}:\n\n" + table_markdown(locator, table, rows, from_page, link_rows=False)
        )
    # The longest lists of a page, as HTML: Python-Markdown would parse every link again.
    for label, others in (("See also", dictionary.see_also), ("Referenced by", dictionary.backlinks)):
        if others.get(term.id):
            links = ", ".join(locator.html_link(other, from_page) for other in others[term.id])
            blocks.append(f"<p><strong>{label}:</strong> {links}</p>")
    if term.references:
        refs = "\n".join(f"- [{md_escape(ref.title)}](<{ref.url}>)" for ref in term.references)
        blocks.append(f"**References**\n\n{refs}")
    if not blocks:
        return ""
    return '<div class="nvd-aside" markdown data-search-exclude>\n\n' + "\n\n".join(blocks) + "\n\n</div>\n"


# ---------------------------------------------------------------- tables


def table_markdown(
    locator: Locator, table: ComparisonTable, rows: list[Row], from_page: str, link_rows: bool = True
) -> str:
    header = [table.label] + [c.title + (" (est.)" if c.figure else "") for c in table.columns]
    lines = [
        '<div class="nvd-table nvd-sortable" markdown>\n',
        "| " + " | ".join(md_escape(h) for h in header) + " |",
        "|" + "---|" * len(header),
    ]
    for row in rows:
        label = locator.link(row.term_id, from_page, row.label) if link_rows else md_escape(row.label)
        cells = [_cell(row.cells.get(c.key, "—")) for c in table.columns]
        lines.append("| " + " | ".join([label, *cells]) + " |")
    lines.append("\n</div>\n")
    return "\n".join(lines)


def comparison_table(dictionary: Dictionary, locator: Locator, table: ComparisonTable, from_page: str) -> str:
    """A whole generated table, with its caption and note."""
    link = f"[{md_escape(table.title)}]({relative(f'tables/{table.id}.md', from_page)})"
    note = f"\n*{md_escape(table.note)}*\n" if table.note else ""
    return f"**{link}**\n\n" + table_markdown(locator, table, dictionary.rows[table.id], from_page) + note


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
                f"- [{md_escape(t.title)}]({t.id}.md): {md_escape(t.description)} ({len(dictionary.rows[t.id])} rows)"
                for t in chosen
            ]
            lines.append("")
    pages.append(
        Page(
            "tables/index.md",
            "Comparison tables",
            "\n".join(lines),
            _front("Comparison tables", "Comparison tables of the Network Virtualization Dictionary."),
        )
    )
    for table in dictionary.tables.values():
        base = f"tables/{table.id}.md"
        chunks = chunked(dictionary.rows[table.id], LIST_PAGE_SIZE)
        for index, rows in enumerate(chunks):
            path = numbered_path(base, index)
            title = table.title if index == 0 else f"{table.title} ({index + 1})"
            body = [f"# {md_escape(title)}\n", md_escape(table.description) + "\n"]
            if table.host:
                body.append(f"Also shown in the entry {locator.link(table.host, path)}.\n")
            body.append("Select a column heading to sort by it.\n")
            body.append(pager(base, len(chunks), index))
            body.append(table_markdown(locator, table, rows, path))
            if table.note:
                body.append(f'!!! note "About the figures"\n    {md_escape(table.note)}\n')
            pages.append(Page(path, title, "\n".join(body), _front(title, table.description, search={"boost": 0.5})))
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
    intro = f"All {len(dictionary.terms)} entries and {len(dictionary.aliases)} other names.\n"
    front = _front(
        "A–Z index", "Every entry and alias of the Network Virtualization Dictionary.", search={"exclude": True}
    )
    path = "all.md"
    if len(items) <= INDEX_SUMMARY_LIMIT:
        lines = ["# A–Z index\n", jump_bar(letters, path), intro]
        for letter, group in by_letter.items():
            lines.append(f"\n## {letter} {{ #letter-{letter_key(letter)} }}\n")
            lines += [_index_line(locator, item, path, summary=True) for item in group]
        return [Page(path, "A–Z index", "\n".join(lines) + "\n", front)]
    lines = ["# A–Z index\n", intro, "| Letter | Names |", "|---|---|"]
    lines += [f"| [{letter}](all/{letter_key(letter)}.md) | {len(group)} |" for letter, group in by_letter.items()]
    pages = [Page(path, "A–Z index", "\n".join(lines) + "\n", front)]
    for letter, group in by_letter.items():
        sub = f"all/{letter_key(letter)}.md"
        body = [f"# A–Z index: {letter}\n", jump_bar(letters, sub, letter)]
        body += [_index_line(locator, item, sub, summary=False) for item in group]
        pages.append(
            Page(sub, f"A–Z index: {letter}", "\n".join(body) + "\n", {**front, "title": f"A–Z index: {letter}"})
        )
    return pages


def _index_line(locator: Locator, item: Term | Alias, page: str, summary: bool) -> str:
    if isinstance(item, Alias):
        target = locator.link(item.target, page) if summary else _plain_link(locator, item.target, page)
        return f"- {md_escape(item.name)} → {target}"
    if summary:
        return f"- {locator.link(item.id, page)}: {md_escape(locator.dictionary.terms[item.id].summary)}"
    return f"- {_plain_link(locator, item.id, page)}"


def _plain_link(locator: Locator, term_id: str, page: str) -> str:
    """A link without the summary as title: for very long lists, where size matters."""
    return f"[{md_escape(locator.dictionary.terms[term_id].name)}]({locator.url(term_id, page)})"


def _used_categories(dictionary: Dictionary) -> list:
    used = {c for term in dictionary.terms.values() for c in term.categories}
    return [c for c in dictionary.categories.values() if c.id in used]


def category_pages(dictionary: Dictionary, locator: Locator) -> list[Page]:
    categories = _used_categories(dictionary)
    members = {category.id: dictionary.in_category(category.id) for category in categories}
    lines = ["# Categories\n", "| Category | Entries | About |", "|---|---|---|"]
    for category in categories:
        count = len(members[category.id])
        lines.append(
            f"| [{md_escape(category.title)}]({category.id}.md) | {count} | {md_escape(category.description)} |"
        )
    pages = [
        Page(
            "categories/index.md",
            "Categories",
            "\n".join(lines) + "\n",
            _front("Categories", "The areas of the Network Virtualization Dictionary.", search={"boost": 0.3}),
        )
    ]
    for category in categories:
        base = f"categories/{category.id}.md"
        chunks = chunked(members[category.id], LIST_PAGE_SIZE)
        for index, terms in enumerate(chunks):
            path = numbered_path(base, index)
            title = category.title if index == 0 else f"{category.title} ({index + 1})"
            body = [f"# {md_escape(title)}\n", md_escape(category.description) + "\n", pager(base, len(chunks), index)]
            body += [f"- {locator.link(t.id, path)}: {md_escape(t.summary)}" for t in terms]
            pages.append(
                Page(path, title, "\n".join(body) + "\n", _front(title, category.description, search={"exclude": True}))
            )
    return pages


def composition_pages(dictionary: Dictionary, locator: Locator) -> list[Page]:
    lines = ["# Architectures\n", "How the entries combine in real deployments.\n"]
    lines += [f"- [{md_escape(c.title)}]({c.id}.md): {md_escape(c.summary)}" for c in dictionary.compositions]
    pages = [
        Page(
            "compositions/index.md",
            "Architectures",
            "\n".join(lines) + "\n",
            _front("Architectures", "Architecture compositions of the Network Virtualization Dictionary."),
        )
    ]
    for composition in dictionary.compositions:
        pages.append(composition_page(dictionary, locator, composition))
    return pages


def composition_page(dictionary: Dictionary, locator: Locator, composition: Composition) -> Page:
    path = f"compositions/{composition.id}.md"
    body = [f"# {md_escape(composition.title)}\n", md_escape(composition.summary) + "\n"]
    if composition.mermaid:
        body.append('<figure class="nvd-diagram" markdown>\n')
        body.append(f"```mermaid\n{composition.mermaid.rstrip()}\n```\n")
        body.append(
            f"<figcaption>Diagram of {md_escape(composition.title)}; the same in text follows."
            "</figcaption>\n</figure>\n"
        )
    body.append("## Text form\n")
    body.append(diagram_block(composition.text, "text", None))
    if composition.notes:
        body.append(md_escape(composition.notes) + "\n")
    body.append("## Components\n")
    body += [f"- {locator.link(c, path)}: {md_escape(dictionary.terms[c].summary)}" for c in composition.components]
    meta = _front(composition.title, composition.summary)
    if composition.mermaid:
        meta["mermaid"] = True
    return Page(path, composition.title, "\n".join(body) + "\n", meta)


def corrections_page(dictionary: Dictionary, locator: Locator) -> Page:
    """The dated log of where the dictionary corrects its seed text."""
    path = "corrections.md"
    lines = [
        "# Content corrections\n",
        "Where an entry departs from the text this dictionary started from, and why. "
        "Each change cites a primary source, except where a figure was only reworded to read as an estimate.\n",
        "| Date | Entry | Was | Now | Why | Source |",
        "|---|---|---|---|---|---|",
    ]
    for c in sorted(dictionary.corrections, key=lambda c: (c.date, sort_key(dictionary.terms[c.entry].name))):
        source = f"[{md_escape(c.source.title)}](<{c.source.url}>)" if c.source else "estimate wording"
        lines.append(
            f"| {c.date} | {locator.link(c.entry, path)} | {_cell(md_escape(c.seed))} | {_cell(md_escape(c.now))} "
            f"| {_cell(md_escape(c.why))} | {source} |"
        )
    return Page(
        path,
        "Content corrections",
        "\n".join(lines) + "\n",
        _front(
            "Content corrections",
            "Dated log of corrections to the dictionary's content, with sources.",
            search={"boost": 0.2},
        ),
    )


def page_source(page: Page) -> str:
    """The page as a Markdown file: YAML front matter, then the body."""
    front = yaml.safe_dump(page.meta, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{front}---\n\n{page.markdown}"
