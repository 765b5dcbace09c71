"""How long ``nvdict check`` takes over hostile term files, against a normal file of the same size.

    python benchmarks/pathological.py [--size 256] [--kinds attribute-run,fence-lines]

Each kind of input (``KINDS``) is written as the definition of one term file of
``--size`` KB (the largest file the checker reads) into a temporary copy of the
dictionary, and ``python -m nvdict check`` is run once over it as a child
process. The ratio to the same run with a file of ordinary prose of the same
size is printed. One run each, so small differences are noise; a checker whose
time grows with the square of the input shows as a ratio in the tens or
hundreds. Nothing is asserted: tests/test_fs_safety.py checks what these files
are told, not how fast.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_LINE = "# yaml-language-server: $schema=term.schema.json"


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda size: (unit * (size // len(unit) + 1))[:size]


def _nested_lists(size: int) -> str:
    lines: list[str] = []
    total, depth = 0, 0
    while total < size:
        line = "  " * depth + "- item"
        lines.append(line)
        total += len(line) + 1
        depth = depth + 1 if depth < 400 else 0
    return "\n".join(lines)


KINDS: dict[str, Callable[[int], str]] = {
    "normal": _repeat("Packets cross the virtual switch and reach the pod. "),
    "attribute-run": lambda size: "{" + _repeat("a=")(size - 1),
    "attribute-runs": _repeat("{a="),
    "fence-lines": _repeat("```\n"),
    "unclosed-fences": _repeat("```x\n"),
    "tilde-fences": _repeat("~~~x\n"),
    "backticks": _repeat("`"),
    "brackets": _repeat("["),
    "link-openings": _repeat("]("),
    "links-unclosed": _repeat("[a]("),
    "image-openings": _repeat("!["),
    "angle-brackets": _repeat("<"),
    "tag-openings": _repeat("<a "),
    "comments": _repeat("<!--"),
    "entity-openings": _repeat("&#"),
    "nested-lists": _nested_lists,
    "no-spaces": _repeat("abcdefghij"),
    "emphasis-runs": _repeat("*_"),
    "dashes": _repeat("-"),
    "event-handlers": _repeat("onx="),
    "unknown-links": _repeat("[x](id:nowhere) "),
    "blank-lines": _repeat("\n\n"),
}
"""Kind -> a function writing that many characters of it."""


def term_file(term_id: str, definition: str) -> str:
    """A term file whose definition is ``definition``, as a literal block."""
    body = "\n".join("  " + line if line else "" for line in definition.split("\n"))
    return (
        f"{SCHEMA_LINE}\nid: {term_id}\nname: Pathological {term_id.title()}\n"
        "summary: A generated entry used to time the checker on hostile input.\n"
        f"categories:\n- sdn\ndefinition: |-\n{body}\n"
        "references:\n- title: Example reference\n  url: https://www.example.org/reference\n"
    )


def write_case(terms: Path, kind: str, size: int) -> Path:
    """``terms/pathological-<kind>.yaml`` of at most ``size`` bytes."""
    term_id = f"pathological-{kind}"
    overhead = len(term_file(term_id, "").encode())
    text = KINDS[kind](max(0, size - overhead) // 2)  # the block's indentation can double the size
    while len((file := term_file(term_id, text)).encode()) > size:
        text = text[: int(len(text) * 0.95)]
    while len(file.encode()) < size * 0.9 and len(text) < size:
        longer = KINDS[kind](int(len(text) * 1.05) + 16)
        candidate = term_file(term_id, longer)
        if len(candidate.encode()) > size:
            break
        text, file = longer, candidate
    path = terms / f"{term_id}.yaml"
    path.write_text(file, encoding="utf-8")
    return path


def timed_check(root: Path) -> tuple[float, int, str]:
    """Wall time, exit status and last output line of ``python -m nvdict check``."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "nvdict", "check", "--root", str(root)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    lines = (result.stdout + result.stderr).strip().splitlines()
    return time.perf_counter() - started, result.returncode, lines[-1] if lines else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=256, help="size of each file in KB (default 256, the limit)")
    parser.add_argument("--kinds", help="comma-separated kinds (default: all)")
    args = parser.parse_args(argv)
    kinds = args.kinds.split(",") if args.kinds else list(KINDS)
    size = args.size * 1024
    with tempfile.TemporaryDirectory(prefix="nvdict-pathological-") as tmp:
        root = Path(tmp)
        shutil.copytree(ROOT / "terms", root / "terms")
        results: dict[str, tuple[float, int, str, int]] = {}
        for kind in ["normal", *[k for k in kinds if k != "normal"]]:
            path = write_case(root / "terms", kind, size)
            elapsed, status, last = timed_check(root)
            results[kind] = (elapsed, status, last, path.stat().st_size)
            path.unlink()
    base = results["normal"][0]
    print(f"{'kind':<18} {'bytes':>8} {'seconds':>8} {'ratio':>6}  result")
    for kind, (elapsed, status, last, written) in results.items():
        print(f"{kind:<18} {written:>8} {elapsed:>8.2f} {elapsed / base:>6.2f}  exit {status}: {last[:70]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
