"""Term text is untrusted: unsafe HTML is refused, template syntax is shown literally, no script runs.

Each HTML payload must be refused by ``check`` with a reason, and must stop the
build, so it can never reach a reader. The template payloads must build, show
exactly as written, and leave no trace of script in headless Chromium, where a
dialog handler and a ``window.__pwned`` probe would catch any that ran.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from nvdict.cli import main
from nvdict.load import check
from tests.browser import browser
from tests.conftest import mkdocs_build, scratch_project, serve

ROOT = Path(__file__).resolve().parent.parent
GOOD = Path(__file__).resolve().parent / "fixtures" / "good"

HTML_PAYLOADS = {
    "script-tag": ("<script>window.__pwned = 1; alert(1)</script>", "raw HTML <script> is not allowed: it runs script"),
    "img-onerror": ('<img src="x" onerror="window.__pwned = 1">', "raw HTML <img> is not allowed"),
    "iframe": ('<iframe src="https://example.org/"></iframe>', "raw HTML <iframe> is not allowed: it embeds"),
    "object": ('<object data="x.swf"></object>', "raw HTML <object> is not allowed"),
    "style": ("<style>body { display: none }</style>", "raw HTML <style> is not allowed"),
    "javascript-link": ("[click here](javascript:window.__pwned=1)", "javascript: links are not allowed"),
    "javascript-entity": ("[click here](javascript&colon;alert(1))", "HTML entities (&...;) in a link address"),
    "data-url": ("[open](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "data: links are not allowed"),
    "attr-list-onclick": ('A paragraph.\n{ onclick="window.__pwned = 1" }', "event-handler attribute 'onclick'"),
    "attr-list-href": ('[docs](https://example.org){ href="javascript:alert(1)" }', "attribute lists that set HTML"),
}

# Would run script if anything evaluated them as Jinja; none contains HTML as written.
TEMPLATE_PAYLOADS = [
    "{{ config }}",
    "{% include 'x' %}",
    r"{{ '\x3cscript\x3ewindow.__pwned = 1\x3c/script\x3e' }}",
    r"{{ '\x3cimg src\x3dx onerror\x3dalert(1)\x3e' }}",
    "{# a template comment #}",
    "{{ 7 * 7 }}",
]


@pytest.fixture(autouse=True)
def plain_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """The text format, also when the tests themselves run in GitHub Actions."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


DEFAULT_SUMMARY = "An entry that exists only to carry a payload into the build under test."


def term_file(term_id: str, definition: str, summary: str = DEFAULT_SUMMARY, aliases: tuple[str, ...] = ()) -> str:
    indented = "\n".join("  " + line for line in definition.splitlines())
    alias_lines = "".join(f"- {yaml_quoted(alias)}\n" for alias in aliases)
    return (
        "# yaml-language-server: $schema=term.schema.json\n"
        f"id: {term_id}\n"
        f"name: {term_id.replace('-', ' ').title()}\n"
        + (f"aliases:\n{alias_lines}" if aliases else "")
        + f"summary: {yaml_quoted(summary)}\n"
        "categories:\n- observability\n"
        f"definition: |-\n{indented}\n"
        "references:\n- title: Example reference\n  url: https://www.example.org/reference\n"
    )


