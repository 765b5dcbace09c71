"""Blocks of generated HTML pass through Markdown unparsed, and their anchors are still known."""

from __future__ import annotations

import markdown
from mkdocs.structure.pages import _HTMLHandler

from nvdict.final_html import END, START, FinalHtml, block, block_ids, unmarked
from nvdict.pages import build_site


def _parsed_ids(markup: str) -> set[str]:
    """The anchors MkDocs itself would find in ``markup`` (its own HTML parser)."""
    handler = _HTMLHandler()
    handler.feed(markup)
    handler.close()
    return handler.present_anchor_ids


def test_block_ids_are_the_ids_mkdocs_would_parse_on_every_generated_page(dictionary) -> None:
    site = build_site(dictionary, "https://example.org/edit/main/")
    blocks = 0
    for page in site.pages:
        for part in page.markdown.split(START)[1:]:
            inner = part.split(END, 1)[0]
            blocks += 1
            assert block_ids(f"{START}{inner}{END}") == _parsed_ids(inner), page.path
    assert blocks > len(dictionary.terms)  # every entry page and letter card is a block


def test_awkward_attributes_are_read_as_an_html_parser_reads_them() -> None:
    markup = (
        '<div id="a&amp;b" class=x><p title="x > y" id=\'q\'>text id="not-an-id" &lt;p id="nor"&gt;</p>'
        '<a name="n" href="#">n</a><span data-id="no" ID="upper"></span><br id="v"/></div>'
    )
    assert block_ids(block(markup)) == _parsed_ids(markup) == {"a&b", "q", "n", "upper", "v"}


def test_a_block_comes_out_unchanged_and_unparsed() -> None:
    tricky = '<div class="x">\n<p>*not emphasis* `not code`</p>\n```\nnot a fence\n```\n\n    <p>not code</p>\n</div>'
    page = "# Title\n" + block(tricky) + "\nAfter *this*.\n"
    html = markdown.markdown(page, extensions=[FinalHtml(), "md_in_html", "pymdownx.superfences"])
    assert tricky in html
    assert "<em>this</em>" in html and START not in html


def test_an_unclosed_block_is_left_to_markdown_and_unmarked_keeps_the_html() -> None:
    page = f"{START}\n<p>open</p>\n\nText *here*.\n"
    html = markdown.markdown(page, extensions=[FinalHtml()])
    assert "<em>here</em>" in html
    text = "# T\n" + block("<p>kept</p>")
    assert unmarked(text) == "# T\n\n<p>kept</p>\n"
