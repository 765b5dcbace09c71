"""The built site: every entry on its own page and at its anchor on its letter, findable, linked, self-contained."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import mkdocs_build, scratch_project

pytestmark = pytest.mark.slow


@cache
def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def letter_dir(letter: str) -> str:
    return letter.lower() if letter.isalpha() else "0-9"


def test_every_entry_is_at_its_anchor_on_its_letter_page(site: Path, dictionary) -> None:
    for term in dictionary.terms.values():
        page = soup_of(site / letter_dir(term.letter) / "index.html")
        heading = page.select_one(f'h2[id="{term.id}"]')
        assert heading is not None, f"{term.id} not on page {term.letter}"
        assert term.name in heading.get_text()
        assert heading.select_one(f"a.headerlink[href='#{term.id}']"), "permalink missing"
        card = heading.find_next_sibling("div", class_="nvd-card")
        assert card["data-entry"] == f"../{term.id}/"
        assert term.summary in card.get_text(" ")
        assert card.select_one(f"a.nvd-go[href='../{term.id}/']"), "the letter links the entry's page"


def test_every_entry_has_a_page_of_its_own(site: Path, dictionary) -> None:
    for term in dictionary.terms.values():
        page = soup_of(site / term.id / "index.html")
        title = f"{term.name} ({term.expansion})" if term.expansion else term.name
        assert page.title.get_text() == f"{title} · Network Virtualization Dictionary"
        assert page.select_one("meta[name=description]")["content"] == term.summary
        assert page.select_one("meta[property='og:description']")["content"] == term.summary
        assert page.select_one("meta[property='og:title']")["content"].startswith(title)
        assert page.select_one("link[rel=canonical]")["href"].endswith(f"/{term.id}/")
        assert page.select_one(f"article h1#{term.id}").get_text(" ").startswith(term.name)
        crumbs = page.select_one("nav.nvd-crumbs")
        assert crumbs.select_one(f"a[href='../{letter_dir(term.letter)}/#{term.id}']")
        for category in term.categories:
            assert crumbs.select_one(f"a[href='../categories/{category}/']")
        refs = {a["href"] for a in page.select("a.nvd-ref")}
        assert refs == {ref.url for ref in term.references}


def test_each_entry_lists_its_own_corrections_with_their_sources(site: Path, dictionary) -> None:
    """The log's sources are on the entry's page: its own corrections, newest first, kept out of search."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    searched = " ".join(doc["text"] for doc in index["docs"] if doc["location"].startswith("xdp/"))
    listed = soup_of(site / "corrections" / "index.html")
    for term in dictionary.terms.values():
        log = [c for c in dictionary.corrections if c.entry == term.id]
        page = soup_of(site / term.id / "index.html")
        link = page.select_one("div.nvd-meta a.nvd-history")
        history = page.select_one("article details.nvd-corrections")
        if not log:
            assert link is None and history is None, term.id
            continue
        assert link["href"] == "#nvd--corrections" and link.get_text() == f"{len(log)} correction" + (
            "s" if len(log) > 1 else ""
        )
        assert history.find(id="nvd--corrections") is not None, "the link's target is inside the list"
        assert history.get("open") is None and history.has_attr("data-search-exclude")
        items = history.select("ol.nvd-log > li")
        assert len(items) == len(log), term.id
        dates = [item.select_one("time")["datetime"] for item in items]
        assert dates == sorted(dates, reverse=True), "newest first"
        assert [dt.get_text() for dt in items[0].select("dt")] == ["Was", "Now", "Why", "Source"]
        sources = {a["href"] for a in history.select("ol.nvd-log dd a")}
        assert sources == {c.source.url for c in log if c.source}, term.id
        assert listed.select_one(f"article a[href='../{term.id}/#nvd--corrections']"), f"the index links {term.id}'s"
    xdp_log = [c for c in dictionary.corrections if c.entry == "xdp"]
    assert xdp_log and all(c.why[:60] not in searched for c in xdp_log), "the log is not in the entry's search text"
    assert not (site / "corrections" / "xdp").exists()


def test_every_entry_is_in_the_search_index(site: Path, dictionary) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"]: doc for doc in index["docs"]}
    for term in dictionary.terms.values():
        location = f"{term.id}/"
        assert location in locations, f"{term.id} missing from search index"
        assert term.name.replace("&", "&amp;") in locations[location]["title"]


def test_aliases_are_listed_under_their_own_letter_and_point_to_the_target(site: Path, dictionary) -> None:
    assert dictionary.aliases, "the dictionary has aliases (eBPF Verifier, TC, VF...)"
    for alias in dictionary.aliases:
        page = soup_of(site / letter_dir(alias.letter) / "index.html")
        line = page.select_one(f'p.nvd-alias[id="{alias.anchor}"]')
        assert line is not None, f"alias {alias.name} not on page {alias.letter}"
        target = dictionary.terms[alias.target]
        link = line.find("a", href=f"../{alias.target}/")
        assert link is not None, f"alias {alias.name} does not link to {target.id}"


