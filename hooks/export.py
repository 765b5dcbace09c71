"""MkDocs adapter: publish the dictionary as data (api/*.json, llms.txt, llms-full.txt) with each build.

The export depends on the dictionary and the configuration only, so a build writes it in a
thread while MkDocs renders the pages (creating a thousand small files on a disk is mostly
waiting: a 1,000-term build with one changed entry took 2.0 s against 2.2-2.6 s); the build
waits for it at its end and fails if it failed. ``mkdocs serve`` rebuilds in RAM, where the
thread only competed with the pages for the interpreter (an edit showed after 1.8 s instead
of 1.6 s at 1,000 terms), so there it is written after the pages.
"""

from __future__ import annotations

import contextlib
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

# The package next to this hook is the one to use, whatever else is installed.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from nvdict import load as loading
from nvdict.export import DESCRIPTION, write_export
from nvdict.mkdocs_site import builds_offline

_writing: Future[list[Path]] | None = None
_serving = False


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """MkDocs has emptied the site folder by now: start writing the export beside the pages."""
    global _writing
    _finish()
    if not _serving:
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nvdict-export")
        _writing = pool.submit(_export, config)
        pool.shutdown(wait=False)  # its thread ends with the task
    return files


def on_post_build(config: MkDocsConfig) -> None:
    if _serving:
        _export(config)
    _finish()


def on_build_error(error: Exception) -> None:
    with contextlib.suppress(Exception):  # the build has failed already: its own error is the one to show
        _finish()


def _export(config: MkDocsConfig) -> list[Path]:
    root = Path(config.config_file_path).resolve().parent
    return write_export(
        loading.load_cached(root),  # the dictionary hook's, unless terms/ changed since
        Path(config.site_dir),
        None if builds_offline(config) else config.site_url,  # the bundle's files address its own pages
        title=config.site_name,
        description=config.site_description or DESCRIPTION,
        directory_urls=config.use_directory_urls,  # the offline plugin turns them off
    )


def _finish() -> None:
    """Wait for the export being written, and raise what it raised."""
    global _writing
    writing, _writing = _writing, None
    if writing is not None:
        writing.result()
