"""The same pages built by other site generators: the references a user would compare against.

    python benchmarks/engines.py YARDSTICK [--dictionary PROJECT] [--repeat 3] [--out FILE]

YARDSTICK is a rendered yardstick project (``benchmarks/yardstick.py --kind rendered``, or
``benchmarks/out/work/<size>/yardstick-rendered`` after ``benchmarks/run.py``): every page
of the dictionary's site as ordinary Markdown with MkDocs + Material settings. It is built,
one after the other in rotating order, by:

* ``mkdocs``: ``python -m mkdocs build`` (MkDocs 1.6 + Material, the yardstick itself);
* ``zensical``: ``zensical build`` on the same ``mkdocs.yml`` and ``docs/`` (Material's
  successor, Rust with Python extensions), when installed; cold: its own cache
  (``.cache/`` in the project) is removed before each build;
* ``hugo``: the same Markdown files as a Hugo site (front matter kept, raw HTML allowed)
  with a bare layout that prints the title and the content, when ``hugo`` is on PATH.
  Hugo reads neither Material's theme nor pymdown-extensions' syntax, so it does less
  work per page: a floor for what a compiled generator costs, not the same site.

With ``--dictionary`` (the project the yardstick was written from), the dictionary itself is
built beside them: cold (its ``.cache/nvdict`` removed first) and right after, with one
term's definition one sentence longer, warm.

Each build is a child process (wall time around it, CPU time its own, ``os.wait4``).
Prints medians and their ratios to ``mkdocs``; only ratios within one run mean anything
on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
from pathlib import Path

from check_speed import timed

HUGO_CONFIG = """\
baseURL = "https://example.org/"
title = "Network Virtualization Dictionary (Hugo reference build)"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[markup.goldmark.renderer]
unsafe = true
"""
HUGO_LAYOUT = "<!doctype html><html><head><title>{{ .Title }}</title></head><body>{{ .Content }}</body></html>\n"


def hugo_site(yardstick: Path, out: Path) -> Path:
    """The yardstick's Markdown pages as a Hugo site in ``out`` (index.md pages become _index.md)."""
    shutil.rmtree(out, ignore_errors=True)
    content = out / "content"
    for source in sorted((yardstick / "docs").rglob("*.md")):
        relative = source.relative_to(yardstick / "docs")
        if relative.name == "index.md":
            relative = relative.with_name("_index.md")
        target = content / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
    (out / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name in ("single.html", "list.html"):
        layout = out / "layouts" / "_default" / name
        layout.parent.mkdir(parents=True, exist_ok=True)
        layout.write_text(HUGO_LAYOUT, encoding="utf-8")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("yardstick", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dictionary", type=Path, help="also build this dictionary project, cold and warm")
    parser.add_argument("--out", type=Path, help="also write the medians here (JSON)")
    args = parser.parse_args()
    yardstick = args.yardstick.resolve()
    work = yardstick.parent / f"{yardstick.name}-engines"
    work.mkdir(exist_ok=True)
    engines: dict[str, tuple[list[str], Path]] = {
        "mkdocs": ([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(work / "site-mkdocs")], yardstick)
    }
    zensical = shutil.which("zensical") or str(Path(sys.executable).parent / "zensical")
    if Path(zensical).exists():
        engines["zensical"] = ([zensical, "build"], yardstick)
    if shutil.which("hugo"):
        site = hugo_site(yardstick, work / "hugo")
        engines["hugo"] = (["hugo", "--quiet", "--destination", str(work / "site-hugo")], site)
    dictionary = args.dictionary.resolve() if args.dictionary else None
    if dictionary is not None:
        build = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(work / "site-dictionary")]
        engines["dictionary"] = (build, dictionary)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in engines}
    if dictionary is not None:
        times["dictionary, one term changed"] = []
    names = list(engines)
    for round_number in range(args.repeat):
        order = names[round_number % len(names) :] + names[: round_number % len(names)]
        for name in order:
            command, cwd = engines[name]
            if name == "dictionary":
                shutil.rmtree(cwd / ".cache" / "nvdict", ignore_errors=True)
            if name == "zensical":
                shutil.rmtree(cwd / ".cache", ignore_errors=True)  # Zensical keeps its own cache there
            wall, cpu = timed(command, cwd=cwd)
            times[name].append((wall, cpu))
            print(f"{name:9} run {round_number + 1}/{args.repeat}: {wall:7.1f} s wall, {cpu:7.1f} s CPU", flush=True)
            if name == "dictionary":
                term = sorted(p for p in (cwd / "terms").glob("*.yaml") if not p.name.startswith("_"))[0]
                text = term.read_text(encoding="utf-8")
                term.write_text(text.replace("\ndefinition: |-\n", f"\ndefinition: |-\n  Edit {round_number}.\n", 1))
                wall, cpu = timed(command, cwd=cwd)
                term.write_text(text, encoding="utf-8")
                times["dictionary, one term changed"].append((wall, cpu))
                print(f"warm      run {round_number + 1}/{args.repeat}: {wall:7.1f} s wall, {cpu:7.1f} s CPU")
    medians = {
        name: {"wall": statistics.median(w for w, _ in runs), "cpu": statistics.median(c for _, c in runs)}
        for name, runs in times.items()
    }
    base = medians["mkdocs"]
    print("\n| Engine | Wall s | CPU s | Wall ÷ MkDocs | CPU ÷ MkDocs |\n|---|---:|---:|---:|---:|")
    for name, found in medians.items():
        print(
            f"| {name} | {found['wall']:.1f} | {found['cpu']:.1f} | "
            f"{found['wall'] / base['wall']:.2f}x | {found['cpu'] / base['cpu']:.2f}x |"
        )
    if args.out:
        args.out.write_text(json.dumps(medians, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
