"""Contributor text to safe HTML: each piece rendered on its own, then sanitised.

Everything read from ``terms/`` that is Markdown (definitions, details, table cells,
diagrams, composition notes) goes through ``Renderer.markdown`` or
``Renderer.code_block``: Python-Markdown renders it alone — its footnotes, reference
definitions and unclosed tags cannot reach a neighbour — and nh3 (the Ammonia allowlist
sanitiser) keeps only the tags, attributes, classes and link targets the dictionary
needs. Plain text (names, summaries, titles) is escaped with ``text``.

Links to entries are written ``[text](id:xdp)``; they become ``ROOT + "xdp/"``, and the
page that shows the fragment replaces ``ROOT`` with its own way back to the site root
(``at_root``), so that one rendering serves every page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from pygments.token import STANDARD_TYPES

from nvdict.cache import Store, key
from nvdict.linking import EXPLICIT_LINK

ROOT = "nvd-root/"
"""Stands for the site's root in rendered links, until ``at_root`` places a fragment in a page."""

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt", "em", "h4", "h5",
    "h6", "hr", "i", "ins", "kbd", "li", "mark", "ol", "p", "pre", "s", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
"""No images, media, forms, frames, SVG, style or script: a definition needs none of them."""

ATTRIBUTES = {
    "*": {"id", "class"},
    "a": {"href"},
    "ol": {"start"},
    "td": {"align"},
    "th": {"align"},
}
CLASSES = (
    {"highlight", "mermaid", "admonition", "admonition-title", "footnote", "footnote-ref", "footnote-backref"}
    | {"note", "abstract", "info", "tip", "success", "question", "warning", "failure", "danger", "bug", "example"}
    | {"quote", "nvd-code", "nvd-diagram"}
    | {name for name in STANDARD_TYPES.values() if name}
)
"""Classes that style code and admonitions; none that makes Material's scripts act (search, tabs, tooltips)."""
SCHEMES = ("https://", "http://", "mailto:")
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_LANGUAGE = re.compile(r"^language-[a-z0-9_+-]{1,30}$")
_MERMAID = re.compile(r"""class=["'](?:[a-z0-9 -]* )?mermaid[ "']""")


def text(value: str) -> str:
    """Plain text for HTML content or a quoted attribute value."""
    return html.escape(value, quote=True)


def safe_url(value: str) -> str | None:
    """``value`` if a reader may follow it: https, http, mailto, a fragment, or a page of this site."""
    plain = _CONTROL.sub("", value)
    lowered = plain.lower()
    if lowered.startswith(("#", ROOT)) and "\\" not in plain:
        return value
    if lowered.startswith(SCHEMES) and "\\" not in plain:
        return value
    return None


class _ShiftHeadings(Treeprocessor):
    """Headings inside an entry sit below the entry's own: # becomes h4, ## h5, anything deeper h6."""

    def run(self, root):  # type: ignore[no-untyped-def]
        for element in root.iter():
            if len(element.tag) == 2 and element.tag[0] == "h" and element.tag[1] in "123456":
                element.tag = f"h{min(6, int(element.tag[1]) + 3)}"


class _ShiftHeadingsExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_ShiftHeadings(md), "nvd_shift_headings", 1)


def _mermaid_fence(source: str, language: str, css_class: str, options: dict, md: object, **kwargs: object) -> str:
    return f'<pre class="mermaid"><code>{html.escape(source)}</code></pre>'


