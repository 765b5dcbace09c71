"""Shared fixtures: the project root, a built site, and scratch projects."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# nvdict too: the hooks import the package next to them, so a scratch build runs this
# checkout's code, not whichever copy is installed (as benchmarks/generate.py does).
PROJECT_PARTS = ("mkdocs.yml", "docs", "hooks", "overrides", "nvdict")


def mkdocs_build(project: Path, site_dir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build --strict`` on ``project`` into ``site_dir``.

    Never with ``-q`` or ``--verbose``: in MkDocs 1.6.1 either one silently turns
    off the anchor check of ``validation.anchors``.
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-f",
            str(project / "mkdocs.yml"),
            "-d",
            str(site_dir),
            *extra,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


def scratch_project(tmp: Path, terms: dict[str, str] | None = None, keep_terms: bool = True) -> Path:
    """A copy of the project in ``tmp`` (docs, hooks, overrides, nvdict, terms), ``terms`` files added or replaced."""
    project = tmp / "project"
    project.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, project / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, project / part)
    (project / "terms").mkdir()
    for source in (ROOT / "terms").iterdir():
        if keep_terms or source.name.startswith("_") or source.suffix == ".json":
            shutil.copy2(source, project / "terms" / source.name)
    for name, text in (terms or {}).items():
        (project / "terms" / name).write_text(text, encoding="utf-8")
    return project


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real dictionary, built once per test session with --strict."""
    site_dir = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, site_dir)
    assert result.returncode == 0, result.stderr
    return site_dir


@pytest.fixture
def small_root(tmp_path: Path) -> Path:
    """A dictionary of the three valid fixture terms (tests/fixtures/good)."""
    root = tmp_path / "dictionary"
    (root / "terms").mkdir(parents=True)
    shutil.copy2(ROOT / "terms" / "term.schema.json", root / "terms")
    for path in (ROOT / "tests" / "fixtures" / "good").glob("*.yaml"):
        shutil.copy2(path, root / "terms")
    return root


@pytest.fixture(scope="session")
def dictionary():
    from nvdict.load import load

    return load(ROOT)


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` over HTTP on 127.0.0.1 (a free port); yields its base URL."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def offline_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The offline bundle of the real dictionary, unzipped (the folder that holds index.html)."""
    import zipfile

    from nvdict.bundle import FOLDER
    from nvdict.bundle import main as bundle_main

    out = tmp_path_factory.mktemp("bundle")
    archive = out / "nvdict-offline.zip"
    assert bundle_main(["--root", str(ROOT), "--output", str(archive)]) == 0
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(out / "unzipped")
    return out / "unzipped" / FOLDER


@pytest.fixture(scope="session")
def served(site: Path) -> Iterator[str]:
    """The built site served over HTTP on 127.0.0.1."""
    with serve(site) as url:
        yield url
