"""Each term file read and checked on its own, and the results kept for the next run.

A file is parsed and checked again only when its bytes change (by digest, not by time
stamp, which can miss a quick rewrite). ``CheckedFiles`` keeps every result in memory
(``mkdocs serve`` rebuilds) and, with a disk ``Store``, the data of every sound file in
``.cache/nvdict/checks.json`` between runs (``nvdict check``, ``mkdocs build``; CI keeps
the folder): a file whose bytes, name, schema and checking code are all unchanged is
taken as it was, without parsing. A file with any problem is never kept, so every run
reports every problem again. Documents are never modified after reading, so sharing
them between builds is safe.
"""

from __future__ import annotations

import hashlib
import math
import multiprocessing
import os
import stat
from collections.abc import Callable, Iterator
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from nvdict.cache import Store, cache_dir, generator_digest, key
from nvdict.problems import Problem
from nvdict.source import Document, read_limited, read_yaml
from nvdict.validate import check_file

CHECKS_FILE = "checks.json"
LINKS_FILE = "links.json"
CHECK_PACKAGES = ("pyyaml", "jsonschema", "jsonschema-rs", "wordfreq")
"""Libraries whose version can change what a check finds in the same file."""
PARALLEL_FROM = 500
"""From this many files to read and check, they are split between ``jobs()`` processes."""
JOBS_VARIABLE = "NVDICT_JOBS"
"""Environment variable: how many processes may read, check and link (a number, or ``auto``).

Unset, the work is split between the cores this process may run on when the machine is idle
enough to lend them (load average below the number of cores less one half), and done in this
one process otherwise: on the shared 2-core benchmark machine two processes were a quarter
faster when it was quiet and a tenth slower when other work kept it busy (docs/benchmarks.md).
The result never depends on the number of processes (tested). Site builds (the MkDocs hooks)
always use one: there, forking cost more than it gained (docs/benchmarks.md)."""


Result = tuple[Document | None, list[Problem], list[Problem]]
"""A file's document (None when it cannot be read), its reading problems and its other problems."""
MAX_JOBS = 8
"""At most this many processes unless ``NVDICT_JOBS`` asks for more."""


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def jobs() -> int:
    """Processes to use: ``NVDICT_JOBS`` (a number, or ``auto`` for every available core), else every
    available core while the machine is idle enough, else 1."""
    value = os.environ.get(JOBS_VARIABLE, "").strip().lower()
    if value.isdigit() and int(value) > 0:
        return int(value)
    cores = _cores()
    if value == "auto":
        return cores
    load = getattr(os, "getloadavg", None)
    try:
        idle = load is not None and load()[0] < cores - 0.5
    except OSError:
        idle = False
    return min(cores, MAX_JOBS) if cores > 1 and idle else 1


def read_and_check(path: Path, schema: Path, raw: bytes | None = None) -> Result:
    """One term file read (with its syntax problems) and checked on its own (with its other problems).

    ``raw``: its bytes, when they have been read already."""
    doc, found = read_yaml(path, raw=raw)
    return doc, found, check_file(doc, schema) if doc is not None else []


