"""The MkDocs + Material form of the neutral pages: front matter, page files and ``mkdocs.yml``.

Everything here knows MkDocs' and Material's conventions (front-matter keys, the
configuration file and its YAML tags) but imports neither: ``hooks/`` use it while
building, ``nvdict.static_export`` to write a project that needs no hooks.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from nvdict.final_html import unmarked
from nvdict.pages import Page
from nvdict.render import text


def front_matter(page: Page) -> dict[str, object]:
    """The page's facts as MkDocs, mkdocs-macros and Material read them.

    Title and description are HTML-escaped here, once for every template that shows them;
    ``render_macros: false`` keeps mkdocs-macros from reading contributor text as a template.
    """
    front: dict[str, object] = {
        "title": text(page.title),
        "description": text(page.description),
        "render_macros": False,
    }
    if not page.in_search:
        front["search"] = {"exclude": True}
    elif page.search_weight != 1:
        front["search"] = {"boost": page.search_weight}
    if page.entry is not None:
        front["nvd_entry"] = page.entry
    if page.mermaid:
        front["mermaid"] = True
    return front


_LINE_BREAKS = str.maketrans({"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})
"""Characters YAML would read as line breaks inside a quoted string: written as escapes."""


def page_source(page: Page, readable: bool = True) -> str:
    """The page as a Markdown file: YAML front matter, then the body.

    ``readable``: block-style YAML and no block markers (``nvdict.final_html``), for files people
    read (the static export). Otherwise the
    front matter is written as JSON, which YAML reads as the same values, by the C encoder:
    a build writes it for every page on every (re)build, and block YAML is written in Python.
    """
    if readable:
        front = yaml.safe_dump(front_matter(page), allow_unicode=True, sort_keys=False, width=10_000)
    else:
        front = json.dumps(front_matter(page), ensure_ascii=False).translate(_LINE_BREAKS) + "\n"
    return f"---\n{front}---\n\n{unmarked(page.markdown) if readable else page.markdown}"


def builds_offline(config: Any) -> bool:
    """Whether Material's offline plugin is on for this build (the bundle read from ``file://``)."""
    plugin = config.plugins.get("material/offline")
    return bool(plugin and plugin.config.enabled)


def edit_base(repo_url: str | None, edit_uri: str | None) -> str | None:
    """Address prefix for editing a file of the repository (``.../edit/main/``), from mkdocs.yml's settings."""
    if not repo_url or not edit_uri:
        return None
    uri = edit_uri.rstrip("/").removesuffix("/docs")
    return f"{repo_url.rstrip('/')}/{uri.strip('/')}/"


# ---------------------------------------------------------------- mkdocs.yml


@dataclass(frozen=True)
class Tagged:
    """A value of mkdocs.yml under a tag this module does not interpret (``!ENV``, ``!!python/name:``)."""

    tag: str
    value: Any

    def resolved(self) -> Any:
        """What MkDocs would read for an ``!ENV`` value (the variable, else the default); else the value."""
        if self.tag != "!ENV":
            return self.value
        names = self.value if isinstance(self.value, list) else [self.value]
        for name in names[:-1] if len(names) > 1 else names:
            if name in os.environ:
                return os.environ[name]
        return names[-1] if len(names) > 1 else None


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _keep_tag(loader: _Loader, suffix: str, node: yaml.Node) -> Tagged:
    tag = node.tag
    if isinstance(node, yaml.ScalarNode):
        return Tagged(tag, loader.construct_scalar(node))
    if isinstance(node, yaml.SequenceNode):
        return Tagged(tag, loader.construct_sequence(node, deep=True))
    assert isinstance(node, yaml.MappingNode)
    return Tagged(tag, loader.construct_mapping(node, deep=True))


def _dump_tagged(dumper: _Dumper, value: Tagged) -> yaml.Node:
    if isinstance(value.value, list):
        return dumper.represent_sequence(value.tag, value.value, flow_style=True)
    if isinstance(value.value, dict):
        return dumper.represent_mapping(value.tag, value.value)
    return dumper.represent_scalar(value.tag, str(value.value))


def _dump_text(dumper: _Dumper, value: str) -> yaml.Node:
    """Text of several lines (``not_in_nav``, ``exclude_docs``) as a ``|`` block, as people write it."""
    style = "|" if "\n" in value.rstrip("\n") or value.endswith("\n") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Loader.add_multi_constructor("!", _keep_tag)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _keep_tag)
_Dumper.add_representer(Tagged, _dump_tagged)
_Dumper.add_representer(str, _dump_text)


def read_config(path: Path) -> dict[str, Any]:
    """``mkdocs.yml`` as data; tagged values are kept as ``Tagged``, so that writing it back keeps them."""
    with path.open(encoding="utf-8") as stream:
        data = yaml.load(stream, Loader=_Loader)  # a SafeLoader that keeps unknown tags as data
    if not isinstance(data, dict):
        raise ValueError(f"{path}: not a mapping of settings")
    return data


def write_config(config: dict[str, Any]) -> str:
    """Settings as ``mkdocs.yml`` text, tags as they were read."""
    return yaml.dump(config, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120)


def setting(config: dict[str, Any], key: str) -> Any:
    """A setting as MkDocs would read it (``!ENV`` resolved)."""
    value = config.get(key)
    return value.resolved() if isinstance(value, Tagged) else value