def yaml_quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@pytest.mark.parametrize("name", sorted(HTML_PAYLOADS))
def test_check_refuses_unsafe_html_and_says_why(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    payload, reason = HTML_PAYLOADS[name]
    root = tmp_path / "dictionary"
    (root / "terms").mkdir(parents=True)
    shutil.copy2(ROOT / "terms" / "term.schema.json", root / "terms")
    for path in GOOD.glob("*.yaml"):
        shutil.copy2(path, root / "terms")
    text = term_file(f"probe-{name}", f"Some prose first.\n{payload}")
    (root / "terms" / f"probe-{name}.yaml").write_text(text, encoding="utf-8")
    dictionary, problems = check(root)
    assert dictionary is None
    assert [p.field for p in problems] and all(p.field == "definition" for p in problems)
    assert any(reason in p.message for p in problems), [p.message for p in problems]
    line = text.splitlines().index("  " + payload.splitlines()[0]) + 1
    assert problems[0].line in (line, line + len(payload.splitlines()) - 1)
    assert main(["check", "--root", str(root)]) == 1
    assert "Traceback" not in capsys.readouterr().out


def test_template_syntax_is_not_refused(tmp_path: Path) -> None:
    root = tmp_path / "dictionary"
    (root / "terms").mkdir(parents=True)
    shutil.copy2(ROOT / "terms" / "term.schema.json", root / "terms")
    (root / "terms" / "template-probe.yaml").write_text(
        term_file("template-probe", "\n\n".join(TEMPLATE_PAYLOADS)), encoding="utf-8"
    )
    assert check(root)[1] == []


@pytest.mark.slow
def test_unsafe_html_stops_the_build(tmp_path: Path) -> None:
    terms = {f"probe-{name}.yaml": term_file(f"probe-{name}", payload) for name, (payload, _) in HTML_PAYLOADS.items()}
    project = scratch_project(tmp_path, terms)
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    for name in HTML_PAYLOADS:
        assert f"terms/probe-{name}.yaml" in result.stderr, name
    assert not (tmp_path / "site" / "index.html").exists()
    assert main(["build", "--root", str(project), "--site-dir", str(tmp_path / "site2")]) == 1
    assert not (tmp_path / "site2").exists()


@pytest.fixture(scope="module")
def template_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real dictionary plus one entry whose text is nothing but template syntax, built strictly."""
    tmp = tmp_path_factory.mktemp("template-site")
    text = term_file(
        "template-probe",
        "\n\n".join(TEMPLATE_PAYLOADS),
        summary="A probe whose summary says {{ config.site_name }} and {% include 'x' %} literally.",
        aliases=("Probe {{ 7 * 7 }}",),
    )
    project = scratch_project(tmp, {"template-probe.yaml": text})
    site = tmp / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="module")
def template_url(template_site: Path) -> Iterator[str]:
    with serve(template_site) as url:
        yield url


def _page_with(site: Path, needle: str) -> str:
    """The site path of the first page whose HTML contains ``needle``."""
    for path in sorted(site.rglob("*.html")):
        if needle in path.read_text(encoding="utf-8"):
            return path.relative_to(site).as_posix()
    raise AssertionError(f"no page contains {needle!r}")


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    with browser() as instance:
        yield instance


def _visit(browser: object, url: str) -> tuple[str, list[str], object]:
    """Load ``url``; return its visible text, the dialogs it opened and the ``window.__pwned`` probe."""
    page = browser.new_page()  # type: ignore[attr-defined]
    dialogs: list[str] = []

    def on_dialog(dialog: object) -> None:
        dialogs.append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()  # type: ignore[attr-defined]

    page.on("dialog", on_dialog)
    page.goto(url, wait_until="load")
    page.wait_for_timeout(300)
    text = page.inner_text("body")
    pwned = page.evaluate("() => window.__pwned")
    page.close()
    return text, dialogs, pwned


@pytest.mark.browser
def test_the_probe_detects_script_that_runs(chromium: object, tmp_path: Path) -> None:
    """A positive control: the same probe sees a script and an alert when they do run."""
    page = tmp_path / "control.html"
    page.write_text("<p>control</p><script>window.__pwned = 1; alert('ran')</script>", encoding="utf-8")
    _, dialogs, pwned = _visit(chromium, page.as_uri())
    assert pwned == 1 and dialogs == ["ran"]


@pytest.mark.browser
@pytest.mark.slow
def test_template_syntax_shows_literally_and_runs_nothing(
    chromium: object, template_site: Path, template_url: str
) -> None:
    entry = "template-probe/index.html"
    text, dialogs, pwned = _visit(chromium, template_url + entry)
    for payload in TEMPLATE_PAYLOADS:
        assert payload in text, f"{payload!r} is not shown literally"
    assert "Probe {{ 7 * 7 }}" in text and "Probe 49" not in text
    assert dialogs == [] and pwned is None

    html = (template_site / entry).read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in html and "onerror=alert" not in html

    category = _page_with(template_site, "{{ config.site_name }}")
    text, dialogs, pwned = _visit(chromium, template_url + category)
    assert "says {{ config.site_name }} and {% include 'x' %} literally." in text
    assert dialogs == [] and pwned is None
