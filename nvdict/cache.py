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

import contextlib
import hashlib
import json
import os
import queue
import sqlite3
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


class TextStore:
    """Keys to texts too large to hold together (whole pages), in one SQLite file per fingerprint.

    ``get`` reads one text; ``put`` hands the text to a writer thread, which adds it to the
    database in one transaction while the build goes on; ``flush`` commits it and waits.
    ``prune`` deletes what this build did not ask for, so the file never grows beyond one
    build's worth. One file, not one file per page: creating 2,200 files took about a second
    of a 1,000-term build on this disk, and reading them back a tenth of a warm one. A
    ``path`` of None keeps nothing. The texts are the generator's own output, keyed by a
    digest of everything they were made from: a file that cannot be read is a miss (and is
    replaced by the next build).
    """

    def __init__(self, path: Path | None, fingerprint: str) -> None:
        digest = hashlib.blake2b(fingerprint.encode(), digest_size=8).hexdigest()
        self.path = path.with_name(f"{path.name}-{digest}.sqlite") if path else None
        self._used: set[str] = set()
        self._names: set[str] | None = None
        self._reader: sqlite3.Connection | None = None
        self._pending: queue.Queue[tuple[str, str] | None] = queue.Queue(maxsize=64)  # bounds the memory held
        self._writer: threading.Thread | None = None
        self._failed: BaseException | None = None

    def has(self, name: str) -> bool:
        """True when a text is kept under ``name`` (which then counts as used)."""
        if self._names is None:
            self._names = set()
            with contextlib.suppress(sqlite3.Error):
                reader = self._read()
                if reader is not None:
                    self._names = {row[0] for row in reader.execute("SELECT name FROM texts")}
        if name not in self._names:
            return False
        self._used.add(name)
        return True

    def get(self, name: str) -> str | None:
        try:
            reader = self._read()
            row = reader.execute("SELECT text FROM texts WHERE name = ?", (name,)).fetchone() if reader else None
        except sqlite3.Error:
            return None
        if row is None or not isinstance(row[0], str):
            return None
        self._used.add(name)
        return row[0]

    def put(self, name: str, text: str) -> None:
        if self.path is None:
            return
        self._used.add(name)
        if self._names is not None:
            self._names.add(name)
        if self._writer is None:
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

    def prune(self) -> None:
        """Delete what this build did not use, and the files of other generators' stores."""
        self.flush()
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        if self.path is None:
            return
        if self.path.is_file():
            try:
                with contextlib.closing(_connect(self.path)) as database, database:
                    database.execute("CREATE TEMP TABLE used (name TEXT PRIMARY KEY)")
                    database.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((n,) for n in self._used))
                    database.execute("DELETE FROM texts WHERE name NOT IN (SELECT name FROM used)")
            except sqlite3.Error:
                _remove(self.path)
        for other in self.path.parent.glob(f"{self.path.name.rsplit('-', 1)[0]}-*.sqlite"):
            if other != self.path:
                _remove(other)
        self._used = set()
        self._names = None

    def _read(self) -> sqlite3.Connection | None:
        """The connection that reads (the builder's thread, whichever it is), once the file exists."""
        if self._reader is None and self.path is not None and self.path.is_file():
            self._reader = sqlite3.connect(self.path, check_same_thread=False)
        return self._reader

    def _write_all(self) -> None:
        assert self.path is not None
        database: sqlite3.Connection | None = None
        try:
            while (item := self._pending.get()) is not None:
                if self._failed is not None:
                    continue
                try:
                    if database is None:
                        database = _open(self.path)
                    self._write(database, *item)
                except BaseException as error:  # raised again by flush
                    self._failed = error
            if database is not None and self._failed is None:
                database.commit()
        except BaseException as error:
            self._failed = error
        finally:
            if database is not None:
                database.close()

    def _write(self, database: sqlite3.Connection, name: str, text: str) -> None:
        database.execute("INSERT OR REPLACE INTO texts VALUES (?, ?)", (name, text))


def _connect(path: Path) -> sqlite3.Connection:
    database = sqlite3.connect(path)
    database.execute("PRAGMA journal_mode = WAL")  # the build reads while the writer adds
    database.execute("PRAGMA synchronous = OFF")  # a cache: a file lost in a crash is rebuilt
    return database


def _open(path: Path) -> sqlite3.Connection:
    """A store's database, ready to write; one that cannot be read is replaced by an empty one."""

    def create() -> sqlite3.Connection:
        database = _connect(path)
        database.execute("CREATE TABLE IF NOT EXISTS texts (name TEXT PRIMARY KEY, text TEXT NOT NULL)")
        return database

    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return create()
    except sqlite3.DatabaseError:
        _remove(path)
        return create()


def _remove(path: Path) -> None:
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
