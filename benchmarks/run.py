"""Build time, memory and output size of the dictionary against plain MkDocs, from 100 to 10,000 terms.

    python benchmarks/run.py [--sizes 100,1000,10000] [--repeat N] [--no-real] [--seed 1] [--source DIR]

The code and terms of the repository (or of ``--source``) are copied once, at the start,
to benchmarks/out/work/source: every build of the run uses that snapshot, whatever
changes in the repository meanwhile. For each size N a synthetic project of N terms is
written (benchmarks/generate.py); the real dictionary is one more case. Each case is
built three ways with ``python -m mkdocs build --strict``, one after the other, in
turn (the order rotates between repetitions):

* ``rendered``: the same content as the dictionary's site, written as ordinary Markdown
  files: every generated and hand-written page, same settings, no hooks or macros
  (benchmarks/yardstick.py --kind rendered);
* ``source``: only the source text of the terms as plain per-letter Markdown pages,
  without anything the generator derives (--kind source);
* ``dictionary``: the project itself, hooks and macros included, from a cold cache (its
  ``.cache/nvdict/`` removed first);
* ``warm``: right after each ``dictionary`` build, one term's definition gets one more
  sentence (a new one each time) and the project is built again with the cache the cold
  build left: what a contributor's next build, or CI's next run, costs.

Never with ``-q`` or ``--verbose``: in MkDocs 1.6.1 either turns off the anchor check.
Each build is a child process: its wall time is measured around it, its CPU time and
peak resident memory are its own (``os.wait4``). After each build: total size of the
site, size of ``search/search_index.json``, the largest HTML page. Results go to
benchmarks/out/ (gitignored) as JSON and a Markdown table, which is also printed.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

from generate import PROJECT_PARTS, ROOT, copy_parts, drop_unlisted_benchmarks_page, generate

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
KINDS = ("source", "rendered", "dictionary", "warm")
ROTATED = ("source", "rendered", "dictionary")
"""The builds whose order rotates; ``warm`` always follows ``dictionary``."""
PAGE_LIMIT = 500 * 1024
"""No HTML page should be larger than this at 10,000 terms."""
MEMORY_LIMIT = 1024 * 1024 * 1024
RATIO_TARGET = 1.2
"""Cold build of the dictionary against the rendered yardstick of the same content."""
WARM_TARGET = 0.25
"""Build after one changed term against the cold build."""
INDEX_TARGET = 0.75
"""'Well under' the yardstick's search index: at most this fraction of it."""


@dataclass
class Build:
    """One ``mkdocs build --strict`` and what it produced."""

    wall_s: float
    peak_rss_bytes: int
    user_s: float
    sys_s: float
    reported_s: float | None
    """MkDocs' own "Documentation built in" figure (excludes start-up and config)."""
    site_bytes: int = 0
    files: int = 0
    html_pages: int = 0
    search_index_bytes: int = 0
    largest_page: str = ""
    largest_page_bytes: int = 0
    pages_over_limit: int = 0


@dataclass
class Case:
    label: str
    terms: int
    aliases: int
    builds: dict[str, list[Build]] = field(default_factory=lambda: {kind: [] for kind in KINDS})
    check_s: float | None = None
    """``python -m nvdict check`` alone, for comparison with the build."""
    notes: list[str] = field(default_factory=list)
    """What could not be measured as planned, and what was measured instead."""


