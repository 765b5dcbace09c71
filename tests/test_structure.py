"""Generated structure on the built site: tables, backlinks, See also, categories, compositions, macros."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from nvdict.previews import summaries_script
from tests.conftest import mkdocs_build, scratch_project

pytestmark = pytest.mark.slow


@cache
def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def section(site: Path, term) -> list:
    """The elements of an entry's own page, after its heading."""
    heading = soup_of(site / term.id / "index.html").select_one(f'article h1[id="{term.id}"]')
    return list(heading.find_next_siblings())


def entry_id(href: str) -> str:
    """The entry a link leads to (``../xdp/`` → ``xdp``)."""
    return href.rstrip("/").split("/")[-1]


def links_in(elements: list, css: str = "a") -> list:
    return [a for element in elements for a in element.select(css)]


def test_every_comparison_table_row_links_to_its_entry(site: Path, dictionary) -> None:
    for table in dictionary.tables.values():
        page = soup_of(site / "tables" / table.id / "index.html")
        rows = page.select(".nvd-sortable table tbody tr")
        assert len(rows) == len(dictionary.rows[table.id]) > 0
        for tr, row in zip(rows, dictionary.rows[table.id], strict=True):
            link = tr.select_one("th a")
            assert link["href"] == f"../../{row.term_id}/", (table.id, row.label)


def test_an_entry_that_feeds_a_table_shows_its_row_and_links_to_the_table(site: Path, dictionary) -> None:
    elements = section(site, dictionary.terms["xdp"])
    hrefs = [a["href"] for a in links_in(elements)]
    assert any(href.endswith("tables/performance-tiers/") for href in hrefs)
    cells = [cell.get_text() for e in elements for cell in e.select("td, th")]
    assert "XDP native" in cells
    excerpt = next(e for e in elements if "nvd-aside" in (e.get("class") or [])).select(".nvd-table")
    assert excerpt and not any("nvd-sortable" in t["class"] for t in excerpt), "no sorting on one row"


def test_host_entry_embeds_the_whole_generated_table(site: Path, dictionary) -> None:
    elements = section(site, dictionary.terms["kube-proxy"])
    rows = [tr for e in elements for tr in e.select(".nvd-sortable tbody tr")]
    assert len(rows) == len(dictionary.rows["kube-proxy-modes"]) >= 3


def test_referenced_by_known_cases(site: Path, dictionary) -> None:
    elements = section(site, dictionary.terms["xdp"])
    aside = next(e for e in elements if "nvd-aside" in (e.get("class") or []))
    referenced = next(p for p in aside.select("p") if p.get_text().startswith("Referenced by"))
    sources = {entry_id(a["href"]) for a in referenced.select("a")}
    assert {"af-xdp", "cilium", "nodeport"} <= sources


def test_see_also_is_shown_on_both_sides(site: Path, dictionary) -> None:
    for term in dictionary.terms.values():
        for other in term.related:
            elements = section(site, dictionary.terms[other])
            aside = next(e for e in elements if "nvd-aside" in (e.get("class") or []))
            groups = [p for p in aside.select("p") if p.strong and not p.get_text().startswith("Referenced by")]
            assert any(entry_id(a["href"]) == term.id for p in groups for a in p.select("a")), (other, term.id)


def test_automatic_cross_links_on_the_page(site: Path, dictionary) -> None:
    elements = section(site, dictionary.terms["af-xdp"])
    definition = next(e for e in elements if "nvd-definition" in (e.get("class") or []))
    paragraph_links = [a["href"] for a in definition.select("p")[0].select("a")]
    assert "../xdp/" in paragraph_links
    assert "../af-xdp/" not in paragraph_links, "never a link to itself"
    assert len(paragraph_links) == len(set(paragraph_links)), "first mention only"


def test_category_pages_chips_and_index(site: Path, dictionary) -> None:
    index = soup_of(site / "categories" / "index.html")
    used = {c for t in dictionary.terms.values() for c in t.categories}
    assert len(index.select("article table tbody tr")) == len(used)
    for category in used:
        page = soup_of(site / "categories" / category / "index.html")
        listed = {entry_id(a["href"]) for a in page.select("article li > a")}
        assert listed == {t.id for t in dictionary.in_category(category)}
    card = soup_of(site / "x" / "index.html").select_one("h2#xdp").find_next_sibling("div", class_="nvd-card")
    chips = card.select("a.nvd-chip")
    assert {a["href"].split("/")[-2] for a in chips} == set(dictionary.terms["xdp"].categories)


def test_compositions_link_every_component_and_draw_a_diagram(site: Path, dictionary) -> None:
    for composition in dictionary.compositions:
        page = soup_of(site / "compositions" / composition.id / "index.html")
        hrefs = {entry_id(a["href"]) for a in page.select("article li a")}
        assert set(composition.components) <= hrefs
        # Drawn at authoring time (nvdict.diagrams): an inline SVG whose component nodes link their entries.
        drawing = page.select_one("figure.nvd-diagram svg")
        assert drawing is not None and page.select_one("pre.mermaid") is None
        assert {entry_id(a["href"]) for a in drawing.select("a[href]")} <= set(composition.components)
        assert page.select_one("article pre:not(.mermaid)") is not None, "text form for screen readers and search"


def test_summaries_script_maps_every_entry_to_its_page_and_summary(site: Path, dictionary) -> None:
    script = (site / "assets" / "javascripts" / "summaries.js").read_text(encoding="utf-8")
    assert script.startswith("window.nvdSummaries=")
    data = json.loads(script.removeprefix("window.nvdSummaries=").rstrip().rstrip(";"))
    assert set(data) == set(dictionary.terms)
    assert data["xdp"] == ["XDP", dictionary.terms["xdp"].summary, ["expressdatapath", "xdp"]]
    assert summaries_script({"a": ("A", "<b>.", ["a"])}) == 'window.nvdSummaries={"a":["A","\\u003cb>.",["a"]]};\n'


def test_home_page_macro_links_point_at_entries(site: Path) -> None:
    home = soup_of(site / "index.html")
    assert home.select_one("article a[href='dpdk/']") is not None


@pytest.mark.parametrize(
    ("text", "needle"),
    [("{{ term('no-such-entry') }}", "no-such-entry"), ("{{ comparison_table('no-such-table') }}", "no-such-table")],
)
def test_macro_with_unknown_id_fails_the_build_naming_page_and_id(tmp_path: Path, text: str, needle: str) -> None:
    project = scratch_project(tmp_path)
    (project / "docs" / "contributing.md").write_text(f"# C\n\n{text}\n", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert needle in result.stderr and "contributing.md" in result.stderr
