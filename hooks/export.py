"""MkDocs adapter: publish the dictionary as data (api/*.json, llms.txt, llms-full.txt) after each build."""

from __future__ import annotations

import sys
from pathlib import Path

# The package next to this hook is the one to use, whatever else is installed.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs.config.defaults import MkDocsConfig

from nvdict import load as loading
from nvdict.export import DESCRIPTION, write_export
from nvdict.mkdocs_site import builds_offline


def on_post_build(config: MkDocsConfig) -> None:
    """The offline bundle's files address its own pages (``xdp.html``), not the published site."""
    root = Path(config.config_file_path).resolve().parent
    dictionary = loading.load_cached(root)  # the dictionary hook's, unless terms/ changed since
    write_export(
        dictionary,
        Path(config.site_dir),
        None if builds_offline(config) else config.site_url,
        title=config.site_name,
        description=config.site_description or DESCRIPTION,
        directory_urls=config.use_directory_urls,  # the offline plugin turns them off
    )
