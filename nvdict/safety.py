"""Find text in a term that could run script in a reader's browser.

Term text is untrusted. Python-Markdown passes raw HTML through and the
attr_list extension turns ``{ onclick=... }`` into attributes, so both are
checked here, outside code spans and fenced code where they are only text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ALLOWED_TAGS = frozenset({"br", "sub", "sup", "kbd", "abbr", "em", "strong", "code", "small", "mark"})
DANGEROUS_TAGS = frozenset(
    {
        "script",
        "iframe",
        "object",
        "embed",
        "style",
        "link",
        "meta",
        "base",
        "form",
        "frame",
        "frameset",
        "svg",
        "math",
        "template",
        "img",
        "video",
        "audio",
        "source",
        "input",
        "button",
    }
)

_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,}).*?^(?P=fence)[ \t]*$", re.M | re.S)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][A-Za-z0-9:-]*)((?:\s[^<>]*)?)/?\s*>")
_COMMENT = re.compile(r"<!--")
_EVENT_ATTR = re.compile(r"\bon[a-z]+\s*=", re.I)
_BAD_SCHEME = r"(?:j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t|v\s*b\s*s\s*c\s*r\s*i\s*p\s*t|d\s*a\s*t\s*a)\s*:"
_LINK_DEST = re.compile(
    r"\]\(\s*<?\s*" + _BAD_SCHEME + r"|^\s*\[[^\]]+\]:\s*<?\s*" + _BAD_SCHEME + r"|<\s*" + _BAD_SCHEME, re.I | re.M
)
_ENTITY_IN_LINK = re.compile(r"\]\(\s*[^)\s]*&#", re.I)
_SNIPPET = re.compile(r"-{1,}8<-{1,}")
_JINJA = re.compile(r"\{\{|\{%|\{#")


@dataclass(frozen=True)
class Finding:
    offset: int
    message: str
    hint: str


def strip_code(text: str) -> str:
    """Blank out fenced blocks and code spans, keeping offsets and line numbers."""

    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    return _CODE_SPAN.sub(blank, _FENCE.sub(blank, text))


def scan(text: str) -> list[Finding]:
    """Return every construct in ``text`` that is refused, with why and how to fix it."""
    prose = strip_code(text)
    findings: list[Finding] = []
    for match in _TAG.finditer(prose):
        closing, tag, attributes = match.group(1), match.group(2).lower(), match.group(3) or ""
        if tag in DANGEROUS_TAGS:
            findings.append(
                Finding(
                    match.start(),
                    f"raw HTML <{tag}> is not allowed: it can load or run script in readers' browsers",
                    "describe it in Markdown; put code in `backticks` or a diagram",
                )
            )
        elif tag not in ALLOWED_TAGS:
            findings.append(
                Finding(
                    match.start(),
                    f"raw HTML <{closing}{tag}> is not allowed in term text",
                    "use Markdown, or wrap literal angle brackets in `backticks`",
                )
            )
        elif attributes.strip():
            findings.append(
                Finding(
                    match.start(),
                    f"attributes on <{tag}> are not allowed in term text",
                    f"write a plain <{tag}>",
                )
            )
    for match in _EVENT_ATTR.finditer(prose):
        findings.append(
            Finding(
                match.start(),
                f"event-handler attribute '{match.group(0).rstrip('= ')}' can run script",
                "remove it; term text cannot carry HTML or attributes",
            )
        )
    for match in _LINK_DEST.finditer(prose):
        findings.append(
            Finding(
                match.start(),
                "javascript:, vbscript: and data: URLs are not allowed: they run script or hide content",
                "link to an https:// page",
            )
        )
    for match in _ENTITY_IN_LINK.finditer(prose):
        findings.append(
            Finding(match.start(), "HTML entities in a link address are not allowed", "write the URL plainly")
        )
    for match in _COMMENT.finditer(prose):
        findings.append(Finding(match.start(), "HTML comments are not allowed in term text", "delete the comment"))
    for match in _SNIPPET.finditer(prose):
        findings.append(
            Finding(match.start(), "snippet include markers (--8<--) are not allowed", "paste the text itself")
        )
    return findings


def has_template_syntax(text: str) -> bool:
    """True when text contains Jinja delimiters (shown literally, never evaluated)."""
    return bool(_JINJA.search(text))
