"""The whole site as a static MkDocs project that needs no hooks and no macros plugin.

    python -m nvdict export DIR [--links mkdocs|zensical]

``DIR`` receives ``mkdocs.yml`` and ``docs/``: every generated page as an ordinary
Markdown file (front matter included), the hand-written pages of ``docs/`` with their
macros expanded, the assets, ``summaries.js``, the data files (``api/``, ``llms.txt``)
and the theme's ``custom_dir``. Its ``mkdocs.yml`` is the project's, without ``hooks``,
``watch`` and the macros plugin, with the generated navigation written out. Plain MkDocs
builds it, and so does Zensical.

Links in raw HTML are written for one generator. MkDocs copies raw HTML as it is, so
``--links mkdocs`` (the default) writes addresses relative to the page's own address
(``../xdp/`` in ``af-xdp.md``, published at ``af-xdp/``). Zensical reads every relative
address in a page, raw HTML included, as relative to the Markdown file, and rewrites it
for the published page (measured with Zensical 0.0.73: ``../xdp/`` in ``af-xdp.md``
became ``../../xdp/``); ``--links zensical`` writes them so (``xdp/``).

What the hooks add at build time is not in the export: the Content-Security-Policy of
each page, the search index's name tags and its sanitising, the removal of the Edit
button on generated pages.
"""

from __future__ import annotations

import posixpath
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import jinja2
import yaml

from nvdict import macros
from nvdict.export import DESCRIPTION, TITLE, write_export
from nvdict.final_html import unmarked
from nvdict.load import load
from nvdict.mkdocs_site import edit_base, page_source, read_config, setting, write_config
from nvdict.pages import Locator, build_site, fill_nav, letter_pages, page_url, relpath
from nvdict.previews import SCRIPT_PATH, dictionary_summaries

LinkForm = Literal["mkdocs", "zensical"]
MARKER = ".nvdict-export"
"""Written in every export, so that exporting again may replace the directory (and no other)."""
DROPPED_SETTINGS = ("hooks", "watch")
DROPPED_PLUGINS = ("macros",)
_TEMPLATE = re.compile(r"\{\{|\{%|\{#")
_RAW_LINK = re.compile(r'(<a\s[^>]*?\bhref=")([^"]*)(")')
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


class ExportError(Exception):
    """The export cannot be written; the message names the file and what to do."""


@dataclass(frozen=True)
class Exported:
    """What an export wrote."""

    out: Path
    generated: int
    """Pages made from terms/."""
    hand_written: int
    """Pages of docs/ (those with macros expanded among them)."""
    expanded: int
    """Hand-written pages whose macros were expanded."""
    entries: int


def export_static(root: Path, out: Path, links: LinkForm = "mkdocs") -> Exported:
    """Write the project in ``root`` as a static MkDocs project in ``out`` (replacing an earlier export)."""
    if not (root / "mkdocs.yml").is_file():
        raise ExportError(f"{root} has no mkdocs.yml: run the export in a checkout of the project (or pass --root)")
    config = read_config(root / "mkdocs.yml")
    dictionary = load(root)
    directory_urls = setting(config, "use_directory_urls") is not False
    edit = edit_base(setting(config, "repo_url"), setting(config, "edit_uri"))
    site = build_site(dictionary, edit, directory_urls=directory_urls)
    _prepare(out)
    docs = out / "docs"
    shutil.copytree(root / (setting(config, "docs_dir") or "docs"), docs, ignore=shutil.ignore_patterns("__pycache__"))
    locator = Locator(dictionary, letter_pages(dictionary), directory_urls)
    page_macros = macros.Macros(dictionary, locator)
    hand_written = sorted(path.relative_to(docs).as_posix() for path in docs.rglob("*.md"))
    expanded = 0
    for path in hand_written:
        source = (docs / path).read_text(encoding="utf-8")
        rendered = unmarked(expand_macros(source, path, page_macros))  # no block markers in files people read
        expanded += rendered != source
        (docs / path).write_text(_links_for(rendered, path, links, directory_urls), encoding="utf-8")
    for page in site.pages:
        target = docs / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_links_for(page_source(page), page.path, links, directory_urls), encoding="utf-8")
    (docs / SCRIPT_PATH).write_text(dictionary_summaries(dictionary), encoding="utf-8")
    write_export(
        dictionary,
        docs,
        setting(config, "site_url"),
        title=setting(config, "site_name") or TITLE,
        description=setting(config, "site_description") or DESCRIPTION,
        directory_urls=directory_urls,
    )
    theme = config.get("theme")
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    if custom_dir:
        shutil.copytree(root / custom_dir, out / custom_dir, ignore=shutil.ignore_patterns("__pycache__"))
    entry_pages = sorted(site.term_pages.values())
    (out / "mkdocs.yml").write_text(write_config(static_config(config, site.nav, entry_pages)), encoding="utf-8")
    return Exported(out, len(site.pages), len(hand_written), expanded, len(site.term_pages))