def run_measured(command: list[str], log: Path, cwd: Path | None = None, **env: str) -> tuple[float, Any, int]:
    """Run ``command``; its wall time, its own rusage and its exit status. Output goes to ``log``."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}
    with log.open("w", encoding="utf-8") as output:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, cwd=cwd, env=environment)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
    return wall, usage, os.waitstatus_to_exitcode(status)


def build(project: Path, site: Path, log: Path) -> Build:
    """``mkdocs build --strict`` of ``project`` into ``site``, measured."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)]
    wall, usage, status = run_measured(command, log, NVDICT_CACHE_DIR="")
    output = log.read_text(encoding="utf-8", errors="replace")
    if status != 0:
        raise SystemExit(f"build of {project} failed ({status}); see {log}:\n{output[-3000:]}")
    reported = re.search(r"Documentation built in ([0-9.]+) seconds", output)
    result = Build(
        wall_s=wall,
        peak_rss_bytes=usage.ru_maxrss * 1024,
        user_s=usage.ru_utime,
        sys_s=usage.ru_stime,
        reported_s=float(reported.group(1)) if reported else None,
    )
    measure_site(site, result)
    return result


def measure_site(site: Path, result: Build) -> None:
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        result.site_bytes += size
        result.files += 1
        if path.suffix == ".html":
            result.html_pages += 1
            result.pages_over_limit += size > PAGE_LIMIT
            if size > result.largest_page_bytes:
                result.largest_page_bytes = size
                result.largest_page = path.relative_to(site).as_posix()
    index = site / "search" / "search_index.json"
    result.search_index_bytes = index.stat().st_size if index.exists() else 0


def copy_real(project: Path, source: Path = ROOT) -> Path:
    """A copy of a dictionary with its own terms (and generator), so that nothing is written into ``source``."""
    if project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True)
    copy_parts(source, project, (*PROJECT_PARTS, "terms"))
    drop_unlisted_benchmarks_page(project)
    return project


def write_yardstick(project: Path, out: Path, kind: str, log: Path, scripts: Path = HERE) -> dict[str, int] | None:
    """Run ``scripts``/yardstick.py with the project's own generator first on the path; the counts it prints.

    None when it fails (yardstick.py may lag behind a change of the generator's layout).
    """
    command = [sys.executable, str(scripts / "yardstick.py"), str(project), "--out", str(out), "--kind", kind]
    _, _, status = run_measured(command, log, PYTHONPATH=str(project))
    output = log.read_text(encoding="utf-8", errors="replace")
    if status != 0:
        print(f"writing the {kind} yardstick of {project} failed; see {log}: {output.strip().splitlines()[-1]}")
        return None
    return json.loads(output.strip().splitlines()[-1])


def old_yardstick(
    label: str, size: int | None, base: Path, seed: int, kind: str, old: Path
) -> tuple[dict[str, int] | None, Path]:
    """The yardstick written by an older checkout ``old`` (its generate.py, yardstick.py and generator)."""
    project = base / "old-project"
    if not project.exists():
        if size is None:
            copy_real(project, old)
        else:
            command = [sys.executable, str(old / "benchmarks" / "generate.py"), str(size), "--out", str(project)]
            command += ["--seed", str(seed), "--source", str(old)]
            _, _, status = run_measured(command, base / "old-generate.log")
            if status != 0:
                return None, project
    out = base / f"yardstick-{kind}-old"
    return write_yardstick(project, out, kind, base / f"write-{kind}-old.log", old / "benchmarks"), out


def precompile(project: Path) -> None:
    """Write the bytecode of the project's own Python code, as its first run on any machine would.

    With PYTHONDONTWRITEBYTECODE set (as on some CI machines), every build would compile
    nvdict/ and hooks/ again, a cost the yardsticks, which run no project code, never pay.
    """
    for part in ("nvdict", "hooks"):
        if (project / part).is_dir():
            subprocess.run([sys.executable, "-m", "compileall", "-q", str(project / part)], check=True)


