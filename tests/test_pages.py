"""Page generation as plain functions: no MkDocs involved."""

from __future__ import annotations

import subprocess
import sys

import yaml

from nvdict.mkdocs_site import front_matter, page_source
from nvdict.pages import build_site, letter_pages


def test_core_does_not_import_mkdocs() -> None:
    code = (
        "import sys, pathlib; from nvdict.load import load; from nvdict.pages import build_site; "
        "build_site(load(pathlib.Path('.'))); "
        "assert not [m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material')], 'imports mkdocs'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_one_page_per_letter_with_entries(dictionary) -> None:
    site = build_site(dictionary)
    paths = {page.path for page in site.pages}
    letters = {term.letter for term in dictionary.terms.values()}
    for letter in letters:
        assert f"{letter.lower() if letter.isalpha() else letter}.md" in paths
    assert "j.md" not in paths or "J" in letters
    assert {"all.md", "categories/index.md", "tables/index.md", "compositions/index.md", "corrections.md"} <= paths


def test_entry_pages_and_letter_items_carry_their_anchor_and_links(dictionary) -> None:
    site = build_site(dictionary, edit_base="https://example.test/edit/main/")
    pages = {page.path: page for page in site.pages}
    assert '## AF\\_XDP { #af-xdp .nvd-term data-toc-label="AF_XDP" }' in pages["a.md"].markdown
    assert 'href="../af-xdp/"' in pages["a.md"].markdown, "the letter links the entry's page"
    entry = pages["af-xdp.md"]
    assert entry.markdown.startswith('# AF\\_XDP { #af-xdp .nvd-term data-toc-label="AF_XDP" }')
    assert 'href="https://example.test/edit/main/terms/af-xdp.yaml"' in entry.markdown
    # A mention of XDP in AF_XDP's definition links to the XDP entry's page.
    assert '<a href="../xdp/">XDP</a>' in entry.markdown
    front = front_matter(entry)
    assert front["title"] == "AF_XDP" and front["description"] == dictionary.terms["af-xdp"].summary
    assert entry.entry == "af-xdp" and entry.search_weight == 2 and front["search"] == {"boost": 2}
    assert site.term_pages["af-xdp"] == "af-xdp.md" and site.letter_pages["af-xdp"] == "a.md"


def test_generated_pages_are_never_rendered_as_templates(dictionary) -> None:
    for page in build_site(dictionary).pages:
        source = page_source(page)
        assert source.startswith("---\n")
        assert yaml.safe_load(source.split("\n---\n", 1)[0].removeprefix("---\n"))["render_macros"] is False


def test_both_forms_of_front_matter_read_the_same(dictionary) -> None:
    """The build's JSON front matter is read by MkDocs as the same values as the readable YAML."""
    import dataclasses

    from mkdocs.utils.meta import get_data

    from nvdict.final_html import START, unmarked

    pages = build_site(dictionary).pages
    awkward = [
        "Line\u2028separator\u2029and\u0085next",
        'Quotes " and \\ backslash',
        "Colon: and # hash, --- dashes, {braces} [brackets] & *star !bang %percent @at `tick`",
        "Emoji 🚀 and accents é, ß, 漢字",
        "  leading and trailing spaces  ",
        "yes",
        "1.5",
        "null",
    ]
    for page in pages:
        body, readable = get_data(page_source(page))
        same_body, fast = get_data(page_source(page, readable=False))
        assert fast == readable == front_matter(page), page.path
        assert unmarked(same_body) == body and START not in body  # files people read carry no markers
    for title in awkward:  # (block YAML itself reads U+0085 back as a space; names cannot hold one)
        page = dataclasses.replace(pages[0], title=title, description=title)
        assert get_data(page_source(page, readable=False))[1] == front_matter(page), title


def test_lists_of_entries_stay_out_of_search(dictionary) -> None:
    """Neutral flags in the pages, MkDocs' keys only in the adapter's front matter."""
    pages = {page.path: page for page in build_site(dictionary).pages}
    for path in ("a.md", "all.md", "categories/ebpf-xdp.md"):
        assert not pages[path].in_search and front_matter(pages[path])["search"] == {"exclude": True}
    assert "search" not in front_matter(pages["tables/index.md"])


def test_large_letters_split_into_ranges_and_links_follow(dictionary) -> None:
    pages = letter_pages(dictionary, max_entries=5)
    s_pages = [page for page in pages if page.letter == "S"]
    assert len(s_pages) > 1
    assert s_pages[0].path == "s.md" and s_pages[1].path == "s/2.md"
    assert "–" in s_pages[0].title
    site = build_site(dictionary, max_entries=5)
    by_path = {page.path: page for page in site.pages}
    for page in pages:
        for term in page.terms:
            assert site.letter_pages[term.id] == page.path
            back = "../../" if page.path.endswith("/2.md") or "/" in page.path else "../"
            assert f'data-entry="{back}{term.id}/"' in by_path[page.path].markdown
            crumb = f'href="../{page.path.removesuffix(".md")}/#{term.id}"'
            assert crumb in by_path[f"{term.id}.md"].markdown


def test_backlinks_see_also_and_table_rows(dictionary) -> None:
    assert {"af-xdp", "nodeport"} <= set(dictionary.backlinks["xdp"])
    for term_id, others in dictionary.see_also.items():
        for other in others:
            assert term_id in dictionary.see_also[other], "See also is symmetric"
    labels = {row.label for row in dictionary.rows["performance-tiers"]}
    assert "XDP native" in labels and "AF_XDP" in labels


def test_long_lists_continue_on_numbered_pages(dictionary, monkeypatch) -> None:
    import nvdict.pages as pages

    monkeypatch.setattr(pages, "LIST_PAGE_SIZE", 5)
    monkeypatch.setattr(pages, "INDEX_SUMMARY_LIMIT", 10)
    site = build_site(dictionary, max_entries=5)
    paths = {page.path for page in site.pages}
    assert {"tables/performance-tiers/2.md", "categories/ebpf-xdp/2.md", "all/s.md"} <= paths
    nav_paths = [next(iter(item.values())) for item in site.nav["Dictionary"]]
    assert "s/2.md" not in nav_paths and "s.md" in nav_paths


def test_html_links_are_addressed_as_mkdocs_addresses_pages(dictionary) -> None:
    """``relative_url`` agrees with MkDocs for every pair of generated pages, both URL styles."""
    from mkdocs.structure.files import File

    from nvdict.pages import relative_url

    paths = sorted({page.path for page in build_site(dictionary, max_entries=5).pages} | {"index.md"})
    assert "s/2.md" in paths and "categories/index.md" in paths
    for directory_urls in (True, False):
        files = {path: File(path, "docs", "site", directory_urls) for path in paths}
        for target in paths:
            for source in paths:
                expected = files[target].url_relative_to(files[source])
                assert relative_url(target, source, directory_urls) == expected, (target, source, directory_urls)


def test_see_also_and_referenced_by_are_html_links_to_the_entries(dictionary) -> None:
    from bs4 import BeautifulSoup

    site = build_site(dictionary)
    markdown = next(page.markdown for page in site.pages if page.path == "xdp.md")
    aside = BeautifulSoup(markdown, "html.parser").select_one("div.nvd-aside")
    lists = {p.strong.get_text(): [a["href"] for a in p.find_all("a")] for p in aside.find_all("p") if p.strong}
    assert lists["Referenced by:"] == [f"../{other}/" for other in dictionary.backlinks["xdp"]]
    related = [href for label, hrefs in lists.items() if label != "Referenced by:" for href in hrefs]
    assert sorted(related) == sorted(f"../{other}/" for other in dictionary.see_also["xdp"])


def test_entries_name_the_projects_their_claims_were_checked_against(dictionary) -> None:
    pages = {page.path: page for page in build_site(dictionary).pages}
    assert "for Linux 7.3" in pages["srv6.md"].markdown
    assert "for linux" not in pages["srv6.md"].markdown
