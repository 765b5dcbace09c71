"""MkDocs adapter: turn terms/ into generated pages. All the work is in nvdict."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkDocsPage

from nvdict.load import load_cached
from nvdict.pages import Site, build_site, page_source
from nvdict.problems import DictionaryError

_site: Site | None = None


def project_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def edit_base(config: MkDocsConfig) -> str | None:
    """Address prefix for editing a file of the repository (``.../edit/main/``)."""
    if not config.repo_url or not config.edit_uri:
        return None
    uri = config.edit_uri.rstrip("/")
    if uri.endswith("/docs"):
        uri = uri[: -len("/docs")]
    return f"{config.repo_url.rstrip('/')}/{uri.strip('/')}/"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _site
    try:
        dictionary = load_cached(project_root(config))
    except DictionaryError as error:
        raise PluginError(str(error)) from None
    _site = build_site(dictionary, edit_base(config))
    config.nav = [_fill(item) for item in (config.nav or [])]
    return config


def _fill(item: object) -> object:
    """Replace an empty nav section named like a generated one with its pages."""
    if isinstance(item, dict) and len(item) == 1:
        ((title, value),) = item.items()
        if value in (None, [], "generated") and _site and title in _site.nav:
            return {title: _site.nav[title]}
    return item


def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert _site is not None
    for page in _site.pages:
        files.append(File.generated(config, page.path, content=page_source(page)))
    return files


def on_page_context(context: dict, page: MkDocsPage, config: MkDocsConfig, nav: object) -> dict:
    """Generated pages have no file to edit: entries carry their own edit links."""
    if page.file.generated_by:
        page.edit_url = None
    return context