def _prepare(out: Path) -> None:
    """``out`` empty and ready: created, or an earlier export removed; anything else is refused."""
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} exists and is not a directory: choose another directory")
    if out.is_dir() and any(out.iterdir()):
        if not (out / MARKER).is_file():
            raise ExportError(f"{out} is not empty and holds no earlier export: choose an empty or new directory")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("Written by `python -m nvdict export`; exporting again replaces this directory.\n")


def static_config(
    config: dict[str, Any], generated_nav: dict[str, list[dict[str, str]]], entry_pages: list[str]
) -> dict[str, Any]:
    """The project's settings without its machinery: no hooks, no macros plugin, the navigation written out.

    Entry pages are left out of the navigation (as the hook does): ``not_in_nav`` lists them.
    """
    static = {key: value for key, value in config.items() if key not in DROPPED_SETTINGS}
    static["plugins"] = [item for item in config.get("plugins", []) if _plugin_name(item) not in DROPPED_PLUGINS]
    static["nav"] = fill_nav(config.get("nav") or [], generated_nav)
    kept = str(config.get("not_in_nav") or "").rstrip("\n")
    static["not_in_nav"] = "\n".join([*filter(None, [kept]), *(f"/{path}" for path in entry_pages)]) + "\n"
    return static


def _plugin_name(item: object) -> str:
    return next(iter(item)) if isinstance(item, dict) and item else str(item)


def expand_macros(source: str, path: str, page_macros: macros.Macros) -> str:
    """A hand-written page as mkdocs-macros renders it: the body through Jinja with the dictionary's macros.

    Pages whose front matter says ``render_macros: false``, and pages without template
    syntax, are returned as they are.
    """
    front, body = _split_front_matter(source)
    try:
        meta = yaml.safe_load(front[4:-4]) if front else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"docs/{path}:{mark.line + 2}:{mark.column + 1}" if mark else f"docs/{path}"
        raise ExportError(f"{where}: the front matter is not valid YAML; fix it between the --- lines") from None
    if not _TEMPLATE.search(body) or (isinstance(meta, dict) and meta.get("render_macros") is False):
        return source
    functions = {
        "term": lambda term_id, text=None: page_macros.term(term_id, path, text),
        "comparison_table": lambda table_id: page_macros.comparison_table(table_id, path),
        "category_entries": lambda category_id: page_macros.category_entries(category_id, path),
        "az_bar": lambda: page_macros.az_bar(path),
        "stats": page_macros.stats,
    }
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    offset = front.count("\n")
    try:
        return front + environment.from_string(body).render(functions)
    except macros.MacroError as error:
        raise ExportError(str(error)) from None
    except jinja2.TemplateError as error:
        line = getattr(error, "lineno", None)
        where = f"docs/{path}:{line + offset}" if line else f"docs/{path}"
        raise ExportError(f"{where}: {error.message}; fix the macro call or add `render_macros: false`") from None


def _split_front_matter(source: str) -> tuple[str, str]:
    """``source`` as its front matter (``---`` lines included, or "") and its body."""
    if not source.startswith("---\n"):
        return "", source
    end = source.find("\n---\n", 3)
    if end < 0:
        return "", source
    return source[: end + 5], source[end + 5 :]


def _links_for(markdown: str, path: str, links: LinkForm, directory_urls: bool) -> str:
    """``markdown`` with the links of its raw HTML written for ``links``' generator."""
    if links == "mkdocs":
        return markdown
    return _RAW_LINK.sub(
        lambda m: m.group(1) + source_relative(m.group(2), path, directory_urls) + m.group(3), markdown
    )


def source_relative(href: str, path: str, directory_urls: bool = True) -> str:
    """``href``, written relative to page ``path``'s address, as relative to its Markdown file instead.

    ``../xdp/#x`` in ``af-xdp.md`` (at ``af-xdp/``) is ``xdp/#x``; addresses with a scheme,
    absolute ones and fragments alone stay as they are.
    """
    if not href or href.startswith(("#", "/")) or _SCHEME.match(href):
        return href
    cut = min((i for i in (href.find("#"), href.find("?")) if i >= 0), default=len(href))
    address, rest = href[:cut], href[cut:]
    url = page_url(path, directory_urls)
    here = url.rstrip("/") if directory_urls else posixpath.dirname(url)
    target = posixpath.normpath(posixpath.join(here, address)) if address else here
    target = "" if target == "." else target
    found = relpath(target, posixpath.dirname(path))
    if address.endswith("/") or (not address and directory_urls):
        found = "./" if found == "." else f"{found}/"
    return found + rest
