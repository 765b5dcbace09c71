"""Checks at parse speed: positions only for problems, the same problems however many processes check."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import nvdict.checked
import nvdict.derive
import nvdict.load
import nvdict.source
from nvdict.load import check, load

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def test_a_sound_dictionary_never_locates_a_value(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Line and column of every value are found again from the text only when a problem needs them."""
    calls: list[int] = []
    original = nvdict.source.locate_nodes

    def counting(text: str):  # type: ignore[no-untyped-def]
        calls.append(len(text))
        return original(text)

    monkeypatch.setattr(nvdict.source, "locate_nodes", counting)
    monkeypatch.setenv("NVDICT_JOBS", "1")
    monkeypatch.setenv("NVDICT_CACHE_DIR", "off")
    dictionary, problems = check(root)
    assert dictionary is not None and problems == []
    assert calls == []


def _bad_dictionary(tmp: Path) -> Path:
    terms = tmp / "terms"
    terms.mkdir(parents=True)
    for path in (FIXTURES / "good").glob("*.yaml"):
        shutil.copy2(path, terms / path.name)
    for path in (FIXTURES / "bad").glob("*.y*ml"):
        if path.name != "expected.yaml":
            shutil.copy2(path, terms / path.name)
    shutil.copy2(Path(nvdict.load.__file__).resolve().parent.parent / "terms" / "term.schema.json", terms)
    return tmp


def test_processes_report_the_same_problems_in_the_same_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = _bad_dictionary(tmp_path)
    monkeypatch.setenv("NVDICT_JOBS", "1")
    monkeypatch.setenv("NVDICT_CACHE_DIR", "off")  # every run reads every file
    _, alone = check(project)
    assert len(alone) > 30
    monkeypatch.setattr(nvdict.checked, "PARALLEL_FROM", 1)
    monkeypatch.setattr(nvdict.derive, "PARALLEL_FROM", 1)
    monkeypatch.setenv("NVDICT_JOBS", "2")
    _, shared = check(project)
    assert shared == alone
    assert all(problem.line >= 1 and problem.column >= 1 for problem in shared)


def test_processes_link_the_same_way(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NVDICT_JOBS", "1")
    monkeypatch.setenv("NVDICT_CACHE_DIR", "off")
    alone = load(root)
    monkeypatch.setattr(nvdict.checked, "PARALLEL_FROM", 1)
    monkeypatch.setattr(nvdict.derive, "PARALLEL_FROM", 1)
    monkeypatch.setenv("NVDICT_JOBS", "2")
    shared = load(root)
    assert list(shared.linked.items()) == list(alone.linked.items())
    assert shared.links == alone.links and shared.backlinks == alone.backlinks


@pytest.mark.parametrize(
    ("setting", "cores", "load", "expected"),
    [
        ("", 2, 0.3, 2),  # an idle machine lends its cores
        ("", 2, 1.7, 1),  # a busy one does not
        ("", 1, 0.0, 1),
        ("", 32, 0.0, nvdict.checked.MAX_JOBS),
        ("1", 2, 0.0, 1),
        ("3", 2, 9.0, 3),
        ("auto", 2, 9.0, 2),
    ],
)
def test_how_many_processes_check(
    setting: str, cores: int, load: float, expected: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NVDICT_JOBS", setting)
    monkeypatch.setattr(nvdict.checked, "_cores", lambda: cores)
    monkeypatch.setattr(nvdict.checked.os, "getloadavg", lambda: (load, load, load))
    assert nvdict.checked.jobs() == expected


def test_addresses_accepted_by_the_quick_pattern_pass_the_full_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """The quick pattern for reference addresses only ever accepts what taking the address apart accepts."""
    import random
    import re

    import nvdict.validate as validate

    generator = random.Random(20261206)

    def text(alphabet: str, most: int) -> str:
        return "".join(generator.choices(alphabet, k=generator.randint(0, most)))

    urls = [
        "https://"
        + ".".join(text("ab0-Z_", 4) for _ in range(generator.randint(1, 3)))
        + generator.choice(["", ".org", ".c0m", ".x"])
        + generator.choice(["", ":", ":443", ":99999", ":8x", "@u.io"])
        + generator.choice(["", "/", "?", "#"])
        + text('ab/?#%[]:@-é<>"|^ ', 8)
        for _ in range(30000)
    ]
    accepted = [url for url in urls if validate._PLAIN_URL.fullmatch(url) and not re.search(r"\s", url)]
    assert len(accepted) > 100  # the pattern is exercised
    monkeypatch.setattr(validate, "_PLAIN_URL", re.compile(r"(?!)"))  # only the full check
    assert [url for url in accepted if validate._url_problem(url) is not None] == []


def test_the_quick_anchor_test_finds_what_the_pattern_finds() -> None:
    """``_may_mark_node`` answers as the pattern for an anchor, alias or tag where YAML reads one would."""
    import random
    import re

    pattern = re.compile(r"(?:^|[\[{,]|[:?-][ \t])[ \t]*[&*!][^\s,\[\]{}]", re.M)
    generator = random.Random(20261206)
    texts = ["".join(generator.choices("a &*!:-?[]{},\t\n", k=generator.randint(0, 12))) for _ in range(50000)]
    found = [text for text in texts if pattern.search(text)]
    assert len(found) > 1000
    assert [text for text in texts if nvdict.source._may_mark_node(text) != bool(pattern.search(text))] == []
