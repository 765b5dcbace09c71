"""Profile one strict MkDocs build and say where the time goes: our code or MkDocs, Material, Markdown.

    python benchmarks/profile_build.py PROJECT [--engine pyinstrument|py-spy] [--out benchmarks/out/profile]

Runs ``mkdocs build --strict`` on PROJECT (the command line of the benchmark) under a
sampling profiler and keeps its raw output:

* ``pyinstrument`` (default): ``python -m pyinstrument -m mkdocs build ...``; keeps the
  session (``build.pyisession``) and an HTML flame view (``build.html``). It hooks every
  call and return, so call-heavy Python (Python-Markdown, our linker) looks up to about
  twice as slow as it is: read the shares with that in mind.
* ``py-spy``: ``py-spy record -f raw`` samples the process from outside, with no
  overhead in it; keeps the collapsed stacks (``build.stacks``). Needs ptrace.

Both are reduced to weighted call stacks and reported the same way:

* self time by package: our code (``nvdict/``, the project's ``hooks/``) against MkDocs,
  Material (its search plugin apart), Python-Markdown, pymdown-extensions, Jinja2 (and
  the compiled templates), mkdocs-macros, PyYAML, jsonschema and the standard library;
* the functions of our code with the most inclusive time, each counted once per stack
  (recursion is not counted twice), with the caller they were mostly called from;
* the functions of all code with the most inclusive time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "out" / "profile"
INHERITED = ("<built-in>", "<string>", "<attrs ")
"""Frames (C functions, generated code) whose time belongs to whoever called them."""
LIBRARIES = {
    "mkdocs": "mkdocs",
    "material": "material",
    "markdown": "python-markdown",
    "pymdownx": "pymdown-extensions",
    "jinja2": "jinja2 + markupsafe",
    "markupsafe": "jinja2 + markupsafe",
    "mkdocs_macros": "mkdocs-macros",
    "yaml": "pyyaml",
    "_yaml": "pyyaml",
    "jsonschema": "jsonschema",
    "referencing": "jsonschema",
    "rpds": "jsonschema",
    "fastjsonschema": "jsonschema",
    "pygments": "pygments",
    "pyinstrument": "profiler",
}
Stack = tuple[tuple[str, str], ...]
"""Outermost first: (function identity, package) per frame."""


def relative_path(path: str) -> str:
    """``.../site-packages/mkdocs/x.py`` -> ``mkdocs/x.py``; our files as ``nvdict/..``, ``hooks/..``."""
    path = path.replace("\\", "/")
    for marker, prefix in (("site-packages/", ""), ("/nvdict/", "nvdict/"), ("/hooks/", "hooks/")):
        if marker in path:
            return prefix + path.split(marker, 1)[1]
    found = re.search(r"/lib/python3[.\d]*/(.+)$", path)
    return found.group(1) if found else path


def package_of(path: str) -> str:
    if path == "<template>" or path.endswith(".html"):
        return "templates (compiled Jinja2)"
    relative = relative_path(path)
    top = relative.split("/", 1)[0] if "/" in relative else relative.removesuffix(".py")
    if top == "nvdict":
        return "ours: nvdict"
    # py-spy names a file outside sys.path by its name alone: the hooks are dictionary.py and macros.py.
    if top == "hooks" or relative in ("dictionary.py", "macros.py"):
        return "ours: hooks"
    if relative.startswith("material/plugins/search/"):
        return "material: search plugin"
    if top in LIBRARIES:
        return LIBRARIES[top]
    if top in sys.stdlib_module_names or relative.startswith("<frozen"):
        return "python stdlib"
    return "other libraries"


# ---------------------------------------------------------------- engines


def mkdocs_command(project: Path, site: Path) -> list[str]:
    return ["mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)]


def run_pyinstrument(project: Path, out: Path, interval: float) -> Path:
    session = out / "build.pyisession"
    command = [sys.executable, "-m", "pyinstrument", "-i", str(interval), "-r", "pyisession", "-o", str(session)]
    run([*command, "-m", *mkdocs_command(project, out / "site")])
    render = ["-r", "html", "-o", str(out / "build.html")]
    subprocess.run([sys.executable, "-m", "pyinstrument", "--load", str(session), *render], check=True)
    return session


def run_py_spy(project: Path, out: Path, rate: int) -> Path:
    spy = shutil.which("py-spy")
    if spy is None:
        raise SystemExit("py-spy is not installed: python -m pip install py-spy")
    stacks = out / "build.stacks"
    command = [spy, "record", "-r", str(rate), "-f", "raw", "-o", str(stacks), "--"]
    run([*command, sys.executable, "-m", *mkdocs_command(project, out / "site")])
    return stacks


def run(command: list[str]) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0:
        raise SystemExit(f"profiled build failed:\n{result.stderr[-4000:]}")


def pyinstrument_stacks(session_path: Path) -> Iterator[tuple[Stack, float]]:
    """(stack, seconds of self time) from a pyinstrument session."""
    from pyinstrument.session import Session

    root = Session.load(str(session_path)).root_frame()
    if root is None:
        return

    def visit(frame, stack: Stack) -> Iterator[tuple[Stack, float]]:
        path = frame.file_path or ""
        if path and not path.startswith(INHERITED):
            stack = (*stack, (f"{frame.function} ({relative_path(path)})", package_of(path)))
        own = frame.time - sum(child.time for child in frame.children)
        if own > 0 and stack:
            yield stack, own
        for child in frame.children:
            yield from visit(child, stack)

    yield from visit(root, ())


_RAW_FRAME = re.compile(r"^(?P<function>.*) \((?P<path>.*?)(?::\d+)?\)$")


def py_spy_stacks(path: Path, rate: int) -> Iterator[tuple[Stack, float]]:
    """(stack, seconds) from py-spy's collapsed stacks; line numbers dropped."""
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        frames, _, count = line.rpartition(" ")
        if not frames or not count.isdigit():
            continue
        stack = []
        for frame in frames.split(";"):
            match = _RAW_FRAME.match(frame)
            function, file = (match.group("function"), match.group("path")) if match else (frame, "")
            stack.append((f"{function} ({relative_path(file)})", package_of(file)))
        yield tuple(stack), int(count) / rate


