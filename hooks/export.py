"""MkDocs adapter: publish the dictionary as data (api/*.json, llms.txt, llms-full.txt) with each build.

The export depends on the dictionary and the configuration only, so it is written in a
thread while MkDocs renders the pages (creating a thousand small files is mostly waiting
for the file system); the build waits for it at its end and fails if it failed.
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


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """MkDocs has emptied the site folder by now: start writing the export beside the pages."""
    global _writing
    _finish()
    root = Path(config.config_file_path).resolve().parent
    dictionary = loading.load_cached(root)  # the dictionary hook's, unless terms/ changed since
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nvdict-export")
    _writing = pool.submit(
        write_export,
        dictionary,
        Path(config.site_dir),
        None if builds_offline(config) else config.site_url,  # the bundle's files address its own pages
        title=config.site_name,
        description=config.site_description or DESCRIPTION,
        directory_urls=config.use_directory_urls,  # the offline plugin turns them off
    )
    pool.shutdown(wait=False)  # its thread ends with the task
    return files


def on_post_build(config: MkDocsConfig) -> None:
    _finish()


def on_build_error(error: Exception) -> None:
    with contextlib.suppress(Exception):  # the build has failed already: its own error is the one to show
        _finish()


def _finish() -> None:
    """Wait for the export being written, and raise what it raised."""
    global _writing
    writing, _writing = _writing, None
    if writing is not None:
        writing.result()
