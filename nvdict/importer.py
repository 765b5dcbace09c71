"""Convert a folder of Hugo-style glossary entries into term files.

Reads the layouts of the Kubernetes glossary (front matter ``title``, ``id``,
``aka``, ``short_description``, ``full_link``, ``tags``; a body split by
``<!--more-->``; ``glossary_tooltip`` shortcodes) and of the CNCF Cloud Native
Glossary (``title``, ``tags``; sections under ``##`` headings; site-relative
links). The conversion is mechanical: every entry gets an attribution
reference to its source file, and whatever a person must decide (summary
rules, categories, collisions) is reported per file. No existing file is
ever overwritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from nvdict.model import slugify
from nvdict.safety import scan
from nvdict.validate import SCHEMA_LINE

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)
_SHORTCODE = re.compile(r"\{\{[<%]\s*(?P<name>[\w-]+)(?P<args>.*?)\s*[>%]\}\}", re.S)
_ARG = re.compile(r'(\w+)="([^"]*)"')
_LINK = re.compile(r"(?<!!)\[(?P<text>[^\]\n]+)\]\((?P<url>[^)\s]+)\)")
_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", re.M)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_PARENTHESIS = re.compile(r"^(?P<name>.+?)\s*\((?P<short>[^()]+)\)$")
_ID_LINK = re.compile(r"\[([^\]\n]+)\]\(id:([a-z0-9-]+)\)")
_ACRONYM = re.compile(r"^[A-Z0-9][A-Z0-9/-]+$")
_BLANK_LINES = re.compile(r"\n{3,}")
_SENTENCE_END = re.compile(r"(?<!\be\.g)(?<!\bi\.e)(?<!\betc)\.(?=\s|$)")
SUMMARY_LENGTH = (40, 220)


@dataclass
class Imported:
    """One source file: the term it became (None when it cannot be written) and what needs a person."""

    source: Path
    term_id: str
    data: dict[str, Any] | None
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Options:
    """Where the entries come from, for attribution, and how their tags map to categories."""

    glossary: str = "glossary"
    licence: str = "CC BY 4.0"
    source_url: str = ""
    """Address of the source folder; each file's address is this plus its name."""
    site: str = ""
    """Address site-relative links (/docs/...) are resolved against."""
    categories: dict[str, str] = field(default_factory=dict)
    """Source tag -> category id."""


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """The front matter as data and the body after it."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    data = yaml.safe_load(match.group(1)) or {}
    if not isinstance(data, dict):
        return {}, text[match.end() :]
    return {str(key).lower(): value for key, value in data.items()}, text[match.end() :]


def convert(source: Path, known: dict[str, str], options: Options) -> list[Imported]:
    """Convert every ``*.md`` entry in ``source`` (``_index.md`` and ``_TEMPLATE.md`` skipped).

    ``known``: case-folded names and aliases of existing entries -> their ids.
    """
    files = sorted(p for p in source.glob("*.md") if not p.name.startswith("_") and p.name != "index.md")
    parsed = [(path, *split_front_matter(path.read_text(encoding="utf-8"))) for path in files]
    ids = {path.stem: _term_id(path, meta) for path, meta, _ in parsed}
    titles = {ids[path.stem]: str(meta.get("title") or path.stem) for path, meta, _ in parsed}
    existing = set(known.values())
    targets = existing | set(ids.values())
    owners = dict(known)
    items = [
        _convert_one(path, meta, body, ids, titles, targets, existing, owners, options) for path, meta, body in parsed
    ]
    linkable = existing | {item.term_id for item in items if item.data is not None}
    for item in items:  # links to entries that were not converted become their text
        for key in ("definition", "details"):
            if item.data is not None and key in item.data:
                item.data[key] = _ID_LINK.sub(
                    lambda m: m.group(0) if m.group(2) in linkable else m.group(1), item.data[key]
                )
    return items


def _term_id(path: Path, meta: dict[str, Any]) -> str:
    return slugify(str(meta.get("id") or path.stem))


def _convert_one(
    path: Path,
    meta: dict[str, Any],
    body: str,
    ids: dict[str, str],
    titles: dict[str, str],
    targets: set[str],
    existing: set[str],
    owners: dict[str, str],
    options: Options,
) -> Imported:
    term_id = ids[path.stem]
    item = Imported(path, term_id, None)
    if not meta.get("title"):
        item.notes.append("no title in the front matter: not converted")
        return item
    if term_id in existing:
        item.notes.append(f"id '{term_id}' is already an entry: not converted (choose another id or merge by hand)")
        return item
    title = " ".join(str(meta["title"]).split())
    name, aliases, expansion = title, [], None
    parenthesis = _PARENTHESIS.match(title)
    if parenthesis:
        name, aliases = parenthesis.group("name"), [parenthesis.group("short")]
        # "Container Storage Interface (CSI)" with id csi: named CSI, as the dictionary names acronyms
        # (an alias spelling the id would be refused, so not when the id is the long form's)
        if _ACRONYM.match(aliases[0]) and not _ACRONYM.match(name) and slugify(name) != term_id:
            name, aliases = aliases[0], [name]
        if _ACRONYM.match(name):
            expansion = aliases[0]
    aliases += [str(a).strip() for a in (meta.get("aka") or []) if str(a).strip()]
    for spelling in (name.casefold(), name.casefold().removesuffix("s"), f"{name.casefold()}s"):
        if spelling in owners:
            owner = owners[spelling]
            item.notes.append(f"name '{name}' is already {owner}'s (or its plural): not converted (merge by hand)")
            return item
    kept = []
    for alias in aliases:
        folded = alias.casefold()
        if folded in owners or folded == name.casefold() or folded in (a.casefold() for a in kept):
            item.notes.append(f"alias '{alias}' dropped: already a name of {owners.get(folded, term_id)}")
            continue
        if slugify(alias) in (term_id, slugify(name)):
            continue  # the same as the id or the name but for case or punctuation: search finds it already
        kept.append(alias)
    for each in (name, *kept):
        owners[each.casefold()] = term_id

    text = _COMMENT.sub("", body.replace("<!--more-->", "\n\n"))
    text = _shortcodes(text, targets, titles, item)
    text = _links(text, targets, options, item)
    definition, details = _sections(text)
    described = _shortcodes(" ".join(str(meta.get("short_description") or "").split()), targets, titles, item)
    summary = _plain(described) or _first_sentence(definition)
    _check_summary(summary, item)
    for key, value in (("summary", summary), ("definition", definition), ("details", details)):
        for finding in scan(value):
            item.notes.append(f"{key}: {finding.message}")
    if not definition:
        item.notes.append("no definition text")
    references = []
    url = options.source_url.rstrip("/") + "/" + path.name if options.source_url else ""
    if url:
        references.append({"title": f"{options.glossary}: {title} ({options.licence})", "url": url})
    else:
        item.notes.append("no reference: give --source-url so each entry credits its source file")
    full_link = str(meta.get("full_link") or "")
    if full_link.startswith("/") and options.site:
        full_link = options.site.rstrip("/") + full_link
    if full_link.startswith("https://"):
        references.append({"title": f"{title}: documentation", "url": full_link})
    tags = [str(tag).strip() for tag in (meta.get("tags") or []) if str(tag).strip()]
    categories = sorted({options.categories[tag] for tag in tags if tag in options.categories})
    unknown = [tag for tag in tags if tag not in options.categories]
    if unknown:
        item.notes.append(f"tags without a category in the mapping table: {', '.join(unknown)}")
    if not categories:
        item.notes.append("no category: add one (see terms/_categories.yaml)")
    data: dict[str, Any] = {"id": term_id, "name": name}
    if expansion:
        data["expansion"] = expansion
    if kept:
        data["aliases"] = kept
    data["summary"] = summary
    data["categories"] = categories
    data["definition"] = definition
    if details:
        data["details"] = details
    data["references"] = references
    item.data = data
    return item


def _shortcodes(text: str, targets: set[str], titles: dict[str, str], item: Imported) -> str:
    def replace(match: re.Match[str]) -> str:
        args = dict(_ARG.findall(match.group("args")))
        if match.group("name") != "glossary_tooltip":
            item.notes.append(f"shortcode '{match.group('name')}' removed")
            return ""
        target = slugify(args.get("term_id", ""))
        shown = args.get("text") or titles.get(target) or args.get("term_id", "")
        return f"[{shown}](id:{target})" if target in targets and target != item.term_id else shown

    return _SHORTCODE.sub(replace, text)


def _links(text: str, targets: set[str], options: Options, item: Imported) -> str:
    """Site-relative links to imported entries become id links; other relative links, plain text."""

    def replace(match: re.Match[str]) -> str:
        url, shown = match.group("url"), match.group("text")
        if url.startswith(("https://", "http://", "id:", "mailto:")):
            return match.group(0)
        target = slugify(url.strip("/").split("/")[-1].split("#")[0])
        if target in targets and target != item.term_id:
            return f"[{shown}](id:{target})"
        if url.startswith("/") and options.site:
            return f"[{shown}]({options.site.rstrip('/')}{url})"
        return shown

    return _LINK.sub(replace, text)


def _sections(text: str) -> tuple[str, str]:
    """The text before the first heading (the definition) and the rest, headings as bold lead-ins."""
    text = "\n".join(line.rstrip() for line in text.strip().splitlines())
    first = _HEADING.search(text)
    definition = text[: first.start()] if first else text
    rest = _HEADING.sub(lambda m: f"**{m.group(1)}**", text[first.start() :]) if first else ""
    return _tidy(definition), _tidy(rest)


def _tidy(text: str) -> str:
    paragraphs = [" ".join(p.split()) if not _is_block(p) else p.strip("\n") for p in text.strip().split("\n\n")]
    return _BLANK_LINES.sub("\n\n", "\n\n".join(p for p in paragraphs if p.strip()))


def _is_block(paragraph: str) -> bool:
    """Lists, tables and code keep their line breaks."""
    return bool(re.search(r"^\s*(?:[-*+]|\d+\.|\||```|    )", paragraph, re.M))


def _plain(text: str) -> str:
    text = _LINK.sub(lambda m: m.group("text"), text)
    return re.sub(r"[`*_]", "", text).strip()


def _first_sentence(definition: str) -> str:
    plain = _plain(definition.split("\n\n", 1)[0])
    end = _SENTENCE_END.search(plain)
    return plain[: end.end()] if end else plain


def _check_summary(summary: str, item: Imported) -> None:
    low, high = SUMMARY_LENGTH
    if not low <= len(summary) <= high:
        item.notes.append(f"summary is {len(summary)} characters; it must be {low} to {high}")
    if not summary.endswith("."):
        item.notes.append("summary does not end with a full stop")
    elif _SENTENCE_END.search(summary[:-1]):
        item.notes.append("summary has more than one sentence")


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def render(data: dict[str, Any]) -> str:
    """A term file's text: the schema line, then the fields in the project's order."""
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10_000)
    return f"{SCHEMA_LINE}\n{body}"


def write(items: list[Imported], into: Path) -> list[Path]:
    """Write each converted term as ``into/<id>.yaml``; an existing file is refused (noted), never replaced."""
    written = []
    for item in items:
        if item.data is None:
            continue
        target = into / f"{item.term_id}.yaml"
        if target.exists() or target.is_symlink():
            item.notes.append(f"{target.name} exists: not written (nothing was overwritten)")
            continue
        with target.open("x", encoding="utf-8") as handle:
            handle.write(render(item.data))
        written.append(target)
    return written


def import_folder(root: Path, source: Path, into: Path, args: Any) -> int:
    """``nvdict import``: convert, write what can be written, report per file what needs a person.

    Returns 0 when every file was written without notes, 1 otherwise, 2 when the request is refused.
    """
    from nvdict.load import check, term_files

    into = into if into.is_absolute() else root / into
    if not source.is_dir():
        print(f"nvdict import: {source} is not a folder")
        return 2
    if not into.is_dir():
        print(f"nvdict import: {into} is not a folder")
        return 2
    mapping: dict[str, str] = {}
    if args.categories:
        loaded = yaml.safe_load(Path(args.categories).read_text(encoding="utf-8")) or {}
        if not isinstance(loaded, dict):
            print(f"nvdict import: {args.categories} must map tags to category ids (tag: category-id)")
            return 2
        mapping = {str(key): str(value) for key, value in loaded.items()}
    dictionary, _ = check(root)
    known: dict[str, str] = {}
    if dictionary is not None:
        known = {name.casefold(): term.id for term in dictionary.terms.values() for name in term.names}
    else:  # still never collide with a file that exists
        known = {path.stem: path.stem for path in term_files(root)}
    options = Options(
        glossary=args.glossary or source.name,
        licence=args.licence,
        source_url=args.source_url,
        site=args.site,
        categories=mapping,
    )
    items = convert(source, known, options)
    written = [] if args.dry_run else write(items, into)
    for item in items:
        status = "written" if (into / f"{item.term_id}.yaml") in written else "not written"
        if item.notes or status == "not written":
            print(f"{item.source.name} -> {item.term_id}.yaml ({status}):")
            for note in item.notes:
                print(f"    needs a person: {note}")
    print(
        f"{len(written)} of {len(items)} files written to {into}"
        + (" (dry run: nothing written)" if args.dry_run else "")
        + "; then run `python -m nvdict check` and `python -m nvdict links --changed`"
    )
    return 0 if all(not item.notes for item in items) and len(written) == len(items) else 1
