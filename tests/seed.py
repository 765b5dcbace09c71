"""Parse the seed text into what must survive in the site: paragraphs, diagram lines, table rows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

SEED = Path(__file__).resolve().parent / "data" / "seed.md"
"""The text the dictionary started from (a copy of shared/seeds/000_48f286a1307deb4f.txt)."""


@dataclass
class SeedEntry:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    diagram_lines: list[str] = field(default_factory=list)
    tables: list[tuple[list[str], list[list[str]]]] = field(default_factory=list)

    @property
    def name(self) -> str:
        """Heading without its parenthesised expansion: 'ARP (Address ...)' -> 'ARP'."""
        return re.sub(r"\s*\([^)]*\)", "", self.heading).strip()


def seed_path(root: Path) -> Path:
    return root / "tests" / "data" / SEED.name


def parse_blocks(text: str, entry: SeedEntry) -> None:
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("```"):
            j = i + 1
            while not lines[j].startswith("```"):
                if lines[j].strip():
                    entry.diagram_lines.append(lines[j].rstrip())
                j += 1
            i = j + 1
        elif line.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                rows.append([c.strip() for c in lines[i].strip().strip("|").split("|")])
                i += 1
            entry.tables.append((rows[0], rows[2:]))
        elif line.strip() and not line.startswith(("#", "---", ">", "**")):
            para = []
            while i < len(lines) and lines[i].strip() and not lines[i].startswith(("```", "|")):
                para.append(lines[i])
                i += 1
            entry.paragraphs.append(" ".join(para))
        else:
            i += 1


def parse_seed(path: Path) -> tuple[list[SeedEntry], SeedEntry, SeedEntry]:
    """Entries, the quick-reference section and the compositions section."""
    text = path.read_text(encoding="utf-8")
    body, _, rest = text.partition("## Quick Reference Tables")
    quick, _, compositions = rest.partition("## Architecture Compositions")
    entries = []
    for section in re.split(r"^### ", body, flags=re.M)[1:]:
        heading, _, content = section.partition("\n")
        content = re.split(r"^(?:---|## )", content, flags=re.M)[0]
        entry = SeedEntry(heading.strip())
        parse_blocks(content, entry)
        entries.append(entry)
    quick_entry = SeedEntry("Quick Reference Tables")
    parse_blocks(re.sub(r"^### .*$", "", quick, flags=re.M), quick_entry)
    composition_entry = SeedEntry("Architecture Compositions")
    parse_blocks(compositions, composition_entry)
    return entries, quick_entry, composition_entry


def plain(markdown: str) -> str:
    """Markdown inline syntax removed, whitespace collapsed: how the text reads on the page."""
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", markdown)
    text = text.replace("`", "").replace("**", "")
    return re.sub(r"\s+", " ", text).strip()
