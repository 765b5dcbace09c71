"""How long ``nvdict check`` takes next to reading and parsing the same files with PyYAML's C loader.

    python benchmarks/check_speed.py PROJECT [--repeat 3] [--source DIR ...]

Each repetition runs, one after the other (the order rotating), as separate processes:
reading every term file's bytes; reading and parsing each with ``yaml.CSafeLoader``
(what any tool must do at least); and ``python -m nvdict check --root PROJECT`` with the
generator of each ``--source`` checkout (default: this one), with all cores and with
``NVDICT_JOBS=1``. Prints the median wall seconds and each check's ratio to the parse.
The machine is shared and noisy: only the ratios within one run mean anything.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READ = "import sys, pathlib\nfor p in sorted(pathlib.Path(sys.argv[1], 'terms').glob('[!_]*.yaml')): p.read_bytes()"
PARSE = (
    "import sys, pathlib, yaml\n"
    "for p in sorted(pathlib.Path(sys.argv[1], 'terms').glob('[!_]*.yaml')):\n"
    "    yaml.load(p.read_text(encoding='utf-8'), Loader=yaml.CSafeLoader)"
)


def timed(command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--source", type=Path, action="append", help="checkout whose nvdict/ to run (repeatable)")
    parser.add_argument("--json", type=Path, help="also write the medians here")
    args = parser.parse_args()
    project = args.project.resolve()
    sources = [s.resolve() for s in args.source or [ROOT]]
    cases: dict[str, tuple[list[str], dict[str, str], Path | None]] = {
        "read bytes": ([sys.executable, "-c", READ, str(project)], dict(os.environ), None),
        "read + parse (C loader)": ([sys.executable, "-c", PARSE, str(project)], dict(os.environ), None),
    }
    for source in sources:
        label = source.name if len(sources) > 1 else "nvdict"
        check = [sys.executable, "-m", "nvdict", "check", "--root", str(project)]
        env = {**os.environ, "PYTHONPATH": str(source)}
        cases[f"{label} check"] = (check, env, source)
        cases[f"{label} check, NVDICT_JOBS=1"] = (check, {**env, "NVDICT_JOBS": "1"}, source)
    times: dict[str, list[float]] = {name: [] for name in cases}
    names = list(cases)
    for repeat in range(args.repeat):
        shift = repeat % len(names)
        for name in names[shift:] + names[:shift]:
            command, env, cwd = cases[name]
            times[name].append(timed(command, env, cwd))
            print(f"  {name}: {times[name][-1]:.2f} s", file=sys.stderr)
    parse = statistics.median(times["read + parse (C loader)"])
    print(f"{project.name}: {sum(1 for _ in (project / 'terms').glob('[!_]*.yaml'))} term files, {args.repeat} runs")
    print("| Step | Median s | Range s | ÷ parse |\n|---|---:|---:|---:|")
    medians = {}
    for name in names:
        median = statistics.median(times[name])
        medians[name] = median
        print(f"| {name} | {median:.2f} | {min(times[name]):.2f}–{max(times[name]):.2f} | {median / parse:.2f}x |")
    if args.json:
        args.json.write_text(json.dumps({"medians": medians, "times": times}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
