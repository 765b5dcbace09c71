"""Architecture diagrams drawn once, at authoring time, as sanitised SVG.

    python -m nvdict.diagrams [--root .]     # redraw every stale diagram in diagrams/

Each composition's Mermaid source (``terms/_compositions.yaml``) is drawn with the vendored
``docs/assets/vendor/mermaid.min.js`` in headless Chromium (Playwright, Debian's
/usr/bin/chromium) and written to ``diagrams/<id>.svg`` (and a left-to-right flowchart,
drawn top-down for narrow columns, to ``<id>.narrow.svg``). What is written keeps only
a strict allowlist of SVG elements and attributes (no style, script, foreignObject, event
handler or outside reference), so the page needs no Mermaid script and the
Content-Security-Policy nothing new. A node whose Mermaid id is a component's id (``_`` for
``-``), or else whose label names a component, is marked ``data-nvd-entry``; ``inline`` turns
each mark into a link to the entry's page, with the address for the page it is drawn on.
Colours come from the site's stylesheet, so the drawing follows the colour scheme.

The file records a digest of what it was drawn from; a composition whose file is missing
or stale is drawn by Mermaid in the browser as before, and ``tests/test_reading.py``
fails until the file is redrawn.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from pathlib import Path

from nvdict.model import Composition, Dictionary

DIAGRAM_DIR = Path("diagrams")
MERMAID = Path("docs") / "assets" / "vendor" / "mermaid.min.js"
RENDER_VERSION = "2"
"""Bump when the drawing settings below change: every file becomes stale."""
FONT_FAMILY = "-apple-system, BlinkMacSystemFont, Helvetica, Arial, sans-serif"
"""Material's text font with ``font: false``: labels are measured in the font they are shown in."""
FONT_SIZE_PX = 16
MERMAID_CONFIG = {
    "startOnLoad": False,
    "securityLevel": "strict",
    "htmlLabels": False,
    "fontFamily": FONT_FAMILY,
    "themeVariables": {"fontSize": f"{FONT_SIZE_PX}px", "fontFamily": FONT_FAMILY},
    "flowchart": {"htmlLabels": False, "useMaxWidth": False, "padding": 12, "nodeSpacing": 40, "rankSpacing": 50},
}
SVG_NS = "http://www.w3.org/2000/svg"

ELEMENTS = {"svg", "g", "path", "rect", "circle", "ellipse", "polygon", "polyline", "line", "text", "tspan"}
ELEMENTS |= {"marker", "defs"}
ATTRIBUTES = {
    "id", "class", "transform", "d", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry",
    "width", "height", "viewBox", "points", "dx", "dy", "text-anchor", "dominant-baseline",
    "alignment-baseline", "marker-start", "marker-end", "marker-mid", "markerWidth", "markerHeight",
    "markerUnits", "refX", "refY", "orient", "preserveAspectRatio",
}  # fmt: skip
_PLAIN_VALUE = re.compile(r"[\w\s.,#%()+\-]*")
_MARKER_VALUE = re.compile(r"url\(#[\w-]+\)")
_ID_VALUE = re.compile(r"[\w-]+")


_DIRECTION = re.compile(r"^(\s*(?:flowchart|graph)\s+)(LR|RL)\b", re.M)
NEED_STEP_PX = 100
"""Column widths a drawing may need, in steps (dictionary.css has one container rule per step)."""


def svg_path(root: Path, composition_id: str, variant: str = "") -> Path:
    suffix = f".{variant}" if variant else ""
    return root / DIAGRAM_DIR / f"{composition_id}{suffix}.svg"


def narrow_source(source: str) -> str | None:
    """A left-to-right flowchart drawn top-down, for narrow columns; None if it is not one."""
    if not _DIRECTION.search(source):
        return None
    return _DIRECTION.sub(lambda m: m.group(1) + "TD", source, count=1)


def variants(composition: Composition) -> dict[str, str]:
    """The drawings a composition has: "" (as written) and "narrow" (top-down) for a wide flowchart."""
    if not composition.mermaid:
        return {}
    drawings = {"": composition.mermaid}
    narrow = narrow_source(composition.mermaid)
    if narrow is not None:
        drawings["narrow"] = narrow
    return drawings