@cache
def _library_versions() -> str:
    found = []
    for package in CHECK_PACKAGES:
        try:
            found.append(f"{package}={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            found.append(f"{package}=-")
    return ",".join(found)


def check_fingerprint(schema: Path) -> str:
    """What every kept result depends on besides the file: the generator, the schema, the checking libraries."""
    try:
        schema_digest = hashlib.blake2b(schema.read_bytes(), digest_size=16).hexdigest()
    except OSError:
        schema_digest = "-"
    return f"{generator_digest()}/{schema_digest}/{_library_versions()}"


def _read_bytes(path: Path) -> bytes | None:
    """A regular file's bytes, read as ``read_yaml`` reads them (never more than it would), else None."""
    try:
        if not stat.S_ISREG(path.lstat().st_mode):
            return None  # read_yaml reports a link or anything else; nothing to reuse
        return read_limited(path)
    except OSError:
        return None


def _round_trips(data: Any) -> bool:
    """True when JSON gives back exactly ``data``: text keys, and values that are text, whole
    numbers, finite numbers, true/false, null, lists and mappings of them (no dates, no NaN)."""
    kind = type(data)
    if kind is str or kind is int or kind is bool or data is None:
        return True
    if kind is float:
        return math.isfinite(data)
    if kind is list:
        return all(_round_trips(item) for item in data)
    if kind is dict:
        return all(type(name) is str and _round_trips(value) for name, value in data.items())
    return False


class CheckedFiles:
    """Per-file results, reused while a file's bytes stay the same."""

    def __init__(self, store: Store | None = None, parallel: bool = True, links: Store | None = None) -> None:
        self._results: dict[Path, tuple[bytes, Result]] = {}
        self._store = store
        self.links = links
        """The links found in the entries by earlier runs (``nvdict.derive``), kept beside the checks."""
        self.parallel = parallel
        """Whether files may be checked, and the dictionary linked, in forked processes (never in a threaded server)."""

    @classmethod
    def on_disk(cls, root: Path, schema: Path, write: bool = True, parallel: bool = True) -> CheckedFiles:
        """Results read from the project's cache folder and, with ``write``, saved back there by ``save``."""
        folder = cache_dir(root)
        store = Store(folder / CHECKS_FILE if folder else None, check_fingerprint(schema))
        links = Store(folder / LINKS_FILE if folder else None, f"{generator_digest()}/{_library_versions()}")
        if not write:
            store.path = links.path = None
        return cls(store, parallel, links)

    def all(self, paths: list[Path], schema: Path, meanwhile: Callable[[], object] | None = None) -> Iterator[Result]:
        """Every file's result, in order; the files to read again are split between processes when many
        (and ``meanwhile`` runs in this one while they work)."""
        results: list[Result | None] = []
        missing: list[tuple[int, Path, bytes | None, bytes | None]] = []
        for path in paths:
            raw = _read_bytes(path)
            digest = hashlib.blake2b(raw, digest_size=16).digest() if raw is not None else None
            reused = self._reuse(path, raw, digest) if raw is not None and digest is not None else None
            results.append(reused)
            if reused is None:
                missing.append((len(results) - 1, path, raw, digest))
        fresh = _read_and_check_all([(path, raw) for _, path, raw, _ in missing], schema, self.parallel, meanwhile)
        for (index, path, _, digest), result in zip(missing, fresh, strict=True):
            results[index] = result
            if digest is not None:
                self._results[path] = (digest, result)
                self._remember_on_disk(path, digest, result)
        for result in results:
            assert result is not None
            doc, found, problems = result
            yield doc, list(found), list(problems)

    def save(self) -> None:
        """Write the sound files' data to disk (only those this run saw)."""
        if self._store is not None:
            self._store.save()

    def _reuse(self, path: Path, raw: bytes, digest: bytes) -> Result | None:
        previous = self._results.get(path)
        if previous is not None and previous[0] == digest:
            self._remember_on_disk(path, digest, previous[1])
            return previous[1]
        if self._store is None:
            return None
        data = self._store.get(key(path.name, digest.hex()))
        if not isinstance(data, dict):
            return None
        result: Result = (Document(path, data, text=raw.decode("utf-8")), [], [])
        self._results[path] = (digest, result)
        return result

    def _remember_on_disk(self, path: Path, digest: bytes, result: Result) -> None:
        doc, found, problems = result
        if self._store is None or self._store.path is None or doc is None or found or problems:
            return  # nowhere to keep it, or not sound
        name = key(path.name, digest.hex())
        if self._store.get(name) is None and _round_trips(doc.data):
            self._store.put(name, doc.data)


_shared: tuple[list[tuple[Path, bytes | None]], Path] | None = None
"""The files to check and the schema, set before the worker processes are forked (they inherit them)."""
Sent = tuple[Any, list[Problem], list[Problem]] | Result
"""What a worker sends back for a file it was given the bytes of: the data (the parent has the text) and
the problems; the whole result for any other file."""


def _check_share(start: int, stop: int) -> list[Sent]:
    """``read_and_check`` of files ``start`` to ``stop`` of the shared list, in a forked worker."""
    assert _shared is not None
    files, schema = _shared
    sent: list[Sent] = []
    for path, raw in files[start:stop]:
        doc, found, problems = read_and_check(path, schema, raw)
        # The text is the bytes decoded, which the parent has: sending it back again was a third
        # of what the workers sent.
        sent.append((doc.data, found, problems) if doc is not None and raw is not None else (doc, found, problems))
    return sent


def _received(path: Path, raw: bytes | None, sent: Sent) -> Result:
    """The result a worker sent for a file, with its text restored from the bytes this process has."""
    first, found, problems = sent
    if raw is None or first is None:  # sent whole
        return first, found, problems  # type: ignore[return-value]
    return Document(path, first, text=raw.decode("utf-8")), found, problems


def _read_and_check_all(
    files: list[tuple[Path, bytes | None]],
    schema: Path,
    parallel: bool,
    meanwhile: Callable[[], object] | None = None,
) -> list[Result]:
    """``read_and_check`` of every file, in order; shared with forked processes when there are many.

    The files are cut into one equal share per process: this one checks the last (after
    ``meanwhile``), each worker one of the others. The workers inherit the files' bytes when
    they are forked and send back each file's data and problems, all at once when done: results
    sent chunk by chunk waited for this process, busy with its own share, to read them (a worker
    spent a quarter of its time blocked on the pipe). Positions are found again only for a file
    that a check across files finds fault with.
    """
    count = jobs() if parallel else 1
    if count < 2 or len(files) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return [read_and_check(path, schema, raw) for path, raw in files]
    global _shared
    split = len(files) - len(files) // count  # the workers' part: the files before ``split``
    chunk = -(-split // (count - 1))
    _shared = (files, schema)
    try:
        with multiprocessing.get_context("fork").Pool(count - 1) as pool:
            pending = pool.starmap_async(_check_share, [(i, min(i + chunk, split)) for i in range(0, split, chunk)])
            if meanwhile is not None:
                meanwhile()
            own = [read_and_check(path, schema, raw) for path, raw in files[split:]]
            theirs = [item for share in pending.get() for item in share]
    finally:
        _shared = None
    return [_received(path, raw, sent) for (path, raw), sent in zip(files[:split], theirs, strict=True)] + own
