"""A check that passes means the build can read everything: the structure files
(_categories, _tables, _compositions, _corrections) and entry text, each problem
at its real line and column."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from nvdict.load import check
from nvdict.problems import Problem
from nvdict.validate import load_schema

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "terms", tmp_path / "terms")
    return tmp_path


def _mutate(project: Path, name: str, old: str, new: str) -> int:
    """Replace ``old`` with ``new`` once in terms/``name``; the 1-based line where ``new`` starts."""
    path = project / "terms" / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    index = text.index(old)
    path.write_text(text[:index] + new + text[index + len(old) :], encoding="utf-8")
    return text[:index].count("\n") + 1


def _problems(project: Path, name: str) -> list[Problem]:
    dictionary, problems = check(project)
    assert dictionary is None
    return [p for p in problems if p.path.name == name]


MISTAKES = [
    # file, old, new, the line offset of the problem from where new starts, words in the message
    ("_tables.yaml", "  host: cilium\n", "  host: cilum\n", 0, "unknown entry id 'cilum'"),
    ("_tables.yaml", "    - {key: purpose, title: Purpose}", "    - {key: purpose}", 0, "lacks 'title'"),
    (
        "_tables.yaml",
        "    - {key: notes, title: Notes}",
        "    - {key: notes, title: Notes}\n    - {key: notes, title: Again}",
        1,
        "used twice",
    ),
    ("_tables.yaml", "  label: Mode\n", "  label: [Mode]\n", 0, "'label' must be text"),
    (
        "_tables.yaml",
        "  quick_reference: true\n  description: What each",
        "  quick_refrence: true\n  description: What each",
        0,
        "did you mean 'quick_reference'",
    ),
    ("_compositions.yaml", "connect4, cgroups", "connect4, cgroupz", 0, "unknown entry id 'cgroupz'"),
    (
        "_compositions.yaml",
        "- id: telco-nfv-stack\n",
        "- id: telco-nfv-stack\n  colour: red\n",
        1,
        "unknown field 'colour'",
    ),
    ("_corrections.yaml", "  entry: arp\n", "  entry: arpp\n", 0, "unknown entry id 'arpp'"),
    ("_corrections.yaml", "- date: '2026-11-25'\n  entry: arp", "- date: 25.11.2026\n  entry: arp", 0, "YYYY-MM-DD"),
    (
        "_corrections.yaml",
        "    url: https://docs.kernel.org/networking/af_xdp",
        "    url: http://docs.kernel.org/networking/af_xdp",
        0,
        "https://",
    ),
    ("_categories.yaml", "- id: sdn\n", "- id: Sdn\n", 0, "lower-case"),
]


@pytest.mark.parametrize(("name", "old", "new", "offset", "words"), MISTAKES, ids=[m[4] for m in MISTAKES])
def test_each_structure_mistake_is_reported_at_its_line(project, name, old, new, offset, words) -> None:
    line = _mutate(project, name, old, new) + offset
    problems = _problems(project, name)
    assert any(words in f"{p.message} {p.hint}" and p.line == line for p in problems), problems
    assert all(p.line > 1 for p in problems), "no problem is left at the start of the file"


def test_a_missing_host_is_reported_before_the_build(project) -> None:
    """The issue's case: the build used to fail with KeyError: 'cilium'."""
    (project / "terms" / "cilium.yaml").unlink()
    _, problems = check(project)
    hosts = [p for p in problems if p.path.name == "_tables.yaml"]
    assert hosts and "unknown entry id 'cilium'" in hosts[0].message and hosts[0].column == 9


def test_the_schema_lists_the_categories_of_the_data_file(project) -> None:
    import yaml

    listed = load_schema(ROOT / "terms" / "term.schema.json")["$defs"]["category"]["oneOf"]
    data = yaml.safe_load((ROOT / "terms" / "_categories.yaml").read_text(encoding="utf-8"))
    assert [(c["const"], c["title"], c["description"]) for c in listed] == [
        (c["id"], c["title"], c["description"]) for c in data
    ], "run `python -m nvdict schema`"
    with (project / "terms" / "_categories.yaml").open("a", encoding="utf-8") as handle:
        handle.write("- id: storage\n  title: Storage\n  description: Block and file storage for workloads.\n")
    stale = _problems(project, "term.schema.json")
    assert stale and "python -m nvdict schema" in stale[0].hint


def test_schema_command_copies_the_categories(project) -> None:
    from nvdict.cli import main

    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    with (project / "terms" / "_categories.yaml").open("a", encoding="utf-8") as handle:
        handle.write("- id: storage\n  title: Storage\n  description: Block and file storage for workloads.\n")
    assert main(["schema", "--check", "--root", str(project)]) == 1
    assert main(["schema", "--root", str(project)]) == 0
    assert main(["schema", "--check", "--root", str(project)]) == 0
    schema = json.loads((project / "terms" / "term.schema.json").read_text(encoding="utf-8"))
    assert schema["$defs"]["category"]["oneOf"][-1]["const"] == "storage"


ENTRY_TEXT = [
    ("A definition.\n  ## Problem it addresses\n", "headings are not allowed", 1),
    ("A definition.\n  Usage\n  -----\n", "headings are not allowed", 2),
    ("A definition with \ufffc an object.\n", "U+FFFC", 0),
    ("A zero\u200bwidth space.\n", "U+200B", 0),
]


@pytest.mark.parametrize(("text", "words", "offset"), ENTRY_TEXT, ids=[t[1] for t in ENTRY_TEXT])
def test_headings_and_invisible_characters_in_a_definition(project, text, words, offset) -> None:
    path = project / "terms" / "arp.yaml"
    source = path.read_text(encoding="utf-8")
    start = re.search(r"^definition: \|-\n", source, re.M)
    assert start
    line = source[: start.end()].count("\n") + 1 + offset
    path.write_text(source[: start.end()] + "  " + text + source[start.end() :], encoding="utf-8")
    problems = _problems(project, "arp.yaml")
    assert [(p.line, words in p.message) for p in problems] == [(line, True)], problems


def test_a_query_string_is_a_fine_link_address(project) -> None:
    path = project / "terms" / "arp.yaml"
    source = path.read_text(encoding="utf-8")
    path.write_text(
        source.replace("definition: |-\n", "definition: |-\n  See [the list](https://example.org/find?a=1&b=2).\n", 1),
        encoding="utf-8",
    )
    dictionary, problems = check(project)
    assert problems == [] and dictionary is not None


def test_a_reference_into_a_mirror_is_reported_at_its_line_with_the_projects_own_repository(project) -> None:
    kernel = "https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/tree/drivers/net/Kconfig?h=v7.3-rc7"
    iproute2 = "https://git.kernel.org/pub/scm/network/iproute2/iproute2.git/tree/man/man8/ip-link.8.in?h=v7.1.0"
    line = _mutate(project, "macvtap.yaml", kernel, "https://github.com/torvalds/linux/blob/v7.3/drivers/net/Kconfig")
    _mutate(project, "macvtap.yaml", iproute2, "https://GitHub.com/iproute2/iproute2/blob/main/man/man8/ip-link.8.in")
    table = _mutate(
        project, "af-xdp.yaml", "        url: https://doi.org/", "        url: https://github.com/DPDK/dpdk/"
    )
    problems = _problems(project, "macvtap.yaml") + _problems(project, "af-xdp.yaml")
    assert [(p.path.name, p.line, p.column, p.field) for p in problems] == [
        ("macvtap.yaml", line, 8, "references.0.url"),
        ("macvtap.yaml", line + 2, 8, "references.1.url"),
        ("af-xdp.yaml", table, 14, "table_rows.performance-tiers.0.sources.throughput.url"),
    ], problems
    assert "git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git" in problems[0].message
    assert "git.kernel.org/pub/scm/network/iproute2/iproute2.git" in problems[1].message
    assert "git.dpdk.org/dpdk" in problems[2].message and "at a release tag" in problems[2].hint


def test_the_docs_state_the_schemas_limits() -> None:
    """CONTRIBUTING, the style guide and the schema agree on every limit a contributor meets."""
    schema = load_schema(ROOT / "terms" / "term.schema.json")["properties"]
    guide = (ROOT / "docs" / "style-guide.md").read_text(encoding="utf-8")
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    summary = f"{schema['summary']['minLength']} to {schema['summary']['maxLength']} characters"
    numbers = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
    words = dict(enumerate(numbers, start=1))
    references = f"{words[schema['references']['minItems']]} to {words[schema['references']['maxItems']]}"
    for text in (guide, contributing, schema["summary"]["description"]):
        assert summary in text
    for text in (guide, contributing, schema["references"]["description"].lower()):
        assert references in text.lower(), text[:80]
    assert f"at most {schema['name']['maxLength']} characters" in contributing
    assert f"at most {schema['name']['maxLength']} characters" in guide


def test_link_forms_spell_the_entrys_names_and_not_links_contain_one(project) -> None:
    line = _mutate(
        project,
        "flow-table.yaml",
        "link_forms:\n- flow table\n",
        "link_forms:\n- flow table\n- the\nnot_links:\n- Flow Table\n- packet filter\n",
    )
    problems = [(p.line, p.field, p.message) for p in _problems(project, "flow-table.yaml")]
    assert problems == [
        (line + 2, "link_forms.1", "'the' is not a spelling of this entry's name or aliases"),
        (line + 4, "not_links.0", "'Flow Table' is a name of this entry: listing it here would stop it from linking"),
        (
            line + 5,
            "not_links.1",
            "'packet filter' does not contain a name of this entry, so it could never be mistaken for it",
        ),
    ]


def test_an_invisible_character_written_as_an_escape_is_found(project) -> None:
    """The file's bytes hold no U+200B, its value does: a double-quoted YAML escape."""
    path = project / "terms" / "arp.yaml"
    source = path.read_text(encoding="utf-8")
    start = re.search(r"^definition: \|-\n(?:(?:  .*)?\n)+", source, re.M)
    assert start
    escaped = source[: start.start()] + 'definition: "A zero\\u200bwidth space."\n' + source[start.end() :]
    path.write_text(escaped, encoding="utf-8")
    assert "\u200b" not in path.read_text(encoding="utf-8")
    problems = _problems(project, "arp.yaml")
    assert any("U+200B" in p.message for p in problems), problems


def test_the_corrections_log_may_outgrow_one_entrys_limit_but_not_its_own(project) -> None:
    """The log grows with every review: past a term file's 256 KiB it still reads; past its own limit
    it is refused, by name, without a traceback; and the real log keeps half of that limit free."""
    from nvdict.source import LOG_MAX_BYTES, MAX_BYTES

    log = project / "terms" / "_corrections.yaml"
    text = log.read_text(encoding="utf-8")
    size = len(text.encode("utf-8"))
    assert size < LOG_MAX_BYTES // 2, f"the log uses {size:,} of its {LOG_MAX_BYTES:,} bytes: raise its limit"
    padding = "# " + "x" * 998 + "\n"
    grown = text + padding * (max(0, MAX_BYTES - size) // len(padding) + 1)
    assert MAX_BYTES < len(grown.encode("utf-8")) < LOG_MAX_BYTES
    log.write_text(grown, encoding="utf-8")
    dictionary, problems = check(project)
    assert dictionary is not None and not problems, problems
    log.write_text(text + padding * (LOG_MAX_BYTES // len(padding) + 1), encoding="utf-8")
    problems = _problems(project, "_corrections.yaml")
    assert len(problems) == 1 and f"over the {LOG_MAX_BYTES:,}-byte limit for this file" in problems[0].message


def test_the_log_is_checked_again_when_an_entry_it_names_is_removed(project) -> None:
    """The log's reading is reused between builds of one process (``mkdocs serve``) only while both
    its bytes and the entry ids are the same."""
    dictionary, problems = check(project)
    assert dictionary is not None and not problems, problems
    (project / "terms" / "arp.yaml").unlink()
    problems = _problems(project, "_corrections.yaml")
    assert problems and all("unknown entry id 'arp'" in p.message for p in problems), problems
