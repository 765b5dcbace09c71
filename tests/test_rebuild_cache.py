"""Rebuilds in one process (``mkdocs serve``) read and check only the term files that changed."""

from __future__ import annotations

from pathlib import Path

import pytest

import nvdict.load
from nvdict.load import CheckedFiles, check


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the term files parsed from now on."""
    names: list[str] = []
    original = nvdict.load.read_yaml

    def counting(path: Path, *args: object, **kwargs: object):
        if not path.name.startswith("_"):
            names.append(path.name)
        return original(path, *args, **kwargs)

    monkeypatch.setattr(nvdict.load, "read_yaml", counting)
    return names


def test_a_second_check_parses_only_the_changed_file(small_root: Path, parsed: list[str]) -> None:
    files = CheckedFiles()
    first, problems = check(small_root, files)
    assert first is not None and not problems
    assert sorted(parsed) == ["geneve.yaml", "open-vswitch.yaml", "vxlan.yaml"]
    parsed.clear()
    path = small_root / "terms" / "vxlan.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("summary: A ", "summary: An edited ", 1), encoding="utf-8")
    second, problems = check(small_root, files)
    assert second is not None and not problems
    assert parsed == ["vxlan.yaml"]
    assert second.terms["vxlan"].summary.startswith("An edited ")
    assert second.terms["geneve"].summary == first.terms["geneve"].summary


def test_a_quick_rewrite_of_the_same_size_is_seen(small_root: Path) -> None:
    """Keyed by content, not by time stamp: a rewrite within the file system's clock tick still counts."""
    files = CheckedFiles()
    path = small_root / "terms" / "vxlan.yaml"
    text = path.read_text(encoding="utf-8")
    assert check(small_root, files)[1] == []
    broken = text.replace("\nid: vxlan\n", "\nid: vxlam\n")
    assert len(broken) == len(text) and broken != text
    path.write_text(broken, encoding="utf-8")
    _, problems = check(small_root, files)
    assert any(p.path == path and p.field == "id" for p in problems), problems
    path.write_text(text, encoding="utf-8")
    assert check(small_root, files)[1] == []


def test_problems_are_reported_again_on_every_check(small_root: Path) -> None:
    """A cached file's problems are not lost, nor reported twice, on the next run."""
    path = small_root / "terms" / "geneve.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("summary:", "sumary:", 1), encoding="utf-8")
    files = CheckedFiles()
    first = check(small_root, files)[1]
    second = check(small_root, files)[1]
    assert first and [str(p) for p in first] == [str(p) for p in second]


def test_a_single_check_keeps_nothing(small_root: Path, parsed: list[str]) -> None:
    """Without ``CheckedFiles`` (``mkdocs build``, ``nvdict check``) every check reads every file."""
    check(small_root)
    check(small_root)
    assert sorted(parsed) == sorted(["geneve.yaml", "open-vswitch.yaml", "vxlan.yaml"] * 2)
