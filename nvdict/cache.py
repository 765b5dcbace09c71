"""Rendered HTML kept between builds, in a directory outside the site (``.cache/nvdict/``).

A ``Store`` maps keys (digests of everything a piece of HTML was made from) to what
was made. It is read from one JSON file when a build starts and written back, with
only the keys this build used, when it ends: a key that no page asks for any more is
dropped, so the file never grows beyond one build's worth. A store made by another
version of the generator or of the Markdown libraries is ignored (``fingerprint``), and
a file that cannot be read is treated as empty: the cache can only save time, never
change a page. JSON, not pickle: restoring a cache (CI keeps it between runs) never
runs code.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import shutil
import sys
import tempfile
import threading
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

CACHE_VARIABLE = "NVDICT_CACHE_DIR"
"""Environment variable: the cache directory (relative to the project), or ``off`` for none."""
DEFAULT_DIR = ".cache/nvdict"
PACKAGES = ("markdown", "pymdown-extensions", "pygments", "nh3", "mkdocs", "mkdocs-material")
"""Libraries whose version changes the HTML made from the same Markdown."""


def cache_dir(root: Path) -> Path | None:
    """Where the project at ``root`` keeps its cache, or None when caching is off."""
    value = os.environ.get(CACHE_VARIABLE, "").strip()
    if value.lower() in ("off", "0", "no", "false"):
        return None
    return root / (value or DEFAULT_DIR)


@cache
def generator_digest() -> str:
    """A digest of the generator's own code (``nvdict/`` and ``hooks/``) and of the libraries it renders with."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(sys.version.encode())
    for package in PACKAGES:
        try:
            version = metadata.version(package)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{package}={version}\0".encode())
    here = Path(__file__).resolve().parent
    for folder in (here, here.parent / "hooks"):
        for path in sorted(folder.glob("*.py")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def key(*parts: str) -> str:
    """A digest of ``parts`` (kept apart, so that ``("ab", "c")`` and ``("a", "bc")`` differ)."""
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        encoded = part.encode("utf-8", "surrogatepass")
        digest.update(len(encoded).to_bytes(8, "little") + encoded)
    return digest.hexdigest()


class Store:
    """Keys to JSON values, for one kind of rendering; loaded once, saved once."""

    def __init__(self, path: Path | None, fingerprint: str) -> None:
        self.path = path
        self.fingerprint = fingerprint
        self._old: dict[str, Any] = {}
        self._used: dict[str, Any] = {}
        if path is not None:
            self._old = _read(path, fingerprint)

    def get(self, name: str) -> Any:
        """The value kept under ``name``, or None."""
        if name in self._used:
            return self._used[name]
        value = self._old.get(name)
        if value is not None:
            self._used[name] = value
        return value

    def put(self, name: str, value: Any) -> None:
        self._used[name] = value

    def save(self) -> None:
        """Write what this build used, atomically (a build that fails half-way leaves the old file)."""
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                # Item by item with the C encoder: json.dump would encode in Python, piece by piece,
                # and one json.dumps of everything would hold a second copy of a large store.
                out.write(f'{{"fingerprint":{json.dumps(self.fingerprint)},"items":{{')
                for index, (name, value) in enumerate(self._used.items()):
                    item = json.dumps(value, separators=(",", ":"))
                    out.write(("," if index else "") + json.dumps(name) + ":" + item)
                out.write("}}")
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self._old, self._used = self._used, {}


def _read(path: Path, fingerprint: str) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("fingerprint") != fingerprint or not isinstance(data.get("items"), dict):
        return {}
    return data["items"]


class FileStore:
    """Keys to texts too large to hold together (whole pages): one file per key in ``folder``.

    ``get`` reads one file; ``put`` hands the text to a writer thread, which writes each
    file atomically while the build goes on (file creation is slow on some disks: a second
    of a 1,000-page build); ``flush`` waits for it. ``prune`` deletes the files no key of
    this build asked for, so the folder never grows beyond one build's worth. A ``folder``
    of None keeps nothing. The texts are the generator's own output, keyed by a digest of
    everything they were made from: a file that cannot be read is a miss.
    """

    def __init__(self, folder: Path | None, fingerprint: str) -> None:
        self.folder = folder / hashlib.blake2b(fingerprint.encode(), digest_size=8).hexdigest() if folder else None
        self._used: set[str] = set()
        self._pending: queue.Queue[tuple[str, str] | None] = queue.Queue(maxsize=64)  # bounds the memory held
        self._writer: threading.Thread | None = None
        self._failed: BaseException | None = None

    def has(self, name: str) -> bool:
        """True when a text is kept under ``name`` (which then counts as used)."""
        if self.folder is None or not (self.folder / name).is_file():
            return False
        self._used.add(name)
        return True

    def get(self, name: str) -> str | None:
        if self.folder is None:
            return None
        try:
            text = (self.folder / name).read_text(encoding="utf-8")
        except (OSError, ValueError):
            return None
        self._used.add(name)
        return text

    def put(self, name: str, text: str) -> None:
        if self.folder is None:
            return
        self._used.add(name)
        if self._writer is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._writer = threading.Thread(target=self._write_all, daemon=True)
            self._writer.start()
        self._pending.put((name, text))

    def flush(self) -> None:
        """Wait until every text put so far is on disk (raises what writing one raised)."""
        if self._writer is not None:
            self._pending.put(None)
            self._writer.join()
            self._writer = None
        failed, self._failed = self._failed, None
        if failed is not None:
            raise failed

    def _write_all(self) -> None:
        while (item := self._pending.get()) is not None:
            if self._failed is None:
                try:
                    self._write(*item)
                except BaseException as error:  # raised again by flush
                    self._failed = error

    def _write(self, name: str, text: str) -> None:
        assert self.folder is not None
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".new-")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(temporary, self.folder / name)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def prune(self) -> None:
        """Delete what this build did not use, and the folders of other generators' stores."""
        self.flush()
        if self.folder is None or not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.name not in self._used:
                path.unlink(missing_ok=True)
        for other in self.folder.parent.iterdir():
            if other.is_dir() and other != self.folder and len(other.name) == 16:
                shutil.rmtree(other, ignore_errors=True)
        self._used = set()
