"""Blocks of finished HTML in a generated page, passed through Python-Markdown without parsing.

Pages carry HTML the generator has already made and sanitised: an entry's text, cards,
tables. Python-Markdown would read every such block with ``html.parser`` (``md_in_html``,
and MkDocs again, looking for anchors) only to put it back unchanged: a sixth of a cold
build. ``block`` puts the HTML between two marker lines; the ``FinalHtml`` extension
stores each marked block in Markdown's stash of raw HTML as it is, before any other
preprocessor but whitespace normalisation sees it; ``block_ids`` gives the ids the blocks
define, for whatever checks links to anchors. A renderer without the extension reads the
markers as HTML comments and the block as HTML; ``unmarked`` removes them for files
people read.
"""

from __future__ import annotations

import html
import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

START = "<!--nvd-final-html-->"
END = "<!--/nvd-final-html-->"
PRIORITY = 28
"""After ``normalize_whitespace`` (30), before superfences (25), MkDocs' anchor scan (21) and ``html_block`` (20)."""

_BLOCK = re.compile(rf"^{re.escape(START)}\n(.*?)\n{re.escape(END)}$", re.M | re.S)
# A start tag and its attributes, as HTML writes them (the blocks come from this generator and nh3).
_TAG = re.compile(r"<[A-Za-z][^\s/>]*((?:\s+[^\s\"'=<>/`]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*)\s*/?>")
_MAY_NAME = re.compile(r"[iI][dD]\s*=|[nN][aA][mM][eE]\s*=")  # (re.IGNORECASE scans ten times slower)
_ATTRIBUTE = re.compile(r"([^\s\"'=<>/`]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'=<>`]+)))?")


def block(markup: str) -> str:
    """``markup`` (finished HTML that starts with a block-level tag) as a marked block, with blank lines around."""
    return f"\n{START}\n{markup.strip(chr(10))}\n{END}\n"


def unmarked(markdown_text: str) -> str:
    """``markdown_text`` without the marker lines (the blocks stay, as plain HTML)."""
    return _BLOCK.sub(lambda m: m.group(1), markdown_text)


def block_ids(markdown_text: str) -> set[str]:
    """The ids (and ``<a name>``) that the marked blocks of ``markdown_text`` define."""
    found: set[str] = set()
    for match in _BLOCK.finditer(markdown_text):
        if not _MAY_NAME.search(match.group(1)):
            continue  # most blocks (cards, tables) name no anchor
        for tag in _TAG.finditer(match.group(1)):
            name = tag.group(0)[1:].split(None, 1)[0].rstrip("/>").lower()
            for attribute in _ATTRIBUTE.finditer(tag.group(1)):
                key = attribute.group(1).lower()
                if key == "id" or (key == "name" and name == "a"):
                    value = next((v for v in attribute.groups()[1:] if v is not None), None)
                    if value is not None:
                        found.add(html.unescape(value))
    return found


class _Stash(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        if START not in lines:
            return lines
        out: list[str] = []
        held: list[str] | None = None
        for line in lines:
            if held is None:
                if line == START:
                    held = []
                else:
                    out.append(line)
            elif line == END:
                out += ["", self.md.htmlStash.store("\n".join(held)), ""]
                held = None
            else:
                held.append(line)
        if held is not None:  # never closed: leave it to Markdown, as it was written
            out += [START, *held]
        return out


class FinalHtml(Extension):
    """Python-Markdown extension: marked blocks of finished HTML go to the output untouched."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(_Stash(md), "nvd_final_html", PRIORITY)
