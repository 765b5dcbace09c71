"""Output guarantees that depend on Material for MkDocs: a Content-Security-Policy on every
page, and a search index whose titles and texts cannot carry markup.

The policy allows scripts from the site itself and, by SHA-256 hash, exactly the inline
scripts that Material's own templates write (each page's copy is hashed, since some carry
the page's base URL). An inline script that is not one of the theme's never gets a hash.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from pathlib import Path

import material
import nh3

_THEME_SCRIPTS = Path(material.__file__).parent / "templates" / "partials" / "javascripts"
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
_JINJA = re.compile(r"\{\{[^}]*\}\}")
_CHARSET = '<meta charset="utf-8">'

POLICY = (
    "default-src 'none'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
    "frame-src 'self'; manifest-src 'self'; base-uri 'self'; form-action 'none'; object-src 'none'"
)
"""Styles may be inline: Mermaid writes its own <style> into each diagram."""
OFFLINE_POLICY = POLICY.replace("'self'", "'self' file:")
"""From file://, Chromium does not count other files as 'self'; the bundle has no network to reach anyway."""
LIVE_RELOAD_POLICY = POLICY.replace("script-src 'self' {hashes}", "script-src 'self' 'unsafe-inline'")
"""``mkdocs serve`` only: its live-reload script is written into each page with a new id on every
request, so no hash can name it in advance; inline scripts may run while serving (the term text is
still sanitised, and every other directive holds). Built sites never get this policy."""

INDEX_TAGS = {"p", "code", "pre", "ul", "ol", "li", "strong", "em", "b", "i", "table", "tr", "th", "td", "kbd"}
"""What Material's search shows of a document: text with a little structure, never an attribute."""


@functools.cache
def theme_scripts() -> tuple[re.Pattern[str], ...]:
    """One pattern per inline script in Material's templates; template values match no quote or markup."""
    patterns = []
    for template in sorted(_THEME_SCRIPTS.glob("*.html")):
        for body in _INLINE_SCRIPT.findall(template.read_text(encoding="utf-8")):
            literal = [re.escape(part) for part in _JINJA.split(body)]
            patterns.append(re.compile(r'[^"<>\\]*'.join(literal)))
    return tuple(patterns)


def _hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


_WORKER = re.compile(r'"search": "([^"\\<>]*)"')


@functools.cache
def _shim_functions(shim: Path) -> tuple[str, str] | None:
    """The two functions the iframe-worker shim writes into its frame, as the browser prints them."""
    source = shim.read_text(encoding="utf-8")
    post, imports, end = source.find("function c("), source.find("function d("), source.find("var o=class")
    if min(post, imports, end) < 0:
        return None
    return source[post:imports], source[imports:end]


def shim_script(page_html: str, shim: Path) -> str | None:
    """The inline script the iframe-worker shim writes into its frame on this page (offline bundle)."""
    functions = _shim_functions(shim)
    worker = _WORKER.search(page_html)
    if functions is None or worker is None:
        return None
    post, imports = functions
    return (
        f'postMessage={post};importScripts={imports};addEventListener("error",({{error}})=>'
        f'{{parent.dispatchEvent(new ErrorEvent("error",{{filename:"{worker.group(1)}",error}}))}})'
    )


def content_security_policy(
    page_html: str, offline: bool = False, shim: Path | None = None, live_reload: bool = False
) -> str:
    """``page_html`` with a CSP ``<meta>`` right after its charset, hashing the theme's inline scripts.

    ``shim``: the vendored iframe-worker shim, whose frame script (offline, from file://) is hashed too.
    ``live_reload``: the page is served by ``mkdocs serve`` (see ``LIVE_RELOAD_POLICY``).
    """
    if live_reload:
        meta = f'<meta http-equiv="Content-Security-Policy" content="{LIVE_RELOAD_POLICY}">'
        return page_html.replace(_CHARSET, _CHARSET + meta, 1)
    hashes = {
        _hash(body)
        for body in _INLINE_SCRIPT.findall(page_html)
        if any(pattern.fullmatch(body) for pattern in theme_scripts())
    }
    frame = shim_script(page_html, shim) if offline and shim else None
    if frame is not None:
        hashes.add(_hash(frame))
    hashes = sorted(hashes)
    policy = (OFFLINE_POLICY if offline else POLICY).format(hashes=" ".join(hashes))
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    return page_html.replace(_CHARSET, _CHARSET + meta, 1)


def sanitise_index(docs: list[dict[str, object]]) -> list[dict[str, object]]:
    """Search documents whose title and text keep only plain structure: Material shows both as HTML."""
    clean = []
    for doc in docs:
        doc = dict(doc)
        for key in ("title", "text"):
            if isinstance(doc.get(key), str):
                doc[key] = nh3.clean(doc[key], tags=INDEX_TAGS, attributes={}, link_rel=None)
        if isinstance(doc.get("tags"), list):
            doc["tags"] = [nh3.clean(str(tag), tags=set(), link_rel=None) for tag in doc["tags"]]
        clean.append(doc)
    return clean
