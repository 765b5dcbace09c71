"""Command line: ``nvdict check``, ``new``, ``build``, ``export``, ``define``, ``search`` and more.

Exit status: 0 success; 1 problems found (check, build) or nothing found (define,
search); 2 a request refused
(bad arguments, a name that exists); 3 an internal error, which is reported
in one line (``NVDICT_DEBUG=1`` shows the traceback). Bad input in a term
file is never an internal error: it is a problem with a position.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from nvdict.problems import Problem, plural, summarize

if TYPE_CHECKING:
    from rich.console import Console

    from nvdict.model import Dictionary

EXIT_OK, EXIT_PROBLEMS, EXIT_REFUSED, EXIT_INTERNAL = 0, 1, 2, 3
SCHEMA = Path("terms") / "term.schema.json"


class Refused(Exception):
    """A request that cannot be carried out; the message says why."""


def find_root(given: str | None) -> Path:
    """The dictionary's root: ``given``, or the nearest directory upwards holding terms/term.schema.json."""
    if given is not None:
        root = Path(given)
        if not (root / SCHEMA).is_file():
            raise Refused(f"{root} is not the dictionary's root: it has no {SCHEMA.as_posix()}")
        return root.resolve()
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if (candidate / SCHEMA).is_file():
            return candidate
    raise Refused(f"no {SCHEMA.as_posix()} here or in a parent directory: run inside the repository or pass --root")


def print_problems(problems: list[Problem], root: Path, output_format: str) -> None:
    """Every problem, sorted by file and position; GitHub annotations too when asked."""
    ordered = sorted(problems)
    if output_format == "github":
        for problem in ordered:
            print(problem.github(root))
    for problem in ordered:
        print(problem.format(root))


# ---------------------------------------------------------------- check


def run_check(args: argparse.Namespace) -> int:
    """Validate every term file without building the site."""
    started = time.perf_counter()
    root = find_root(args.root)
    from nvdict.load import check

    dictionary, problems = check(root)
    elapsed = time.perf_counter() - started
    if problems or dictionary is None:
        print_problems(problems, root, args.format)
        print(f"\n{summarize(problems)}. Nothing was changed: fix them and run `python -m nvdict check` again.")
        return EXIT_PROBLEMS
    aliases = sum(len(term.aliases) for term in dictionary.terms.values())
    print(
        f"OK: {plural(len(dictionary.terms), 'term')}, {plural(aliases, 'alias', 'aliases')}, "
        f"{plural(len(dictionary.tables), 'table')} checked in {elapsed:.2f} s"
    )
    from datetime import date

    from nvdict.paragraphs import long_paragraph_warning
    from nvdict.review import stale_warning

    for warning in (stale_warning(dictionary, date.today()), long_paragraph_warning(dictionary)):
        if warning:
            print(warning, file=sys.stderr)  # a warning, not an error: the exit status stays 0
    return EXIT_OK


# ---------------------------------------------------------------- new


def run_new(args: argparse.Namespace) -> int:
    """Write terms/<id>.yaml from the schema, refusing names that exist."""
    from nvdict.scaffold import ScaffoldError, new_term

    root = find_root(args.root)
    try:
        path = new_term(root, args.name, args.id, args.category)
    except ScaffoldError as error:
        raise Refused(str(error)) from None
    shown = path.relative_to(root) if path.is_relative_to(root) else path
    print(f"created {shown.as_posix()}")
    print("next: replace every TODO (the comments say what goes where), then run `python -m nvdict check`")
    return EXIT_OK


# ---------------------------------------------------------------- build


def run_build(args: argparse.Namespace) -> int:
    """Check, build the site beside the old one, and swap it in only when the build succeeded."""
    root = find_root(args.root)
    site_dir = Path(args.site_dir).resolve() if args.site_dir else root / "site"
    refuse_output(root, site_dir, "--site-dir", args.site_dir or "site")
    from nvdict.load import check

    _, problems = check(root)
    if problems:
        print_problems(problems, root, args.format)
        print(f"\n{summarize(problems)}. Build stopped; {_site_state(site_dir)}.")
        return EXIT_PROBLEMS
    return build_site(root, site_dir, mkdocs_args=[])


def refuse_output(root: Path, target: Path, option: str, given: str) -> None:
    """Raise ``Refused`` when writing output to ``target`` could replace or delete the project's files."""
    from nvdict.layout import unsafe_output

    why = unsafe_output(root, target)
    if why:
        raise Refused(
            f"{option} {given} is refused: {why}, and the output folder is replaced as a whole. "
            "Nothing was built or deleted. Use a new or generated folder such as site/ or a folder outside "
            "the repository."
        )


def _site_state(site_dir: Path) -> str:
    return f"the site in {site_dir} was left as it was" if site_dir.exists() else "no site was written"


