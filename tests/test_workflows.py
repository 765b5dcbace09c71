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
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
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


@pytest.fixture(scope="module", params=WORKFLOWS, ids=lambda p: p.name)
def workflow_file(request: pytest.FixtureRequest) -> Path:
    return request.param


def test_expected_workflows_exist() -> None:
    assert {path.name for path in WORKFLOWS} >= EXPECTED
    assert (GITHUB / "dependabot.yml").is_file()


def test_actionlint() -> None:
    """actionlint (with shellcheck, when installed, for the run: scripts) reports nothing."""
    done = subprocess.run(
        [tool("actionlint"), "-no-color", "-oneline", *map(str, WORKFLOWS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_zizmor_offline() -> None:
    """zizmor, offline and at its default persona and severity, reports nothing for workflows or dependabot.yml."""
    done = subprocess.run(
        [tool("zizmor"), "--offline", "--no-progress", "--color", "never", "--format", "plain", str(GITHUB)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "ZIZMOR_OFFLINE": "true"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings" in done.stdout, done.stdout


def test_no_pull_request_target(workflow_file: Path) -> None:
    on = triggers(load(workflow_file))
    assert "pull_request_target" not in on
    assert "workflow_run" not in on, "workflow_run runs with write access on untrusted results"


def test_actions_pinned_to_full_sha(workflow_file: Path) -> None:
    """Every ``uses:`` names a 40-hex commit, with a ``# vX.Y.Z`` comment for people and Dependabot."""
    workflow = load(workflow_file)
    used = [step["uses"] for _, step in steps(workflow) if "uses" in step]
    used += [job["uses"] for job in workflow["jobs"].values() if "uses" in job]
    for ref in used:
        assert not ref.startswith("docker://"), f"{ref}: docker images are not pinned by this check"
        if ref.startswith("./"):
            continue
        assert PINNED.match(ref), f"{workflow_file.name}: {ref} is not pinned to a full commit SHA"
    for line in workflow_file.read_text(encoding="utf-8").splitlines():
        match = USES_LINE.match(line)
        if match and not match.group(1).startswith("./"):
            assert VERSION_COMMENT.match(match.group(2)), f"{workflow_file.name}: no version comment on {line.strip()}"


def test_least_privilege_permissions(workflow_file: Path) -> None:
    """Top-level permissions are declared and read-only; each job declares what it needs."""
    workflow = load(workflow_file)
    assert "permissions" in workflow, f"{workflow_file.name}: no top-level permissions"
    top = grants(workflow["permissions"])
    assert set(top.values()) <= READ_ONLY, f"{workflow_file.name}: top-level grants {top}"
    for job_id, job in workflow["jobs"].items():
        assert "permissions" in job, f"{workflow_file.name}: job {job_id} declares no permissions"
        assert grants(job["permissions"]).get("*") != "write", f"{job_id}: write-all"
        assert "timeout-minutes" in job, f"{workflow_file.name}: job {job_id} has no timeout"


def test_checkout_does_not_persist_credentials(workflow_file: Path) -> None:
    for job_id, step in steps(load(workflow_file)):
        if str(step.get("uses", "")).startswith("actions/checkout@"):
            assert (step.get("with") or {}).get("persist-credentials") is False, job_id


def test_no_expressions_in_scripts(workflow_file: Path) -> None:
    """Context values reach scripts through env:, never spliced into the script text."""
    for job_id, step in steps(load(workflow_file)):
        assert "${{" not in step.get("run", ""), f"{workflow_file.name}: {job_id}: {step.get('name')}"


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
