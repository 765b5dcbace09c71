"""MkDocs adapter: a page whose template input has not changed is not run through the theme again.

Material's templates are most of a warm build's time (the navigation alone is a quarter
of it), and after one term changes almost every page would give the same HTML again.
This hook keeps each page's template output in ``.cache/nvdict/templates-*.sqlite``, one row
per page (with the page's search-index entries, which Material's search plugin would
otherwise find again by parsing the same HTML), keyed by a digest of everything the
theme and the search plugin read for it: the page's address,
title, metadata, HTML, table of contents and neighbours, and for the whole site the
navigation, the validated configuration (so ``OFFLINE`` and ``SITE_URL`` count), the
theme and its overrides, and the generator. A page with a kept output is given a
one-line template that prints it, and its kept entries go into the search index; every
other ``on_page_context`` and ``on_post_page`` hook (the security policy) still runs on
it, so the site is the same, byte for byte, as a build without the cache (tested).
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
from pathlib import Path
from typing import Any

import jinja2
import material
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nvdict.cache import TextStore, cache_dir, generator_digest, key

log = logging.getLogger("mkdocs.hooks.template_cache")
KEPT_TEMPLATE = "nvdict-kept-output.html"
"""In overrides/: prints the kept output (``nvdict_kept_output``) and nothing else."""
ENTRIES = ".search"
"""Suffix of the file that keeps a page's search-index entries, beside the page's own."""
CONFIG_KEYS = (
    "site_name",
    "site_url",
    "site_description",
    "site_author",
    "copyright",
    "repo_url",
    "repo_name",
    "edit_uri",
    "use_directory_urls",
    "extra",
    "extra_css",
    "extra_javascript",
    "theme",
)
"""The configuration the theme's templates read (plugins are added by name and state)."""

_serving = False
_store: TextStore | None = None
_nav: Navigation | None = None
_env: jinja2.Environment | None = None
_pending: dict[str, str] = {}
"""Page ``src_uri`` -> key, for pages rendered by the theme whose output is to be kept."""
_kept: dict[str, str] = {}
"""Page ``src_uri`` -> key, for pages that print a kept output."""
_entries: dict[str, list[dict[str, Any]]] = {}
"""Page ``src_uri`` -> its search-index entries: kept ones to give the index, or new ones to keep."""
counts = {"kept": 0, "rendered": 0}


def on_startup(command: str, dirty: bool) -> None:
    global _serving, _store
    _serving = command == "serve"
    _store = None


@event_priority(-100)  # the navigation as every other hook left it
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    global _nav
    _nav = nav
    return nav


@event_priority(-100)  # after every hook that changes the environment
def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    """Every page's title and HTML are known now: decide which pages print a kept output."""
    global _store, _env
    _env = env
    root = Path(config.config_file_path).resolve().parent
    folder = cache_dir(root)
    style = "dir" if config.use_directory_urls else "html"
    if _store is None or not _serving:
        _store = TextStore(folder / f"templates-{style}" if folder else None, generator_digest())
    site = _site_digest(config)
    _pending.clear()
    _kept.clear()
    _entries.clear()
    counts.update(kept=0, rendered=0)
    search = config.plugins.get("material/search")
    if search is not None and getattr(search, "search_index", None) is not None:
        index = search.search_index
        index.add_entry_from_context = lambda page: _index(index, page, type(index).add_entry_from_context)
    for file in files.documentation_pages():
        page = file.page
        if page is None or page.meta.get("template"):
            continue  # a page that chose its own template is rendered as it asks
        name = key(site, _page_input(page))
        if _store.has(name) and _store.has(name + ENTRIES):
            page.meta["template"] = KEPT_TEMPLATE
            _kept[file.src_uri] = name
        else:
            _pending[file.src_uri] = name
    return env


