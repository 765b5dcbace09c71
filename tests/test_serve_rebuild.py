"""``mkdocs serve`` rebuilds: after editing a term, the site equals a fresh build, and few pages are rendered again."""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

import pytest

from tests.conftest import mkdocs_build, scratch_project

pytestmark = pytest.mark.slow


def serve_builds(project: Path, site: Path, edits: list[tuple[Path, str]], strict: bool = True) -> list[dict[str, int]]:
    """Build as ``mkdocs serve`` does, in this process: start once, then a new config and a build per change.

    Returns the render cache's counts for each rebuild.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    def config():
        return load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site), strict=strict)

    first = config()
    first.plugins.on_startup(command="serve", dirty=False)
    cache = first.plugins["hooks/render_cache.py"]
    assert Path(cache.__file__).resolve() == (project / "hooks" / "render_cache.py").resolve()
    build(first)
    kept = first.plugins["hooks/dictionary.py"]._files
    assert kept is not None
    counts = []
    for path, text in edits:
        path.write_text(text, encoding="utf-8")
        before = dict(cache.counts)
        build(config())
        assert first.plugins["hooks/dictionary.py"]._files is kept, "term files are kept between rebuilds"
        counts.append({key: cache.counts[key] - before[key] for key in before})
    first.plugins.on_shutdown()
    return counts


POLICY_META = re.compile(rb'<meta http-equiv="Content-Security-Policy" content="[^"]*">')


def site_files(site: Path) -> dict[str, bytes]:
    """The site's files; pages without their security policy, which differs while serving (live reload)."""
    return {
        str(path.relative_to(site)): POLICY_META.sub(b"", path.read_bytes())
        for path in sorted(site.rglob("*"))
        if path.is_file() and path.suffix in (".html", ".json", ".js", ".xml")
    }


def test_a_rebuild_after_an_edit_equals_a_fresh_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(os.environ, "NO_MKDOCS_2_WARNING", "1")
    project = scratch_project(tmp_path)
    term = project / "terms" / "vxlan.yaml"
    original = term.read_text(encoding="utf-8")
    edited = original.replace("\ndefinition: ", "\ndefinition: Edited for the rebuild test. ", 1)
    summary_edited = edited.replace("\nsummary: ", "\nsummary: Edited, ", 1)
    assert edited != original and summary_edited != edited
    served = tmp_path / "served"
    counts = serve_builds(project, served, [(term, edited), (term, summary_edited), (term, original)])
    page = (served / "vxlan" / "index.html").read_text(encoding="utf-8")
    assert "script-src 'self' 'unsafe-inline'; " in page and "object-src 'none'" in page, "live reload may run"
    pages = sum(1 for _ in served.rglob("index.html"))
    # The definition: only VXLAN's letter page. The summary: also the pages that list it.
    assert counts[0]["rendered"] == 1 and counts[0]["reused"] == pages - 1, counts
    assert 1 < counts[1]["rendered"] < 10, counts
    # Back to the original text: the site is what a fresh build of the original makes.
    fresh = tmp_path / "fresh"
    result = mkdocs_build(project, fresh)
    assert result.returncode == 0, result.stderr
    served_files, fresh_files = site_files(served), site_files(fresh)
    assert served_files.keys() == fresh_files.keys()
    different = [name for name in fresh_files if served_files[name] != fresh_files[name]]
    assert different == [], different[:10]


def test_a_broken_link_is_reported_on_every_rebuild(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page whose render warned is rendered again, so every rebuild repeats the warning."""
    monkeypatch.setitem(os.environ, "NO_MKDOCS_2_WARNING", "1")
    project = scratch_project(tmp_path)
    page = project / "docs" / "style-guide.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[gone](no-such-page.md)\n", encoding="utf-8")
    term = project / "terms" / "vxlan.yaml"
    text = term.read_text(encoding="utf-8")
    warnings: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING and "no-such-page.md" in record.getMessage():
                warnings.append(record.getMessage())

    handler = Collect()
    logging.getLogger("mkdocs").addHandler(handler)
    try:
        counts = serve_builds(project, tmp_path / "served", [(term, text + "\n"), (term, text)], strict=False)
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
    assert len(warnings) == 3, warnings
    assert all(count["rendered"] == 1 for count in counts), counts  # that page only: nothing else changed


def test_the_live_reload_watcher_polls_often_while_the_project_is_small(tmp_path: Path) -> None:
    """hooks/quick_reload.py swaps MkDocs' 0.5 s polling watcher for a faster one watching the same paths."""
    import importlib.util
    from types import SimpleNamespace

    from mkdocs.livereload import LiveReloadServer

    path = Path(__file__).parent.parent / "hooks" / "quick_reload.py"
    spec = importlib.util.spec_from_file_location("quick_reload", path)
    assert spec and spec.loader
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    for files, expected in ((10, 0.1), (1000, 0.25), (3000, 0.5)):
        folder = tmp_path / f"docs-{files}"
        folder.mkdir()
        for n in range(files):
            (folder / f"{n}.md").write_text("x", encoding="utf-8")
        server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
        server.watch(str(folder))
        server = hook.on_serve(server, SimpleNamespace(watch=[]), None)
        assert server.observer.timeout == expected
        assert [watch.path for watch in server.observer._watches] == [str(folder)]
