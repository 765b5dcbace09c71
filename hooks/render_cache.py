"""MkDocs adapter: a page whose Markdown has not changed is not rendered again.

After one term file is edited, only a few pages' Markdown differs (the entry's own page,
its letter page, the pages that list or link it); the others would give the same HTML
again. This hook keeps what rendering produced for each page: the HTML, the table of
contents, the anchors the page has and the links it makes to other pages' anchors.
A page is rendered again unless its Markdown, the site's set of files and addresses,
``mkdocs.yml`` and the generator and its Markdown libraries (``nvdict.cache``) are all
unchanged; MkDocs still checks every link to an anchor, then runs the templates and
the search index for every page. Renders that logged a warning are never kept, so each
build repeats every warning.

``mkdocs serve`` keeps them in memory between rebuilds; ``mkdocs build`` also keeps them
in ``.cache/nvdict/pages-*.json`` (``NVDICT_CACHE_DIR``; ``off`` for none), written when
the build succeeds, so the next build (CI keeps the directory between runs) renders only
what changed. The output is the same, byte for byte, as a build without it (tested).
"""

from __future__ import annotations

import hashlib
import logging
import sys
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents, get_toc

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nvdict.cache import Store, cache_dir, generator_digest, key

log = logging.getLogger("mkdocs.hooks.render_cache")
_serving = False
_store: Store | None = None
"""Page ``src_uri`` + its Markdown + the build context -> what rendering it gave (JSON values)."""
_context = ""
"""Digest of mkdocs.yml, of the generator and of every file's path and address in this build."""
counts = {"reused": 0, "rendered": 0}
"""Since the process started (``mkdocs serve``: over every rebuild)."""
_at_start = dict(counts)


def on_startup(command: str, dirty: bool) -> None:
    global _serving, _store
    _serving = command == "serve"
    _store = None


@event_priority(-100)  # after every plugin and hook that adds files
def on_files(files: Files, config: MkDocsConfig) -> Files:
    global _context, _store
    digest = hashlib.blake2b(Path(config.config_file_path).read_bytes(), digest_size=16)
    digest.update(generator_digest().encode())
    for file in sorted(files, key=lambda f: f.src_uri):
        digest.update(f"{file.src_uri}\0{file.url}\0".encode())
    _context = digest.hexdigest()
    if _store is None:
        root = Path(config.config_file_path).resolve().parent
        folder = cache_dir(root)
        style = "dir" if config.use_directory_urls else "html"
        path = folder / f"pages-{style}.json" if folder is not None else None
        _store = Store(None if _serving else path, generator_digest())
    _at_start.update(counts)
    return files


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    if _store is not None:
        render = page.render
        page.render = lambda config, files: _render(page, render, config, files)  # type: ignore[method-assign]
    return page


def on_post_build(config: MkDocsConfig) -> None:
    """The build succeeded: keep what it rendered for the next one."""
    if _store is not None and not _serving:
        _store.save()
        done = {name: counts[name] - _at_start[name] for name in counts}
        log.info("nvdict render cache: %d pages rendered, %d reused", done["rendered"], done["reused"])


def _render(page: Page, render: Any, config: MkDocsConfig, files: Files) -> None:
    assert page.markdown is not None and _store is not None
    name = key(page.file.src_uri, _context, page.markdown)
    kept = _store.get(name)
    if isinstance(kept, dict) and _restore(page, kept, files):
        counts["reused"] += 1
        return
    counts["rendered"] += 1
    with _Warnings() as warnings:
        render(config, files)
    if warnings.count == 0 and page.content is not None:
        links = page.links_to_anchors
        _store.put(
            name,
            {
                "content": page.content,
                "toc": [_token(item) for item in page.toc],
                "title": page._title_from_render,
                "anchors": sorted(page.present_anchor_ids or ()),
                "links": {file.src_uri: dict(found) for file, found in links.items()} if links is not None else None,
            },
        )


def _restore(page: Page, kept: dict[str, Any], files: Files) -> bool:
    """Give ``page`` what an earlier render of the same Markdown gave; False if the record is unusable."""
    try:
        links = kept["links"]
        targets = {target: files.get_file_from_path(target) for target in links} if links is not None else {}
        if any(file is None for file in targets.values()):
            return False
        toc: TableOfContents = get_toc(kept["toc"])
        page.content, page.toc, page._title_from_render = kept["content"], toc, kept["title"]
        page.present_anchor_ids = set(kept["anchors"])
        if links is not None:
            page.links_to_anchors = {targets[target]: dict(found) for target, found in links.items()}
    except (KeyError, TypeError, AttributeError):
        return False
    return True


def _token(item: AnchorLink) -> dict[str, Any]:
    """A table-of-contents item as Python-Markdown's toc extension gives it (``get_toc`` reads it back)."""
    return {"level": item.level, "id": item.id, "name": item.title, "children": [_token(c) for c in item.children]}


class _Warnings(logging.Handler):
    """Counts the warnings MkDocs logs while it is in use."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1

    def __enter__(self) -> _Warnings:
        logging.getLogger("mkdocs").addHandler(self)
        return self

    def __exit__(self, *exc: object) -> None:
        logging.getLogger("mkdocs").removeHandler(self)