def test_seed_alias_entries_resolve(site: Path) -> None:
    """The seed's pointer entries, "eBPF Verifier" and the second "TC Hook", reach their targets."""
    page = soup_of(site / "e" / "index.html")
    link = page.select_one("p#ebpf-verifier").find("a")
    assert link["href"] == "../bpf-verifier/"
    assert soup_of(site / "t" / "index.html").select_one("h2#tc-hook")


def test_jump_bar_links_only_letters_with_entries(site: Path, dictionary) -> None:
    letters = {term.letter for term in dictionary.terms.values()} | {a.letter for a in dictionary.aliases}
    bar = soup_of(site / "a" / "index.html").select_one("nav.nvd-az")
    linked = {a.get_text() for a in bar.select("a")}
    unlinked = {s.get_text() for s in bar.select("span.nvd-az-empty")}
    assert linked | {"A"} == {x for x in letters}
    assert unlinked == {chr(c) for c in range(65, 91)} - letters
    assert bar.select_one("[aria-current=page]").get_text() == "A"


def test_entry_edit_link_opens_its_yaml_and_generated_pages_have_no_page_edit(site: Path) -> None:
    page = soup_of(site / "xdp" / "index.html")
    edit = page.select_one("a.nvd-edit")
    assert edit["href"].endswith("/edit/main/terms/xdp.yaml")
    assert page.select_one("a.md-content__button[href*='edit']") is None
    home = soup_of(site / "index.html")
    assert home.select_one("a.md-content__button[href$='docs/index.md']") is not None


def test_no_page_loads_anything_from_another_host(site: Path) -> None:
    pattern = re.compile(
        r"<(script|img|iframe|source)\b[^>]*\bsrc=\"(https?:)?//|<link\b[^>]*\bhref=\"(https?:)?//", re.I
    )
    offenders = []
    for page in site.rglob("*.html"):
        for match in pattern.finditer(page.read_text(encoding="utf-8")):
            start = match.start()
            tag = page.read_text(encoding="utf-8")[start : start + 200].split(">")[0]
            if tag.startswith("<link") and 'rel="canonical"' in tag:
                continue
            offenders.append(f"{page.relative_to(site)}: {tag}")
    assert offenders == []
    assert "fonts.googleapis" not in (site / "index.html").read_text(encoding="utf-8")
    assert 'data-md-component="source"' not in (site / "index.html").read_text(encoding="utf-8")


def test_home_page_states_the_counts(site: Path, dictionary) -> None:
    text = soup_of(site / "index.html").select_one("article").get_text(" ")
    assert f"{len(dictionary.terms)} entries" in text
    assert f"{len(dictionary.aliases)} other names" in text


def test_index_lists_every_entry_and_alias(site: Path, dictionary) -> None:
    page = soup_of(site / "all" / "index.html")
    hrefs = {a["href"] for a in page.select("article li a")}
    for term in dictionary.terms.values():
        assert f"../{term.id}/" in hrefs
    text = page.select_one("article").get_text(" ")
    for alias in dictionary.aliases:
        assert alias.name in text


def test_quick_reference_and_composition_pages_exist(site: Path, dictionary) -> None:
    for table in dictionary.tables.values():
        assert (site / "tables" / table.id / "index.html").exists()
    for composition in dictionary.compositions:
        assert (site / "compositions" / composition.id / "index.html").exists()
    assert len(dictionary.compositions) == 4


def test_strict_build_fails_on_a_broken_cross_reference(tmp_path: Path, dictionary) -> None:
    """A hand-written page linking a missing anchor fails the strict build, naming both; an anchor
    that only a block of generated HTML defines (an alias line, which Markdown does not parse) is found."""
    alias = dictionary.aliases[0]
    project = scratch_project(tmp_path)
    (project / "docs" / "contributing.md").write_text(
        f"# C\n\nSee [nothing](x.md#no-such-entry) and [{alias.name}]({letter_dir(alias.letter)}.md#{alias.anchor}).\n"
    )
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "no-such-entry" in result.stderr and "contributing.md" in result.stderr
    assert f"#{alias.anchor}" not in result.stderr


def test_build_fails_on_a_term_linking_an_unknown_id(tmp_path: Path, root: Path) -> None:
    text = (root / "terms" / "vni.yaml").read_text(encoding="utf-8")
    text = text.replace("definition: |-\n", "definition: |-\n  See [the missing one](id:no-such-entry).\n", 1)
    project = scratch_project(tmp_path, {"vni.yaml": text})
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "terms/vni.yaml" in result.stderr and "no-such-entry" in result.stderr


def test_published_site_has_sitemap_404_canonical_description_and_open_graph(site: Path, dictionary) -> None:
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/x/</loc>" in sitemap and "/categories/ebpf-xdp/</loc>" in sitemap
    assert (site / "404.html").exists()
    page = soup_of(site / "categories" / "ebpf-xdp" / "index.html")
    assert page.select_one("link[rel=canonical]")["href"].endswith("/categories/ebpf-xdp/")
    description = page.select_one("meta[name=description]")["content"]
    assert description == dictionary.categories["ebpf-xdp"].description
    assert page.select_one("meta[property='og:description']")["content"] == description
    assert page.select_one("meta[property='og:url']")["content"].endswith("/categories/ebpf-xdp/")
    assert page.select_one("meta[property='og:title']")["content"].startswith("eBPF and XDP")
