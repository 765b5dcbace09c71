"""Reading comfort, measured: diagrams, tables on a phone, underscores in links, tooltips,
the A–Z bar and print, in headless Chromium at 1366 × 900 and 390 × 844, light and dark.

Sizes are element boxes and computed styles, contrast ratios are computed from computed
colours (blended over the backgrounds beneath), requests are counted.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from nvdict import diagrams
from tests.browser import browser

DESKTOP = {"width": 1366, "height": 900}
LAPTOP = {"width": 1024, "height": 768}
PHONE = {"width": 390, "height": 844}
SCHEMES = ["light", "dark"]
COMPOSITIONS = [
    "compositions/minimal-kubernetes-pod-networking/",
    "compositions/production-kubernetes-with-cilium/",
    "compositions/telco-nfv-stack/",
    "compositions/ebpf-observability-pipeline/",
]

# --- Committed drawings: up to date and clean (no browser) -------------------------------


def test_committed_diagrams_are_up_to_date(root: Path, dictionary) -> None:
    stale = [c.id for c in dictionary.compositions if c.mermaid and diagrams.committed(root, c) is None]
    assert stale == [], f"diagrams/ is stale for {stale}: run `python -m nvdict.diagrams` and commit the SVGs"


def test_committed_diagrams_keep_only_the_allowlist(root: Path, dictionary) -> None:
    extra = {"xmlns", "data-nvd-source", "data-nvd-entry"}
    for composition in dictionary.compositions:
        for variant in diagrams.variants(composition):
            path = diagrams.svg_path(root, composition.id, variant)
            svg = ET.fromstring(path.read_text(encoding="utf-8"))
            for element in svg.iter():
                name = element.tag.rsplit("}", 1)[-1]
                assert name in diagrams.ELEMENTS | {"a"}, f"{path}: <{name}>"
                for key, value in element.attrib.items():
                    assert key in diagrams.ATTRIBUTES | extra, f"{path}: {name}[{key}]"
                    assert "javascript" not in value.lower() and "http" not in value.lower(), f"{path}: {key}={value}"
                if name == "a":
                    assert set(element.attrib) == {"data-nvd-entry"}
                    assert element.get("data-nvd-entry") in composition.components


def test_sanitiser_keeps_drawing_and_drops_everything_else() -> None:
    hostile = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="x()" '
        'viewBox="0 0 10 10" style="background:url(http://evil)"><style>*{}</style><script>x()</script>'
        '<foreignObject><div>hi</div></foreignObject><a xlink:href="javascript:x()"><rect width="5" '
        'onclick="x()" fill="url(http://evil/#a)" /></a><path d="M0 0L1 1" marker-end="url(http://evil/#m)" />'
        '<path d="M0 0" marker-end="url(#arrow)" /><text x="1">AF_XDP &amp; <tspan>more</tspan></text>'
        '<image href="x"/></svg>'
    )
    clean = ET.tostring(diagrams.sanitise(hostile), encoding="unicode")
    for bad in ("script", "style", "foreignObject", "onload", "onclick", "javascript", "http", "image", "<a"):
        assert bad not in clean, bad
    assert 'marker-end="url(#arrow)"' in clean
    assert "AF_XDP &amp; <tspan>more</tspan>" in clean
    with pytest.raises(ValueError):
        diagrams.sanitise("<div>not an svg</div>")


def test_labels_name_their_entries() -> None:
    names = {"tc-hook": ["TC Hook", "TC"], "ovs-dpdk-daemon": ["OVS-DPDK"], "dpdk": ["DPDK"], "pf": ["PF"]}
    assert diagrams.entry_for("TC eBPF hook (policy, selects traffic for encryption)", names) == "tc-hook"
    assert diagrams.entry_for("OVS-DPDK (PMD threads)", names) == "ovs-dpdk-daemon"
    assert diagrams.entry_for("Routing", names) is None
    assert diagrams.entry_for("PFX", names) is None, "whole words only"


def test_a_node_named_for_a_component_links_to_it() -> None:
    names = {"dpdk": ["DPDK"], "pmd": ["PMD", "Poll Mode Driver"], "bpf-maps": ["BPF map"], "ebpf": ["eBPF"]}
    assert diagrams.entry_for_node("nvd-telco-nfv-stack-flowchart-pmd-17", "DPDK PMD", names) == "pmd"
    assert diagrams.entry_for_node("nvd-x-flowchart-bpf_maps-1", "eBPF ring buffer (a BPF map)", names) == "bpf-maps"
    assert diagrams.entry_for_node("nvd-x-flowchart-ring-1", "eBPF ring buffer (a BPF map)", names) == "ebpf"
    assert diagrams.entry_for_node("", "DPDK PMD", names) == "dpdk"


# --- The built site ----------------------------------------------------------------------


@pytest.mark.slow
def test_composition_pages_load_no_mermaid_and_link_their_components(site: Path, dictionary) -> None:
    for path in COMPOSITIONS:
        html = (site / path / "index.html").read_text(encoding="utf-8")
        assert "mermaid.min.js" not in html, path
        assert 'class="mermaid"' not in html, path
        hrefs = set(re.findall(r'<a href="\.\./\.\./([a-z0-9-]+)/">', html.split('class="nvd-diagram"', 1)[1]))
        assert hrefs, f"{path}: no node links"
        for term_id in hrefs:
            assert (site / term_id / "index.html").is_file(), f"{path}: node link to {term_id}"


# --- In the browser ----------------------------------------------------------------------


CONTRAST_JS = """
(element) => {
  const parse = (c) => {
    const m = c.match(/[\\d.]+/g).map(Number);
    return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1];
  };
  const over = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat([1]);
  const layers = [];
  for (let e = element; e; e = e.parentElement) {
    const bg = parse(getComputedStyle(e).backgroundColor);
    if (bg[3] > 0) layers.push(bg);
    if (bg[3] >= 1) break;
  }
  let background = [255, 255, 255, 1];
  for (const layer of layers.reverse()) background = over(layer, background);
  const style = getComputedStyle(element);
  const colour = over(parse(element instanceof SVGElement ? style.fill : style.color), background);
  const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  const lum = (c) => { const [r, g, b] = c.slice(0, 3).map(channel); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const [a, b] = [lum(colour), lum(background)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}
"""


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    with browser() as instance:
        yield instance


def open_page(chromium, served: str, path: str, viewport: dict[str, int], scheme: str = "light"):
    context = chromium.new_context(viewport=viewport, color_scheme=scheme)
    page = context.new_page()
    page.goto(served + path)
    page.wait_for_load_state("networkidle")
    return page


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("scheme", SCHEMES)
def test_diagram_labels_are_body_size_in_full_width_and_readable_colours(chromium, served, viewport, scheme) -> None:
    for path in COMPOSITIONS:
        page = open_page(chromium, served, path, viewport, scheme)
        body = float(page.evaluate("parseFloat(getComputedStyle(document.querySelector('article p')).fontSize)"))
        figure = page.evaluate(
            """() => { const box = document.querySelector('.nvd-diagram-scroll');
                 const svgs = [...box.querySelectorAll('svg')].filter(s => s.getBoundingClientRect().width > 0);
                 const svg = svgs[0]; const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
                 const sizes = [...svg.querySelectorAll('text')]
                   .map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
                 return {shown: svgs.length, column: document.querySelector('article').clientWidth,
                         width: box.getBoundingClientRect().width, smallest: Math.min(...sizes),
                         links: svg.querySelectorAll('a[href]').length}; }"""
        )
        assert figure["shown"] == 1, f"{path}: exactly one drawing shown"
        assert figure["smallest"] >= body - 0.5, f"{path}: label {figure['smallest']:.1f}px < body {body}px"
        assert figure["width"] >= figure["column"] - 2 * 16 - 1, f"{path}: figure {figure} narrower than the column"
        assert figure["links"] >= 1, f"{path}: no node links to an entry"
        ratios = page.evaluate(
            f"""() => {{ const svg = [...document.querySelectorAll('.nvd-diagram svg')]
                     .find(s => s.getBoundingClientRect().width > 0);
                   return [...svg.querySelectorAll('text')].map(t => ({CONTRAST_JS})(t)); }}"""
        )
        assert min(ratios) >= 4.5, f"{path} {scheme}: label contrast {min(ratios):.2f}"
        page.context.close()


@pytest.mark.browser
@pytest.mark.slow
def test_composition_page_requests_no_diagram_script(chromium, served) -> None:
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    scripts: list[str] = []
    page.on("request", lambda r: scripts.append(r.url) if r.resource_type == "script" else None)
    page.goto(served + COMPOSITIONS[1])
    page.wait_for_load_state("networkidle")
    assert not [url for url in scripts if "mermaid" in url]
    blocking = page.evaluate(
        "[...document.head.querySelectorAll('script[src]')].filter(s => !s.defer && !s.async).map(s => s.src)"
    )
    assert blocking == [], "no render-blocking script in <head>"
    context.close()


@pytest.mark.browser
@pytest.mark.slow
def test_underscores_in_links_stay_visible(chromium, served) -> None:
    page = open_page(chromium, served, "a/", DESKTOP)
    link = page.locator("article p a", has_text="AF_XDP").first
    offset, size = link.evaluate(
        "a => [parseFloat(getComputedStyle(a).textUnderlineOffset), parseFloat(getComputedStyle(a).fontSize)]"
    )
    # An underscore sits about 0.1–0.2 em below the baseline; the underline is drawn lower.
    assert offset >= 0.25 * size, f"underline offset {offset}px at {size}px text"
    page.context.close()


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize(("path", "columns"), [("tables/performance-tiers/", 5), ("tables/cni-comparison/", 8)])
def test_tables_on_a_phone_scroll_with_a_cue_and_a_fixed_first_column(chromium, served, path, columns) -> None:
    page = open_page(chromium, served, path, PHONE)
    holder = page.locator(".nvd-table").first
    hint = page.locator(".nvd-scroll-hint").first
    assert hint.is_visible() and f"{columns} columns" in hint.inner_text()
    fade = holder.evaluate("h => getComputedStyle(h, '::after').backgroundImage")
    assert "gradient" in fade, "a fade at the right edge while columns are hidden"
    result = holder.evaluate(
        """h => { const s = h.querySelector('.md-typeset__scrollwrap') || h.querySelector('table');
                  const cell = h.querySelector('tbody tr th, tbody tr td');
                  const before = cell.getBoundingClientRect().left;
                  s.scrollLeft = s.scrollWidth; s.dispatchEvent(new Event('scroll'));
                  return {overflow: s.scrollWidth - s.clientWidth, moved: cell.getBoundingClientRect().left - before,
                          left: cell.getBoundingClientRect().left, box: s.getBoundingClientRect().left,
                          fade: getComputedStyle(h, '::after').content}; }"""
    )
    assert result["overflow"] > 0
    # Scrolled to the end, the first column is pinned to the scroller's left edge (it moves
    # at most by the table's padding), not carried away with the others.
    assert abs(result["moved"]) < 24 < result["overflow"], f"first column scrolled away: {result}"
    assert abs(result["left"] - result["box"]) <= 1, f"first column not at the edge: {result}"
    assert result["fade"] in ("none", "normal"), "no fade once the last column is in view"
    page.context.close()


@pytest.mark.browser
@pytest.mark.slow
def test_tooltips_are_legible_and_name_the_entry(chromium, served) -> None:
    page = open_page(chromium, served, "xdp/", DESKTOP)
    page.locator("article a[href$='/af-xdp/']").first.hover()
    tooltip = page.locator(".md-tooltip2--active").first
    tooltip.wait_for(timeout=5_000)
    inner = tooltip.locator(".md-tooltip2__inner")
    size, weight = inner.evaluate("e => [parseFloat(getComputedStyle(e).fontSize), getComputedStyle(e).fontWeight]")
    assert size >= 12 and int(weight) <= 400, (size, weight)
    assert inner.inner_text().startswith("AF_XDP")
    page.context.close()


AZ_ITEMS = ".nvd-az p > *"


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_to_z_bar_one_row_large_targets_and_contrast(chromium, served, scheme) -> None:
    for viewport in (DESKTOP, LAPTOP):
        page = open_page(chromium, served, "v/", viewport, scheme)
        tops = page.evaluate(
            f"[...document.querySelectorAll('{AZ_ITEMS}')].map(e => Math.round(e.getBoundingClientRect().top))"
        )
        assert len(tops) >= 27 and len(set(tops)) == 1, f"{viewport['width']}px: {len(set(tops))} rows"
        page.context.close()
    page = open_page(chromium, served, "v/", PHONE, scheme)
    boxes = page.evaluate(
        f"[...document.querySelectorAll('{AZ_ITEMS}')].map(e => [e.textContent, e.getBoundingClientRect().width, "
        "e.getBoundingClientRect().height])"
    )
    small = [box for box in boxes if box[1] < 44 or box[2] < 44]
    assert small == [], f"touch targets under 44 × 44 px: {small}"
    ratios = page.evaluate(
        f"[...document.querySelectorAll('{AZ_ITEMS}')].map(e => [e.textContent, ({CONTRAST_JS})(e)])"
    )
    low = [(label, round(ratio, 2)) for label, ratio in ratios if ratio < 4.5]
    assert low == [], f"{scheme}: A–Z items under 4.5:1: {low}"
    page.context.close()


HIDDEN_IN_PRINT = [".nvd-az", ".nvd-chip", ".md-content__button", ".headerlink", ".md-header", ".md-sidebar"]


@pytest.mark.browser
@pytest.mark.slow
def test_print_reads_like_a_dictionary_page(chromium, served, tmp_path: Path) -> None:
    page = open_page(chromium, served, "v/", DESKTOP, "dark")
    page.emulate_media(media="print")
    shown = page.evaluate(
        f"{HIDDEN_IN_PRINT!r}.flatMap(s => [...document.querySelectorAll(s)].filter(e => "
        "getComputedStyle(e).display !== 'none').map(() => s))"
    )
    assert shown == [], f"controls printed: {sorted(set(shown))}"
    looks = page.evaluate(
        """() => { const h = document.querySelector('h2.nvd-term');
                   return {bg: getComputedStyle(document.body).backgroundColor, text: getComputedStyle(h).color,
                           keep: getComputedStyle(h).breakAfter}; }"""
    )
    assert looks["bg"] in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), looks
    assert looks["text"] == "rgb(0, 0, 0)", looks
    assert looks["keep"] == "avoid", "headings stay with their text"
    pdf = page.pdf(format="A4")
    (tmp_path / "v.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    entries = page.evaluate("document.querySelectorAll('h2.nvd-term').length")
    assert 1 <= pages <= max(2, entries // 3), f"{entries} entries on {pages} pages"
    page.context.close()

    page = open_page(chromium, served, "xdp/", DESKTOP, "dark")
    page.emulate_media(media="print")
    printed = page.evaluate(
        "[...document.querySelectorAll('article a[href^=\"http\"]')].map(a => getComputedStyle(a, '::after').content)"
    )
    assert printed and all("http" in content for content in printed), printed[:3]
    page.context.close()
