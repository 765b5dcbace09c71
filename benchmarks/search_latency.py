"""Time from typing a query to the first search result shown, in headless Chromium.

    python benchmarks/search_latency.py [--site benchmarks/out/work/10000/site-dictionary] [--runs 5]

Serves a built site on 127.0.0.1 (a free port) with Python's HTTP server and
drives Debian's Chromium through Playwright (tests/browser.py). Before any page
script runs, an init script wraps ``window.Worker`` so that the messages of
Material's search worker are timestamped with ``performance.now()``: READY (the
index is fetched and built) and RESULT. It also records every ``keyup`` in the
search box (Material starts a query on keyup) and, with a MutationObserver on
``.md-search-result__list``, every moment the list changes while it holds at
least one ``.md-search-result__item``.

Three figures per site:

* index: from navigation start to the worker's READY message, with the fetch of
  ``search_index.json`` (its size and its responseEnd) noted separately;
* warm query: the index is ready; the query is typed as a person would (80 ms
  between keys). Material sends the worker a QUERY for each keyup that changes the
  text and the worker answers each in turn, so the answer to the whole query is the
  RESULT matching the last QUERY. The time runs from the last keyup to the first
  change of the result list after that RESULT (the results for the whole query on
  screen); also from the first keyup to the first result list of any kind;
* cold query: on a freshly opened page, typing starts as soon as the search box
  exists, so the time to the first result includes loading the index.

The queries come from the first site's index (a three-letter prefix, an entry's
name, an alias, a hyphenated tool name, a phrase of prose) and are typed on every
site, so the dictionary and its yardsticks answer the same questions.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import importlib
import json
import random
import re
import statistics
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_SITE = HERE / "out" / "work" / "10000" / "site-dictionary"
KEY_DELAY_MS = 80
TARGET_MS = 1000

INIT_SCRIPT = """
(() => {
  const t = window.__nvdBench = {ready: null, queries: [], results: [], keyups: [], shown: []};
  const Native = window.Worker;
  window.Worker = class extends Native {
    constructor(url, options) {
      super(url, options);
      this.addEventListener("message", (event) => {
        const type = event.data && event.data.type;
        if (type === 1 && t.ready === null) t.ready = performance.now();  // READY
        if (type === 3) t.results.push(performance.now());                  // RESULT
      });
    }
    postMessage(message, ...rest) {
      if (message && message.type === 2) t.queries.push([performance.now(), message.data]);  // QUERY
      return super.postMessage(message, ...rest);
    }
  };
  document.addEventListener("keyup", (event) => {
    if (event.target && event.target.classList && event.target.classList.contains("md-search__input"))
      t.keyups.push(performance.now());
  }, true);
  document.addEventListener("DOMContentLoaded", () => {
    const list = document.querySelector(".md-search-result__list");
    if (!list) return;
    new MutationObserver(() => {
      if (list.querySelector(".md-search-result__item")) t.shown.push(performance.now());
    }).observe(list, {childList: true, subtree: true});
  });
})();
"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def chromium() -> Any:
    """tests/browser.py's launcher: Debian's /usr/bin/chromium, never a downloaded browser."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return importlib.import_module("tests.browser").browser()


def queries_for(site: Path) -> list[str]:
    """Queries a reader would type, from the site's index: a prefix, a name, an alias, a hyphenated
    tool name, and a phrase of ordinary prose that many entries contain."""
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    titles = [
        re.sub(r"<[^>]+>", "", d["title"]).strip() for d in docs if "#" in d.get("location", "") and d.get("title")
    ]
    names = sorted({title.split(" (also ")[0].strip() for title in titles})
    chooser = random.Random(7)
    name = chooser.choice([n for n in names if " " in n] or names)
    queries = [chooser.choice(names).split()[0][:3].lower(), name.lower()]
    aliased = sorted(t for t in titles if " (also " in t)
    if aliased:
        queries.append(chooser.choice(aliased).split(" (also ", 1)[1].split(",")[0].rstrip(")").lower())
    hyphenated = [n for n in names if "-" in n and " " not in n]
    if hyphenated:
        queries.append(chooser.choice(hyphenated).lower())
    queries.append("line rate")
    return queries


def open_search(page: Any) -> None:
    box = page.locator(".md-search__input").first
    box.click()
    box.fill("")


def timings(page: Any) -> dict[str, Any]:
    return page.evaluate("() => JSON.parse(JSON.stringify(window.__nvdBench))")


def index_load(page: Any, base: str) -> dict[str, Any]:
    page.goto(base)
    page.wait_for_function("() => window.__nvdBench && window.__nvdBench.ready !== null", timeout=300_000)
    resource = page.evaluate(
        """() => performance.getEntriesByType('resource')
              .filter(e => e.name.includes('search_index.json'))
              .map(e => ({responseEnd: e.responseEnd, bytes: e.decodedBodySize}))[0] || null"""
    )
    return {"ready_ms": timings(page)["ready"], "fetch": resource}


def warm_query(page: Any, query: str) -> dict[str, float]:
    open_search(page)
    page.wait_for_timeout(300)
    page.evaluate("() => { const t = window.__nvdBench; t.keyups = []; t.shown = []; t.queries = []; t.results = []; }")
    page.keyboard.type(query, delay=KEY_DELAY_MS)
    page.wait_for_function(
        """() => { const t = window.__nvdBench; const n = t.queries.length;
                   if (n === 0 || t.results.length < n) return false;
                   const answered = t.results[n - 1];
                   return t.shown.some(s => s >= answered); }""",
        timeout=120_000,
    )
    t = timings(page)
    last, first = t["keyups"][-1], t["keyups"][0]
    answered = t["results"][len(t["queries"]) - 1]
    return {
        "last_key_to_shown_ms": min(s for s in t["shown"] if s >= answered) - last,
        "last_key_to_worker_result_ms": answered - last,
        "worker_ms_for_whole_query": answered - t["queries"][-1][0],
        "queries_sent": len(t["queries"]),
        "first_key_to_first_shown_ms": min(s for s in t["shown"] if s >= first) - first,
    }


def cold_query(browser: Any, base: str, query: str) -> dict[str, float]:
    page = browser.new_page()
    page.add_init_script(INIT_SCRIPT)
    page.goto(base, wait_until="domcontentloaded")
    open_search(page)
    page.keyboard.type(query, delay=KEY_DELAY_MS)
    page.wait_for_function(
        """() => { const t = window.__nvdBench;
                   return t.ready !== null && t.keyups.length > 0 && t.shown.some(s => s >= t.keyups[0]); }""",
        timeout=300_000,
    )
    t = timings(page)
    page.close()
    first = t["keyups"][0]
    shown = min(s for s in t["shown"] if s >= first)
    return {"first_key_to_first_shown_ms": shown - first, "index_ready_ms": t["ready"]}


def measure(site: Path, runs: int, queries: list[str]) -> dict[str, Any]:
    index_bytes = (site / "search" / "search_index.json").stat().st_size
    result: dict[str, Any] = {"site": str(site), "index_bytes": index_bytes, "queries": queries}
    with serve(site) as base, chromium() as browser:
        loads, warm, cold = [], [], []
        for run in range(runs):
            page = browser.new_page()
            page.add_init_script(INIT_SCRIPT)
            loads.append(index_load(page, base))
            for query in queries:
                warm.append({"query": query, "run": run, **warm_query(page, query)})
            page.close()
            query = queries[run % len(queries)]
            cold.append({"query": query, **cold_query(browser, base, query)})
    result["index_load"] = loads
    result["warm"] = warm
    result["cold"] = cold

    def stats(values: list[float]) -> dict[str, float]:
        return {"median": statistics.median(values), "max": max(values), "min": min(values)}

    result["summary"] = {
        "index_ready_ms": stats([x["ready_ms"] for x in loads]),
        "index_fetched_ms": stats([x["fetch"]["responseEnd"] for x in loads if x["fetch"]]),
        "warm_last_key_to_results_ms": stats([x["last_key_to_shown_ms"] for x in warm]),
        "warm_first_key_to_first_result_ms": stats([x["first_key_to_first_shown_ms"] for x in warm]),
        "cold_first_key_to_first_result_ms": stats([x["first_key_to_first_shown_ms"] for x in cold]),
    }
    return result


def table(results: list[dict[str, Any]]) -> str:
    lines = [
        "| Site | Index MB | Index fetched ms | Index ready ms | Warm: last key → results ms (median / max) "
        "| Warm: first key → first result ms | Cold: first key → first result ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        s = r["summary"]
        lines.append(
            f"| {r['label']} | {r['index_bytes'] / 2**20:.1f} | {s['index_fetched_ms']['median']:.0f} "
            f"| {s['index_ready_ms']['median']:.0f} "
            f"| {s['warm_last_key_to_results_ms']['median']:.0f} / {s['warm_last_key_to_results_ms']['max']:.0f} "
            f"| {s['warm_first_key_to_first_result_ms']['median']:.0f} "
            f"| {s['cold_first_key_to_first_result_ms']['median']:.0f} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, action="append", help="built site (repeatable); default: 10,000 terms")
    parser.add_argument("--runs", type=int, default=3, help="page loads per site (each types every query)")
    parser.add_argument("--query", action="append", help="query to type (repeatable); default: from the index")
    parser.add_argument("--out", type=Path, default=HERE / "out" / "search-latency.json")
    args = parser.parse_args(argv)
    sites = args.site or [DEFAULT_SITE, DEFAULT_SITE.with_name("site-source")]
    missing = [site for site in sites if not (site / "search" / "search_index.json").exists()]
    if missing:
        raise SystemExit(f"no search index in {', '.join(map(str, missing))}: run benchmarks/run.py first")
    # The same queries on every site, taken from the first one's index.
    queries = args.query or queries_for(sites[0])
    results = []
    for site in sites:
        result = measure(site.resolve(), args.runs, queries)
        result["label"] = f"{site.parent.name}/{site.name}"
        results.append(result)
        print(f"{result['label']}: {json.dumps(result['summary'])}", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1), encoding="utf-8")
    text = table(results)
    args.out.with_suffix(".md").write_text(text, encoding="utf-8")
    print()
    print(text)
    ok = all(r["summary"]["warm_last_key_to_results_ms"]["max"] <= TARGET_MS for r in results)
    print(f"warm results within {TARGET_MS} ms of the last key: {'yes' if ok else 'no'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
