"""The offline bundle works from file:// with every network request blocked."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import browser

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def bundle(offline_bundle: Path) -> Path:
    return offline_bundle


def test_bundle_has_no_external_assets(bundle: Path) -> None:
    """No page references a script, stylesheet, font or image on another host."""
    import re

    offenders = []
    pattern = re.compile(r"<(?:script|link|img|iframe|source)\b[^>]*(?:src|href)=\"(https?:)?//", re.I)
    for page in bundle.rglob("*.html"):
        for match in pattern.finditer(page.read_text(encoding="utf-8")):
            tag = match.group(0)
            if "<link" in tag and not re.search(r'rel="(stylesheet|preload|modulepreload|icon)"', tag):
                continue
            offenders.append(f"{page.relative_to(bundle)}: {tag}")
    assert offenders == []


def test_search_and_navigation_from_file_url_with_network_blocked(bundle: Path) -> None:
    requests: list[str] = []
    blocked: list[str] = []
    errors: list[str] = []
    with browser() as chromium:
        context = chromium.new_context()

        def route(route_obj) -> None:
            url = route_obj.request.url
            requests.append(url)
            if url.startswith("file://"):
                route_obj.continue_()
            else:
                blocked.append(url)
                route_obj.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto((bundle / "index.html").as_uri())
        page.locator("label.md-search__icon, .md-search__input").first.click()
        page.keyboard.type("vxlan", delay=50)
        result = page.locator(".md-search-result__item a", has_text="VXLAN").first
        result.wait_for(timeout=10_000)
        result.click()
        page.wait_for_load_state("load")
        assert page.url.startswith("file://")
        assert "/vxlan.html" in page.url
        heading = page.locator("h1#vxlan")
        heading.wait_for()
        assert "VXLAN" in heading.inner_text()
        # Hover preview: a link to another entry carries its summary as a tooltip.
        page.locator(".nvd-definition a[href='vni.html']").first.hover()
        tooltip = page.locator(".md-tooltip2--active, .md-tooltip--active").first
        tooltip.wait_for(timeout=5_000)
        assert "VXLAN" in tooltip.inner_text() or "identifier" in tooltip.inner_text().lower()
        # Light/dark toggle works offline.
        scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        page.locator("label.md-header__button[for^='__palette']:visible").first.click()
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") != scheme
        # A composition page shows its diagram (drawn at authoring time) with links in the bundle's addresses.
        page.goto((bundle / "compositions" / "telco-nfv-stack.html").as_uri())
        diagram = page.locator(".nvd-diagram svg:visible").first
        diagram.wait_for(timeout=15_000)
        assert diagram.bounding_box()["height"] > 40
        assert diagram.locator("a[href='../vpp.html']").count() == 1
        context.close()
    assert blocked == [], f"requests left the page: {blocked}"
    assert requests and all(url.startswith("file://") for url in requests)
    assert errors == []


def test_every_link_and_anchor_of_the_bundle_works(bundle: Path) -> None:
    """With ``.html`` addresses (the offline plugin's), generated HTML lists included."""
    from nvdict.linkcheck import check_internal

    page = (bundle / "xdp.html").read_text(encoding="utf-8")
    assert '<a href="af-xdp.html">AF_XDP</a>' in page, "See also links use the bundle's addresses"
    result = check_internal(bundle)  # under the site_url path, where 404.html points
    assert result.ok, result.report
    assert result.checked > 1000 and result.failures == []


def test_the_bundles_data_files_address_its_own_pages(bundle: Path) -> None:
    """api/terms.json, api/terms/<id>.json and llms.txt lead to pages inside the bundle (``xdp.html``)."""
    import json
    import re

    index = json.loads((bundle / "api" / "terms.json").read_text(encoding="utf-8"))
    assert index["site_url"] is None and len(index["terms"]) > 100
    missing = [t["url"] for t in index["terms"] if not (bundle / t["url"]).is_file()]
    assert missing == [] and index["terms"][0]["url"].endswith(".html")
    record = json.loads((bundle / "api" / "terms" / f"{index['terms'][0]['id']}.json").read_text(encoding="utf-8"))
    assert record["url"] == index["terms"][0]["url"]
    links = re.findall(r"\]\(([^)]+)\)", (bundle / "llms.txt").read_text(encoding="utf-8"))
    assert len(links) > 100 and [link for link in links if not (bundle / link).is_file()] == []
