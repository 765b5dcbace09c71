"""The site without its machinery: the static export, Zensical building it, ProperDocs building the project."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from nvdict.linkcheck import check_internal
from nvdict.mkdocs_site import read_config
from nvdict.pages import build_site, page_url
from nvdict.static_export import ExportError, export_static, source_relative

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
LASTMOD = re.compile(rb"<lastmod>[^<]*</lastmod>")


def comparable(path: Path) -> bytes:
    """A built file without what names the generator or the day of the build (the sitemap's lastmod)."""
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        data = gzip.decompress(data)  # the gzip header holds a time too
    if path.name.startswith("sitemap.xml"):
        data = LASTMOD.sub(b"", data)
    return GENERATOR.sub(b"", data)


def tool(name: str) -> str:
    """A generator's command next to this Python (the test extras install it); skipped when missing."""
    found = Path(sys.executable).with_name(name)
    if not found.is_file():
        found = Path(shutil.which(name) or "")
    if not found.is_file():
        pytest.skip(f"{name} is not installed (pip install -e '.[test]')")
    return str(found)


def test_source_relative_inverts_zensical_rewriting() -> None:
    # An address relative to the page's URL, written relative to its Markdown file instead.
    assert source_relative("../xdp/#x", "af-xdp.md") == "xdp/#x"
    assert source_relative("../../a/#arp", "s/2.md") == "../a/#arp"
    assert source_relative("../", "s/2.md") == "./"
    assert source_relative("../../", "s/2.md") == "../"
    assert source_relative("../xdp/", "categories/index.md") == "../xdp/"
    assert source_relative("xdp/", "index.md") == "xdp/"
    for kept in ("#letter-a", "https://example.org/x", "mailto:a@b.c", "/abs/"):
        assert source_relative(kept, "af-xdp.md") == kept


def test_export_is_a_project_without_machinery(tmp_path: Path, dictionary) -> None:
    out = tmp_path / "static"
    exported = export_static(ROOT, out)
    config = read_config(out / "mkdocs.yml")
    assert "hooks" not in config and "watch" not in config
    assert [p for p in config["plugins"] if "macros" in str(p)] == []
    assert config["theme"] == read_config(ROOT / "mkdocs.yml")["theme"]
    assert exported.entries == len(dictionary.terms)
    for term_id in dictionary.terms:
        assert (out / "docs" / f"{term_id}.md").is_file(), term_id
        assert f"/{term_id}.md" in config["not_in_nav"]
    for path in ("assets/javascripts/summaries.js", "api/terms.json", "llms.txt", "a.md", "all.md"):
        assert (out / "docs" / path).is_file(), path
    assert (out / "overrides" / "main.html").is_file()
    # The data files name the pages the export wrote.
    site = build_site(dictionary)
    records = json.loads((out / "docs" / "api" / "terms.json").read_text(encoding="utf-8"))["terms"]
    assert {r["id"]: r["url"] for r in records} == {i: page_url(p) for i, p in site.term_pages.items()}
    home = (out / "docs" / "index.md").read_text(encoding="utf-8")
    assert "{{" not in home and 'class="nvd-az"' in home, "the home page's macros are expanded"
    guide = (out / "docs" / "writing-pages.md").read_text(encoding="utf-8")
    assert guide == (ROOT / "docs" / "writing-pages.md").read_text(encoding="utf-8"), "render_macros: false kept"
    assert {item for entry in config["nav"] for item in entry} >= {"Home", "Dictionary", "Categories"}
    assert config["nav"][1]["Dictionary"], "the generated navigation is written out"
    # Exporting again replaces an earlier export, and nothing else.
    export_static(ROOT, out, links="zensical")
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    with pytest.raises(ExportError, match="not empty"):
        export_static(ROOT, other)
    assert (other / "notes.txt").read_text() == "mine"


def zensical_build(project: Path) -> Path:
    result = subprocess.run(
        [tool("zensical"), "build"], cwd=project, capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def entry_targets(site: Path, dictionary) -> set[tuple[str, str]]:
    """Every entry page and entry anchor of a built site: (page, "") and (page, id) pairs."""
    found = {(f"{term_id}/index.html", "") for term_id in dictionary.terms}
    for page in site.rglob("index.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        for element in soup.select(".nvd-term[id], .nvd-alias[id]"):
            found.add((page.relative_to(site).as_posix(), element["id"]))
    return found


@pytest.mark.slow
def test_zensical_builds_the_export_with_every_entry_and_working_links(tmp_path: Path, site: Path, dictionary) -> None:
    project = tmp_path / "zensical"
    export_static(ROOT, project, links="zensical")
    built = zensical_build(project)
    expected = entry_targets(site, dictionary)
    assert len(expected) > 2 * len(dictionary.terms)
    missing = sorted(expected - entry_targets(built, dictionary))
    assert missing == [], missing[:10]
    links = check_internal(built)
    assert links.ok and links.checked > 10_000, links.report


@pytest.mark.slow
def test_links_written_for_mkdocs_break_under_zensical(tmp_path: Path) -> None:
    """The trap the Zensical form avoids, so that the check above can fail: Zensical moves them a level up."""
    project = tmp_path / "as-for-mkdocs"
    export_static(ROOT, project, links="mkdocs")
    links = check_internal(zensical_build(project))
    assert not links.ok and len(links.failures) > 100, links.report


@pytest.mark.slow
def test_properdocs_builds_the_project_as_mkdocs_does(tmp_path: Path, site: Path) -> None:
    """ProperDocs runs the hooks and macros: the same bytes in every file but the generator's name.

    (And the sitemap's dates, which are the day of each build.)
    """
    out = tmp_path / "properdocs"
    result = subprocess.run(
        [tool("properdocs"), "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    ours = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    theirs = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert theirs == ours
    different = [path for path in ours if comparable(site / path) != comparable(out / path)]
    assert different == [], different[:5]


def test_export_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from nvdict.cli import EXIT_OK, EXIT_REFUSED, main

    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "notes.txt").write_text("mine")
    assert main(["export", str(taken), "--root", str(ROOT)]) == EXIT_REFUSED
    assert "is not empty and holds no earlier export" in capsys.readouterr().err
    assert main(["export", str(tmp_path / "new"), "--root", str(ROOT), "--links", "zensical"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "links in raw HTML for zensical" in out and "zensical build" in out


def test_macro_errors_name_the_page_and_line(dictionary) -> None:
    from nvdict.macros import Macros
    from nvdict.pages import Locator, letter_pages
    from nvdict.static_export import expand_macros

    page_macros = Macros(dictionary, Locator(dictionary, letter_pages(dictionary)))
    assert "](xdp.md)" in expand_macros("See {{ term('xdp') }}.\n", "guide.md", page_macros)
    with pytest.raises(ExportError, match=r"^docs/guide.md: unknown entry id 'xdpp'"):
        expand_macros("See {{ term('xdpp') }}.\n", "guide.md", page_macros)
    with pytest.raises(ExportError, match=r"^docs/guide.md:4: .*render_macros: false"):
        expand_macros("---\ntitle: Guide\n---\n{{ term( }}\n", "guide.md", page_macros)
    with pytest.raises(ExportError, match=r"^docs/guide.md:3:1: the front matter is not valid YAML"):
        expand_macros("---\na: [\n---\n{{ x }}\n", "guide.md", page_macros)
