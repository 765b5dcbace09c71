"""The contributor's tools: ``nvdict new``, ``nvdict check``, ``nvdict build`` and the guidance files."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from nvdict import cli
from nvdict.cli import main, swap_into_place
from nvdict.scaffold import KEY_ORDER, yaml_text
from tests.conftest import scratch_project

ROOT = Path(__file__).resolve().parent.parent
GOOD = Path(__file__).resolve().parent / "fixtures" / "good"
SCHEMA = json.loads((ROOT / "terms" / "term.schema.json").read_text(encoding="utf-8"))
CATEGORIES = [option["const"] for option in SCHEMA["$defs"]["category"]["oneOf"]]


@pytest.fixture(autouse=True)
def plain_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """The text format, also when the tests themselves run in GitHub Actions."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def fill_placeholders(text: str) -> str:
    """What a contributor does after ``new``: replace every TODO with real content."""
    replacements = {
        "expansion: TODO": "expansion: Address Family eXpress Data Path",
        "summary: TODO": "summary: A socket family that moves raw frames through rings shared with the driver.",
        "- TODO": "- kernel-bypass",
        "  TODO": "  Frames move between the driver and user space through rings in a shared memory area.",
        "- title: TODO": "- title: 'Linux kernel documentation: AF_XDP'",
        "  url: https://TODO": "  url: https://docs.kernel.org/networking/af_xdp.html",
    }
    lines = []
    for line in text.splitlines():
        lines.append(replacements.get(line, line))
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- new


def test_new_writes_a_schema_shaped_file_in_key_order(small_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "AF_XDP", "--root", str(small_root)]) == 0
    assert "created terms/af-xdp.yaml" in capsys.readouterr().out
    path = small_root / "terms" / "af-xdp.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=term.schema.json\n")
    data = yaml.safe_load(text)
    assert list(data) == list(KEY_ORDER)
    assert data["id"] == "af-xdp" and data["name"] == "AF_XDP"
    assert set(data) >= set(SCHEMA["required"])
    for category in CATEGORIES:
        assert category in text, "the categories comment lists every category"


def test_new_file_fails_check_until_filled_in(small_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["new", "AF_XDP", "--root", str(small_root)])
    capsys.readouterr()
    assert main(["check", "--root", str(small_root)]) == 1
    out = capsys.readouterr().out
    for field in ("expansion", "summary", "categories.0", "definition", "references.0.title", "references.0.url"):
        assert f": {field}: " in out, f"the TODO in {field} must fail check:\n{out}"
    path = small_root / "terms" / "af-xdp.yaml"
    path.write_text(fill_placeholders(path.read_text(encoding="utf-8")), encoding="utf-8")
    assert main(["check", "--root", str(small_root)]) == 0, capsys.readouterr().out
    assert capsys.readouterr().out.startswith("OK: 4 terms")