def build_site(root: Path, site_dir: Path, mkdocs_args: Sequence[str] = (), env: dict[str, str] | None = None) -> int:
    """Run ``mkdocs build --strict`` into a temporary sibling of ``site_dir``, then swap it into place.

    On any failure the temporary directory is removed and ``site_dir`` is untouched,
    so a failed build never leaves a half-written site.
    """
    if site_dir.exists() and not site_dir.is_dir():
        raise Refused(f"{site_dir} exists and is not a directory")
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.new-", dir=site_dir.parent))
    restore = _exit_on_sigterm()
    try:
        command = [sys.executable, "-m", "mkdocs", "build", "--strict"]  # no --quiet: it disables the anchor check
        command += ["--config-file", str(root / "mkdocs.yml"), "--site-dir", str(staging), *mkdocs_args]
        result = subprocess.run(
            command,
            cwd=root,
            capture_output=True,
            text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
            check=False,
        )
        if result.returncode != 0 or not (staging / "index.html").is_file():
            print(_mkdocs_errors(result.stdout + result.stderr))
            print(f"\nBuild failed; {_site_state(site_dir)}.")
            return EXIT_PROBLEMS
        swap_into_place(staging, site_dir)
    except BaseException:  # Ctrl-C or SIGTERM: the half-built site goes, the last good one stays
        print(f"\nBuild interrupted; {_site_state(site_dir)}.", file=sys.stderr)
        raise
    finally:
        restore()
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    print(f"built {site_dir}")
    return EXIT_OK


def _exit_on_sigterm() -> Callable[[], None]:
    """Make SIGTERM exit through ``finally`` blocks (status 143); returns the undo."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None  # signal handlers can only be set from the main thread

    def terminate(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, terminate)
    return lambda: signal.signal(signal.SIGTERM, previous)


def _mkdocs_errors(output: str) -> str:
    """MkDocs' own messages, without Python tracebacks."""
    kept: list[str] = []
    in_traceback = False
    for line in output.splitlines():
        if line.startswith("Traceback (most recent call last)"):
            in_traceback = True
            continue
        if in_traceback:
            if line.startswith((" ", "\t")) or not line.strip():
                continue
            in_traceback = False
        kept.append(line)
    return "\n".join(kept).strip() or "mkdocs build failed without a message"


def _exchange(first: Path, second: Path) -> bool:
    """Swap two directories in one atomic step (Linux renameat2); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    done = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange)
    return done == 0


def swap_into_place(staging: Path, site_dir: Path) -> None:
    """Make ``staging`` the new ``site_dir`` by renaming; the old site is removed afterwards."""
    if not site_dir.exists():
        os.rename(staging, site_dir)
        return
    if _exchange(staging, site_dir):
        shutil.rmtree(staging, ignore_errors=True)  # now holds the old site
        return
    old = site_dir.with_name(f".{site_dir.name}.old-{os.getpid()}")
    os.rename(site_dir, old)
    os.rename(staging, site_dir)
    shutil.rmtree(old, ignore_errors=True)


# ---------------------------------------------------------------- define, search


def _reading(args: argparse.Namespace) -> tuple[Dictionary, Console]:
    """The dictionary to read (``--root``, else the one nvdict ships with) and a console for stdout."""
    from rich.console import Console

    from nvdict import data_root
    from nvdict.load import load
    from nvdict.problems import DictionaryError

    root = find_root(args.root) if args.root else data_root()
    try:
        dictionary = load(root)
    except DictionaryError as error:
        found = summarize(error.problems)
        raise Refused(f"{root / 'terms'}: {found}; `nvdict check --root {root}` lists them") from None
    return dictionary, Console(highlight=False)


def _write(text: str) -> None:
    """``text`` on stdout; a reader that stops early (``| head``) is not an error."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit flush is quiet too


def _print_json(data: object) -> None:
    import json

    _write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _show(console: Console, draw: Callable[[], None]) -> None:
    """Draw on the terminal; when piped, the text without the spaces Rich pads lines with."""
    with console.capture() as captured:
        draw()
    text = captured.get()
    if not console.is_terminal:
        text = "".join(line.rstrip() + "\n" for line in text.splitlines())
    _write(text)


def run_define(args: argparse.Namespace) -> int:
    """Print the entry named NAME (any name, alias, acronym or id); offer close names when there is none."""
    from nvdict.export import entry_record
    from nvdict.terminal import find as find_entry
    from nvdict.terminal import print_entry, suggestions

    dictionary, console = _reading(args)
    query = " ".join(args.name)
    term = find_entry(dictionary, query)
    if term is not None:
        if args.json:
            _print_json(entry_record(dictionary, term))
        else:
            _show(console, lambda: print_entry(dictionary, term, console))
        return EXIT_OK
    close = suggestions(dictionary, query)
    if args.json:
        _print_json({"query": query, "found": False, "suggestions": [{"id": t.id, "name": t.name} for t in close]})
    else:
        hint = f" Did you mean: {', '.join(t.name for t in close)}?" if close else ""
        print(f"nvdict define: no entry is called {query!r}.{hint}", file=sys.stderr)
        print(f"Search the text with: nvdict search {query}", file=sys.stderr)
    return EXIT_PROBLEMS


