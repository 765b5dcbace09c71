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

import bisect
import functools
import re
from collections.abc import Iterator
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

# Every pattern here runs on contributor text of up to 256 KB, so none may take
# more than linear time: no nested or overlapping quantifiers, and no pattern
# that scans ahead for a terminator from every position (those are code below).
_BACKTICKS = re.compile(r"`+")
_TAG_START = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)([^<>]*)(>?)")
_MARKUP_DECLARATION = re.compile(r"<[!?]")
# The next two run on text folded by ``_fold`` (same length, so offsets hold) and are tested
# for a word character before them in code: a pattern that starts with a literal is found
# several times faster than one that starts with a look-behind and ignores case.
_EVENT_ATTR = re.compile(r"on[a-z]+\s*=")
# Braces on one line around text holding 'key=' (the attr_list syntax); the
# content is tested separately, so the pattern scans each brace once.
_BRACES = re.compile(r"\{([^{}\n]*)\}")
_KEY_VALUE = re.compile(r"[^\s=]=")
# Link destinations: inline links and images, reference definitions, autolinks.
_DESTINATION = re.compile(
    r"\]\(\s*<?(?P<inline>[^)\s>]*)"
    r"|^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?(?P<reference>[^\s>]*)"
    r"|<(?P<auto>[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*)>",
    re.M,
)
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_SPACE = re.compile(r"\s")
_SCRIPT_COLON = re.compile(r"[pP]\s*[tT]\s*:")
"""How every match of ``_BAD_SCHEME_ANYWHERE`` ends (no other letter folds to p or t): a cheap test first."""
_BAD_SCHEME_ANYWHERE = re.compile(r"[jv]\s*(?:a\s*v\s*a\s*s|b\s*s)\s*c\s*r\s*i\s*p\s*t\s*:")
_FOLD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ\u017f\u212a\u0131\u0130", "abcdefghijklmnopqrstuvwxyzskii")
"""ASCII letters to lower case, and the non-ASCII letters that ``re.IGNORECASE`` equates with them."""


def _fold(text: str) -> str:
    return text.translate(_FOLD)