def run_case(
    label: str, size: int | None, work: Path, seed: int, repeat: int, source: Path, old: Path | None = None
) -> Case:
    started = time.perf_counter()
    base = work / label
    project = copy_real(base / "project", source) if size is None else generate(size, base / "project", seed, source)
    precompile(project)
    sites = {"dictionary": project}
    notes = []
    found: dict[str, int] | None = None
    for kind in ("source", "rendered"):
        counts = write_yardstick(project, base / f"yardstick-{kind}", kind, base / f"write-{kind}.log")
        sites[kind] = base / f"yardstick-{kind}"
        found = found or counts
        if counts is None and old is not None:
            counts, sites[kind] = old_yardstick(label, size, base, seed, kind, old)
            notes.append(f"{kind} yardstick from {old.name} (the current yardstick.py fails on this generator)")
        if counts is None:
            del sites[kind]
            notes.append(f"{kind} yardstick not measured: yardstick.py fails")
    terms = sum(1 for path in (project / "terms").glob("*.yaml") if not path.name.startswith("_"))
    case = Case(label, found["terms"] if found else terms, found["aliases"] if found else 0)
    case.notes = notes
    print(f"[{label}] {case.terms} terms, {case.aliases} aliases written in {time.perf_counter() - started:.1f} s")
    wall, _, status = run_measured(
        [sys.executable, "-m", "nvdict", "check", "--root", str(project)], base / "check.log", cwd=project
    )
    case.check_s = wall if status == 0 else None
    for index in range(repeat):
        # Rotate the order, so that no build always runs first on a cold machine.
        for rotated in [kind for kind in ROTATED[index % 3 :] + ROTATED[: index % 3] if kind in sites]:
            for kind in (rotated, "warm") if rotated == "dictionary" else (rotated,):
                if kind == "dictionary":
                    shutil.rmtree(project / ".cache", ignore_errors=True)
                elif kind == "warm":
                    edit_one_term(project, index)
                result = build(sites[rotated], base / f"site-{kind}", base / f"build-{kind}-{index}.log")
                case.builds[kind].append(result)
                print(
                    f"[{label}] {kind:10} run {index + 1}/{repeat}: {result.wall_s:6.1f} s, "
                    f"{result.peak_rss_bytes / 2**20:5.0f} MB, largest page {result.largest_page_bytes / 1024:.0f} KB",
                    flush=True,
                )
    return case


