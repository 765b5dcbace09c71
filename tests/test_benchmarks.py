"""The benchmark's inputs are what it claims: valid synthetic dictionaries, and a yardstick of the same content."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import mkdocs_build

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"

pytestmark = pytest.mark.slow


def test_synthetic_dictionaries_are_valid_and_repeatable(tmp_path: Path) -> None:
    for out in ("one", "two"):
        result = subprocess.run(
            [sys.executable, str(BENCHMARKS / "generate.py"), "60", "--out", str(tmp_path / out), "--check"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout + result.stderr
    first = sorted((tmp_path / "one" / "terms").glob("*.yaml"))
    assert len([path for path in first if not path.name.startswith("_")]) == 60
    for path in first:
        assert path.read_bytes() == (tmp_path / "two" / "terms" / path.name).read_bytes(), path.name


def articles(site: Path) -> dict[str, str]:
    """Each page's article (what the page says), by path, without the page's Edit button.

    (The dictionary's generated pages have no file in docs/ to edit: its hook removes the
    button. In the yardstick they are ordinary files, so Material shows one.)
    """
    found = {}
    for path in sorted(site.rglob("index.html")):
        article = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml").select_one("article")
        if article is not None:
            for button in article.select("a.md-content__button"):
                button.decompose()
            lines = [line for line in str(article).splitlines() if line.strip()]  # the button's line
            found[str(path.relative_to(site))] = "\n".join(lines)
    return found


def test_the_rendered_yardstick_is_the_same_site_without_machinery(tmp_path: Path, site: Path) -> None:
    out = tmp_path / "yardstick"
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / "yardstick.py"), str(ROOT), "--out", str(out), "--kind", "rendered"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    config = (out / "mkdocs.yml").read_text(encoding="utf-8")
    assert "hooks" not in config and "macros" not in config
    built = mkdocs_build(out, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    plain, dictionary = articles(tmp_path / "site"), articles(site)
    assert plain.keys() == dictionary.keys()
    different = [path for path in dictionary if plain[path] != dictionary[path]]
    assert different == [], different[:5]
