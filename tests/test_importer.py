"""``nvdict import``: Hugo-style glossary entries into term files, never overwriting."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from nvdict.cli import main
from tests.corpora.merge import CORPORA

K8S = CORPORA / "kubernetes-glossary"
URL = "https://github.com/kubernetes/website/blob/main/content/en/docs/reference/glossary"


@pytest.fixture
def source(tmp_path: Path) -> Path:
    folder = tmp_path / "glossary"
    folder.mkdir()
    for name in ("node.md", "pod.md", "csi.md", "kube-proxy.md"):
        shutil.copy2(K8S / name, folder / name)
    return folder


def run(small_root: Path, source: Path, *extra: str) -> int:
    return main(["import", str(source), "--root", str(small_root), "--source-url", URL, *extra])


def test_converts_front_matter_shortcodes_and_attribution(small_root: Path, source: Path, capsys) -> None:
    mapping = small_root / "map.yaml"
    mapping.write_text("core-object: container-networking\nfundamental: container-networking\n", encoding="utf-8")
    assert run(small_root, source, "--categories", str(mapping), "--site", "https://kubernetes.io") == 1
    out = capsys.readouterr().out
    node = yaml.safe_load((small_root / "terms" / "node.yaml").read_text(encoding="utf-8"))
    assert node["name"] == "Node" and node["categories"] == ["container-networking"]
    assert "[Pods](id:pod)" in node["definition"]  # the target was imported too
    assert "[kubelet]" not in node["definition"] and "kubelet" in node["definition"]  # it was not: plain text
    assert node["references"][0] == {"title": "glossary: Node (CC BY 4.0)", "url": f"{URL}/node.md"}
    assert node["references"][1]["url"] == "https://kubernetes.io/docs/concepts/architecture/nodes/"
    csi = yaml.safe_load((small_root / "terms" / "csi.yaml").read_text(encoding="utf-8"))
    assert (csi["name"], csi["expansion"], csi["aliases"]) == ("CSI", "Container Storage Interface", [csi["expansion"]])
    assert (
        "csi.md -> csi.yaml (written):\n    needs a person: tags without a category in the mapping table: storage"
        in out
    )
    text = (small_root / "terms" / "node.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=term.schema.json\nid: node\n")


def test_never_overwrites_and_reports_collisions(small_root: Path, source: Path, capsys) -> None:
    existing = small_root / "terms" / "pod.yaml"
    existing.write_text("keep me\n", encoding="utf-8")
    run(small_root, source)
    out = capsys.readouterr().out
    assert existing.read_text(encoding="utf-8") == "keep me\n"
    assert "id 'pod' is already an entry: not converted" in out
    assert "needs a person: no category" in out


def test_write_refuses_an_existing_file(tmp_path: Path, source: Path) -> None:
    from nvdict.importer import Options, convert, write

    items = convert(source, {}, Options())
    (tmp_path / "node.yaml").write_text("keep me\n", encoding="utf-8")
    written = write(items, tmp_path)
    assert (tmp_path / "node.yaml").read_text(encoding="utf-8") == "keep me\n"
    assert tmp_path / "node.yaml" not in written and len(written) == 3
    assert (
        "node.yaml exists: not written (nothing was overwritten)" in next(i for i in items if i.term_id == "node").notes
    )


def test_dry_run_writes_nothing(small_root: Path, source: Path) -> None:
    before = sorted(p.name for p in (small_root / "terms").iterdir())
    run(small_root, source, "--dry-run")
    assert sorted(p.name for p in (small_root / "terms").iterdir()) == before


def test_links_lists_each_automatic_link_with_its_sentence(capsys, root: Path) -> None:
    assert main(["links", "terms/ovn.yaml", "--root", str(root)]) == 0
    out = capsys.readouterr().out
    assert (
        "terms/ovn.yaml: definition: -> ovs: "
        "A higher-level network virtualization control plane built on top of [[OVS]]." in out
    )
    assert out.rstrip().endswith("in or to 1 entry")


def test_every_file_the_check_refuses_was_reported(tmp_path: Path, capsys) -> None:
    """What the import says needs a person covers everything `nvdict check` then refuses."""
    import re

    from nvdict.load import check

    root = tmp_path / "dictionary"
    shutil.copytree(Path(__file__).resolve().parent.parent / "terms", root / "terms")
    mapping = tmp_path / "map.yaml"
    mapping.write_text("networking: container-networking\nfundamental: container-networking\n", encoding="utf-8")
    main(["import", str(K8S), "--root", str(root), "--source-url", URL, "--categories", str(mapping)])
    report = capsys.readouterr().out
    reported = set(re.findall(r"-> ([a-z0-9-]+\.yaml) \(written\):\n    needs a person", report))
    _, problems = check(root)
    refused = {p.path.name for p in problems}
    assert refused and refused <= reported