def digest(composition: Composition, variant: str = "") -> str:
    """What a drawing depends on: the Mermaid source, the components and the drawing settings."""
    source = variants(composition).get(variant, "")
    parts = [RENDER_VERSION, source, "\n".join(composition.components)]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:16]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _allowed(name: str, value: str) -> bool:
    if name.startswith("marker-"):
        return bool(_MARKER_VALUE.fullmatch(value))
    if name == "id":
        return bool(_ID_VALUE.fullmatch(value))
    return bool(_PLAIN_VALUE.fullmatch(value)) and "url" not in value.lower()


def _clean(element: ET.Element) -> ET.Element | None:
    """A copy of ``element`` with only allowlisted elements and attributes, or None."""
    name = _local(element.tag)
    if name not in ELEMENTS:
        return None
    copy = ET.Element(name)
    for key, value in element.attrib.items():
        key = _local(key)
        if key in ATTRIBUTES and _allowed(key, value):
            copy.set(key, value)
    copy.text = element.text if name in {"text", "tspan"} else None
    for child in element:
        cleaned = _clean(child)
        if cleaned is not None:
            copy.append(cleaned)
        if cleaned is not None and name in {"text", "tspan"}:
            cleaned.tail = child.tail
    return copy


def sanitise(svg: str) -> ET.Element:
    """The SVG parsed and cut down to the allowlist (raises ValueError if it is not an SVG)."""
    try:
        root = ET.fromstring(svg)
    except ET.ParseError as error:
        raise ValueError(f"not well-formed SVG: {error}") from None
    cleaned = _clean(root)
    if cleaned is None or cleaned.tag != "svg":
        raise ValueError("the drawing is not an <svg> element")
    return cleaned


def label(element: ET.Element) -> str:
    """The text of a node, its lines joined by spaces."""
    return " ".join(" ".join(t.strip() for t in element.itertext() if t.strip()).split())


def entry_for(text: str, names: dict[str, list[str]]) -> str | None:
    """The entry a label names: the earliest name in it (whole words), the longest at a tie."""
    best: tuple[int, int, str] | None = None
    for term_id, forms in names.items():
        for form in forms:
            match = re.search(rf"(?<![\w-]){re.escape(form)}(?![\w-])", text, re.IGNORECASE)
            if match and (best is None or (match.start(), -len(form)) < best[:2]):
                best = (match.start(), -len(form), term_id)
    return best[2] if best else None


_NODE_ID = re.compile(r"-flowchart-(\w+)-\d+$")


def entry_for_node(node_id: str, text: str, names: dict[str, list[str]]) -> str | None:
    """The entry a node stands for: the component whose id is the node's Mermaid id (``_`` for
    ``-``, so ``bpf_maps["..."]`` is bpf-maps), else the one its label names (``entry_for``)."""
    match = _NODE_ID.search(node_id)
    if match and (term_id := match.group(1).replace("_", "-")) in names:
        return term_id
    return entry_for(text, names)


def component_names(dictionary: Dictionary, composition: Composition) -> dict[str, list[str]]:
    names = {}
    for term_id in composition.components:
        term = dictionary.terms[term_id]
        names[term_id] = [term.name, *term.aliases, *term.link_forms]
    return names


def prepare(raw_svg: str, dictionary: Dictionary, composition: Composition, variant: str = "") -> str:
    """The file to commit: sanitised, nodes that are entries marked, the source digest recorded."""
    svg = sanitise(raw_svg)
    names = component_names(dictionary, composition)
    for node in svg.iter("g"):
        if "node" not in (node.get("class") or "").split():
            continue
        term_id = entry_for_node(node.get("id") or "", label(node), names)
        if term_id is None:
            continue
        link = ET.Element("a", {"data-nvd-entry": term_id})
        link.extend(list(node))
        for child in list(node):
            node.remove(child)
        node.append(link)
    svg.set("class", "nvd-diagram-svg")
    svg.set("data-nvd-source", digest(composition, variant))
    for key in ("role", "aria-roledescription", "style"):
        svg.attrib.pop(key, None)
    svg.set("xmlns", SVG_NS)
    return ET.tostring(svg, encoding="unicode", short_empty_elements=True) + "\n"


