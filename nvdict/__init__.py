"""Network Virtualization Dictionary: the term data, its checks, and the pages made from it."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_root() -> Path:
    """The directory whose ``terms/`` holds the dictionary this copy of nvdict ships with.

    From a checkout (or an editable install) that is the repository itself; from an
    installed wheel it is the copy of ``terms/`` packaged as ``nvdict/_data/terms``.
    """
    checkout = _PACKAGE.parent
    if (checkout / "terms" / "term.schema.json").is_file():
        return checkout
    return _PACKAGE / "_data"