def _word_starts(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Matches of ``pattern`` in folded ``text`` that no word character or hyphen precedes."""
    for match in pattern.finditer(_fold(text)):
        start = match.start()
        before = text[start - 1] if start else " "
        if not (before.isalnum() or before in "_-"):
            yield match


# Character references that reach an href as references: numeric ones with or without ';'
# (Markdown can complete them) and named ones ending in ';'. Any other '&' is written out
# as '&amp;', so query strings (?a=1&b=2) are harmless.
_ENTITY = re.compile(r"&#(?:[0-9]+|x[0-9a-f]+);?|&[a-z][a-z0-9]*;", re.I)
_SAFE_SCHEMES = frozenset({"https", "http", "mailto", "id"})
_AUTOLINK_SCHEMES = frozenset({"https", "http", "ftp", "mailto"})
_SNIPPET = re.compile(r"(?<!-)-++8<-++")
_JINJA = re.compile(r"\{\{|\{%|\{#")
_MERMAID_DIRECTIVE = re.compile(r"^[ \t]*+(click|callback|href)\b", re.I | re.M)
_MERMAID_INIT = re.compile(r"%%\s*\{")
_MAY_HOLD_ANY = re.compile(r"[<=:&]")
"""Tags and snippet markers need '<', attributes '=', addresses ':' and hidden addresses '&'."""


@dataclass(frozen=True)
class Finding:
    """One refused construct: where it starts in the text, why, and what to do instead."""

    offset: int
    message: str
    hint: str


def _fenced_bodies(lines: list[str]) -> list[tuple[int, int]]:
    """Line ranges (first, last + 1) of fenced code bodies, in order.

    A fence opens on a line starting with three or more backticks or tildes
    (the longest such run first, then shorter ones) and closes on the nearest
    later line that is that same run alone, trailing spaces allowed. Each
    line is looked at a bounded number of times, so this is linear.
    """
    closers: dict[str, list[int]] = {}
    for number, line in enumerate(lines):
        bare = line.rstrip(" \t")
        if len(bare) >= 3 and bare[0] in "`~" and bare.count(bare[0]) == len(bare):
            closers.setdefault(bare, []).append(number)
    if not closers:
        return []
    lengths = {char: sorted({len(k) for k in closers if k[0] == char}, reverse=True) for char in "`~"}
    bodies: list[tuple[int, int]] = []
    number = 0
    last = len(lines) - 1  # the last line has no newline after it, so it cannot open a fence
    while number < last:
        line = lines[number]
        char = line[:1]
        if char not in ("`", "~") or not line.startswith(char * 3):
            number += 1
            continue
        run = len(line) - len(line.lstrip(char))
        close = -1
        for length in lengths[char]:
            if length > run:
                continue
            found = closers[char * length]
            index = bisect.bisect_right(found, number)
            if index < len(found):
                close = found[index]
                break
        if close < 0:
            number += 1
            continue
        bodies.append((number + 1, close))
        number = close + 1
    return bodies


def _code_spans(line: str) -> list[tuple[int, int]]:
    """Column ranges of code spans in one line: a run of backticks not after a backslash,
    closed by the nearest later run of exactly as many backticks."""
    runs = [match.span() for match in _BACKTICKS.finditer(line)]
    by_length: dict[int, list[int]] = {}
    for index, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(index)
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(runs):
        start, end = runs[index]
        if start and line[start - 1] == "\\":
            index += 1
            continue
        same = by_length[end - start]
        after = bisect.bisect_right(same, index)
        if after == len(same):
            index += 1
            continue
        close = same[after]
        spans.append((start, runs[close][1]))
        index = close + 1
    return spans


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
    lines = text.split("\n")
    for first, end in _fenced_bodies(lines):
        for number in range(first, end):
            lines[number] = " " * len(lines[number])
    for number, line in enumerate(lines):
        if "`" in line:
            spans = _code_spans(line)
            if spans:
                parts, last = [], 0
                for start, end in spans:
                    parts += [line[last:start], " " * (end - start)]
                    last = end
                lines[number] = "".join(parts) + line[last:]
    return "\n".join(lines)


def scan(text: str) -> list[Finding]:
    """Every construct in Markdown ``text`` that is refused, with why and how to fix it."""
    if not _MAY_HOLD_ANY.search(text):
        return []  # every construct refused here needs one of these characters
    prose = strip_code(text)
    # Each kind of construct is looked for only where its telltale character occurs.
    has_tag = "<" in prose
    tags = (
        []
        if not has_tag
        else [m.span() for m in _TAG_START.finditer(prose) if m.group(4) or m.group(2).lower() in DANGEROUS_TAGS]
    )
    starts = [start for start, _ in tags]  # tags do not overlap, so their starts and ends are both in order

    def inside_tag(offset: int) -> bool:
        index = bisect.bisect_left(starts, offset) - 1
        return index >= 0 and tags[index][0] < offset < tags[index][1]

    findings = [f for f in _attributes(prose) if not inside_tag(f.offset)] if "=" in prose else []
    if has_tag:
        findings += _tags(prose)
    if ":" in prose or "&" in prose:
        findings += _links(prose)
    if "8<" in prose:
        findings += _other(prose)
    return sorted(findings, key=lambda f: f.offset)


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
        for match in _word_starts(_BAD_SCHEME_ANYWHERE, code)
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
            f"event-handler attribute '{prose[match.start() : match.end()].rstrip('= ')}' is not allowed: "
            "it runs script",
            "remove it; term text cannot carry HTML attributes",
        )
        for match in _word_starts(_EVENT_ATTR, prose)
    ]


def _attributes(prose: str) -> list[Finding]:
    findings = _event_attributes(prose)
    reported = [finding.offset for finding in findings]  # in order: finditer goes left to right
    for match in _BRACES.finditer(prose):
        if not _KEY_VALUE.search(match.group(1)) or _any_within(reported, match.start(), match.end()):
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


def _any_within(offsets: list[int], start: int, end: int) -> bool:
    """True when a sorted list of offsets has one in ``start <= offset < end``."""
    index = bisect.bisect_left(offsets, start)
    return index < len(offsets) and offsets[index] < end


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
        scheme = _SCHEME.match(_SPACE.sub("", destination))
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
    reported = sorted(finding.offset for finding in findings)
    for match in _word_starts(_BAD_SCHEME_ANYWHERE, prose) if _SCRIPT_COLON.search(prose) else ():
        if not _any_within(reported, match.start() - 2, match.start() + 3):
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
