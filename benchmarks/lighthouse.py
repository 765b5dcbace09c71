"""Lighthouse scores of a built site, served gzipped, as a phone on a slow network sees it.

    python benchmarks/lighthouse.py SITE_DIR [SITE_DIR ...] [--runs 3] [--lighthouse DIR] [--page /xdp/] [--json F]

Serves SITE_DIR on 127.0.0.1 (a free port) with a small threaded HTTP server that
gzips text responses when the client accepts it (as a static host would), then runs
Lighthouse 12 (mobile form factor, default simulated throttling) with Debian's
Chromium on each page. Lighthouse comes from npm: ``npm i -E lighthouse@12.2.3``
into DIR (``--lighthouse``); without DIR it is installed once into a temporary
directory. Node 20 runs it; ``CHROME_PATH`` defaults to /usr/bin/chromium.

Prints one line per site and page: the four category scores, FCP, LCP, TBT, CLS and the
bytes transferred of the median run (by Performance score; ``--runs``, Lighthouse's own
advice for noisy machines), with the spread of Performance scores, and (``--json``) writes
every run to a file. Given several sites (say, before and after a change), the runs
alternate between them, so that a busy machine weighs on each alike.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

LIGHTHOUSE_VERSION = "12.2.3"
DEFAULT_PAGES = ["/", "/v/", "/xdp/", "/compositions/production-kubernetes-with-cilium/"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run"
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".txt", ".xml", ".map")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, text ones gzipped for clients that accept it; no logging."""

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the address with a slash
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in COMPRESSIBLE):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        return _Body(body)

    def log_message(self, format: str, *args: object) -> None:
        return


class _Body:
    """What send_head returns: a readable, closable body."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        return


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """The site served on a free local port; yields its base URL."""
    handler = functools.partial(GzipHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def lighthouse_cli(directory: Path | None) -> Path:
    """Lighthouse's CLI script, installed with npm into ``directory`` (or a temporary one) if missing."""
    if directory is None:
        directory = Path(tempfile.gettempdir()) / f"nvd-lighthouse-{LIGHTHOUSE_VERSION}"
    cli = directory / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.is_file():
        npm = shutil.which("npm")
        if npm is None:
            raise SystemExit("lighthouse.py: npm not found; install Node 20 (apt-get install nodejs npm)")
        directory.mkdir(parents=True, exist_ok=True)
        subprocess.run([npm, "i", "-E", f"lighthouse@{LIGHTHOUSE_VERSION}"], cwd=directory, check=True)
    return cli


def audit(cli: Path, url: str) -> dict[str, Any]:
    """One Lighthouse run (mobile, simulated throttling): scores and key metrics."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
        command = [
            "node",
            str(cli),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
        ]
        subprocess.run(command, env=env, check=True, timeout=300)
        data = json.loads(report.read_text(encoding="utf-8"))
    audits = data["audits"]
    failed = sorted(
        key
        for key, value in audits.items()
        if value.get("score") is not None and value["score"] < 1 and value.get("scoreDisplayMode") == "binary"
    )
    return {
        "url": url,
        "scores": {name: round(100 * (data["categories"][name]["score"] or 0)) for name in CATEGORIES},
        "fcp_ms": round(audits["first-contentful-paint"]["numericValue"]),
        "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
        "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
        "cls": round(audits["cumulative-layout-shift"]["numericValue"], 3),
        "bytes": round(audits["total-byte-weight"]["numericValue"]),
        "failed": failed,
    }


def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median Performance score."""
    ordered = sorted(runs, key=lambda run: run["scores"]["performance"])
    return ordered[len(ordered) // 2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sites", type=Path, nargs="+", help="built sites (mkdocs build -d SITE_DIR)")
    parser.add_argument("--lighthouse", type=Path, help="directory with node_modules/lighthouse")
    parser.add_argument("--page", action="append", help="a path to audit (repeatable)")
    parser.add_argument("--runs", type=int, default=3, help="runs per page and site (the median is shown)")
    parser.add_argument("--json", type=Path, help="write every run here")
    args = parser.parse_args(argv)
    for site in args.sites:
        if not (site / "index.html").is_file():
            print(f"lighthouse.py: {site}/index.html not found; build the site first", file=sys.stderr)
            return 2
    cli = lighthouse_cli(args.lighthouse)
    report: dict[str, dict[str, list[dict[str, Any]]]] = {str(site): {} for site in args.sites}
    with ExitStack() as stack:
        bases = {str(site): stack.enter_context(serve(site)) for site in args.sites}
        for page in args.page or DEFAULT_PAGES:
            for _ in range(args.runs):
                for site, base in bases.items():
                    result = audit(cli, base + page)
                    result["url"] = page
                    report[site].setdefault(page, []).append(result)
            for site in bases:
                runs = report[site][page]
                best = median_run(runs)
                spread = sorted(run["scores"]["performance"] for run in runs)
                scores = " ".join(f"{name}={value}" for name, value in best["scores"].items())
                print(
                    f"{site} {page}: {scores} (performance runs {spread}) FCP={best['fcp_ms']}ms "
                    f"LCP={best['lcp_ms']}ms TBT={best['tbt_ms']}ms CLS={best['cls']} bytes={best['bytes']} "
                    f"failed={','.join(best['failed']) or '-'}",
                    flush=True,
                )
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
