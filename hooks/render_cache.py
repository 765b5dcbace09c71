"""MkDocs adapter for ``mkdocs serve``: a rebuild renders again only the pages whose Markdown changed.

Every rebuild of ``mkdocs serve`` renders every page. After one term file is edited,
only a few pages' Markdown differs (the entry's letter page, and the lists that show its
summary); the others would give the same HTML again. This hook keeps, for the length of
a ``serve`` session, what rendering produced for each page: the HTML, the table of
contents, the anchors the page has and the links it makes to other pages' anchors. A
page is rendered again unless its Markdown, the site's set of files and ``mkdocs.yml``
are all unchanged; MkDocs still checks every link to an anchor after each rebuild.
Renders that logged a warning are never reused, so each rebuild repeats every warning.

``mkdocs build`` (and so CI and the published site) never uses it.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page


@dataclass(frozen=True)
class Rendered:
    content: str
    toc: Any
    title: str | None
    anchors: frozenset[str]
    links_to_anchors: dict[str, dict[str, str]] | None
    """Target page's ``src_uri`` -> {anchor: link as written}."""


_serving = False
_rendered: dict[str, tuple[str, str, Rendered]] = {}
"""Page ``src_uri`` -> (its Markdown, the build context, what rendering it gave): the latest only."""
_context = ""
"""Digest of mkdocs.yml and of every file's path and address in this build."""
counts = {"reused": 0, "rendered": 0}


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"
    _rendered.clear()


@event_priority(-100)  # after every plugin and hook that adds files
def on_files(files: Files, config: MkDocsConfig) -> Files:
    global _context
    if _serving:
        digest = hashlib.blake2b(Path(config.config_file_path).read_bytes(), digest_size=16)
        for file in sorted(files, key=lambda f: f.src_uri):
            digest.update(f"{file.src_uri}\0{file.url}\0".encode())
        _context = digest.hexdigest()
    return files


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    if _serving:
        render = page.render
        page.render = lambda config, files: _render(page, render, config, files)  # type: ignore[method-assign]
    return page


def _render(page: Page, render: Any, config: MkDocsConfig, files: Files) -> None:
    assert page.markdown is not None
    previous = _rendered.get(page.file.src_uri)
    if previous is not None and previous[:2] == (page.markdown, _context):
        kept = previous[2]
        counts["reused"] += 1
        page.content, page.toc, page._title_from_render = kept.content, kept.toc, kept.title
        page.present_anchor_ids = set(kept.anchors)
        if kept.links_to_anchors is not None:
            page.links_to_anchors = {
                files.get_file_from_path(target): dict(links) for target, links in kept.links_to_anchors.items()
            }
        return
    counts["rendered"] += 1
    with _Warnings() as warnings:
        render(config, files)
    if warnings.count == 0 and page.content is not None:
        links = page.links_to_anchors
        _rendered[page.file.src_uri] = (
            page.markdown,
            _context,
            Rendered(
                page.content,
                page.toc,
                page._title_from_render,
                frozenset(page.present_anchor_ids or ()),
                {file.src_uri: dict(found) for file, found in links.items()} if links is not None else None,
            ),
        )


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
