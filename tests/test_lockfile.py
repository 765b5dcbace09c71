"""The lock file the deploy and release workflows install: complete, and every pin hashed."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements" / "deploy.txt"
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def normalise(name: str) -> str:
    """A distribution name as PEP 503 compares it."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirements(path: Path) -> list[str]:
    """The file's requirements, each with its continuation lines joined."""
    joined = re.sub(r"\\\n\s*", " ", path.read_text(encoding="utf-8"))
    return [line.strip() for line in joined.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def test_every_line_is_a_pin_with_a_hash() -> None:
    lines = requirements(LOCK)
    assert lines
    for line in lines:
        assert _PIN.match(line), f"not pinned with ==: {line[:80]}"
        assert re.search(r"--hash=sha256:[0-9a-f]{64}", line), f"no hash: {line[:80]}"


def test_the_lock_covers_every_runtime_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {normalise(re.split(r"[\s<>=!~;\[]", spec, maxsplit=1)[0]) for spec in project["dependencies"]}
    locked = {normalise(match.group(1)) for line in requirements(LOCK) if (match := _PIN.match(line))}
    assert wanted - locked == set(), "regenerate requirements/deploy.txt (command in its header)"


def test_publishing_workflows_install_from_the_lock() -> None:
    for name in ("deploy.yml", "release.yml"):
        text = (ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8")
        assert "pip install --require-hashes -r requirements/deploy.txt" in text, name
        assert "pip install --no-deps -e ." in text, name
        assert not re.search(r"pip install (-e|\.)(?! --no-deps)", text.replace("--no-deps -e .", "")), name


def test_dependabot_updates_the_lock() -> None:
    text = (ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8")
    assert "directory: /requirements" in text
