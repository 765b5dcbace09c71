"""How long ``nvdict check`` takes next to reading and parsing the same files with PyYAML's C loader.

    python benchmarks/check_speed.py PROJECT [--repeat 3] [--source DIR ...]

Each repetition runs, one after the other (the order rotating), as separate processes:
reading every term file's bytes; reading and parsing each with ``yaml.CSafeLoader``
(what any tool must do at least); and ``python -m nvdict check --root PROJECT`` with the
generator of each ``--source`` checkout (default: this one): cold (``NVDICT_CACHE_DIR=off``)
in one process, with ``NVDICT_JOBS=2``, and as it chooses when ``NVDICT_JOBS`` is unset
(both cores while the machine is idle); and with the cache a previous run left (what CI and a
contributor's next check find). Prints the median wall and CPU seconds (each child's own)
and their ratios to the parse. On a shared, loaded machine wall time follows the load; CPU time
much less so, and only ratios within one run mean anything.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
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


def timed(command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system, the child's own) of one run of ``command``."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(command)} failed:\n{errors[-2000:].decode(errors='replace')}")
    return elapsed, usage.ru_utime + usage.ru_stime


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
        kept = project / ".cache" / f"check-speed-{label}"
        shutil.rmtree(kept, ignore_errors=True)
        warm = {**env, "NVDICT_JOBS": "1", "NVDICT_CACHE_DIR": str(kept)}
        timed(check, warm, source)  # fills the cache the warm runs use (untimed)
        cold = {key: value for key, value in env.items() if key != "NVDICT_JOBS"} | {"NVDICT_CACHE_DIR": "off"}
        cases[f"{label} check, cold"] = (check, {**cold, "NVDICT_JOBS": "1"}, source)
        cases[f"{label} check, cold, as it chooses"] = (check, cold, source)
        cases[f"{label} check, cold, NVDICT_JOBS=2"] = (check, {**cold, "NVDICT_JOBS": "2"}, source)
        cases[f"{label} check, cache kept"] = (check, warm, source)
    times: dict[str, list[float]] = {name: [] for name in cases}
    cpu: dict[str, list[float]] = {name: [] for name in cases}
    names = list(cases)
    for repeat in range(args.repeat):
        shift = repeat % len(names)
        for name in names[shift:] + names[:shift]:
            command, env, cwd = cases[name]
            wall, used = timed(command, env, cwd)
            times[name].append(wall)
            cpu[name].append(used)
            print(f"  {name}: {wall:.2f} s wall, {used:.2f} s CPU", file=sys.stderr)
    parse = statistics.median(times["read + parse (C loader)"])
    parse_cpu = statistics.median(cpu["read + parse (C loader)"])
    print(f"{project.name}: {sum(1 for _ in (project / 'terms').glob('[!_]*.yaml'))} term files, {args.repeat} runs")
    print("| Step | Median wall s | Range s | ÷ parse | Median CPU s | ÷ parse (CPU) |")
    print("|---|---:|---:|---:|---:|---:|")
    medians = {}
    for name in names:
        median, median_cpu = statistics.median(times[name]), statistics.median(cpu[name])
        medians[name] = {"wall_s": median, "cpu_s": median_cpu}
        print(
            f"| {name} | {median:.2f} | {min(times[name]):.2f}–{max(times[name]):.2f} | {median / parse:.2f}x "
            f"| {median_cpu:.2f} | {median_cpu / parse_cpu:.2f}x |"
        )
    if args.json:
        data = {"medians": medians, "wall_s": times, "cpu_s": cpu}
        args.json.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
