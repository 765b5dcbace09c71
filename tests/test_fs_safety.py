"""Issue 11 on the input side: reserved ids, linear-time checks, the file system, look-alike names."""

from __future__ import annotations

import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.pathological import KINDS, write_case
from nvdict import bundle, linking, lookalike, safety
from nvdict.cli import main
from nvdict.layout import RESERVED_IDS, SOURCES, reserved_ids, unsafe_output
from nvdict.load import check, check_tree
from tests.conftest import mkdocs_build, scratch_project

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def plain_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # MkDocs child processes use this checkout's nvdict


# ---------------------------------------------------------------- reserved ids


def test_reserved_ids_include_the_letters_and_the_hand_written_pages() -> None:
    reserved = reserved_ids(ROOT)
    assert {"a", "z", "0-9", "other", "all", "search", "404", "llms"} <= reserved
    assert {path.stem for path in (ROOT / "docs").glob("*.md")} <= reserved
    assert not reserved & {path.stem for path in (ROOT / "terms").glob("*.yaml")}, "a real entry is reserved"


def test_table_and_composition_ids_must_not_be_index(small_root: Path) -> None:
    terms = small_root / "terms"
    (terms / "_tables.yaml").write_text(
        "- id: index\n  title: T\n  description: D\n  label: L\n  columns:\n  - {key: a, title: A}\n", encoding="utf-8"
    )
    (terms / "_compositions.yaml").write_text(
        "- id: index\n  title: T\n  summary: S\n  text: X\n  components: [vxlan]\n", encoding="utf-8"
    )
    _, problems = check(small_root)
    found = {(p.path.name, p.line, p.column, p.field) for p in problems if "is reserved" in p.message}
    assert found == {("_tables.yaml", 1, 7, "0.id"), ("_compositions.yaml", 1, 7, "0.id")}, problems


def test_every_reserved_id_is_refused(small_root: Path) -> None:
    source = (small_root / "terms" / "vxlan.yaml").read_text(encoding="utf-8")
    for term_id in sorted(RESERVED_IDS)[:8]:
        text = source.replace("id: vxlan", f"id: '{term_id}'").replace("name: VXLAN", f"name: Case {term_id}")
        text = re.sub(r"aliases:\n(- .*\n)+", "", text)
        (small_root / "terms" / f"{term_id}.yaml").write_text(text, encoding="utf-8")
    _, problems = check(small_root)
    refused = sorted(p.path.stem for p in problems if "is reserved" in p.message)
    assert refused == sorted(RESERVED_IDS)[:8], problems


# ---------------------------------------------------------------- linear-time checks

_OLD_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})[^\n]*\n(?P<body>.*?)^(?P=fence)[ \t]*$", re.M | re.S)
_OLD_CODE_SPAN = re.compile(r"(?<![\\`])(`+)(?!`)[^\n]+?(?<!`)\1(?!`)")
_OLD_PROTECTED = re.compile(
    r"!?\[[^\]]*\]\([^)]*\)|!?\[[^\]]*\]\[[^\]]*\]|<[^>\n]+>|https?://\S+|^[ \t]*#.*$|^[ \t]*\[[^\]]+\]:.*$", re.M
)


def _old_strip_code(text: str) -> str:
    """The former regular expressions: exact on short texts, quadratic on long hostile ones."""

    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    def blank_body(match: re.Match[str]) -> str:
        start, end = match.span("body")
        whole, offset = match.group(0), match.start()
        return whole[: start - offset] + blank_body_text(match) + whole[end - offset :]

    def blank_body_text(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group("body"))

    return _OLD_CODE_SPAN.sub(blank, _OLD_FENCE.sub(blank_body, text))


PIECES = ["`", "``", "```", "~~~", "\n", " ", "\\", "[", "]", "(", ")", "!", "<", ">", "#", ":", "a", "http://", "x"]


def test_the_linear_scanners_agree_with_the_former_expressions() -> None:
    """On 3,000 short random texts, where the old expressions were still quick."""
    generator = random.Random(11)
    for _ in range(3_000):
        text = "".join(generator.choice(PIECES) for _ in range(generator.randint(0, 30)))
        assert safety.strip_code(text) == _old_strip_code(text), repr(text)
        old = _OLD_PROTECTED.sub(lambda m: " " * len(m.group(0)), text)
        assert linking.blank_protected(text) == old, repr(text)


EXPECTED = {
    "comments": "are not allowed in term text: they pass into the page unchecked",  # <!-- and a cut-off <!
    "event-handlers": "event-handler attribute 'onx' is not allowed",
    "unknown-links": "link to unknown entry 'id:nowhere'",
    "blank-lines": "definition is empty",
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_pathological_files_pass_or_get_the_right_message(kind: str, small_root: Path) -> None:
    """The inputs of benchmarks/pathological.py, at 64 KB: the same answers as any other file."""
    write_case(small_root / "terms", kind, 64 * 1024)
    _, problems = check(small_root)
    if kind not in EXPECTED:
        assert problems == [], problems
        return
    assert problems and all(EXPECTED[kind] in p.message for p in problems), problems
    kinds: dict[str, int] = {}
    for problem in problems:
        kind_of = re.sub(r" \(\d+ more like this\)$", "", problem.message)
        kinds[kind_of] = kinds.get(kind_of, 0) + 1
    assert max(kinds.values()) <= 10, kinds  # ten of a kind listed, the rest counted


# ---------------------------------------------------------------- output folders


def _repository(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    for name in SOURCES:
        (root / name).mkdir(parents=True)
        (root / name / "keep.txt").write_text("mine", encoding="utf-8")
    shutil.copy2(ROOT / "terms" / "term.schema.json", root / "terms")
    return root


def _files(root: Path) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*"))


@pytest.mark.parametrize(
    "given", [".", "terms", "docs", "docs/sub", "overrides", "hooks", "nvdict", "tests", ".git", "tests/x/y", "..", "/"]
)
def test_build_refuses_an_output_folder_over_the_sources(
    given: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _repository(tmp_path)
    before = _files(tmp_path)
    target = given if given == "/" else str(root / given)
    assert main(["build", "--root", str(root), "--site-dir", target]) == 2
    err = capsys.readouterr().err
    assert f"--site-dir {target} is refused: it" in err and "Nothing was built or deleted" in err, err
    assert "Traceback" not in err
    assert _files(tmp_path) == before


def test_the_default_and_outside_folders_are_accepted(tmp_path: Path) -> None:
    root = _repository(tmp_path)
    for target in (root / "site", root / "dist" / "site", tmp_path / "elsewhere", root / "sitemap"):
        assert unsafe_output(root, target) is None, target


def test_a_link_to_a_source_folder_is_refused(tmp_path: Path) -> None:
    root = _repository(tmp_path)
    (tmp_path / "innocent").symlink_to(root / "docs")
    assert unsafe_output(root, tmp_path / "innocent") == "it is the repository's docs/ folder"


def test_bundle_refuses_an_output_inside_the_sources(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _repository(tmp_path)
    before = _files(tmp_path)
    assert bundle.main(["--root", str(root), "--output", str(root / "docs" / "offline.zip")]) == 2
    assert "is refused: it lies inside the repository's docs/ folder" in capsys.readouterr().err
    assert _files(tmp_path) == before


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_an_interrupted_build_removes_its_staging_folder(signum: int, tmp_path: Path) -> None:
    project = scratch_project(tmp_path)
    out = tmp_path / "out"
    (out / "site").mkdir(parents=True)
    (out / "site" / "index.html").write_text("last good site", encoding="utf-8")
    build = subprocess.Popen(
        [sys.executable, "-m", "nvdict", "build", "--root", str(project), "--site-dir", str(out / "site")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    deadline = time.monotonic() + 60
    while not list(out.glob(".site.new-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(out.glob(".site.new-*")), "the build never started"
    time.sleep(1.0)  # MkDocs is running
    build.send_signal(signum)
    _, err = build.communicate(timeout=60)
    assert build.returncode == (143 if signum == signal.SIGTERM else 130), err
    assert "Traceback" not in err
    assert sorted(path.name for path in out.iterdir()) == ["site"]
    assert (out / "site" / "index.html").read_text(encoding="utf-8") == "last good site"


# ---------------------------------------------------------------- symbolic links


def _link_problems(root: Path) -> dict[str, str]:
    return {str(p.path.relative_to(root)): p.message for p in check_tree(root)}


def test_links_in_docs_and_terms(small_root: Path, tmp_path: Path) -> None:
    docs = small_root / "docs"
    docs.mkdir()
    (docs / "page.md").write_text("# Page\n", encoding="utf-8")
    (docs / "outside.md").symlink_to("/etc/hostname")
    (docs / "gone.md").symlink_to("missing.md")
    (docs / "loop.md").symlink_to("loop.md")
    (docs / "inside.md").symlink_to("page.md")
    (docs / "folder").symlink_to(tmp_path)
    (small_root / "terms" / "notes").symlink_to("/etc")
    assert _link_problems(small_root) == {
        "docs/outside.md": "symbolic link to '/etc/hostname', outside the repository: the build would read or "
        "publish a file from elsewhere on this computer",
        "docs/gone.md": "symbolic link to 'missing.md', which does not exist",
        "docs/loop.md": "symbolic link loop: 'loop.md' leads back to itself",
        "docs/folder": f"symbolic link to '{tmp_path.resolve()}', outside the repository: the build would read or "
        "publish a file from elsewhere on this computer",
        "terms/notes": "symbolic link to '/etc', outside the repository: the build would read or publish a file "
        "from elsewhere on this computer",
    }


def test_linked_structure_files_are_reported_not_followed(small_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    terms = small_root / "terms"
    (terms / "_tables.yaml").symlink_to("_tables.yaml")
    (terms / "_compositions.yaml").symlink_to("/nonexistent/_compositions.yaml")
    assert main(["check", "--root", str(small_root)]) == 1
    out = capsys.readouterr().out
    assert "terms/_tables.yaml:1:1: symbolic link loop" in out
    assert (
        "terms/_compositions.yaml:1:1: symbolic link to '/nonexistent/_compositions.yaml', which does not exist" in out
    )
    assert "Traceback" not in out


@pytest.mark.slow
def test_mkdocs_build_reports_a_dangling_link_cleanly(tmp_path: Path) -> None:
    project = scratch_project(tmp_path)
    (project / "docs" / "gone.md").symlink_to("missing.md")
    (project / "terms" / "loop.yaml").symlink_to("loop.yaml")
    result = mkdocs_build(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "docs/gone.md:1:1: symbolic link to 'missing.md', which does not exist" in output
    assert "terms/loop.yaml:1:1: term files must be regular files, not symbolic links" in output
    assert "Traceback" not in output


# ---------------------------------------------------------------- look-alike names


def test_the_ascii_shortcut_matches_the_data() -> None:
    table = lookalike._prototypes()
    assert len(table) > 6000
    assert {char for char in table if len(char) == 1 and char.isascii()} == set(lookalike.ASCII_SOURCES)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Network Namespace", "N\u0435twork Namespace"),  # Cyrillic ie
        ("eBPF", "\uff45BPF"),  # fullwidth e (NFKC)
        ("SR-IOV", "SR\u2010IOV"),  # hyphen U+2010
        ("OVS", "\u039fVS"),  # Greek omicron
    ],
)
def test_look_alike_names_share_a_key(first: str, second: str) -> None:
    assert lookalike.comparison_key(first) == lookalike.comparison_key(second)
    assert lookalike.comparison_key(first) != lookalike.comparison_key(first + "s")


def test_invisible_characters() -> None:
    assert lookalike.invisible("Zero\u200bWidth") == [(4, "\u200b")]
    assert lookalike.invisible("Name\u00a0") == [(4, "\u00a0")]
    assert lookalike.invisible("\u202fName") == [(0, "\u202f")]
    assert lookalike.invisible("Two\u00a0Words") == []  # inside a name a no-break space is a choice
    assert lookalike.invisible("Obj\ufffc") == [(3, "\ufffc")]
    assert lookalike.invisible("Rtl\u200fMark\u00ad") == [(3, "\u200f"), (8, "\u00ad")]
    assert lookalike.invisible("Over\u202eride") == []  # refused for the whole file by nvdict.source


def test_the_dictionary_has_no_look_alike_names() -> None:
    _, problems = check(ROOT)
    assert problems == []
