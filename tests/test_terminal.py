"""Reading the dictionary in a terminal: ``nvdict define`` and ``nvdict search``, from a checkout and installed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import jsonschema
import pytest

from nvdict import data_root
from nvdict.cli import EXIT_OK, EXIT_PROBLEMS, EXIT_REFUSED, main
from nvdict.export import export_schema
from nvdict.model import Dictionary
from nvdict.terminal import find, lookup_key, search, suggestions, terminal_markdown
from tests.test_export import small_dictionary

ROOT = Path(__file__).resolve().parent.parent


def assert_entry(data: object) -> None:
    """``data`` follows the schema of one entry's file, api/terms/<id>.json."""
    schema = {**export_schema()}
    schema.pop("oneOf")
    schema["$ref"] = "#/$defs/entry"
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    assert not errors, errors[0].message


# ---------------------------------------------------------------- finding


@pytest.mark.parametrize(
    ("query", "term_id"),
    [
        ("vxlan", "vxlan"),
        ("VXLAN", "vxlan"),
        ("Virtual eXtensible Local Area Network", "vxlan"),  # an alias
        ("virtual extensible lan", "vxlan"),  # the expansion, any case
        ("af xdp", "af-xdp"),
        ("AF-XDP", "af-xdp"),
        ("af_xdp", "af-xdp"),
        ("sriov", "sr-iov"),
        ("ebpf verifier", "bpf-verifier"),
        ("bpf-maps", "bpf-maps"),  # the id
    ],
)
def test_find_by_any_name(dictionary: Dictionary, query: str, term_id: str) -> None:
    found = find(dictionary, query)
    assert found is not None and found.id == term_id


def test_lookup_ignores_case_spaces_hyphens_underscores() -> None:
    assert lookup_key(" AF_XDP ") == lookup_key("af-xdp") == lookup_key("Af Xdp") == "afxdp"
    assert lookup_key("802.1Q") == "802.1q", "other punctuation counts"


def test_a_near_miss_offers_the_closest_names(dictionary: Dictionary) -> None:
    assert find(dictionary, "wiregaurd") is None
    assert [t.id for t in suggestions(dictionary, "wiregaurd")][:1] == ["wireguard"]
    assert [t.id for t in suggestions(dictionary, "vxlna")][:1] == ["vxlan"]
    assert suggestions(dictionary, "qqqqqqqq") == []


# ---------------------------------------------------------------- search


def test_search_ranks_exact_then_prefix_then_names_then_text(dictionary: Dictionary) -> None:
    hits = search(dictionary, "vxlan")
    assert (hits[0].term.id, hits[0].match) == ("vxlan", "exact")
    order = ("exact", "prefix", "name", "text")
    assert [hit.match for hit in hits] == sorted((hit.match for hit in hits), key=order.index)
    assert {hit.term.id for hit in hits if hit.match == "prefix"} == {"vni", "vtep"}, "VXLAN Network Identifier"
    assert {hit.term.id for hit in hits if hit.match == "text"} >= {"geneve", "flannel", "evpn"}
    vx = search(dictionary, "vx")
    assert {hit.term.id for hit in vx if hit.match == "prefix"} >= {"vxlan"}
    ring = search(dictionary, "ring buffer")
    assert ring[0].term.id == "rx-tx-ring-buffer", "both words in the name first"
    verifier = search(dictionary, "verifier")
    assert verifier[0].term.id == "bpf-verifier" and verifier[0].match == "name"
    assert verifier[1].match == "text"


def test_search_finds_words_and_word_starts_in_the_text(dictionary: Dictionary) -> None:
    hits = search(dictionary, "encapsulat")
    assert {"vxlan", "geneve", "gre"} <= {hit.term.id for hit in hits}
    assert search(dictionary, "zzzq") == [] and search(dictionary, " - ") == []
    assert len(search(dictionary, "the", limit=5)) == 5


# ---------------------------------------------------------------- printing


def test_id_links_read_as_the_entry_name(tmp_path: Path) -> None:
    small = small_dictionary(tmp_path)
    assert terminal_markdown(small, "See [the second one](id:beta#usage).") == "See the second one (**Beta**)."
    assert terminal_markdown(small, "See [BETA](id:beta).") == "See **BETA**."
    assert terminal_markdown(small, "[x](https://example.org)") == "[x](https://example.org)"


def test_define_prints_the_entry(capsys: pytest.CaptureFixture[str], dictionary: Dictionary) -> None:
    assert main(["define", "VXLAN"]) == EXIT_OK
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "VXLAN (Virtual Extensible LAN)"
    assert "Overlays and tunnels" in out
    assert "An overlay encapsulation that carries Layer 2 Ethernet frames" in out
    assert "See also: ARP, EVPN" in out and "Referenced by:" in out
    assert "https://www.rfc-editor.org/rfc/rfc7348" in out
    diagram = [line.strip() for line in dictionary.terms["vxlan"].diagrams[0].code.splitlines()]
    assert any(line.startswith("[ Outer ETH | Outer IP | UDP (4789") for line in diagram), "the header layout"
    assert all(line in out for line in diagram), "the diagram is printed line by line, as written"
    assert all(line == line.rstrip() for line in lines), "no padding when piped"
    assert "\x1b[" not in out, "no colour codes when piped"
    log = [c for c in dictionary.corrections if c.entry == "vxlan"]
    assert f"Corrections: {len(log)}, the latest {max(c.date for c in log)} (--json lists them" in out


