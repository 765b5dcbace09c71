"""The GitHub workflows: actionlint and zizmor find nothing, and the project's own rules hold."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
GITHUB = ROOT / ".github"
WORKFLOWS = sorted([*(GITHUB / "workflows").glob("*.yml"), *(GITHUB / "workflows").glob("*.yaml")])
EXPECTED = {"ci.yml", "deploy.yml", "release.yml", "links.yml"}
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$")
VERSION_COMMENT = re.compile(r"^\s+#\s*v\d+(\.\d+)*\s*$")
READ_ONLY = {"read", "none"}


def tool(name: str) -> str:
    """A linter's binary; a missing one fails under CI and skips elsewhere."""
    found = shutil.which(name) or (
        str(Path(sys.executable).with_name(name)) if Path(sys.executable).with_name(name).is_file() else None
    )
    if found is None:
        message = f"{name} is not installed (see the README: Continuous integration)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name} is not a YAML mapping"
    return data


def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    """The ``on:`` block as a mapping (YAML 1.1 reads the bare key ``on`` as True)."""
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    assert isinstance(on, dict), "no on: block"
    return on


def steps(workflow: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for job_id, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield job_id, step


def grants(permissions: Any) -> dict[str, str]:
    """A ``permissions:`` value as scope -> level; ``read-all``/``write-all`` become ``*``."""
    if permissions in (None, {}):
        return {}
    if isinstance(permissions, str):
        return {"*": permissions.split("-")[0]}
    assert isinstance(permissions, dict)
    return {str(scope): str(level) for scope, level in permissions.items()}


def rule_problems(name: str, text: str) -> list[str]:
    """Breaches of the project's workflow rules in one workflow's text (empty when it keeps them all)."""
    workflow = yaml.safe_load(text)
    problems: list[str] = []
    on = triggers(workflow)
    problems += [f"{name}: trigger {event}" for event in ("pull_request_target", "workflow_run") if event in on]
    if "permissions" not in workflow:
        problems.append(f"{name}: no top-level permissions")
    elif not set(grants(workflow["permissions"]).values()) <= READ_ONLY:
        problems.append(f"{name}: top-level permissions grant more than read")
    for job_id, job in workflow["jobs"].items():
        if "permissions" not in job:
            problems.append(f"{name}: job {job_id} declares no permissions")
        elif grants(job["permissions"]).get("*") == "write":
            problems.append(f"{name}: job {job_id} has write-all")
        if "timeout-minutes" not in job:
            problems.append(f"{name}: job {job_id} has no timeout-minutes")
        uses = [job["uses"]] if "uses" in job else []
        for step in job.get("steps", []):
            uses += [step["uses"]] if "uses" in step else []
            if "${{" in step.get("run", ""):
                problems.append(f"{name}: job {job_id}: expression in run: (pass it through env:)")
            if (
                str(step.get("uses", "")).startswith("actions/checkout@")
                and (step.get("with") or {}).get("persist-credentials") is not False
            ):
                problems.append(f"{name}: job {job_id}: checkout without persist-credentials: false")
        for ref in uses:
            if not ref.startswith("./") and not PINNED.match(ref):
                problems.append(f"{name}: {ref} is not pinned to a full commit SHA")
    for line in text.splitlines():
        match = USES_LINE.match(line)
        if match and not match.group(1).startswith("./") and not VERSION_COMMENT.match(match.group(2)):
            problems.append(f"{name}: no version comment: {line.strip()}")
    return problems


BAD_WORKFLOW = """\
name: bad
on:
  pull_request_target:
permissions: write-all
jobs:
  build:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@e797f83bcb11b83ae66e0230d6156d7c80228e7c
      - run: echo "${{ github.event.pull_request.title }}"
"""


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_rules(path: Path) -> None:
    """No pull_request_target, actions pinned to SHAs with version comments, least privilege, no injection."""
    assert rule_problems(path.name, path.read_text(encoding="utf-8")) == []


def test_rules_catch_a_bad_workflow() -> None:
    problems = "\n".join(rule_problems("bad.yml", BAD_WORKFLOW))
    for expected in (
        "trigger pull_request_target",
        "top-level permissions grant more than read",
        "job build declares no permissions",
        "no timeout-minutes",
        "expression in run:",
        "checkout without persist-credentials",
        "actions/checkout@v4 is not pinned",
        "no version comment: - uses: actions/setup-python@",
    ):
        assert expected in problems, expected


def test_actionlint_passes_the_workflows() -> None:
    """The real workflows, as CI runs them: actionlint finds nothing."""
    linted = subprocess.run(
        [tool("actionlint"), "-no-color", "-oneline", *map(str, WORKFLOWS)], capture_output=True, text=True, timeout=120
    )
    assert linted.returncode == 0, linted.stdout + linted.stderr


def test_zizmor_passes_the_workflows() -> None:
    """The real workflows: zizmor's offline audits find nothing."""
    audited = subprocess.run(
        [tool("zizmor"), "--offline", "--no-progress", "--color", "never", *map(str, WORKFLOWS)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert audited.returncode == 0, audited.stdout + audited.stderr


def test_linters_catch_a_bad_workflow(tmp_path: Path) -> None:
    """Both linters really audit (offline): the bad workflow fails each."""
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(BAD_WORKFLOW.replace("    runs-on: ubuntu-24.04\n", "    runs-on: ubuntu-24.04\n    timeout: 5\n"))
    linted = subprocess.run(
        [tool("actionlint"), "-no-color", "-oneline", str(bad)], capture_output=True, text=True, timeout=120
    )
    assert linted.returncode == 1, linted.stdout + linted.stderr
    assert "timeout" in linted.stdout
    audited = subprocess.run(
        [tool("zizmor"), "--offline", "--no-progress", "--color", "never", str(bad)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert audited.returncode != 0
    for audit in ("dangerous-triggers", "template-injection", "unpinned-uses"):
        assert audit in audited.stdout, audited.stdout


def test_ci_workflow() -> None:
    workflow = load(GITHUB / "workflows" / "ci.yml")
    on = triggers(workflow)
    assert "pull_request" in on
    assert on["push"]["branches"] == ["main"]
    scripts = "\n".join(step.get("run", "") for _, step in steps(workflow))
    for command in (
        "ruff check",
        "ruff format --check",
        "python -m nvdict check",
        "pytest",
        "mkdocs build --strict",
        "python -m nvdict.linkcheck internal",
    ):
        assert command in scripts, command
    assert any(str(step.get("uses", "")).startswith("actions/upload-artifact@") for _, step in steps(workflow))


def test_deploy_workflow() -> None:
    workflow = load(GITHUB / "workflows" / "deploy.yml")
    assert triggers(workflow)["push"]["branches"] == ["main"]
    used = [str(step.get("uses", "")).split("@")[0] for _, step in steps(workflow)]
    assert {"actions/upload-pages-artifact", "actions/deploy-pages"} <= set(used)
    deploy = workflow["jobs"]["deploy"]
    assert deploy["environment"]["name"] == "github-pages"
    assert grants(deploy["permissions"]) == {"pages": "write", "id-token": "write"}
    build_env = {key for _, step in steps(workflow) for key in (step.get("env") or {})}
    assert "REPO_URL" in build_env
    scripts = "\n".join(step.get("run", "") for _, step in steps(workflow))
    assert "export SITE_URL" in scripts


def test_release_workflow() -> None:
    workflow = load(GITHUB / "workflows" / "release.yml")
    on = triggers(workflow)
    assert on["release"]["types"] == ["published"]
    assert on["push"]["tags"] == ["v*"]
    scripts = "\n".join(step.get("run", "") for _, step in steps(workflow))
    assert "python -m nvdict.bundle --output dist/nvdict-offline.zip" in scripts
    assert "gh release upload" in scripts


def test_links_workflow() -> None:
    workflow = load(GITHUB / "workflows" / "links.yml")
    on = triggers(workflow)
    assert "schedule" in on
    assert "workflow_dispatch" in on
    scripts = "\n".join(step.get("run", "") for _, step in steps(workflow))
    assert "python -m nvdict.linkcheck external" in scripts


def test_dependabot() -> None:
    config = load(GITHUB / "dependabot.yml")
    assert config["version"] == 2
    ecosystems = {update["package-ecosystem"] for update in config["updates"]}
    assert {"github-actions", "pip"} <= ecosystems