def edit_one_term(project: Path, index: int) -> None:
    """Add a sentence to the definition of the project's middle term (as a contributor's edit would)."""
    files = sorted(p for p in (project / "terms").glob("*.yaml") if not p.name.startswith("_"))
    path = files[len(files) // 2]
    text = path.read_text(encoding="utf-8")
    for marker in ("\ndefinition: |-\n", "\ndefinition: |\n", "\ndefinition: >-\n", "\ndefinition: >\n"):
        if marker in text:
            sentence = f"  Edited for benchmark run {index + 1}, which measures a build after one change.\n"
            path.write_text(text.replace(marker, marker + sentence, 1), encoding="utf-8")
            return
    raise SystemExit(f"{path}: no block definition to edit")


# ---------------------------------------------------------------- report


def mb(value: float) -> str:
    return f"{value / 2**20:.1f}"


def summary(builds: list[Build]) -> dict[str, Any]:
    last = builds[-1]
    reported = [b.reported_s for b in builds if b.reported_s is not None]
    return {
        "wall_s": statistics.median(b.wall_s for b in builds),
        "wall_s_all": [b.wall_s for b in builds],
        "wall_min_s": min(b.wall_s for b in builds),
        "cpu_s": statistics.median(b.user_s + b.sys_s for b in builds),
        "peak_rss_bytes": statistics.median(b.peak_rss_bytes for b in builds),
        "reported_s": statistics.median(reported) if reported else None,
        "site_bytes": last.site_bytes,
        "html_pages": last.html_pages,
        "search_index_bytes": last.search_index_bytes,
        "largest_page": last.largest_page,
        "largest_page_bytes": last.largest_page_bytes,
        "pages_over_limit": last.pages_over_limit,
    }


RATIO_KEYS = (
    "wall_s",
    "wall_min_s",
    "cpu_s",
    "peak_rss_bytes",
    "site_bytes",
    "search_index_bytes",
    "largest_page_bytes",
)


def analyse(cases: list[Case]) -> dict[str, Any]:
    rows = []
    for case in cases:
        row: dict[str, Any] = {"label": case.label, "terms": case.terms, "aliases": case.aliases}
        row["check_s"] = case.check_s
        for kind in KINDS:
            row[kind] = summary(case.builds[kind]) if case.builds.get(kind) else None
        row["notes"] = case.notes
        for yardstick in ("source", "rendered"):
            row[f"ratio_{yardstick}"] = (
                {
                    key: row["dictionary"][key] / row[yardstick][key] if row[yardstick][key] else None
                    for key in RATIO_KEYS
                }
                if row[yardstick]
                else None
            )
        row["ratio_warm"] = (
            {key: row["warm"][key] / row["dictionary"][key] for key in ("wall_s", "wall_min_s", "cpu_s")}
            if row["warm"]
            else None
        )
        rows.append(row)
    by_terms = {row["terms"]: row for row in rows if row["label"] != "real"}
    growth: dict[str, Any] = {}
    for small, large in ((1000, 10000), (100, 1000)):
        if small in by_terms and large in by_terms:
            growth[f"{small}->{large}"] = {
                kind: growth_of(by_terms[small][kind], by_terms[large][kind], large / small)
                for kind in KINDS
                if by_terms[small][kind] and by_terms[large][kind]
            }
    return {"rows": rows, "growth": growth, "targets": targets(rows, growth)}


def growth_of(small: dict[str, Any], large: dict[str, Any], factor: float) -> dict[str, float]:
    ratio = large["wall_s"] / small["wall_s"]
    return {
        "wall_ratio": ratio,
        "exponent": math.log(ratio) / math.log(factor),
        "cpu_ratio": large["cpu_s"] / small["cpu_s"],
        "memory_ratio": large["peak_rss_bytes"] / small["peak_rss_bytes"],
        "site_ratio": large["site_bytes"] / small["site_bytes"],
    }


def targets(rows: list[dict[str, Any]], growth: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for row in rows:
        if row["ratio_rendered"] is None:
            continue
        ratio = row["ratio_rendered"]["wall_s"]
        found.append(
            {
                "target": f"{row['label']}: cold build within {RATIO_TARGET}x the rendered yardstick",
                "value": f"{ratio:.2f}x (CPU {row['ratio_rendered']['cpu_s']:.2f}x; "
                f"fastest builds {row['ratio_rendered']['wall_min_s']:.2f}x)",
                "met": ratio <= RATIO_TARGET,
            }
        )
        if row["ratio_warm"]:
            warm = row["ratio_warm"]
            found.append(
                {
                    "target": f"{row['label']}: build after one changed term within {WARM_TARGET}x the cold build",
                    "value": f"{warm['wall_s']:.2f}x ({row['warm']['wall_s']:.1f} s; CPU {warm['cpu_s']:.2f}x; "
                    f"fastest builds {warm['wall_min_s']:.2f}x)",
                    "met": warm["wall_s"] <= WARM_TARGET,
                }
            )
    for row in (row for row in rows if row["terms"] >= 10000):
        d, y = row["dictionary"], row["source"]
        found += [
            {
                "target": f"{row['label']}: peak memory under 1 GB",
                "value": f"{mb(d['peak_rss_bytes'])} MB",
                "met": d["peak_rss_bytes"] < MEMORY_LIMIT,
            },
            {
                "target": f"{row['label']}: no HTML page over 500 KB",
                "value": f"largest {d['largest_page']} {d['largest_page_bytes'] / 1024:.0f} KB, "
                f"{d['pages_over_limit']} pages over",
                "met": d["pages_over_limit"] == 0,
            },
            {
                "target": f"{row['label']}: search index well under (<= {INDEX_TARGET}x) the source yardstick's",
                "value": f"{mb(d['search_index_bytes'])} MB vs {mb(y['search_index_bytes'])} MB "
                f"({d['search_index_bytes'] / y['search_index_bytes']:.2f}x)",
                "met": d["search_index_bytes"] <= INDEX_TARGET * y["search_index_bytes"],
            }
            if y
            else {
                "target": f"{row['label']}: search index size",
                "value": f"{mb(d['search_index_bytes'])} MB",
                "met": True,
            },
        ]
    if "1000->10000" in growth:
        g = growth["1000->10000"]["dictionary"]
        found.append(
            {
                "target": "1,000 -> 10,000 terms: no worse than linear (wall ratio <= 10)",
                "value": f"{g['wall_ratio']:.1f}x (exponent {g['exponent']:.2f}; CPU {g['cpu_ratio']:.1f}x)",
                "met": g["wall_ratio"] <= 10,
            }
        )
    return found


def markdown(analysis: dict[str, Any], meta: dict[str, Any]) -> str:
    lines = [
        f"Run {meta['date']} on {meta['machine']}; revision {meta.get('revision', '?')}; "
        f"Python {meta['python']}, MkDocs {meta['mkdocs']}, Material {meta['material']}; "
        f"median of {meta['repeat']} build(s) per row.\n",
        "| Case | Terms (+aliases) | Build | Wall s | CPU s | Peak MB | Site MB | HTML pages | Search index MB "
        "| Largest page KB | Pages > 500 KB |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    for row in analysis["rows"]:
        for kind in KINDS:
            s = row[kind]
            if s is None:
                continue
            lines.append(
                f"| {row['label']} | {row['terms']:,} (+{row['aliases']:,}) | {kind} | {s['wall_s']:.1f} "
                f"| {s['cpu_s']:.1f} | {mb(s['peak_rss_bytes'])} | {mb(s['site_bytes'])} | {s['html_pages']:,} "
                f"| {mb(s['search_index_bytes'])} | {s['largest_page_bytes'] / 1024:,.0f} ({s['largest_page']}) "
                f"| {s['pages_over_limit']} |"
            )
        for yardstick in ("source", "rendered"):
            r = row[f"ratio_{yardstick}"]
            if r is None:
                continue
            lines.append(
                f"| {row['label']} | | **dictionary / {yardstick}** | **{r['wall_s']:.2f}x** | {r['cpu_s']:.2f}x "
                f"| {r['peak_rss_bytes']:.2f}x | {r['site_bytes']:.2f}x | | {r['search_index_bytes']:.2f}x "
                f"| {r['largest_page_bytes']:.2f}x | |"
            )
        if row["ratio_warm"]:
            lines.append(
                f"| {row['label']} | | **warm / dictionary** | **{row['ratio_warm']['wall_s']:.2f}x** "
                f"| {row['ratio_warm']['cpu_s']:.2f}x | | | | | | |"
            )
    if analysis["growth"]:
        lines += ["", "| Growth | Build | Wall ratio | Exponent (1 = linear) | CPU ratio | Memory ratio | Site ratio |"]
        lines.append("|---|---|---:|---:|---:|---:|---:|")
        for span, entry in analysis["growth"].items():
            for kind, g in entry.items():
                lines.append(
                    f"| {span} terms | {kind} | {g['wall_ratio']:.1f}x | {g['exponent']:.2f} | {g['cpu_ratio']:.1f}x "
                    f"| {g['memory_ratio']:.1f}x | {g['site_ratio']:.1f}x |"
                )
    notes = [f"{row['label']}: {note}" for row in analysis["rows"] for note in row.get("notes", [])]
    if notes:
        lines += ["", *(f"- {note}" for note in notes)]
    checks = [row for row in analysis["rows"] if row["check_s"]]
    if checks:
        lines += ["", "`python -m nvdict check` alone (read, validate, derive; no pages): "]
        lines[-1] += ", ".join(f"{row['label']} {row['check_s']:.1f} s" for row in checks) + "."
    lines += ["", "| Target | Measured | Met |", "|---|---|---|"]
    lines += [f"| {t['target']} | {t['value']} | {'yes' if t['met'] else '**no**'} |" for t in analysis["targets"]]
    return "\n".join(lines) + "\n"


def git_revision(source: Path) -> str:
    """The commit of ``source`` and whether it had local changes (read-only git commands)."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=source, capture_output=True, text=True)
        status = subprocess.run(["git", "status", "--porcelain"], cwd=source, capture_output=True, text=True)
    except OSError:
        return "unknown"
    if head.returncode != 0:
        return "unknown"
    changed = [line for line in status.stdout.splitlines() if not line[3:].startswith("benchmarks/")]
    return head.stdout.strip() + (" with local changes" if changed else "")


def machine() -> str:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        model = found.group(1).strip() if found else ""
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        found = re.search(r"MemTotal:\s*(\d+) kB", meminfo.read_text())
        memory = f", {int(found.group(1)) / 2**20:.0f} GB RAM" if found else ""
    return f"{os.cpu_count()} cores {model}{memory}, {platform.system()} {platform.release()}".replace("  ", " ")


def load_cases(path: Path) -> tuple[list[Case], dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    cases = []
    for raw in data["cases"]:
        builds = {kind: [Build(**b) for b in raw["builds"].get(kind, [])] for kind in KINDS}
        cases.append(Case(raw["label"], raw["terms"], raw["aliases"], builds, raw["check_s"], raw.get("notes", [])))
    return cases, data["meta"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="comma-separated term counts")
    parser.add_argument("--repeat", type=int, help="builds per case (default: 3 up to 1,000 terms, else 1)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-real", action="store_true", help="skip the real dictionary")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--source", type=Path, default=ROOT, help="dictionary to benchmark (default: this repository)")
    parser.add_argument("--report", type=Path, help="only print the table again from a results JSON file")
    parser.add_argument(
        "--old-yardstick",
        type=Path,
        help="an older checkout whose generate.py and yardstick.py write the yardsticks when this one's fail",
    )
    args = parser.parse_args(argv)
    if args.report:
        cases, meta = load_cases(args.report)
        print(markdown(analyse(cases), meta))
        return 0
    sizes = [int(size.replace("_", "")) for size in args.sizes.split(",") if size.strip()]
    work = args.out / "work"
    work.mkdir(parents=True, exist_ok=True)
    # One snapshot of the code and terms for the whole run: every build uses the same generator,
    # even if the repository changes while the benchmark runs.
    source = copy_real(work / "source", args.source.resolve())
    revision = git_revision(args.source.resolve())
    plan: list[tuple[str, int | None]] = [] if args.no_real else [("real", None)]
    plan += [(str(size), size) for size in sizes]
    cases = []
    started = time.perf_counter()
    for label, size in plan:
        repeat = args.repeat or (3 if (size or 0) <= 1000 else 1)
        cases.append(run_case(label, size, work, args.seed, repeat, source, args.old_yardstick))
    meta = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "python": platform.python_version(),
        "mkdocs": version("mkdocs"),
        "material": version("mkdocs-material"),
        "markdown": version("markdown"),
        "seed": args.seed,
        "source": str(args.source.resolve()),
        "revision": revision,
        "repeat": args.repeat or "3 (<= 1,000 terms) / 1",
        "total_s": time.perf_counter() - started,
    }
    analysis = analyse(cases)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    data = {"meta": meta, **analysis, "cases": [asdict(case) for case in cases]}
    table = markdown(analysis, meta)
    for name in (f"results-{stamp}", "latest"):
        (args.out / f"{name}.json").write_text(json.dumps(data, indent=1), encoding="utf-8")
        (args.out / f"{name}.md").write_text(table, encoding="utf-8")
    print()
    print(table)
    print(f"written to {args.out / f'results-{stamp}.json'} and .md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
