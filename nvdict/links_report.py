"""Every automatic link with the sentence it sits in, for a reviewer to read.

``python -m nvdict links`` prints one line per link: the file, the target and
the sentence, with the linked words between ``[[`` and ``]]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from nvdict.derive import entry_mentions, linker_for
from nvdict.model import Dictionary

_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9`*\[(])|\n\s*\n|\n(?=\s*(?:[-*+]|\d+\.)\s)")
SNIPPET_CHARS = 160


@dataclass(frozen=True)
class AutoLink:
    """One automatic link: in which entry and field, what it says there, where it goes."""

    source: str
    field: str
    text: str
    target: str
    context: str


def snippet(text: str, start: int, end: int, limit: int = SNIPPET_CHARS) -> str:
    """The sentence around ``text[start:end]``, the mention marked ``[[...]]``, on one line."""
    left = 0
    for match in _SENTENCE_BREAK.finditer(text, 0, start):
        left = match.end()
    right_match = _SENTENCE_BREAK.search(text, end)
    right = right_match.start() if right_match else len(text)
    before, after = text[left:start], text[end:right]
    room = max(20, (limit - (end - start)) // 2)
    if len(before) > room:
        before = "…" + before[-room:].split(" ", 1)[-1]
    if len(after) > room:
        after = after[:room].rsplit(" ", 1)[0] + "…"
    return " ".join(f"{before}[[{text[start:end]}]]{after}".split())


def automatic_links(dictionary: Dictionary, ids: Iterable[str] | None = None) -> list[AutoLink]:
    """The automatic links of the entries ``ids`` (all when None), in id order."""
    linker = linker_for(dictionary)
    chosen = sorted(dictionary.terms if ids is None else set(ids) & set(dictionary.terms))
    found = []
    for term_id in chosen:
        term = dictionary.terms[term_id]
        for field, mentions in entry_mentions(linker, term).items():
            text = getattr(term, field)
            for mention in mentions:
                context = snippet(text, mention.start, mention.end)
                found.append(AutoLink(term_id, field, mention.text, mention.target, context))
    return found


def format_link(link: AutoLink, source: Path | None = None) -> str:
    where = source.as_posix() if source else link.source
    return f"{where}: {link.field}: -> {link.target}: {link.context}"


def changed_ids(root: Path, ref: str) -> set[str]:
    """Ids of term files changed since git ``ref`` (committed or not) and of new untracked ones."""
    import subprocess

    def git(*args: str) -> list[str]:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise ValueError(result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "git failed")
        return result.stdout.splitlines()

    names = git("diff", "--name-only", ref, "--", "terms/") + git(
        "ls-files", "--others", "--exclude-standard", "terms/"
    )
    return {Path(name).stem for name in names if name.endswith(".yaml") and not Path(name).name.startswith("_")}


def report(dictionary: Dictionary, ids: set[str] | None = None) -> list[AutoLink]:
    """Links made in the entries ``ids`` and links made to them (all links when None)."""
    links = automatic_links(dictionary)
    if ids is None:
        return links
    return [link for link in links if link.source in ids or link.target in ids]


def as_yaml(links: list[AutoLink]) -> str:
    """The links as the golden file tests/corpora/dictionary-links.yaml stores them."""
    import yaml

    items = [
        {"source": link.source, "field": link.field, "text": link.text, "target": link.target, "context": link.context}
        for link in links
    ]
    return yaml.safe_dump(items, sort_keys=False, allow_unicode=True, width=10_000)
