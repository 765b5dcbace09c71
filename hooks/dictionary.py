"""MkDocs adapter: turn terms/ into generated pages. All the work is in nvdict."""

from __future__ import annotations

import gc
import json
import sys
from pathlib import Path
from typing import Any

# The generator next to this hook is the one to use, whatever else is installed.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkDocsPage

from hooks.theme_safety import content_security_policy, sanitise_index
from nvdict import load as loading
from nvdict import search
from nvdict.cache import Store, cache_dir
from nvdict.checked import CheckedFiles
from nvdict.final_html import FinalHtml, block_ids
from nvdict.mkdocs_site import builds_offline, page_source
from nvdict.mkdocs_site import edit_base as edit_prefix
from nvdict.pages import Site, build_site, fill_nav, fragment_store
from nvdict.previews import SCRIPT_PATH, dictionary_summaries
from nvdict.problems import DictionaryError
from nvdict.render import has_mermaid
from nvdict.search import IndexedEntry, entry_documents, indexed_entry


class _TemplateCache(jinja2.BytecodeCache):
    """Compiled theme templates kept in memory, so that ``mkdocs serve`` rebuilds skip compiling them.

    Jinja keys each entry by the template's name and source checksum: an edited override
    is compiled again.
    """

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._compiled:
            bucket.bytecode_from_string(self._compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


_templates = _TemplateCache()
_theme_files: dict[tuple[object, ...], list[str]] = {}
"""While serving: the theme's static files, listed once (Material ships some 14,000 files, mostly
icons, and MkDocs walks and filters them all on every rebuild). A file added to the theme or to
overrides/ while serving shows after a restart."""


def _listing_kept(theme: Any) -> Any:
    """``theme.get_env`` whose environments list the theme's files once per serving process."""
    make_env = type(theme).get_env

    def get_env() -> jinja2.Environment:
        env = make_env(theme)
        list_templates = env.list_templates

        def listed(extensions: Any = None, filter_func: Any = None) -> list[str]:
            key = (tuple(theme.dirs), tuple(theme.static_templates), tuple(extensions or ()), filter_func is None)
            if key not in _theme_files:
                _theme_files[key] = list_templates(extensions, filter_func)
            return list(_theme_files[key])

        env.list_templates = listed  # type: ignore[method-assign]
        return env

    return get_env


_serving = False
_files: CheckedFiles | None = None
"""Term files already read and checked (``.cache/nvdict/checks.json``), reused until their bytes change."""
_site: Site | None = None
_urls: dict[str, str] = {}
_summaries: str = ""
_entries: dict[str, IndexedEntry] = {}
_fragments: Store | None = None
"""Contributor Markdown rendered by earlier builds (``.cache/nvdict/``), saved when a build succeeds."""


def project_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def edit_base(config: MkDocsConfig) -> str | None:
    """Address prefix for editing a file of the repository (``.../edit/main/``)."""
    return edit_prefix(config.repo_url, config.edit_uri)


def on_startup(command: str, dirty: bool) -> None:
    global _serving, _files, _fragments
    _serving = command == "serve"
    _files = None
    _fragments = None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _site, _summaries, _entries, _files, _fragments
    gc.unfreeze()  # what the last build froze can be collected again
    root = project_root(config)
    if _serving:
        config.theme.get_env = _listing_kept(config.theme)  # type: ignore[method-assign]
    if _files is None or not _serving:  # serving: read the kept results once, keep them in memory, never write
        # One process: forked checks, links and renders made a 10,000-term build on 2 cores slower
        # (105 s against 92 s) and a 1,000-term one no faster (docs/benchmarks.md); never fork a server.
        _files = CheckedFiles.on_disk(root, loading.schema_path(root), write=not _serving, parallel=False)
    try:
        dictionary = loading.load_cached(root, _files)  # looked up now: tests replace it
    except DictionaryError as error:
        raise PluginError(str(error)) from None
    if _fragments is None or not _serving:
        _fragments = fragment_store(root, config.use_directory_urls)
        if _serving:  # serving: read the cache once, keep it in memory, never write on every rebuild
            _fragments.path = None
    _site = build_site(dictionary, edit_base(config), directory_urls=config.use_directory_urls, fragments=_fragments)
    _entries = {t.id: indexed_entry(t) for t in dictionary.terms.values()}
    _summaries = dictionary_summaries(dictionary)
    config.nav = fill_nav(config.nav or [], _site.nav)
    if not any(isinstance(extension, FinalHtml) for extension in config.markdown_extensions):
        config.markdown_extensions.append(FinalHtml())  # generated HTML is not parsed again
    # The dictionary lives as long as the build: spare the garbage collector from scanning
    # it in every full collection while MkDocs renders (3.5 s of one 10,000-term build).
    gc.freeze()
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert _site is not None
    _urls.clear()
    entry_pages = set(_site.term_pages.values())
    for page in _site.pages:
        # Entry pages are reached from their letter, categories, links and search, not the
        # navigation: listed there, every page of the site would carry thousands of links.
        inclusion = InclusionLevel.NOT_IN_NAV if page.path in entry_pages else InclusionLevel.UNDEFINED
        file = File.generated(config, page.path, content=page_source(page, readable=False), inclusion=inclusion)
        files.append(file)
        _urls[page.path] = file.url
    files.append(File.generated(config, SCRIPT_PATH, content=_summaries))
    return files


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    """Compiled theme templates are kept: in memory while serving, else in the cache folder (Jinja's
    own file cache, keyed by each template's source), so a build does not compile them again."""
    folder = None if _serving else cache_dir(project_root(config))
    if folder is None:
        env.bytecode_cache = _templates
        return env
    (folder / "jinja").mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder / "jinja"))
    return env


def on_pre_page(page: MkDocsPage, config: MkDocsConfig, files: Files) -> MkDocsPage:
    """The anchors in a page's blocks of generated HTML, which MkDocs no longer parses, count as
    the page's own when MkDocs checks links to them (found as the page renders, and kept with it)."""
    render = page.render

    def render_with_block_anchors(config: MkDocsConfig, files: Files) -> None:
        render(config, files)
        if page.markdown and page.present_anchor_ids is not None:
            page.present_anchor_ids |= block_ids(page.markdown)

    page.render = render_with_block_anchors  # type: ignore[method-assign]
    return page


def on_page_content(html: str, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
    """A page that draws a diagram, however it got there, loads the site's own Mermaid, never a CDN copy."""
    if has_mermaid(html):
        page.meta["mermaid"] = True
    return html


def on_post_page(output: str, page: MkDocsPage, config: MkDocsConfig) -> str:
    """Every page carries a Content-Security-Policy that allows only this site's scripts and the theme's own."""
    return _with_policy(output, config)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """Pages made from the theme alone (404.html) carry the same policy."""
    return _with_policy(output_content, config) if template_name.endswith(".html") else output_content


def _with_policy(page_html: str, config: MkDocsConfig) -> str:
    shim = Path(config.docs_dir) / "assets" / "vendor" / "iframe-worker-shim.js"
    return content_security_policy(page_html, offline=builds_offline(config), shim=shim, live_reload=_serving)


def on_page_context(context: dict, page: MkDocsPage, config: MkDocsConfig, nav: object) -> dict:
    """Generated pages have no file to edit: entries carry their own edit links."""
    if page.file.generated_by:
        page.edit_url = None
    return context


def on_post_build(config: MkDocsConfig) -> None:
    """Title and tag entry pages by their names in the search index, and sanitise every document of it.

    Runs before the offline plugin copies the index. A very large dictionary's index keeps
    each entry's summary instead of its whole text.
    """
    gc.unfreeze()
    if _fragments is not None:
        _fragments.save()
    index = Path(config.site_dir) / "search" / "search_index.json"
    if _site is None or not index.exists():
        return
    data = json.loads(index.read_text(encoding="utf-8"))
    located = {_urls[page]: _entries[term_id] for term_id, page in _site.term_pages.items()}
    docs = entry_documents(data["docs"], located, summaries_only=len(located) > search.FULL_TEXT_LIMIT)
    data["docs"] = sanitise_index(docs)
    index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
