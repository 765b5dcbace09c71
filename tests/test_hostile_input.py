"""Broken and hostile term files: each gets a clear, positioned error and a non-zero exit.

The corpus is tests/fixtures/bad/ with its manifest expected.yaml; a few files
whose bytes are awkward to keep in git are written here (``GENERATORS``).
Every case must leave the contributor's file exactly as it was.
"""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from nvdict import source as source_module
from nvdict.cli import main
from nvdict.load import check

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BAD = FIXTURES / "bad"
GOOD = FIXTURES / "good"
MANIFEST: dict[str, object] = yaml.safe_load((BAD / "expected.yaml").read_text(encoding="utf-8"))
CASES = sorted(MANIFEST)
SCHEMA_LINE = "# yaml-language-server: $schema=term.schema.json"


@pytest.fixture(autouse=True)
def plain_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """The text format, also when the tests themselves run in GitHub Actions."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def valid_term(term_id: str, name: str = "Generated Case", summary: str = "", definition: str = "Text.") -> str:
    """A term file that passes check; line 7 holds the definition."""
    summary = summary or "A generated entry whose only purpose is to carry one broken byte."
    return (
        f"{SCHEMA_LINE}\nid: {term_id}\nname: {name}\nsummary: {summary}\ncategories:\n- sdn\n"
        f"definition: {definition}\nreferences:\n- title: Example reference\n"
        "  url: https://www.example.org/reference\n"
    )


GENERATORS: dict[str, Callable[[str], bytes]] = {
    "non_utf8": lambda case: valid_term(case, definition="Caf\0 au lait.").encode().replace(b"\0", b"\xe9"),
    "bom": lambda case: b"\xef\xbb\xbf" + valid_term(case).encode(),
    "utf16": lambda case: valid_term(case).encode("utf-16"),
    "large": lambda case: valid_term(case, definition="padding " * 40_000).encode(),
    "control_character": lambda case: valid_term(
        case, summary="A summary with \a a bell character inside it, long enough otherwise."
    ).encode(),
    "bidi_override": lambda case: valid_term(case, name="Reversed \u202eeman").encode(),
    "unclosed_brackets": lambda case: valid_term(case, definition="[" * 500).encode(),
    "trailing_no_break_space": lambda case: valid_term(case, name="Trailing Space\u00a0").encode(),
    "zero_width_in_alias": lambda case: (
        valid_term(case, name="Zero Width Case")
        .replace("categories:", "aliases:\n- Zero\u200bWidth\ncategories:")
        .encode()
    ),
    "right_to_left_mark": lambda case: valid_term(case, name="Mark\u200fName").encode(),
    "attribute_run": lambda case: block_term(case, "{" + "a=" * 16_000 + "}"),
    "unclosed_fences": lambda case: block_term(case, "```x\n" * 6_000 + "<script>"),
    "comment_flood": lambda case: block_term(case, "<!--" * 40_000),
}


def block_term(term_id: str, definition: str) -> bytes:
    """A valid term whose definition is a literal block starting on line 8 (column 3)."""
    body = "\n".join("  " + line for line in definition.split("\n"))
    name = term_id.replace("-", " ").title()
    return valid_term(term_id, name=name).replace("definition: Text.\n", f"definition: |\n{body}\n").encode()


def expected_problems(case: str) -> list[dict[str, object]]:
    entry = MANIFEST[case]
    return entry["problems"] if isinstance(entry, dict) else entry  # type: ignore[return-value]


def case_files(case: str) -> dict[str, bytes]:
    """The files a case adds to terms/, by name."""
    entry = MANIFEST[case]
    if isinstance(entry, dict) and "generate" in entry:
        return {f"{case}.yaml": GENERATORS[entry["generate"]](case)}
    if isinstance(entry, dict) and "link" in entry:
        return {}
    if (BAD / case).is_dir():
        return {path.name: path.read_bytes() for path in sorted((BAD / case).iterdir())}
    (path,) = [p for p in BAD.iterdir() if p.is_file() and p.stem == case]
    return {path.name: path.read_bytes()}


def make_root(tmp: Path, cases: list[str]) -> Path:
    """A scratch dictionary: the schema, the valid terms of fixtures/good, and the cases' files."""
    root = tmp / "dictionary"
    terms = root / "terms"
    terms.mkdir(parents=True)
    shutil.copy2(ROOT / "terms" / "term.schema.json", terms)
    for path in GOOD.glob("*.yaml"):
        shutil.copy2(path, terms)
    for case in cases:
        for name, data in case_files(case).items():
            (terms / name).write_bytes(data)
        entry = MANIFEST[case]
        if isinstance(entry, dict) and "link" in entry:
            (terms / f"{case}.yaml").symlink_to(entry["link"])
    return root


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.name: (os.readlink(p).encode(), 0) if p.is_symlink() else (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted((root / "terms").iterdir())
    }


def assert_reported(output: str, case: str) -> None:
    """Every expected problem of ``case`` is in ``output`` as ``file:line:col: field: message`` plus its fix."""
    lines = output.splitlines()
    for item in expected_problems(case):
        file = item.get("file", f"{case}.yaml")
        prefix = f"terms/{file}:{item['line']}:{item['column']}: " + (f"{item['field']}: " if item["field"] else "")
        found = [i for i, line in enumerate(lines) if line.startswith(prefix) and str(item["message"]) in line]
        assert found, f"{case}: no line starting {prefix!r} containing {item['message']!r} in:\n{output}"
        fix = lines[found[0] + 1] if found[0] + 1 < len(lines) else ""
        assert fix.startswith("    fix: ") and str(item["fix"]) in fix, f"{case}: fix {item['fix']!r} not in {fix!r}"


def test_every_fixture_is_in_the_manifest() -> None:
    on_disk = {p.stem if p.is_file() else p.name for p in BAD.iterdir()} - {"expected"}
    written = {case for case in CASES if isinstance(MANIFEST[case], dict)}  # generated, or a link
    assert on_disk == set(CASES) - written


@pytest.mark.parametrize("case", CASES)
def test_check_reports_each_case_exactly(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_root(tmp_path, [case])
    before = snapshot(root)
    status = main(["check", "--root", str(root)])
    out, err = capsys.readouterr()
    assert status == 1
    assert err == ""
    assert "Traceback" not in out
    assert_reported(out, case)
    reported = [line for line in out.splitlines() if line.startswith("terms/")]
    assert len(reported) == len(expected_problems(case)), out
    assert snapshot(root) == before, "check must never change a contributor's file"


def test_every_problem_is_reported_in_one_run(tmp_path: Path) -> None:
    """All cases side by side: one run of the command reports every problem of every file."""
    root = make_root(tmp_path, CASES)
    before = snapshot(root)
    result = subprocess.run(
        [sys.executable, "-m", "nvdict", "check", "--root", str(root)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "GITHUB_ACTIONS": ""},
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    for case in CASES:
        assert_reported(result.stdout, case)
    total = sum(len(expected_problems(case)) for case in CASES)
    assert f"{total} problems in " in result.stdout
    assert snapshot(root) == before


def test_one_file_with_many_problems_gets_them_all_in_one_run(tmp_path: Path) -> None:
    root = make_root(tmp_path, [])
    text = valid_term("many", definition="See [Geneve](id:genve).").replace("- sdn", "- sdnn")
    text = text.replace("summary:", "sumary:") + "related:\n- vxaln\n"
    (root / "terms" / "many.yaml").write_text(text, encoding="utf-8")
    _, problems = check(root)
    assert sorted((p.line, p.field) for p in problems) == [
        (4, "sumary"),
        (6, "categories.0"),
        (7, "definition"),
        (12, "related.0"),
    ]


@pytest.mark.parametrize("case", ["billion-laughs", "unclosed-brackets", "large", "deep-nesting"])
def test_hostile_files_are_refused_quickly(case: str, tmp_path: Path) -> None:
    root = make_root(tmp_path, [case])
    started = time.perf_counter()
    _, problems = check(root)
    assert problems
    assert time.perf_counter() - started < 2.0


def test_a_flood_of_brackets_is_refused_quickly(tmp_path: Path) -> None:
    """200,000 unclosed brackets: libyaml alone takes minutes over this (its cost grows with the square)."""
    root = make_root(tmp_path, [])
    (root / "terms" / "flood.yaml").write_text(valid_term("flood", definition="[" * 200_000), encoding="utf-8")
    started = time.perf_counter()
    _, problems = check(root)
    assert time.perf_counter() - started < 2.0
    assert [p.message for p in problems] == ["lists and mappings are nested more than 16 levels deep"]


def test_links_devices_and_directories_are_not_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A symbolic link to /dev/zero would never end; a directory cannot be parsed."""
    root = make_root(tmp_path, [])
    terms = root / "terms"
    (terms / "endless.yaml").symlink_to("/dev/zero")
    (terms / "elsewhere.yaml").symlink_to(GOOD / "vxlan.yaml")
    (terms / "folder.yaml").mkdir()
    started = time.perf_counter()
    assert main(["check", "--root", str(root)]) == 1
    assert time.perf_counter() - started < 2.0
    out = capsys.readouterr().out
    assert "terms/endless.yaml:1:1: term files must be regular files, not symbolic links" in out
    assert "terms/elsewhere.yaml:1:1: term files must be regular files, not symbolic links" in out
    assert "terms/folder.yaml:1:1: not a regular file" in out


STYLES = {
    "plain": "definition: Some text then <script>x</script> here.\n",
    "plain-wrapped": "definition: Some text that goes on\n  and then <script>x</script> on the next line.\n",
    "single-quoted": "definition: 'It''s text with <script>x</script> in it.'\n",
    "double-quoted": 'definition: "Tab\\tand \\"quotes\\" then <script>x</script>."\n',
    "literal": "definition: |\n  First line.\n\n    Indented code-ish line.\n  Then <script>x</script> here.\n",
    "literal-deeper": "definition: |-\n      Six spaces of indentation.\n      Then <script>x</script>.\n",
    "folded": "definition: >-\n  A folded paragraph that\n  continues with <script>x</script> here.\n",
    "repeated": "definition: |-\n  <b>Then</b> <em>ok</em> <script>x</script>\n",
}


@pytest.mark.parametrize("style", sorted(STYLES))
def test_positions_point_at_the_character_in_every_scalar_style(style: str, tmp_path: Path) -> None:
    """Inside quoted, wrapped, literal and folded text, the column is the column in the file."""
    text = valid_term("probe").replace("definition: Text.\n", STYLES[style])
    root = tmp_path / "dictionary"
    (root / "terms").mkdir(parents=True)
    shutil.copy2(ROOT / "terms" / "term.schema.json", root / "terms")
    (root / "terms" / "probe.yaml").write_text(text, encoding="utf-8")
    _, problems = check(root)
    (problem,) = [p for p in problems if "<script>" in p.message]
    line = text.splitlines()[problem.line - 1]
    assert line[problem.column - 1 :].startswith("<script>"), (problem, line)


WRONG_VALUES: list[object] = [
    None,
    True,
    7,
    2.5,
    "text",
    "",
    [],
    ["a", 1],
    [[1, 2]],
    {},
    {"a": {"b": 1}},
    datetime.date(2024, 1, 1),
]


@pytest.mark.parametrize("value", WRONG_VALUES, ids=repr)
def test_any_value_in_any_field_is_a_problem_not_a_crash(value: object, tmp_path: Path) -> None:
    """Every field of the schema, and nested ones, given each kind of wrong value."""
    schema = yaml.safe_load((ROOT / "terms" / "term.schema.json").read_text(encoding="utf-8"))
    base = yaml.safe_load(valid_term("probe"))
    targets: list[tuple[str, ...]] = [(key,) for key in schema["properties"]] + [
        ("references", "0", "url"),
        ("references", "0", "title"),
        ("diagrams", "0", "code"),
        ("tables", "0", "rows"),
        ("table_rows", "performance-tiers"),
    ]
    for target in targets:
        data = yaml.safe_load(yaml.safe_dump(base))
        if target[0] in ("diagrams", "tables") and target[0] not in data:
            data[target[0]] = [{"code": "x"} if target[0] == "diagrams" else {"columns": ["a"], "rows": [["b"]]}]
        node = data
        for part in target[:-1]:
            node = node[int(part)] if isinstance(node, list) else node.setdefault(part, {})
        node[target[-1]] = value
        text = SCHEMA_LINE + "\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
        root = tmp_path / "-".join(target)
        (root / "terms").mkdir(parents=True)
        shutil.copy2(ROOT / "terms" / "term.schema.json", root / "terms")
        (root / "terms" / "probe.yaml").write_text(text, encoding="utf-8")
        dictionary, problems = check(root)  # must not raise
        if dictionary is None:
            assert problems and all(p.line >= 1 and p.column >= 1 for p in problems)


def test_good_fixtures_pass(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_root(tmp_path, [])
    assert main(["check", "--root", str(root)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK: 3 terms") and len(out.strip().splitlines()) == 1


def _reference_data(text: str) -> object:
    """What PyYAML's own safe constructor gives once every key is tagged as text (dates kept as text)."""
    loader = source_module._Loader(text)
    try:
        node = loader.get_single_node()
        stack = [node]
        while stack:
            item = stack.pop()
            if isinstance(item, yaml.MappingNode):
                item.value = [(k, v) for k, v in item.value if isinstance(k, yaml.ScalarNode)]
                for key_node, value_node in item.value:
                    key_node.tag = "tag:yaml.org,2002:str"
                    stack.append(value_node)
            elif isinstance(item, yaml.SequenceNode):
                stack.extend(item.value)
        return loader.construct_document(node)
    finally:
        loader.dispose()


AWKWARD_YAML = [
    "yes: 1\nno: off\n1: one\n~: null\n<<: {a: 1}\nnull: ~\n",
    "a: 1\na: 2\nb: [1, 2.5, .inf, -.Inf, .nan, 0o17, 0x1F, 1_000, +3]\na: 3\n",
    "d: 2026-12-06\nt: 2001-12-14t21:59:43.10-05:00\nq: '2026-12-06'\nn: 5\n",
    "m:\n  ? [x, y]\n  : z\n  k: {p: [1, {q: r}], s: ''}\nlist:\n- - 1\n  - a: b\n    a: c\n",
    'u: "\\u2028 \\x41 \\t"\nfolded: >-\n  one\n  two\nlit: |\n  keep\n   this\n',
]


@pytest.mark.parametrize("text", AWKWARD_YAML)
def test_reading_gives_what_pyyamls_safe_constructor_gives(text: str, tmp_path: Path) -> None:
    doc, _ = source_module.read_yaml(tmp_path / "x.yaml", raw=text.encode())
    assert doc is not None
    expected = _reference_data(text)
    assert doc.data == expected and list(doc.data) == list(expected)  # keys in the same order


def test_every_real_and_hostile_file_reads_as_pyyaml_reads_it() -> None:
    paths = sorted((ROOT / "terms").glob("*.yaml")) + sorted(BAD.glob("*.yaml")) + sorted(GOOD.glob("*.yaml"))
    compared = 0
    for path in paths:
        doc, _ = source_module.read_yaml(path, mapping=False)
        if doc is None:
            continue
        assert doc.data == _reference_data(path.read_text(encoding="utf-8")), path.name
        compared += 1
    assert compared > 150
