"""Checks read and check again only the term files that changed: in one process (``mkdocs serve``) and between runs."""

from __future__ import annotations

from pathlib import Path

import pytest

import nvdict.checked
from nvdict.checked import CheckedFiles
from nvdict.load import check


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the term files parsed from now on."""
    names: list[str] = []
    original = nvdict.checked.read_yaml

    def counting(path: Path, *args: object, **kwargs: object):
        if not path.name.startswith("_"):
            names.append(path.name)
        return original(path, *args, **kwargs)

    monkeypatch.setattr(nvdict.checked, "read_yaml", counting)
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


def test_without_the_cache_every_check_reads_every_file(
    small_root: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NVDICT_CACHE_DIR", "off")
    check(small_root)
    check(small_root)
    assert sorted(parsed) == sorted(["geneve.yaml", "open-vswitch.yaml", "vxlan.yaml"] * 2)
    assert not (small_root / ".cache").exists()


def test_the_next_run_reads_only_what_changed(small_root: Path, parsed: list[str]) -> None:
    """Sound files are kept on disk: a second run (a new process, CI with the cache kept) parses only the edit."""
    first, problems = check(small_root)
    assert first is not None and not problems
    assert (small_root / ".cache" / "nvdict" / "checks.json").is_file()
    parsed.clear()
    assert check(small_root)[1] == []
    assert parsed == []
    path = small_root / "terms" / "vxlan.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("summary: A ", "summary: An edited ", 1), encoding="utf-8")
    second, problems = check(small_root)
    assert second is not None and not problems
    assert parsed == ["vxlan.yaml"]
    assert second.terms["vxlan"].summary.startswith("An edited ")
    assert list(second.terms) == list(first.terms)


def test_a_file_with_problems_is_never_kept(small_root: Path, parsed: list[str]) -> None:
    path = small_root / "terms" / "geneve.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("summary:", "sumary:", 1), encoding="utf-8")
    first = check(small_root)[1]
    parsed.clear()
    second = check(small_root)[1]
    assert first and [str(p) for p in first] == [str(p) for p in second]
    assert parsed == ["geneve.yaml"]


def test_a_kept_result_is_for_that_name_schema_and_generator_only(small_root: Path, parsed: list[str]) -> None:
    """The same bytes under another name are checked again (the id must match the file name); so is
    every file after the schema changes."""
    assert check(small_root)[1] == []
    terms = small_root / "terms"
    (terms / "vxlan.yaml").rename(terms / "vxlan-renamed.yaml")
    parsed.clear()
    _, problems = check(small_root)
    assert parsed == ["vxlan-renamed.yaml"]
    assert any(p.field == "id" for p in problems), problems
    (terms / "vxlan-renamed.yaml").rename(terms / "vxlan.yaml")
    schema = terms / "term.schema.json"
    schema.write_text(schema.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    parsed.clear()
    assert check(small_root)[1] == []
    assert sorted(parsed) == ["geneve.yaml", "open-vswitch.yaml", "vxlan.yaml"]


def test_a_damaged_or_foreign_cache_is_ignored(small_root: Path, parsed: list[str]) -> None:
    assert check(small_root)[1] == []
    kept = small_root / ".cache" / "nvdict" / "checks.json"
    for damage in ("{not json", '{"fingerprint": "another generator", "items": {}}', "[]"):
        kept.write_text(damage, encoding="utf-8")
        parsed.clear()
        assert check(small_root)[1] == []
        assert len(parsed) == 3


def test_links_are_found_again_only_where_text_or_names_changed(
    small_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Kept links equal links found afresh; an edited text is linked again, a changed name relinks everything."""
    import nvdict.derive
    from nvdict.load import load

    linked: list[str] = []
    original = nvdict.derive.term_links

    def counting(linker, term):  # type: ignore[no-untyped-def]
        linked.append(term.id)
        return original(linker, term)

    monkeypatch.setattr(nvdict.derive, "term_links", counting)
    first = load(small_root)
    assert sorted(linked) == ["geneve", "open-vswitch", "vxlan"]
    linked.clear()
    again = load(small_root)
    assert linked == [] and again.linked == first.linked and again.links == first.links

    path = small_root / "terms" / "geneve.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("\ndefinition: |-\n", "\ndefinition: |-\n  Unlike VXLAN, it is extensible.\n", 1), "utf-8"
    )
    asked: list[str] = []
    monkeypatch.setattr(nvdict.derive, "is_ordinary", lambda name: asked.append(name) or False)
    edited = load(small_root)
    assert linked == ["geneve"] and "vxlan" in edited.links["geneve"]
    assert asked == [], "which names are ordinary English is kept while the names stay the same"
    monkeypatch.undo()
    monkeypatch.setattr(nvdict.derive, "term_links", counting)
    monkeypatch.setenv("NVDICT_CACHE_DIR", "off")
    assert load(small_root).linked == edited.linked

    monkeypatch.delenv("NVDICT_CACHE_DIR")
    linked.clear()
    vxlan = small_root / "terms" / "vxlan.yaml"
    vxlan.write_text(
        vxlan.read_text(encoding="utf-8").replace("\naliases:\n", "\naliases:\n- VXLAN overlay\n", 1), "utf-8"
    )
    load(small_root)
    assert sorted(linked) == ["geneve", "open-vswitch", "vxlan"]


@pytest.mark.parametrize(
    ("data", "kept"),
    [
        ({"name": "XDP", "rows": [1, 2.5, None, True, {"a": "b"}]}, True),
        ({"a": float("nan")}, False),
        ({"a": float("inf")}, False),
        ({1: "a number as a key"}, False),
        ({"a": (1, 2)}, False),
        ({"a": __import__("datetime").date(2026, 12, 6)}, False),
    ],
)
def test_only_data_json_gives_back_unchanged_is_kept(data: object, kept: bool) -> None:
    """What is kept must read back as the same data: the test agrees with JSON itself."""
    import json

    from nvdict.checked import _round_trips

    assert _round_trips(data) is kept
    try:
        same = json.loads(json.dumps(data, allow_nan=False)) == data
    except (TypeError, ValueError):
        same = False
    assert same is kept