# ---------------------------------------------------------------- report


def report(stacks: list[tuple[Stack, float]], top: int) -> dict[str, object]:
    total = sum(seconds for _, seconds in stacks)
    packages: dict[str, float] = defaultdict(float)
    inclusive: dict[str, float] = defaultdict(float)
    callers: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    kinds: dict[str, str] = {}
    for stack, seconds in stacks:
        packages[stack[-1][1]] += seconds
        seen: set[str] = set()
        caller = ""
        for name, package in stack:
            if name not in seen:
                seen.add(name)
                inclusive[name] += seconds
                callers[name][caller] += seconds
                kinds[name] = package
            caller = name

    def ranked(ours: bool) -> list[tuple[str, float, str]]:
        rows = sorted(inclusive.items(), key=lambda item: -item[1])
        chosen = [row for row in rows if kinds[row[0]].startswith("ours") == ours or not ours]
        chosen = [row for row in chosen if row[1] < 0.95 * total] if not ours else chosen
        return [(name, s, max(callers[name].items(), key=lambda c: c[1])[0]) for name, s in chosen[:top]]

    return {
        "total_s": total,
        "self_by_package": sorted(packages.items(), key=lambda item: -item[1]),
        "ours_inclusive": ranked(ours=True),
        "all_inclusive": ranked(ours=False),
    }


def print_report(data: dict[str, object], engine: str) -> None:
    total = float(data["total_s"])  # type: ignore[arg-type]
    print(f"Sampled ({engine}): {total:.1f} s\n")
    print("| Self time by package | s | % |\n|---|---:|---:|")
    for label, seconds in data["self_by_package"]:  # type: ignore[union-attr]
        print(f"| {label} | {seconds:.1f} | {100 * seconds / total:.1f} |")
    for title, key in (("Our code, inclusive", "ours_inclusive"), ("All code, inclusive", "all_inclusive")):
        print(f"\n| {title} | s | % | mostly called from |\n|---|---:|---:|---|")
        for name, seconds, caller in data[key]:  # type: ignore[union-attr]
            print(f"| `{name}` | {seconds:.1f} | {100 * seconds / total:.1f} | `{caller}` |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path, nargs="?", help="project directory with mkdocs.yml")
    parser.add_argument("--engine", choices=("pyinstrument", "py-spy"), default="pyinstrument")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--interval", type=float, default=0.005, help="pyinstrument: seconds between samples")
    parser.add_argument("--rate", type=int, default=200, help="py-spy: samples per second")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--load", type=Path, help="report on an existing build.pyisession or build.stacks")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    if args.load:
        raw, engine = args.load, ("pyinstrument" if args.load.suffix == ".pyisession" else "py-spy")
    elif args.project is None:
        parser.error("give a PROJECT, or --load")
    elif args.engine == "py-spy":
        raw, engine = run_py_spy(args.project.resolve(), out, args.rate), "py-spy"
    else:
        raw, engine = run_pyinstrument(args.project.resolve(), out, args.interval), "pyinstrument"
    stacks = list(py_spy_stacks(raw, args.rate) if engine == "py-spy" else pyinstrument_stacks(raw))
    data = {"engine": engine, "raw": str(raw), **report(stacks, args.top)}
    (out / f"report-{engine}.json").write_text(json.dumps(data, indent=1), encoding="utf-8")
    print_report(data, engine)
    return 0


if __name__ == "__main__":
    sys.exit(main())