def run_search(args: argparse.Namespace) -> int:
    """List the entries matching WORDS, best match first."""
    from nvdict.terminal import hit_record, print_hits, search

    dictionary, console = _reading(args)
    query = " ".join(args.words)
    hits = search(dictionary, query, args.limit)
    if args.json:
        _print_json({"query": query, "results": [hit_record(hit) for hit in hits]})
    elif hits:
        _show(console, lambda: print_hits(hits, console))
    else:
        print(f"nvdict search: no entry matches {query!r}", file=sys.stderr)
    return EXIT_OK if hits else EXIT_PROBLEMS


# ---------------------------------------------------------------- links


def run_links(args: argparse.Namespace) -> int:
    """List automatic links with their sentences, for a reviewer."""
    from nvdict.derive import derive
    from nvdict.links_report import as_yaml, changed_ids, format_link, report
    from nvdict.load import check

    root = find_root(args.root)
    dictionary, problems = check(root)
    if dictionary is None:
        print_problems(problems, root, "text")
        print(f"\n{summarize(problems)}: fix them first (`python -m nvdict check`).")
        return EXIT_PROBLEMS
    derive(dictionary)
    ids: set[str] | None = None
    if args.files or args.changed:
        ids = {Path(name).stem for name in args.files}
        if args.changed:
            try:
                ids |= changed_ids(root, args.changed)
            except (OSError, ValueError) as error:
                raise Refused(f"cannot list the files changed since {args.changed}: {error}") from None
    links = report(dictionary, ids)
    if args.yaml:
        print(as_yaml(links), end="")
        return EXIT_OK
    for link in links:
        print(format_link(link, dictionary.terms[link.source].source.relative_to(root)))
    print(
        f"{plural(len(links), 'automatic link')}"
        + ("" if ids is None else f" in or to {plural(len(ids), 'entry', 'entries')}")
    )
    return EXIT_OK


# ---------------------------------------------------------------- schema


def run_schema(args: argparse.Namespace) -> int:
    """Copy the categories of terms/_categories.yaml into terms/term.schema.json (for editors)."""
    from nvdict.structure import CATEGORIES_FILE, read_categories, schema_categories_problems, write_schema_categories

    root = find_root(args.root)
    categories, problems = read_categories(root / "terms" / CATEGORIES_FILE)
    if problems:
        print_problems(problems, root, "text")
        return EXIT_PROBLEMS
    if args.check:
        stale = schema_categories_problems(root / SCHEMA, categories)
        print_problems(stale, root, "text")
        print("the schema's categories are up to date" if not stale else "")
        return EXIT_PROBLEMS if stale else EXIT_OK
    changed = write_schema_categories(root / SCHEMA, categories)
    listed = plural(len(categories), "category", "categories")
    print(f"{'updated' if changed else 'unchanged'}: {SCHEMA.as_posix()} lists {listed}")
    return EXIT_OK


# ---------------------------------------------------------------- export


def run_export(args: argparse.Namespace) -> int:
    """Write the whole site as a static MkDocs project that needs no hooks and no macros plugin."""
    from nvdict.load import check
    from nvdict.static_export import ExportError, export_static

    root = find_root(args.root)
    _, problems = check(root)
    if problems:
        print_problems(problems, root, args.format)
        print(f"\n{summarize(problems)}. Nothing was exported.")
        return EXIT_PROBLEMS
    try:
        exported = export_static(root, Path(args.directory).resolve(), links=args.links)
    except ExportError as error:
        raise Refused(str(error)) from None
    print(
        f"wrote {exported.out}: {plural(exported.generated, 'generated page')} "
        f"({plural(exported.entries, 'entry page', 'entry pages')}), "
        f"{plural(exported.hand_written, 'hand-written page')} ({exported.expanded} with macros expanded); "
        f"links in raw HTML for {args.links}"
    )
    build = "zensical build" if args.links == "zensical" else "mkdocs build --strict"
    print(f"next: cd {exported.out} && {build}")
    return EXIT_OK


# ---------------------------------------------------------------- import


def run_import(args: argparse.Namespace) -> int:
    """Convert a folder of Hugo-style glossary entries into term files."""
    from nvdict.importer import import_folder

    root = find_root(args.root)
    return import_folder(root, Path(args.source), Path(args.into), args)