class Renderer:
    """Renders contributor Markdown the same way every time, and sanitises the result."""

    def __init__(self, entry_url: Callable[[str], str]) -> None:
        """``entry_url(id)`` is an entry's address from the site root (``xdp/`` or ``xdp.html``)."""
        self.entry_url = entry_url
        self._md = markdown.Markdown(
            extensions=[
                "tables",
                "def_list",
                "footnotes",
                "admonition",
                "pymdownx.highlight",
                "pymdownx.inlinehilite",
                "pymdownx.superfences",
                _ShiftHeadingsExtension(),
            ],
            extension_configs={
                "tables": {"use_align_attribute": True},
                "pymdownx.highlight": {"anchor_linenums": False},
                "pymdownx.superfences": {
                    "custom_fences": [{"name": "mermaid", "class": "mermaid", "format": _mermaid_fence}]
                },
            },
            output_format="html",
        )
        self._prefix = ""
        self.store: Store | None = None
        """Fragments rendered by earlier builds (``nvdict.cache``): each is rendered once, then reused."""
        self._cleaner = nh3.Cleaner(
            tags=TAGS,
            clean_content_tags={"script", "style"},
            attributes=ATTRIBUTES,
            attribute_filter=self._attribute,
            url_schemes={"http", "https", "mailto"},
            link_rel=None,
        )

    def _attribute(self, tag: str, name: str, value: str) -> str | None:
        if name == "href":
            url = safe_url(value)
            if url is not None and url.startswith("#"):
                return f"#{self._prefix}{url[1:]}"
            return url
        if name == "id":
            return f"{self._prefix}{value}"
        if name == "class":
            kept = [c for c in value.split() if c in CLASSES or _LANGUAGE.match(c)]
            return " ".join(kept) or None
        return value

    def sanitise(self, fragment: str, id_prefix: str = "") -> str:
        """``fragment`` with only the allowed tags, attributes, classes and addresses; ids get ``id_prefix``."""
        self._prefix = id_prefix
        try:
            return self._cleaner.clean(fragment)
        finally:
            self._prefix = ""

    @staticmethod
    def safe(url: str) -> bool:
        """Whether a generated link may point at ``url`` (references, sources)."""
        return safe_url(url) is not None

    def resolve(self, source: str) -> str:
        """``](id:xdp#x)`` links become links to the entry's page (known ids only: the check refuses others)."""

        def replace(match: re.Match[str]) -> str:
            return f"]({ROOT}{self.entry_url(match.group(1))}{match.group(2) or ''})"

        return EXPLICIT_LINK.sub(replace, source)

    def markdown(self, source: str, id_prefix: str) -> str:
        """Safe HTML for one piece of contributor Markdown; its ids start with ``id_prefix``."""
        name = key("markdown", id_prefix, source) if self.store is not None else ""
        kept = self.store.get(name) if self.store is not None else None
        if isinstance(kept, str):
            return kept
        self._md.reset()
        made = self.sanitise(self._md.convert(self.resolve(source)), id_prefix)
        if self.store is not None:
            self.store.put(name, made)
        return made

    def code_block(self, code: str, kind: str, caption: str | None = None) -> str:
        """A diagram or listing: Mermaid, monospaced text or highlighted code, with an escaped caption."""
        if self.store is None or kind in ("mermaid", "text"):
            return self._code_block(code, kind, caption)
        name = key("code", kind, caption or "", code)
        kept = self.store.get(name)
        if isinstance(kept, str):
            return kept
        made = self._code_block(code, kind, caption)
        self.store.put(name, made)
        return made

    def _code_block(self, code: str, kind: str, caption: str | None = None) -> str:
        if kind == "mermaid":
            body = f'<pre class="mermaid"><code>{html.escape(code)}</code></pre>'
        elif kind == "text":
            body = f"<pre><code>{html.escape(code)}</code></pre>"
        else:
            fence = "`" * max(3, max((len(run) for run in re.findall(r"`+", code)), default=0) + 1)
            self._md.reset()
            body = self.sanitise(self._md.convert(f"{fence}{kind}\n{code}\n{fence}"))
        figcaption = f"<figcaption>{text(caption)}</figcaption>" if caption else ""
        return f'<figure class="nvd-code">{body}{figcaption}</figure>'


def at_root(fragment: str, to_root: str) -> str:
    """A rendered fragment placed in a page whose way back to the site root is ``to_root`` (``../``)."""
    return fragment.replace(f'href="{ROOT}', f'href="{to_root}')


def has_mermaid(page_html: str) -> bool:
    """Whether a page's HTML holds a Mermaid diagram (and so needs the site's copy of Mermaid)."""
    return "mermaid" in page_html and _MERMAID.search(page_html) is not None
