"""Nothing of the seed is lost: every entry, paragraph, diagram line and table row is in the built site.

Where the dictionary corrects the seed, the correction is in terms/_corrections.yaml,
and the check applies it before looking.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.seed import parse_seed, plain, seed_path

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seed(root: Path):
    return parse_seed(seed_path(root))


@pytest.fixture(scope="module")
def site_text(site: Path) -> dict[str, object]:
    """All article text of the site, the text of every <pre>, and every table row's cells."""
    texts, pres, rows = [], [], []
    for page in site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        article = soup.select_one("article")
        if article is None:
            continue
        for source in article.select("sup.nvd-source"):
            source.decompose()  # a figure's source link is not part of the figure
        texts.append(" ".join(article.get_text("").split()))
        pres += [pre.get_text() for pre in article.select("pre")]
        rows += [[" ".join(c.get_text("").split()) for c in tr.select("td, th")] for tr in article.select("tr")]
    return {"text": "\n".join(texts), "pre": "\n".join(pres), "rows": rows}


def corrected(text: str, corrections: list) -> str:
    for correction in corrections:
        text = text.replace(plain(correction.seed), plain(correction.now))
    return text


def entry_corrections(dictionary, heading_name: str, fields: tuple[str, ...]) -> list:
    """The logged corrections of the entry a seed heading became, for the given fields."""
    names = {name.casefold(): term.id for term in dictionary.terms.values() for name in term.names}
    term_id = names.get(heading_name.casefold())
    return [c for c in dictionary.corrections if c.entry == term_id and c.field in fields]


def test_every_seed_entry_maps_to_an_entry(seed, dictionary) -> None:
    names = {name.casefold(): term.id for term in dictionary.terms.values() for name in term.names}
    entries, _, _ = seed
    missing = [e.heading for e in entries if e.name.casefold() not in names]
    assert missing == []
    assert len(entries) >= 80


def test_every_paragraph_is_in_the_site(seed, site_text, dictionary) -> None:
    entries, _, _ = seed
    missing = []
    for entry in entries:
        for paragraph in entry.paragraphs:
            text = plain(paragraph)
            name = entry.name
            if text.startswith("See "):
                # "See [BPF Verifier](#bpf-verifier). ...": a pointer entry, now an alias;
                # whatever else it said lives in its target.
                pointer, _, text = text.partition(". ")
                name = pointer.removeprefix("See ").split(" above")[0]
                if not text:
                    continue
            fixes = entry_corrections(dictionary, name, ("definition", "details", "summary", "expansion"))
            wanted = corrected(text, fixes)
            if wanted not in site_text["text"]:
                missing.append(f"{entry.heading}: {wanted[:100]}")
    assert missing == []


def test_every_diagram_line_is_in_the_site(seed, site_text, dictionary) -> None:
    entries, _, compositions = seed
    missing = []
    for entry in [*entries, compositions]:
        if entry is compositions:  # logged as field "compositions", under the entry each fix concerns
            fixes = [c for c in dictionary.corrections if c.field == "compositions"]
        else:
            fixes = entry_corrections(dictionary, entry.name, ("diagrams",))
        for line in entry.diagram_lines:
            wanted = corrected(line.strip(), fixes)
            if wanted not in site_text["pre"]:
                missing.append(f"{entry.heading}: {wanted}")
    assert missing == []


def _row_found(cells: list[str], rows: list[list[str]], corrections: list) -> bool:
    options = [{plain(c), corrected(plain(c), corrections)} | _cell_fixes(plain(c), corrections) for c in cells]
    return any(len(row) == len(cells) and all(r in o for r, o in zip(row, options, strict=True)) for row in rows)


def _cell_fixes(cell: str, corrections: list) -> set[str]:
    """Every value the cell took through corrections whose seed is the whole cell, followed from one to the next.

    A cell corrected twice is found even when another entry's correction, whose seed is a
    part of the first value, would spoil the plain text replacement of `corrected`.
    """
    found: set[str] = set()
    frontier = {cell}
    while frontier:
        frontier = {plain(c.now) for c in corrections if plain(c.seed) in frontier} - found
        found |= frontier
    return found


def test_every_table_row_is_in_the_site(seed, site_text, dictionary) -> None:
    entries, quick, _ = seed
    missing = []
    for entry in [*entries, quick]:
        for header, rows in entry.tables:
            if header[0] == "Feature":  # the CNI comparison is generated with plugins as rows
                header, rows = _transpose(header, rows)
            for row in rows:
                if not _row_found(row, site_text["rows"], dictionary.corrections):
                    missing.append(f"{entry.heading}: {' | '.join(row)}")
    assert missing == []


def _transpose(header: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    columns = list(zip(header, *rows, strict=True))
    return list(columns[0]), [list(column) for column in columns[1:]]