def test_define_shows_links_as_text_typed_relations_and_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from rich.console import Console

    from nvdict.terminal import print_entry

    small = small_dictionary(tmp_path)
    console = Console(width=100, highlight=False, force_terminal=False)
    with console.capture() as captured:
        print_entry(small, small.terms["alpha"], console)
    out = captured.get()
    assert "the second one (Beta)" in out and "its manual (https://example.org/manual)" in out
    assert "Alternatives: Beta" in out
    assert "Deprecated: Deprecated since 2025; Gamma replaces it." in out
    assert "Checked: reviewed 2026-11-30, Linux 6.12" in out
    assert "Inside" in out and "## Inside" not in out


def test_define_json_is_the_entry_record(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["define", "af_xdp", "--json"]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert data["id"] == "af-xdp" and data["url"] == "af-xdp/"
    assert_entry(data)


def test_define_not_found(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["define", "wiregaurd"]) == EXIT_PROBLEMS
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Did you mean: WireGuard?" in captured.err
    assert main(["define", "wiregaurd", "--json"]) == EXIT_PROBLEMS
    data = json.loads(capsys.readouterr().out)
    assert data == {"query": "wiregaurd", "found": False, "suggestions": [{"id": "wireguard", "name": "WireGuard"}]}


def test_search_cli(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "ring", "buffer", "--json", "--limit", "3"]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert data["query"] == "ring buffer" and len(data["results"]) == 3
    assert data["results"][0] == {
        "id": "rx-tx-ring-buffer",
        "name": "RX/TX Ring Buffer",
        "summary": data["results"][0]["summary"],
        "url": "rx-tx-ring-buffer/",
        "match": "name",
    }
    assert main(["search", "vxlan"]) == EXIT_OK
    assert capsys.readouterr().out.startswith("VXLAN ")
    assert main(["search", "zzzq"]) == EXIT_PROBLEMS
    assert "no entry matches 'zzzq'" in capsys.readouterr().err


def test_a_broken_root_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["define", "vxlan", "--root", str(tmp_path)]) == EXIT_REFUSED
    assert "is not the dictionary's root" in capsys.readouterr().err
    (tmp_path / "terms").mkdir()
    shutil.copy2(ROOT / "terms" / "term.schema.json", tmp_path / "terms")
    (tmp_path / "terms" / "bad.yaml").write_text("id: bad\n", encoding="utf-8")
    assert main(["search", "vxlan", "--root", str(tmp_path)]) == EXIT_REFUSED
    assert "nvdict check --root" in capsys.readouterr().err


def test_data_root_is_the_checkout() -> None:
    assert data_root() == ROOT


# ---------------------------------------------------------------- installed from a wheel


def run(command: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(command, cwd=cwd, env={**clean, **env}, capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_an_installed_wheel_reads_the_dictionary_offline(tmp_path: Path) -> None:
    """pip install . ships the term files: define and search work from any directory, without the repository.

    The wheel goes into a fresh virtual environment with --no-deps; the dependencies are
    borrowed from the test's own environment through a .pth file (whose own .pth files,
    the repository's editable install among them, are not read), so nothing is downloaded
    but the build backend.
    """
    source = tmp_path / "source"  # a copy: building in place would leave build/ in the repository
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, source / name)
    for name in ("nvdict", "terms"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    dist = tmp_path / "dist"
    built = run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-w", str(dist)], tmp_path)
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = dist.glob("nvdict-*.whl")
    with zipfile.ZipFile(wheel) as zipped:
        names = set(zipped.namelist())
    shipped = {Path(name).name for name in names if name.startswith("nvdict/_data/terms/")}
    assert shipped == {path.name for path in (ROOT / "terms").iterdir() if path.suffix in (".yaml", ".json")}

    venv = tmp_path / "venv"
    made = run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp_path)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    purelib = Path(
        run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], tmp_path).stdout.strip()
    )
    (purelib / "_borrowed_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-index", "--no-deps", str(wheel)]
    installed = run(pip, tmp_path)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    nvdict = str(venv / "bin" / "nvdict")
    where = run([str(python), "-c", "import nvdict; print(nvdict.data_root())"], elsewhere)
    assert Path(where.stdout.strip()).is_relative_to(purelib), where.stdout + where.stderr

    define = run([nvdict, "define", "vxlan"], elsewhere)
    assert define.returncode == 0, define.stderr
    assert define.stdout.startswith("VXLAN (Virtual Extensible LAN)\n")
    assert "https://www.rfc-editor.org/rfc/rfc7348" in define.stdout
    as_json = run([nvdict, "define", "Virtual eXtensible Local Area Network", "--json"], elsewhere)
    assert as_json.returncode == 0 and json.loads(as_json.stdout)["id"] == "vxlan"
    miss = run([nvdict, "define", "wiregaurd"], elsewhere)
    assert miss.returncode == 1 and "WireGuard" in miss.stderr
    found = run([nvdict, "search", "geneve", "--json"], elsewhere)
    assert found.returncode == 0 and json.loads(found.stdout)["results"][0]["id"] == "geneve"