def test_new_with_category_and_id(small_root: Path) -> None:
    assert main(["new", "Pod: sandbox #1", "--id", "pod-sandbox", "--category", "container-networking",
                 "--root", str(small_root)]) == 0  # fmt: skip
    data = yaml.safe_load((small_root / "terms" / "pod-sandbox.yaml").read_text(encoding="utf-8"))
    assert data["name"] == "Pod: sandbox #1"
    assert data["categories"] == ["container-networking"]


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["vxlan"], "is already the name in terms/vxlan.yaml"),
        (["Virtual extensible LAN", "--id", "vel"], "is already an alias of 'VXLAN' in terms/vxlan.yaml"),
        (["ovs"], "is already an alias of 'Open vSwitch'"),
        (["VXLAN tunnel", "--id", "vxlan"], "id 'vxlan' is already the id of terms/vxlan.yaml"),
        (["Open-vSwitch"], "id 'open-vswitch' is already the id of terms/open-vswitch.yaml"),
        (["Thing", "--category", "sdnn"], "unknown category 'sdnn': did you mean 'sdn'?"),
        (["Thing", "--id", "Not_An_Id"], "'Not_An_Id' is not a valid id"),
        (["<script>alert(1)</script>"], "the name is refused: raw HTML <script>"),
        (["   "], "the name is empty"),
        (["x" * 81], "at most 80"),
        (["!!!"], "cannot make an id"),
    ],
)
def test_new_refuses(arguments: list[str], expected: str, small_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = {p.name: p.read_bytes() for p in (small_root / "terms").iterdir()}
    assert main(["new", *arguments, "--root", str(small_root)]) == 2
    out, err = capsys.readouterr()
    assert expected in err and out == ""
    assert "Traceback" not in err
    assert {p.name: p.read_bytes() for p in (small_root / "terms").iterdir()} == before


def test_new_ignores_broken_files_but_keeps_their_ids(small_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (small_root / "terms" / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    assert main(["new", "Broken", "--root", str(small_root)]) == 2
    assert "terms/broken.yaml" in capsys.readouterr().err
    assert main(["new", "Fresh", "--root", str(small_root)]) == 0


@pytest.mark.parametrize("value", ["AF_XDP", "yes", "null", "1.5", "a: b", "#1", 'Pod\'s "x"', "É", "- x", "[x]"])
def test_yaml_text_round_trips(value: str) -> None:
    assert yaml.safe_load(f"name: {yaml_text(value)}") == {"name": value}


# ---------------------------------------------------------------- check


def test_check_ok_is_one_line(small_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--root", str(small_root)]) == 0
    out = capsys.readouterr().out
    assert re.fullmatch(r"OK: 3 terms, 2 aliases, 0 tables checked in \d+\.\d\d s\n", out)


def test_check_lists_problems_then_a_summary(small_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    terms = small_root / "terms"
    (terms / "geneve.yaml").write_text(
        (terms / "geneve.yaml").read_text(encoding="utf-8").replace("- overlays-tunnels", "- overlay"),
        encoding="utf-8",
    )
    (terms / "vxlan.yaml").write_text(
        (terms / "vxlan.yaml").read_text(encoding="utf-8").replace("summary:", "sumary:"), encoding="utf-8"
    )
    assert main(["check", "--root", str(small_root)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "terms/geneve.yaml:7:3: categories.0: unknown category 'overlay'"
    assert lines[1] == "    fix: did you mean 'overlays-tunnels'?"
    assert lines[2] == "terms/vxlan.yaml:7:1: sumary: unknown field 'sumary'"
    assert lines[3] == "    fix: did you mean 'summary'? ('summary' is required and missing)"
    assert lines[-1].startswith("2 problems in 2 files.")


def test_check_github_annotations(small_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = small_root / "terms" / "vxlan.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("- geneve", "- genve"), encoding="utf-8")
    assert main(["check", "--format", "github", "--root", str(small_root)]) == 1
    out = capsys.readouterr().out
    assert "::error file=terms/vxlan.yaml,line=14,col=3,title=related.0::unknown entry id 'genve'%0Afix: did" in out
    assert "terms/vxlan.yaml:14:3: related.0: unknown entry id 'genve'" in out


def test_check_refuses_a_directory_that_is_not_the_dictionary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--root", str(tmp_path)]) == 2
    assert "has no terms/term.schema.json" in capsys.readouterr().err


def test_check_finds_the_root_from_a_subdirectory(
    small_root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(small_root / "terms")
    assert main(["check"]) == 0
    assert capsys.readouterr().out.startswith("OK: 3 terms")


def test_internal_errors_are_one_line(
    small_root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import nvdict.load

    def broken(root: Path) -> None:
        raise ValueError("simulated")

    monkeypatch.setattr(nvdict.load, "check", broken)
    monkeypatch.delenv("NVDICT_DEBUG", raising=False)
    assert main(["check", "--root", str(small_root)]) == 3
    err = capsys.readouterr().err
    assert "internal error (ValueError: simulated)" in err and "Traceback" not in err


def test_check_runs_on_the_real_dictionary() -> None:
    """The whole command on the real terms/: they check clean, with the time it took, and never a traceback.

    How fast it is, is measured by benchmarks/run.py, not asserted here.
    """
    result = subprocess.run(
        [sys.executable, "-m", "nvdict", "check", "--root", str(ROOT)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, "GITHUB_ACTIONS": ""},
    )
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"checked in \d+\.\d+ s", result.stdout), result.stdout
    assert "longer than" not in result.stderr, result.stderr  # every paragraph reads on a phone


SENTENCE = "An outer IP and UDP header carries each frame across the underlay network."
"""74 characters: a paragraph of the fixture's own subject, repeated to make a wall of text."""


def test_check_warns_of_a_wall_of_text_by_file_and_line(small_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A warning, not an error: the file still checks OK, the exit status stays 0, and the fix is named."""
    path = small_root / "terms" / "vxlan.yaml"
    text = path.read_text(encoding="utf-8")
    wall = "  " + " ".join([SENTENCE] * 30)
    path.write_text(text.replace("  Endpoints at both ends add and strip these headers.", wall), encoding="utf-8")
    assert main(["check", "--root", str(small_root)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("OK: 3 terms")
    assert "warning: 1 paragraph longer than 2,000 characters" in err
    assert "terms/vxlan.yaml:11: definition, a paragraph of 2,3" in err
    assert "blank line where its topic changes" in err
    half = "  " + " ".join([SENTENCE] * 15)
    path.write_text(
        text.replace("  Endpoints at both ends add and strip these headers.", f"{half}\n\n{half}"), encoding="utf-8"
    )
    assert main(["check", "--root", str(small_root)]) == 0
    assert "longer than" not in capsys.readouterr().err


def test_wall_of_text_is_found_by_line_in_a_folded_field(small_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A contributor may write ``>-`` (folded) instead of ``|-``: the warning still names the paragraph's own line.

    In a folded field one blank line is a line break; it takes two to start a paragraph."""
    path = small_root / "terms" / "vxlan.yaml"
    text = path.read_text(encoding="utf-8")
    folded = "definition: >-\n  A short first paragraph.\n\n\n" + "".join(f"  {SENTENCE}\n" for _ in range(30))
    old = text[text.index("definition: |-") : text.index("related:")]
    path.write_text(text.replace(old, folded), encoding="utf-8")
    assert main(["check", "--root", str(small_root)]) == 0
    err = capsys.readouterr().err
    assert "terms/vxlan.yaml:14: definition, a paragraph of 2,2" in err, err


def test_console_script_is_declared() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["nvdict"] == "nvdict.cli:main"


# ---------------------------------------------------------------- build


def test_swap_replaces_the_site_in_one_step(tmp_path: Path) -> None:
    site, staging = tmp_path / "site", tmp_path / ".site.new"
    site.mkdir()
    (site / "index.html").write_text("old", encoding="utf-8")
    staging.mkdir()
    (staging / "index.html").write_text("new", encoding="utf-8")
    swap_into_place(staging, site)
    assert (site / "index.html").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_swap_without_atomic_exchange(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_exchange", lambda first, second: False)
    site, staging = tmp_path / "site", tmp_path / ".site.new"
    site.mkdir()
    (site / "old.html").write_text("old", encoding="utf-8")
    staging.mkdir()
    (staging / "index.html").write_text("new", encoding="utf-8")
    swap_into_place(staging, site)
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def _tree(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_a_failed_build_keeps_the_last_good_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = scratch_project(tmp_path)
    site = tmp_path / "out" / "site"
    assert main(["build", "--root", str(project), "--site-dir", str(site)]) == 0, capsys.readouterr()
    good = _tree(site)
    assert "index.html" in good

    # A broken term: stopped by the check before MkDocs runs.
    (project / "terms" / "broken-entry.yaml").write_text("id: broken-entry\nname: [unclosed\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["build", "--root", str(project), "--site-dir", str(site)]) == 1
    out = capsys.readouterr().out
    assert (
        "terms/broken-entry.yaml:2:7: YAML syntax error: the '[' here is not closed" in out and "left as it was" in out
    )
    assert _tree(site) == good
    (project / "terms" / "broken-entry.yaml").unlink()

    # A failure only MkDocs sees: a hand-written page's macro names an unknown entry.
    index = project / "docs" / "index.md"
    original = index.read_text(encoding="utf-8")
    index.write_text(original + "\nSee {{ term('no-such-entry') }}.\n", encoding="utf-8")
    assert main(["build", "--root", str(project), "--site-dir", str(site)]) == 1
    out = capsys.readouterr().out
    assert "Build failed" in out and "Traceback" not in out
    assert _tree(site) == good
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"], "no staging directory is left behind"

    # Fixed: the new build replaces the old site.
    index.write_text(original.replace("# Network Virtualization Dictionary", "# Network Virtualization Dictionary!"))
    assert main(["build", "--root", str(project), "--site-dir", str(site)]) == 0
    assert _tree(site) != good
    assert "Network Virtualization Dictionary!" in (site / "index.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]


# ---------------------------------------------------------------- guidance


def test_contributing_guide_is_the_same_on_the_site() -> None:
    repository = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    site = (ROOT / "docs" / "contributing.md").read_text(encoding="utf-8")
    assert repository.replace("](docs/", "](") == site


def test_site_pages_contain_no_template_syntax() -> None:
    """Hand-written pages are rendered by mkdocs-macros: the guides must not trigger it."""
    for name in ("contributing.md", "style-guide.md"):
        text = (ROOT / "docs" / name).read_text(encoding="utf-8")
        assert "{{" not in text and "{%" not in text, name


def test_issue_form_offers_exactly_the_schema_categories() -> None:
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "propose-term.yml").read_text(encoding="utf-8"))
    assert form["name"] and form["description"] and form["body"]
    ids = [item["id"] for item in form["body"] if "id" in item]
    assert len(ids) == len(set(ids))
    (dropdown,) = [item for item in form["body"] if item.get("id") == "categories"]
    offered = [option.split(" ", 1)[0] for option in dropdown["attributes"]["options"]]
    assert offered == CATEGORIES
    for item in form["body"]:
        assert item["type"] in {"markdown", "input", "textarea", "dropdown", "checkboxes"}
        assert "label" in item["attributes"] or item["type"] == "markdown"


def test_pull_request_template_has_a_checklist() -> None:
    text = (ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    assert text.count("- [ ] ") >= 5
    assert "python -m nvdict check" in text


def test_pre_commit_hooks_are_local_and_report_only() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert all(repo["repo"] == "local" for repo in config["repos"])
    assert set(hooks) == {"nvdict-check", "yamllint", "ruff-check", "ruff-format"}
    assert hooks["nvdict-check"]["entry"] == "python -m nvdict check"
    assert "--check" in hooks["ruff-format"]["entry"]
    if shutil.which("pre-commit"):
        result = subprocess.run(["pre-commit", "validate-config", ".pre-commit-config.yaml"], cwd=ROOT, check=False)
        assert result.returncode == 0


def test_yamllint_accepts_the_repository() -> None:
    pytest.importorskip("yamllint")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "yamllint",
            "--strict",
            "terms",
            "tests/fixtures/good",
            ".github",
            ".pre-commit-config.yaml",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout
