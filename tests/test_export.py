"""The dictionary as data: the JSON export and its schema, llms.txt and llms-full.txt, in the site and the bundle."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import jsonschema
import pytest

from nvdict.derive import derive
from nvdict.export import (
    ENTRY_DIR,
    INDEX_FILE,
    LLMS_FILE,
    LLMS_FULL_FILE,
    SCHEMA_FILE,
    demote_headings,
    entry_markdown,
    export_schema,
    index_document,
    llms_txt,
    resolve_links,
    write_export,
)
from nvdict.model import Category, Dictionary, Reference, Term
from nvdict.urls import entry_path, entry_url

SITE_URL = "https://example.org/nvd/"
LINK_ITEM = re.compile(r"^- \[(?P<name>(?:[^\]\\]|\\.)+)\]\((?P<url>[^)\s]+)\)(?:: (?P<note>.+))?$")


def small_dictionary(tmp_path: Path) -> Dictionary:
    """Three entries covering what the seed lacks: typed relations, a status, links, headings."""

    def term(term_id: str, name: str, **fields: object) -> Term:
        base: dict[str, object] = {
            "summary": f"{name} does one thing.",
            "definition": f"{name} is defined here.",
            "categories": ["overlays-tunnels"],
            "source": tmp_path / f"{term_id}.yaml",
            "references": [Reference(f"{name} documentation", f"https://example.org/{term_id}")],
        }
        return Term(id=term_id, name=name, **{**base, **fields})  # type: ignore[arg-type]

    terms = {
        "alpha": term(
            "alpha",
            "Alpha Thing",
            expansion="A Long Phrase",
            aliases=["AT"],
            definition="Works with [the second one](id:beta#usage) and [its manual](https://example.org/manual).",
            details="## Inside\n\nMore.\n\n```\n# not a heading\n```",
            related=["beta", "gamma"],
            relations={"beta": "alternative-to"},
            status="deprecated",
            status_note="Deprecated since 2025; Gamma replaces it.",
            reviewed="2026-11-30",
            versions={"linux": "6.12"},
        ),
        "beta": term("beta", "Beta"),
        "gamma": term("gamma", "gamma-ray", definition="Mentions Beta."),
    }
    categories = {"overlays-tunnels": Category("overlays-tunnels", "Overlays and tunnels", "Tunnels.")}
    dictionary = Dictionary(terms=terms, categories=categories, tables={}, root=tmp_path)
    derive(dictionary)
    return dictionary


def validator() -> jsonschema.Draft202012Validator:
    schema = export_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def assert_valid(data: object, name: str) -> None:
    errors = sorted(validator().iter_errors(data), key=lambda e: list(e.path))
    assert not errors, f"{name}: " + "; ".join(f"{list(e.path)}: {e.message[:200]}" for e in errors[:5])


def parse_llms_txt(text: str) -> tuple[str, str, dict[str, list[dict[str, str]]]]:
    """Title, summary and H2 sections of an llms.txt, read as llmstxt.org lays it out; fails on anything else."""
    blocks = text.rstrip("\n").split("\n\n")
    assert blocks[0].startswith("# ") and "\n" not in blocks[0], "first an H1 with the name"
    assert blocks[1].startswith("> "), "then a blockquote with the summary"
    sections: dict[str, list[dict[str, str]]] = {}
    current: str | None = None
    for block in blocks[2:]:
        if block.startswith("## "):
            current = block[3:]
            sections[current] = []
            continue
        assert not block.startswith("#"), f"only H2 sections after the summary: {block[:40]!r}"
        if current is None:
            continue  # free text before the first section
        for line in block.splitlines():
            match = LINK_ITEM.match(line)
            assert match, f"a section is a list of [name](url): notes, not {line!r}"
            sections[current].append(match.groupdict())
    return blocks[0][2:], blocks[1][2:], sections


# ---------------------------------------------------------------- addresses


def test_entry_addresses() -> None:
    assert entry_path("af-xdp") == "af-xdp.md"
    assert entry_url("af-xdp") == "af-xdp/"


# ---------------------------------------------------------------- JSON


def test_every_file_matches_the_schema(tmp_path: Path, dictionary: Dictionary) -> None:
    write_export(dictionary, tmp_path, SITE_URL)
    shipped = json.loads((tmp_path / SCHEMA_FILE).read_text(encoding="utf-8"))
    assert shipped == export_schema()
    index = json.loads((tmp_path / INDEX_FILE).read_text(encoding="utf-8"))
    assert_valid(index, INDEX_FILE)
    assert index["count"] == len(dictionary.terms) == len(index["terms"])
    assert [record["id"] for record in index["terms"]] == [term.id for term in dictionary.sorted_terms()]
    entries = sorted((tmp_path / ENTRY_DIR).glob("*.json"))
    assert sorted(path.stem for path in entries) == sorted(dictionary.terms)
    for path in entries:
        assert_valid(json.loads(path.read_text(encoding="utf-8")), path.name)


def test_records_say_what_the_dictionary_says(tmp_path: Path, dictionary: Dictionary) -> None:
    write_export(dictionary, tmp_path, SITE_URL)
    index = json.loads((tmp_path / INDEX_FILE).read_text(encoding="utf-8"))
    assert set(index["categories"]) == set(dictionary.categories)
    for record in index["terms"]:
        term = dictionary.terms[record["id"]]
        assert record["name"] == term.name and record["aliases"] == term.aliases
        assert record["url"] == entry_url(term.id) and record["letter"] == term.letter
        assert [item["id"] for item in record["related"]] == term.related
        entry = json.loads((tmp_path / ENTRY_DIR / f"{term.id}.json").read_text(encoding="utf-8"))
        assert {k: entry[k] for k in record} == record, "an entry file repeats its index record"
        assert entry["definition"] == term.definition
        assert entry["see_also"] == dictionary.see_also[term.id]
        assert entry["referenced_by"] == dictionary.backlinks[term.id]
        log = [c for c in dictionary.corrections if c.entry == term.id]
        assert [(c["was"], c["now"], c["why"]) for c in entry["corrections"]] == [(c.seed, c.now, c.why) for c in log]
        assert [c["source"]["url"] for c in entry["corrections"] if c["source"]] == [
            c.source.url for c in log if c.source
        ]
    vxlan = json.loads((tmp_path / ENTRY_DIR / "vxlan.json").read_text(encoding="utf-8"))
    assert "vni" in vxlan["see_also"] and "vtep" in vxlan["referenced_by"]
    assert {
        "title": "RFC 7348: Virtual eXtensible Local Area Network (VXLAN)",
        "url": "https://www.rfc-editor.org/rfc/rfc7348",
    } in vxlan["references"]


def test_typed_relations_status_and_review(tmp_path: Path) -> None:
    small = small_dictionary(tmp_path / "terms")
    write_export(small, tmp_path / "site", None)
    alpha = json.loads((tmp_path / "site" / ENTRY_DIR / "alpha.json").read_text(encoding="utf-8"))
    assert_valid(alpha, "alpha.json")
    assert alpha["related"] == [{"id": "beta", "kind": "alternative-to"}, {"id": "gamma", "kind": None}]
    assert (alpha["status"], alpha["reviewed"], alpha["versions"]) == ("deprecated", "2026-11-30", {"linux": "6.12"})
    assert alpha["definition"].startswith("Works with [the second one](id:beta#usage)"), "Markdown source, as written"
    assert index_document(small, None)["site_url"] is None


def test_entry_files_of_removed_entries_go(tmp_path: Path) -> None:
    small = small_dictionary(tmp_path / "terms")
    (tmp_path / ENTRY_DIR).mkdir(parents=True)
    (tmp_path / ENTRY_DIR / "gone.json").write_text("{}", encoding="utf-8")
    write_export(small, tmp_path, SITE_URL)
    assert sorted(p.stem for p in (tmp_path / ENTRY_DIR).glob("*.json")) == ["alpha", "beta", "gamma"]


def test_the_schema_rejects_what_it_should() -> None:
    broken_entry = {"id": "Not An Id", "name": "x"}
    assert list(validator().iter_errors(broken_entry))
    assert list(validator().iter_errors({"format_version": 1, "site_url": None, "count": 0, "categories": {}}))


# ---------------------------------------------------------------- llms.txt


def test_llms_txt_follows_the_format(tmp_path: Path, dictionary: Dictionary) -> None:
    write_export(dictionary, tmp_path, SITE_URL)
    title, summary, sections = parse_llms_txt((tmp_path / LLMS_FILE).read_text(encoding="utf-8"))
    assert title == "Network Virtualization Dictionary" and "network virtualization" in summary
    optional = sections.pop("Optional")
    assert [item["url"] for item in optional] == [SITE_URL + path for path in (LLMS_FULL_FILE, INDEX_FILE, SCHEMA_FILE)]
    listed = [item for items in sections.values() for item in items]
    by_url = {item["url"]: item for item in listed}
    assert len(listed) == len(by_url) == len(dictionary.terms), "each entry once"
    for term in dictionary.terms.values():
        item = by_url[SITE_URL + entry_url(term.id)]
        assert item["note"] == " ".join(term.summary.split())
        assert term.letter in sections and item in sections[term.letter]


def test_llms_full_txt_holds_every_entry(tmp_path: Path, dictionary: Dictionary) -> None:
    write_export(dictionary, tmp_path, SITE_URL)
    text = (tmp_path / LLMS_FULL_FILE).read_text(encoding="utf-8")
    assert text.startswith("# Network Virtualization Dictionary\n\n> ")
    headings = re.findall(r"^## (.+)$", text, re.M)
    assert len(headings) == len(dictionary.terms)
    for term in dictionary.terms.values():
        assert term.definition in text or resolve_links(term.definition, SITE_URL) in text
        assert f"Page: {SITE_URL}{entry_url(term.id)}" in text
        for reference in term.references:
            assert reference.url in text


def test_entry_markdown_resolves_links_and_nests_headings(tmp_path: Path) -> None:
    small = small_dictionary(tmp_path)
    text = entry_markdown(small, small.terms["alpha"], SITE_URL)
    assert text.startswith("## Alpha Thing (A Long Phrase)\n")
    assert f"[the second one]({SITE_URL}beta/#usage)" in text
    assert "[its manual](https://example.org/manual)" in text
    assert "\n#### Inside\n" in text and "\n# not a heading\n" in text, "headings demoted, code left alone"
    assert "Status: deprecated (Deprecated since 2025; Gamma replaces it.)" in text
    assert f"Related: [Beta]({SITE_URL}beta/), [gamma-ray]({SITE_URL}gamma/)" in text
    assert resolve_links("[x](id:beta)", None) == "[x](beta/)"
    assert demote_headings("# A\n~~~\n# B\n~~~\n# C", 1) == "## A\n~~~\n# B\n~~~\n## C"


def test_names_with_brackets_stay_one_link(tmp_path: Path) -> None:
    small = small_dictionary(tmp_path)
    small.terms["beta"].name = "Beta [v2]"
    _, _, sections = parse_llms_txt(llms_txt(small, SITE_URL))
    assert {item["name"] for item in sections["B"]} == {"Beta \\[v2\\]"}


# ---------------------------------------------------------------- the built site and the bundle


@pytest.mark.slow
def test_the_site_publishes_the_export(site: Path, dictionary: Dictionary) -> None:
    index = json.loads((site / INDEX_FILE).read_text(encoding="utf-8"))
    assert_valid(index, INDEX_FILE)
    assert index == index_document(dictionary, index["site_url"]), "the hook writes what write_export writes"
    assert json.loads((site / SCHEMA_FILE).read_text(encoding="utf-8")) == export_schema()
    for record in index["terms"]:
        assert (site / ENTRY_DIR / f"{record['id']}.json").is_file()
    _, _, sections = parse_llms_txt((site / LLMS_FILE).read_text(encoding="utf-8"))
    assert sum(len(items) for name, items in sections.items() if name != "Optional") == len(dictionary.terms)
    assert (site / LLMS_FULL_FILE).stat().st_size > 10_000
    # Whatever the layout, every entry is on some page under its id.
    anchors = set()
    for page in site.rglob("*.html"):
        anchors |= set(re.findall(r'\bid="([a-z0-9-]+)"', page.read_text(encoding="utf-8")))
    assert set(dictionary.terms) <= anchors


@pytest.mark.slow
def test_every_entry_url_is_a_built_page(site: Path, dictionary: Dictionary) -> None:
    missing = [entry_url(i) for i in sorted(dictionary.terms) if not (site / entry_url(i) / "index.html").is_file()]
    assert missing == []


@pytest.mark.slow
def test_the_offline_bundle_carries_the_export(tmp_path: Path, root: Path) -> None:
    from nvdict.bundle import FOLDER
    from nvdict.bundle import main as bundle_main

    archive = tmp_path / "bundle.zip"
    assert bundle_main(["--root", str(root), "--output", str(archive)]) == 0
    with zipfile.ZipFile(archive) as zipped:
        names = set(zipped.namelist())
        index = json.loads(zipped.read(f"{FOLDER}/{INDEX_FILE}"))
    for path in (INDEX_FILE, SCHEMA_FILE, LLMS_FILE, LLMS_FULL_FILE, f"{ENTRY_DIR}/vxlan.json"):
        assert f"{FOLDER}/{path}" in names
    assert_valid(index, INDEX_FILE)


def test_the_export_is_written_beside_the_pages_and_its_failure_fails_the_build(
    tmp_path: Path, dictionary: Dictionary, monkeypatch: pytest.MonkeyPatch
) -> None:
    """hooks/export.py writes while MkDocs renders; the build ends when it is written, and an error
    in it (a full disk) is the build's error, not lost in a thread."""
    import importlib.util
    from types import SimpleNamespace

    path = Path(__file__).parent.parent / "hooks" / "export.py"
    spec = importlib.util.spec_from_file_location("export_hook", path)
    assert spec and spec.loader
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    monkeypatch.setattr(hook.loading, "load_cached", lambda root: dictionary)
    config = SimpleNamespace(
        config_file_path=str(tmp_path / "mkdocs.yml"),
        site_dir=str(tmp_path / "site"),
        site_url=SITE_URL,
        site_name="Dictionary",
        site_description=None,
        use_directory_urls=True,
        plugins={},
    )
    hook.on_files([], config)
    hook.on_post_build(config)
    assert (tmp_path / "site" / LLMS_FULL_FILE).read_text(encoding="utf-8").count("\n## ") >= len(dictionary.terms)

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(hook, "write_export", full_disk)
    hook.on_files([], config)
    with pytest.raises(OSError, match="No space left"):
        hook.on_post_build(config)
    hook.on_files([], config)
    hook.on_build_error(RuntimeError("the build's own error"))  # its error is shown; the export's is not raised

    monkeypatch.undo()
    monkeypatch.setattr(hook.loading, "load_cached", lambda root: dictionary)
    (tmp_path / "site" / LLMS_FULL_FILE).unlink()
    hook.on_startup("serve", False)  # serving: written after the pages, in the build's own thread
    hook.on_files([], config)
    assert not (tmp_path / "site" / LLMS_FULL_FILE).exists()
    hook.on_post_build(config)
    assert (tmp_path / "site" / LLMS_FULL_FILE).is_file()
