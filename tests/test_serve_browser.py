"""``mkdocs serve`` in a browser: after a term file is saved, the open entry page reloads and shows the edit."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.browser import browser
from tests.conftest import scratch_project

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_edit_reloads_the_open_page(tmp_path: Path) -> None:
    """Live reload runs under the security policy (its inline script is written per request)."""
    project = scratch_project(tmp_path)
    port = _free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": f"http://127.0.0.1:{port}/"}
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"]
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + 180
        while "Serving on" not in log.read_text(encoding="utf-8"):
            assert process.poll() is None and time.monotonic() < deadline, log.read_text(encoding="utf-8")
            time.sleep(0.2)
        with browser() as chromium:
            page = chromium.new_page()  # type: ignore[attr-defined]
            blocked: list[str] = []
            page.on("console", lambda note: blocked.append(note.text) if "Content Security" in note.text else None)
            page.goto(f"http://127.0.0.1:{port}/vxlan/")
            page.wait_for_load_state("load")
            term = project / "terms" / "vxlan.yaml"
            text = term.read_text(encoding="utf-8")
            term.write_text(text.replace("\ndefinition: |-\n", "\ndefinition: |-\n  Zqmarker edit.\n", 1), "utf-8")
            for _ in range(3):  # the reload MkDocs' script triggers (it may reload more than once)
                page.wait_for_event("load", timeout=60_000)
                if "Zqmarker" in page.inner_text("body"):
                    break
            assert "Zqmarker" in page.inner_text("body")
            assert blocked == [], blocked
            assert re.search(r"Documentation built in", log.read_text(encoding="utf-8"))
    finally:
        process.terminate()
        process.wait(timeout=10)