@event_priority(100)  # before any other hook: the kept output is the page as every hook then sees it
def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    name = _kept.get(page.file.src_uri)
    if name is None:
        return context
    assert _store is not None and _env is not None
    output, entries = _store.get(name), _read_entries(_store.get(name + ENTRIES))
    if output is None or entries is None:  # removed or damaged since on_env: render it after all
        context["nvdict_kept_output"] = _env.get_template("main.html").render(context)
        counts["rendered"] += 1
        return context
    context["nvdict_kept_output"], _entries[page.file.src_uri] = output, entries
    counts["kept"] += 1
    return context


@event_priority(100)  # the theme's output, before any hook changes it
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    name = _pending.pop(page.file.src_uri, None)
    if name is not None and _store is not None:
        _store.put(name + ENTRIES, json.dumps(_entries.pop(page.file.src_uri, [])))
        _store.put(name, output)  # the page itself as it is: no decoding when it is used
        counts["rendered"] += 1
    return output


def _index(index: Any, page: Page, add: Any) -> None:
    """Material's search indexing of one page: the kept entries, or those it finds (then kept)."""
    source = page.file.src_uri
    if source in _kept and source in _entries:
        index.entries.extend(_entries.pop(source))
        return
    before = len(index.entries)
    add(index, page)
    if source in _pending:
        _entries[source] = index.entries[before:]


def _read_entries(text: str | None) -> list[dict[str, Any]] | None:
    """Kept search entries, or None when the file is missing or not what this hook writes."""
    try:
        entries = json.loads(text) if text is not None else None
    except ValueError:
        return None
    return entries if isinstance(entries, list) and all(isinstance(e, dict) for e in entries) else None


def on_post_build(config: MkDocsConfig) -> None:
    if _store is not None:
        _store.flush()  # serving: the next rebuild reads what this one wrote
        if not _serving:
            _store.prune()
    log.info("nvdict template cache: %d pages through the theme, %d kept", counts["rendered"], counts["kept"])


def on_build_error(error: Exception) -> None:
    if _store is not None:
        _store.flush()


def _site_digest(config: MkDocsConfig) -> str:
    """Everything the theme reads that is the same for every page."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{generator_digest()}\0material={material.__version__}\0".encode())
    settings = {name: config[name] for name in CONFIG_KEYS}
    settings["theme"] = {name: value for name, value in config.theme.items()}
    settings["plugins"] = [
        (name, bool(getattr(plugin.config, "enabled", True)) if hasattr(plugin, "config") else True)
        for name, plugin in config.plugins.items()
    ]
    digest.update(json.dumps(settings, sort_keys=True, default=str).encode())
    for folder in config.theme.dirs:
        if Path(folder).resolve().is_relative_to(Path(material.__file__).resolve().parent):
            continue  # the theme's own templates: its version is in the digest
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file():
                digest.update(f"{path.relative_to(folder).as_posix()}\0".encode() + path.read_bytes() + b"\0")
    digest.update(json.dumps(_nav_items(_nav.items if _nav else [])).encode())
    return digest.hexdigest()


def _nav_items(items: list[Any]) -> list[Any]:
    """The navigation as the theme draws it: kinds, titles, addresses and children."""
    found: list[Any] = []
    for item in items:
        if isinstance(item, Section):
            found.append(["section", item.title, _nav_items(item.children)])
        elif isinstance(item, Link):
            found.append(["link", item.title, item.url])
        else:
            found.append(["page", item.title, item.url])
    return found


def _page_input(page: Page) -> str:
    """Everything the theme reads from one page, as text."""
    neighbours = [(other.url, other.title) if other else None for other in (page.previous_page, page.next_page)]
    return json.dumps(
        {
            "src": page.file.src_uri,
            "url": page.url,
            "canonical": page.canonical_url,
            "edit": page.edit_url,
            "generated": bool(page.file.generated_by),
            "title": page.title,
            "home": page.is_homepage,
            "meta": page.meta,
            "toc": [_toc(item) for item in page.toc],
            "neighbours": neighbours,
            "content": page.content,
        },
        sort_keys=True,
        default=str,
    )


def _toc(item: AnchorLink) -> list[Any]:
    return [item.level, item.id, item.title, [_toc(child) for child in item.children]]
