"""The served site in headless Chromium: search, tooltips, no console errors, accessibility."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.browser import browser

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"


@pytest.fixture(scope="module")
def chromium():
    with browser() as instance:
        yield instance


def test_a_text_diagram_keeps_its_columns(chromium, served: str) -> None:
    """Every line of a text diagram starts at the same left edge: Material centres a figure's text,
    which shifted each line of an ASCII tree by half its length difference."""
    page = chromium.new_page()
    page.goto(served + "sr-iov/")
    lefts = page.evaluate(
        """() => {
          const code = document.querySelector('figure.nvd-code pre code');
          const range = document.createRange();
          const lefts = [];
          let offset = 0;
          for (const line of code.textContent.split('\\n')) {
            if (line.length) {
              range.setStart(code.firstChild, offset);
              range.setEnd(code.firstChild, offset + 1);
              lefts.push(Math.round(range.getBoundingClientRect().left));
            }
            offset += line.length + 1;
          }
          return lefts;
        }"""
    )
    page.close()
    assert len(lefts) >= 4 and len(set(lefts)) == 1, lefts


def test_pages_load_without_console_errors(chromium, served: str) -> None:
    errors: list[str] = []
    page = chromium.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    external: list[str] = []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(served) else None)
    for path in [
        "",
        "a/",
        "x/",
        "xdp/",
        "x/#xdp",
        "all/",
        "categories/",
        "categories/ebpf-xdp/",
        "tables/performance-tiers/",
        "compositions/telco-nfv-stack/",
        "corrections/",
        "contributing/",
    ]:
        page.goto(served + path)
        page.wait_for_load_state("networkidle")
    page.close()
    assert errors == []
    assert external == [], "no request to any other host"


def test_links_to_entries_show_the_summary_on_hover_and_focus(chromium, served: str, dictionary) -> None:
    page = chromium.new_page()
    page.goto(served + "af-xdp/")
    link = page.locator(".nvd-definition a[href='../xdp/']").first
    link.hover()
    tooltip = page.locator(".md-tooltip2--active, .md-tooltip--active").first
    tooltip.wait_for(timeout=5_000)
    text = tooltip.inner_text()
    assert text.startswith("XDP"), "the tooltip names the entry"
    assert dictionary.terms["xdp"].summary[:40] in text
    page.mouse.move(0, 0)
    page.wait_for_timeout(300)
    link.focus()
    page.locator(".md-tooltip2--active, .md-tooltip--active").first.wait_for(timeout=5_000)
    page.close()


def test_the_corrections_link_opens_the_entry_s_history(chromium, served: str) -> None:
    """The meta line's "N corrections" and the log's index open the closed list on the entry's page."""
    page = chromium.new_page()
    page.goto(served + "xdp/")
    history = page.locator("details.nvd-corrections")
    assert history.evaluate("d => d.open") is False
    page.locator("div.nvd-meta a.nvd-history").click()
    page.wait_for_function("() => document.querySelector('details.nvd-corrections').open")
    assert page.locator("ol.nvd-log > li").first.is_visible()
    page.goto(served + "corrections/")
    page.locator("article a[href='../vxlan/#nvd--corrections']").click()
    page.wait_for_url(served + "vxlan/#nvd--corrections")
    page.wait_for_function("() => document.querySelector('details.nvd-corrections').open")
    page.close()


def test_an_old_letter_anchor_opens_the_entry_page(chromium, served: str) -> None:
    page = chromium.new_page()
    page.goto(served + "x/#xdp")
    page.wait_for_url(served + "xdp/", timeout=5_000)
    page.goto(served + "e/#ebpf-verifier")
    page.wait_for_url(served + "bpf-verifier/", timeout=5_000)
    page.close()


def test_comparison_tables_sort_in_the_browser(chromium, served: str) -> None:
    page = chromium.new_page()
    page.goto(served + "tables/performance-tiers/")

    def column(index: int) -> list[str]:
        return page.eval_on_selector_all(
            f".nvd-sortable table tbody tr > :nth-child({index})", "cells => cells.map(c => c.innerText)"
        )

    page.locator(".nvd-sortable th button").nth(0).click()
    labels = column(1)
    assert labels == sorted(labels, key=str.casefold)
    page.locator(".nvd-sortable th button").nth(0).click()
    assert column(1) == sorted(labels, key=str.casefold, reverse=True)
    page.close()


@pytest.mark.parametrize("path", ["", "a/", "xdp/", "categories/ebpf-xdp/", "tables/performance-tiers/"])
def test_no_serious_accessibility_violations(chromium, served: str, path: str) -> None:
    page = chromium.new_context(bypass_csp=True).new_page()  # axe is injected as an inline script
    page.goto(served + path)
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => JSON.stringify((await axe.run(document)).violations)")
    page.close()
    violations = [v for v in json.loads(result) if v["impact"] in ("serious", "critical")]
    summary = [(v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]]) for v in violations]
    assert summary == []
