"""Builds keep rendered HTML in .cache/nvdict/: a warm build gives the same site, byte for byte."""

from __future__ import annotations

import filecmp
import os
import re
from pathlib import Path

import pytest

from tests.conftest import mkdocs_build, scratch_project


def _build(project: Path, site: Path, cache: Path | str) -> tuple[int, int, int]:
    """Build ``project`` into ``site`` with the cache in ``cache``; the pages whose Markdown was
    rendered, those whose rendering was reused, and those that went through the theme's templates."""
    os.environ["NVDICT_CACHE_DIR"] = str(cache)
    try:
        result = mkdocs_build(project, site)
    finally:
        del os.environ["NVDICT_CACHE_DIR"]
    assert result.returncode == 0, result.stderr
    counts = re.search(r"render cache: (\d+) pages rendered, (\d+) reused", result.stderr)
    themed = re.search(r"template cache: (\d+) pages through the theme, (\d+) kept", result.stderr)
    if not counts or not themed:
        return (-1, -1, -1)
    rendered, reused = int(counts.group(1)), int(counts.group(2))
    through, kept = int(themed.group(1)), int(themed.group(2))
    assert through + kept == rendered + reused and through >= rendered, result.stderr
    return rendered, reused, through


def _same_tree(one: Path, other: Path) -> list[str]:
    """Paths that differ between two directories (missing on one side, or different bytes)."""
    left = {p.relative_to(one).as_posix() for p in one.rglob("*") if p.is_file()}
    right = {p.relative_to(other).as_posix() for p in other.rglob("*") if p.is_file()}
    differ = sorted(left ^ right)
    differ += [name for name in sorted(left & right) if not filecmp.cmp(one / name, other / name, shallow=False)]
    return differ


@pytest.mark.slow
def test_warm_builds_equal_cold_ones(tmp_path: Path) -> None:
    project = scratch_project(tmp_path)
    cache = tmp_path / "cache"
    rendered, reused, through = _build(project, tmp_path / "cold", cache)
    assert reused == 0 and rendered > 50 and through == rendered
    kept = ["checks.json", "fragments-dir.json", "jinja", "links.json", "pages-dir.json", "templates-dir-*.sqlite"]
    assert sorted(p.name for p in cache.iterdir() if not p.name.endswith(("-wal", "-shm"))) == [
        next(iter(sorted(p.name for p in cache.glob(name))), name) for name in kept
    ]

    assert _build(project, tmp_path / "warm", cache) == (0, rendered, 0)
    assert _same_tree(tmp_path / "cold", tmp_path / "warm") == []

    # One term edited: only the pages that show it are rendered again, and the site is the
    # one a build without any cache makes.
    path = project / "terms" / "vxlan.yaml"
    text = path.read_text(encoding="utf-8")
    assert "\ndefinition: |-\n" in text
    path.write_text(text.replace("\ndefinition: |-\n", "\ndefinition: |-\n  Edited for the cache test.\n", 1), "utf-8")
    again, kept, through = _build(project, tmp_path / "edited-warm", cache)
    assert 0 < again <= 10 and again + kept == rendered and through <= 10
    assert _build(project, tmp_path / "edited-cold", "off")[1:] == (0, rendered)
    assert _same_tree(tmp_path / "edited-warm", tmp_path / "edited-cold") == []
    assert _same_tree(tmp_path / "edited-warm", tmp_path / "cold") != []


def test_an_unreadable_or_foreign_cache_is_ignored(tmp_path: Path) -> None:
    from nvdict.cache import Store

    path = tmp_path / "store.json"
    path.write_text("{not json", encoding="utf-8")
    assert Store(path, "a").get("x") is None
    store = Store(path, "a")
    store.put("x", "<p>kept</p>")
    store.save()
    assert Store(path, "a").get("x") == "<p>kept</p>"
    assert Store(path, "b").get("x") is None  # another generator's store
    unused = Store(path, "a")
    unused.save()  # nothing asked for: nothing kept
    assert Store(path, "a").get("x") is None


def test_a_rebuild_replaces_the_old_site_and_keeps_its_hidden_entries(tmp_path: Path) -> None:
    """The last site is moved aside and deleted while the next one renders (hooks/old_site.py):
    nothing of it stays, nothing is left beside it, and hidden entries stay as MkDocs keeps them."""
    import shutil

    project = scratch_project(tmp_path)
    site, cache = tmp_path / "site", tmp_path / "cache"
    _build(project, site, cache)
    first = tmp_path / "first"
    shutil.copytree(site, first)
    (site / "stale.html").write_text("old", encoding="utf-8")
    (site / "stale" / "deep").mkdir(parents=True)
    _build(project, site, cache)
    assert _same_tree(first, site) == []
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    (site / ".git").mkdir()
    (site / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", encoding="utf-8")
    (site / "stale.html").write_text("old", encoding="utf-8")
    _build(project, site, cache)
    assert (site / ".git" / "HEAD").is_file() and not (site / "stale.html").exists()


def test_kept_pages_are_written_by_a_thread_and_on_disk_after_flush(tmp_path: Path) -> None:
    """TextStore hands texts to a writer thread: after flush every one is on disk, whole; a failure is
    raised; prune keeps what the build used; a damaged file is a miss, replaced by the next build."""
    from nvdict.cache import TextStore

    store = TextStore(tmp_path / "kept", "fingerprint")
    texts = {f"{n:040x}": f"page {n} " * 2000 for n in range(300)}  # more than the queue holds at once
    for name, text in texts.items():
        store.put(name, text)
    store.flush()
    again = TextStore(tmp_path / "kept", "fingerprint")
    assert all(again.has(name) and again.get(name) == text for name, text in texts.items())
    assert not TextStore(tmp_path / "kept", "another generator").has(next(iter(texts)))

    used = dict(list(texts.items())[:10])
    pruned = TextStore(tmp_path / "kept", "fingerprint")
    assert all(pruned.get(name) == text for name, text in used.items())
    other = TextStore(tmp_path / "kept", "another generator")  # a file an earlier build left
    other.put("x", "y")
    other.flush()  # its writer thread has made the file before this build prunes
    pruned.prune()
    left = TextStore(tmp_path / "kept", "fingerprint")
    assert [name for name in texts if left.has(name)] == list(used)
    assert [p.name for p in tmp_path.glob("kept-*.sqlite")] == [pruned.path.name]  # type: ignore[union-attr]

    assert left.path is not None
    left.path.write_bytes(b"not a database" * 100)
    damaged = TextStore(tmp_path / "kept", "fingerprint")
    assert not damaged.has(next(iter(used))) and damaged.get(next(iter(used))) is None
    damaged.put("new", "text")
    damaged.flush()
    assert TextStore(tmp_path / "kept", "fingerprint").get("new") == "text"

    def failing(database: object, name: str, text: str) -> None:
        raise OSError(28, "No space left on device")

    store._write = failing  # type: ignore[method-assign]
    store.put("lost", "y")
    store.put("lost too", "z")
    with pytest.raises(OSError, match="No space"):
        store.flush()
    store.flush()  # reported once
