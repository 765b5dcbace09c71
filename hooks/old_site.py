"""MkDocs adapter: the last build's site is deleted while this build renders, not before it.

MkDocs empties ``site_dir`` before building, file by file: for 1,000 terms some 2,200 files
and 1,100 folders, a large part of a warm build. Just before that, this hook renames the
folder aside (``.site.old-<pid>`` beside it: one rename on the same file system) and
deletes that copy in a background thread, which the build waits for at its end. MkDocs then
finds no folder to empty and writes the new site exactly as before. Where the folder holds
hidden entries (MkDocs keeps them: a ``.git`` of a deploy checkout) or cannot be renamed (a
mount point, a symbolic link, no permission), MkDocs empties it itself.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

_deleting: threading.Thread | None = None


def on_pre_build(config: MkDocsConfig) -> None:
    global _deleting
    _wait()
    site = Path(config.site_dir)
    if site.is_symlink() or not site.is_dir() or site.is_mount():
        return
    if any(name.startswith(".") for name in os.listdir(site)):
        return  # MkDocs leaves hidden entries in place: so must we
    old = site.with_name(f".{site.name}.old-{os.getpid()}")
    try:
        if old.exists():
            shutil.rmtree(old)  # left by an earlier build of this process that did not finish
        site.rename(old)
    except OSError:
        return  # MkDocs empties the folder in place
    _deleting = threading.Thread(target=shutil.rmtree, args=(old,), kwargs={"ignore_errors": True}, daemon=True)
    _deleting.start()


def on_post_build(config: MkDocsConfig) -> None:
    _wait()


def on_build_error(error: Exception) -> None:
    _wait()


def _wait() -> None:
    global _deleting
    if _deleting is not None:
        _deleting.join()
        _deleting = None