# ---------------------------------------------------------------- parser


def _add_root(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--root", metavar="DIR", help="the dictionary's repository (default: found from the current directory)"
    )


def _add_data_root(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--root", metavar="DIR", help="read the dictionary in DIR (default: the one this nvdict was installed with)"
    )


def _add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=("text", "github"),
        default="github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text",
        help="'github' adds ::error annotations for pull requests (the default inside GitHub Actions)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; each subcommand sets ``run``."""
    parser = argparse.ArgumentParser(prog="nvdict", description="Network Virtualization Dictionary tools.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="validate every term file without building the site")
    _add_root(check)
    _add_format(check)
    check.set_defaults(run=run_check)

    new = commands.add_parser("new", help="write a new term file from the schema, ready to fill in")
    new.add_argument("name", help='the name as engineers write it, e.g. "AF_XDP"')
    new.add_argument("--id", help="the id and file name (default: made from the name)")
    new.add_argument("--category", metavar="C", help="a category id from terms/term.schema.json")
    _add_root(new)
    new.set_defaults(run=run_new)

    build = commands.add_parser("build", help="check, then build the site; a failed build keeps the last good site")
    build.add_argument("--site-dir", metavar="DIR", help="where the site goes (default: site/ in the root)")
    _add_root(build)
    _add_format(build)
    build.set_defaults(run=run_build)

    define = commands.add_parser(
        "define", help="print an entry: any name, alias or acronym (exit 1 and close names if none)"
    )
    define.add_argument("name", nargs="+", help="e.g. vxlan, 'SR-IOV', af_xdp (case, spaces, - and _ ignored)")
    define.add_argument("--json", action="store_true", help="the entry as JSON (api/terms/<id>.json's format)")
    _add_data_root(define)
    define.set_defaults(run=run_define)

    search = commands.add_parser("search", help="list the entries matching some words, best first (exit 1 if none)")
    search.add_argument("words", nargs="+", help="words of a name, summary or definition")
    search.add_argument("--limit", type=int, default=20, metavar="N", help="at most N entries (default 20; 0: all)")
    search.add_argument("--json", action="store_true", help="the results as JSON")
    _add_data_root(search)
    search.set_defaults(run=run_search)
    links = commands.add_parser("links", help="list every automatic link with its sentence, for review")
    links.add_argument("files", nargs="*", metavar="FILE", help="only links in or to these term files")
    links.add_argument(
        "--changed", nargs="?", const="HEAD", metavar="REF", help="only links in or to entries changed since REF"
    )
    links.add_argument("--yaml", action="store_true", help="print YAML (the golden file's format)")
    _add_root(links)
    links.set_defaults(run=run_links)

    schema = commands.add_parser("schema", help="copy terms/_categories.yaml into the schema editors read")
    schema.add_argument("--check", action="store_true", help="only report whether the schema is up to date")
    _add_root(schema)
    schema.set_defaults(run=run_schema)

    export = commands.add_parser("export", help="write the site as a static MkDocs project: no hooks, no macros plugin")
    export.add_argument("directory", metavar="DIR", help="where the project goes (new, empty, or an earlier export)")
    export.add_argument(
        "--links",
        choices=("mkdocs", "zensical"),
        default="mkdocs",
        help="write links in raw HTML for this generator (default: mkdocs; Zensical resolves them per file)",
    )
    _add_root(export)
    _add_format(export)
    export.set_defaults(run=run_export)

    imp = commands.add_parser("import", help="convert a folder of Hugo-style glossary entries into term files")
    imp.add_argument("source", metavar="SRC_DIR", help="folder of *.md glossary entries")
    imp.add_argument("--into", default="terms", metavar="DIR", help="where term files are written (default: terms)")
    imp.add_argument("--source-url", default="", metavar="URL", help="address of SRC_DIR online, for attribution")
    imp.add_argument("--site", default="", metavar="URL", help="address that site-relative links resolve against")
    imp.add_argument("--glossary", default="", metavar="NAME", help="the glossary's name, for attribution")
    imp.add_argument("--licence", default="CC BY 4.0", metavar="TEXT", help="the glossary's licence")
    imp.add_argument("--categories", metavar="MAP", help="YAML mapping of the source's tags to category ids")
    imp.add_argument("--dry-run", action="store_true", help="report only; write nothing")
    _add_root(imp)
    imp.set_defaults(run=run_import)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except Refused as refused:
        print(f"nvdict {args.command}: {refused}", file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        if os.environ.get("NVDICT_DEBUG"):
            raise
        print(
            f"nvdict {args.command}: internal error ({type(error).__name__}: {error}). "
            "This is a bug in nvdict, not in your file: please report it (NVDICT_DEBUG=1 shows details).",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