def committed(root: Path, composition: Composition) -> dict[str, str] | None:
    """The committed drawings (variant -> SVG) if every one is up to date, else None."""
    found = {}
    for variant in variants(composition):
        path = svg_path(root, composition.id, variant)
        if not path.is_file():
            return None
        svg = path.read_text(encoding="utf-8")
        if f'data-nvd-source="{digest(composition, variant)}"' not in svg[:2000]:
            return None
        found[variant] = svg
    return found or None


def width(svg: str) -> float:
    match = re.search(r'<svg [^>]*?width="([\d.]+)"', svg)
    return float(match.group(1)) if match else 0.0


def figure_body(drawings: dict[str, str], href: Callable[[str], str], known: Iterable[str], name: str) -> str:
    """The drawings for a page. With a narrow variant, the wide one shows only in a column it fits
    (a container query per ``NEED_STEP_PX``), the narrow one otherwise."""
    known = set(known)
    if "narrow" not in drawings:
        return f'<div class="nvd-variant">{inline(drawings[""], href, known, name)}</div>'
    need = NEED_STEP_PX * -(-int(width(drawings[""]) + 1) // NEED_STEP_PX)
    wide = inline(drawings[""], href, known, name)
    narrow = inline(drawings["narrow"], href, known, name)
    return (
        f'<div class="nvd-variant nvd-variant-wide nvd-need-{need}">{wide}</div>'
        f'<div class="nvd-variant nvd-variant-narrow">{narrow}</div>'
    )


_MARK = re.compile(r'<a data-nvd-entry="([a-z0-9-]+)">')
_ROOT = re.compile(r"<svg ")


def inline(svg: str, href: Callable[[str], str], known: Iterable[str], name: str) -> str:
    """The committed drawing ready for a page: entry marks as links, a name for the group."""
    ids = set(known)

    def link(match: re.Match[str]) -> str:
        term_id = match.group(1)
        return f'<a href="{html.escape(href(term_id))}">' if term_id in ids else "<a>"

    svg = _MARK.sub(link, svg)
    return _ROOT.sub(f'<svg role="group" aria-label="{html.escape(name)}" ', svg, count=1).strip()


def draw(sources: dict[str, str], mermaid_js: Path) -> dict[str, str]:
    """Each Mermaid source drawn in headless Chromium, as XML-serialised SVG."""
    import json

    from playwright.sync_api import sync_playwright

    drawings = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"], headless=True
        )
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        page.set_content(f'<!doctype html><html><body style="font-family:{FONT_FAMILY}"></body></html>')
        page.add_script_tag(path=str(mermaid_js))
        page.evaluate(f"mermaid.initialize({json.dumps(MERMAID_CONFIG)})")
        for key, source in sources.items():
            drawings[key] = page.evaluate(
                """async ([key, source]) => {
                    const {svg} = await mermaid.render("nvd-" + key, source);
                    const holder = document.createElement("div");
                    holder.innerHTML = svg;
                    return new XMLSerializer().serializeToString(holder.firstElementChild);
                }""",
                [key, source],
            )
        browser.close()
    return drawings


def main(argv: list[str] | None = None) -> int:
    from nvdict.load import load

    parser = argparse.ArgumentParser(description="Draw the compositions' Mermaid diagrams as SVG files.")
    parser.add_argument("--root", type=Path, default=Path("."))
    parser.add_argument("--all", action="store_true", help="redraw up-to-date files too")
    args = parser.parse_args(argv)
    dictionary = load(args.root)
    todo = [c for c in dictionary.compositions if c.mermaid and (args.all or committed(args.root, c) is None)]
    if not todo:
        print("diagrams: every drawing is up to date")
        return 0
    sources = {}
    for composition in todo:
        for variant, source in variants(composition).items():
            sources[composition.id + (f"-{variant}" if variant else "")] = source
    drawings = draw(sources, args.root / MERMAID)
    (args.root / DIAGRAM_DIR).mkdir(parents=True, exist_ok=True)
    for composition in todo:
        for variant in variants(composition):
            key = composition.id + (f"-{variant}" if variant else "")
            path = svg_path(args.root, composition.id, variant)
            path.write_text(prepare(drawings[key], dictionary, composition, variant), encoding="utf-8")
            print(f"diagrams: wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
