"""Find text in a term that could run script or load content in a reader's browser.

Term text is untrusted. Python-Markdown passes raw HTML through, keeps link
addresses as written (a browser decodes ``javascript&colon;``) and the
attr_list extension turns ``{ onclick=... }`` into attributes, so all three
are refused here. Fenced code and code spans are only text and are skipped,
but only where Markdown is sure to read them as code: when in doubt, text is
scanned. Jinja syntax (``{{ config }}``) is not refused: generated pages are
never rendered as templates, so it shows literally.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

ALLOWED_TAGS = frozenset({"br", "sub", "sup", "kbd", "abbr", "em", "strong", "code", "small", "mark"})
"""Inline tags a definition may use, without attributes."""

_WHY = {
    "script": "it runs script in readers' browsers",
    "iframe": "it embeds another page, which can run script",
    "frame": "it embeds another page, which can run script",
    "frameset": "it embeds other pages, which can run script",
    "object": "it loads active content (plugins, other documents)",
    "embed": "it loads active content (plugins, other documents)",
    "applet": "it loads active content",
    "style": "it can restyle or hide the page and load remote content",
    "link": "it loads remote stylesheets or scripts",
    "meta": "it can redirect the page",
    "base": "it changes where every link on the page goes",
    "form": "it can send readers' input elsewhere",
    "input": "it can collect readers' input",
    "button": "it can submit forms",
    "textarea": "it can collect readers' input",
    "svg": "it can carry script and event handlers",
    "math": "it can carry script and event handlers",
    "template": "it hides markup that script can activate",
    "img": "it loads remote content and can carry event handlers",
    "video": "it loads remote content and can carry event handlers",
    "audio": "it loads remote content and can carry event handlers",
    "source": "it loads remote content",
    "portal": "it embeds another page",
}
DANGEROUS_TAGS = frozenset(_WHY)

_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})[^\n]*\n(?P<body>.*?)^(?P=fence)[ \t]*$", re.M | re.S)
# A code span opens on backticks not preceded by a backslash and closes on the
# same number of backticks on the same line; anything less certain is scanned.
_CODE_SPAN = re.compile(r"(?<![\\`])(`+)(?!`)[^\n]+?(?<!`)\1(?!`)")
_TAG_START = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)([^<>]*)(>?)")
_MARKUP_DECLARATION = re.compile(r"<[!?]")
_EVENT_ATTR = re.compile(r"(?<![\w-])on[a-z]+\s*=", re.I)
_ATTR_LIST = re.compile(r"\{:?[ \t]*([^{}\n]*?[^\s={}]=[^{}\n]*)\}")
# Link destinations: inline links and images, reference definitions, autolinks.
_DESTINATION = re.compile(
    r"\]\(\s*<?(?P<inline>[^)\s>]*)"
    r"|^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?(?P<reference>[^\s>]*)"
    r"|<(?P<auto>[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*)>",
    re.M,
)
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_BAD_SCHEME_ANYWHERE = re.compile(
    r"(?<![\w-])(?:j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t|v\s*b\s*s\s*c\s*r\s*i\s*p\s*t)\s*:", re.I
)
# Character references that reach an href as references: numeric ones with or without ';'
# (Markdown can complete them) and named ones ending in ';'. Any other '&' is written out
# as '&amp;', so query strings (?a=1&b=2) are harmless.
_ENTITY = re.compile(r"&#(?:[0-9]+|x[0-9a-f]+);?|&[a-z][a-z0-9]*;", re.I)
_SAFE_SCHEMES = frozenset({"https", "http", "mailto", "id"})
_AUTOLINK_SCHEMES = frozenset({"https", "http", "ftp", "mailto"})
_SNIPPET = re.compile(r"-{1,}8<-{1,}")
_JINJA = re.compile(r"\{\{|\{%|\{#")
_MERMAID_DIRECTIVE = re.compile(r"^\s*(click|callback|href)\b", re.I | re.M)
_MERMAID_INIT = re.compile(r"%%\s*\{")


@dataclass(frozen=True)
class Finding:
    """One refused construct: where it starts in the text, why, and what to do instead."""

    offset: int
    message: str
    hint: str


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def strip_code(text: str) -> str:
    """Blank out fenced code bodies and code spans, keeping offsets and line numbers.

    A fence's opening line is kept: its braces can carry attributes.
    """
    if "`" not in text and "~~~" not in text:
        return text  # no fence and no code span can start: the common case of short fields
    return _strip_code(text)


@functools.lru_cache(maxsize=256)
def _strip_code(text: str) -> str:
    """``strip_code`` of a text with backticks or tildes (the checks and the linker ask for the same text in turn)."""

    def blank_body(match: re.Match[str]) -> str:
        start, end = match.span("body")
        whole = match.group(0)
        offset = match.start()
        return whole[: start - offset] + re.sub(r"[^\n]", " ", match.group("body")) + whole[end - offset :]

    return _CODE_SPAN.sub(_blank, _FENCE.sub(blank_body, text))


def scan(text: str) -> list[Finding]:
    """Every construct in Markdown ``text`` that is refused, with why and how to fix it."""
    prose = strip_code(text)
    tags = [m.span() for m in _TAG_START.finditer(prose) if m.group(4) or m.group(2).lower() in DANGEROUS_TAGS]
    attributes = [f for f in _attributes(prose) if not any(start < f.offset < end for start, end in tags)]
    return sorted(_tags(prose) + attributes + _links(prose) + _other(prose), key=lambda f: f.offset)


def scan_diagram(code: str) -> list[Finding]:
    """Refused constructs in a Mermaid diagram: interaction directives, script URLs, unsafe tags."""
    findings = [
        Finding(
            match.start(1),
            f"Mermaid '{match.group(1)}' directives are not allowed: they attach links or script to nodes",
            "remove the line; link entries from the definition instead",
        )
        for match in _MERMAID_DIRECTIVE.finditer(code)
    ]
    findings += [
        Finding(
            match.start(),
            "Mermaid configuration directives (%%{...}%%) are not allowed: they can lower the diagram's security level",
            "remove the directive",
        )
        for match in _MERMAID_INIT.finditer(code)
    ]
    findings += _tags(code, strict=False) + _event_attributes(code)
    findings += [
        Finding(
            match.start(),
            "javascript: and vbscript: addresses are not allowed: they run script",
            "delete the address",
        )
        for match in _BAD_SCHEME_ANYWHERE.finditer(code)
    ]
    return sorted(findings, key=lambda f: f.offset)


def _tags(prose: str, strict: bool = True) -> list[Finding]:
    """Raw HTML: dangerous tags always; with ``strict``, any tag outside ``ALLOWED_TAGS`` and declarations."""
    findings: list[Finding] = []
    opened: set[str] = set()
    for match in _TAG_START.finditer(prose):
        closing, tag, rest = match.group(1), match.group(2).lower(), match.group(3)
        if closing and tag in opened:
            continue  # the opening tag was reported
        if not closing:
            opened.add(tag)
        if tag.split(":", 1)[0] in _AUTOLINK_SCHEMES and ":" in tag and match.group(4):
            continue  # <https://...> is a Markdown autolink; its address is checked with the links
        if tag in DANGEROUS_TAGS:
            findings.append(
                Finding(
                    match.start(),
                    f"raw HTML <{tag}> is not allowed: {_WHY[tag]}",
                    "describe it in words, or put literal markup in `backticks`",
                )
            )
        elif not strict or not match.group(4):
            continue  # without a closing '>' Markdown shows it as text
        elif tag not in ALLOWED_TAGS:
            findings.append(
                Finding(
                    match.start(),
                    f"raw HTML <{closing}{tag}> is not allowed in term text: only Markdown is rendered",
                    "use Markdown, or wrap literal angle brackets in `backticks`",
                )
            )
        elif rest.strip() not in ("", "/"):
            findings.append(
                Finding(
                    match.start(),
                    f"attributes on <{tag}> are not allowed: attributes can carry script or styling",
                    f"write a plain <{closing}{tag}>",
                )
            )
    for match in _MARKUP_DECLARATION.finditer(prose if strict else ""):
        kind = "HTML comments" if prose.startswith("<!--", match.start()) else "HTML declarations and <?...?>"
        findings.append(
            Finding(
                match.start(),
                f"{kind} are not allowed in term text: they pass into the page unchecked",
                "delete it, or put it in `backticks` if it is an example",
            )
        )
    return findings


def _event_attributes(prose: str) -> list[Finding]:
    return [
        Finding(
            match.start(),
            f"event-handler attribute '{match.group(0).rstrip('= ')}' is not allowed: it runs script",
            "remove it; term text cannot carry HTML attributes",
        )
        for match in _EVENT_ATTR.finditer(prose)
    ]


def _attributes(prose: str) -> list[Finding]:
    findings = _event_attributes(prose)
    reported = {finding.offset for finding in findings}
    for match in _ATTR_LIST.finditer(prose):
        if any(match.start() <= offset < match.end() for offset in reported):
            continue
        findings.append(
            Finding(
                match.start(),
                "attribute lists that set HTML attributes ({ key=value }) are not allowed: "
                "they can replace link addresses or add script",
                "remove the braces; write plain Markdown",
            )
        )
    return findings


def _links(prose: str) -> list[Finding]:
    findings: list[Finding] = []
    for match in _DESTINATION.finditer(prose):
        group = next(name for name in ("inline", "reference", "auto") if match.group(name) is not None)
        destination, start = match.group(group), match.start(group)
        if _ENTITY.search(destination):
            findings.append(
                Finding(
                    start,
                    "HTML entities (&...;) in a link address are not allowed: browsers decode them, "
                    "so they can hide a javascript: address",
                    "write the address plainly (a literal & is fine)",
                )
            )
            continue
        scheme = _SCHEME.match(re.sub(r"\s", "", destination))
        if scheme and scheme.group(1).lower() not in _SAFE_SCHEMES:
            name = scheme.group(1).lower()
            why = (
                "it runs script in readers' browsers"
                if name in ("javascript", "vbscript")
                else "it can carry a whole page or script"
                if name == "data"
                else "only https://, http://, mailto: and id: links are allowed"
            )
            findings.append(Finding(start, f"{name}: links are not allowed: {why}", "link to an https:// page"))
    reported = {finding.offset for finding in findings}
    for match in _BAD_SCHEME_ANYWHERE.finditer(prose):
        if not any(abs(match.start() - offset) < 3 for offset in reported):
            findings.append(
                Finding(
                    match.start(),
                    "javascript: and vbscript: addresses are not allowed anywhere in term text: they run script",
                    "delete it, or put it in `backticks` if it is an example",
                )
            )
    return findings


def _other(prose: str) -> list[Finding]:
    return [
        Finding(match.start(), "snippet include markers (--8<--) are not allowed", "paste the text itself")
        for match in _SNIPPET.finditer(prose)
    ]


def has_template_syntax(text: str) -> bool:
    """True when text contains Jinja delimiters (shown literally, never evaluated)."""
    return bool(_JINJA.search(text))
