"""Build the offline HTML bundle: a zip of the site that works from ``file://``.

The site is built with Material's offline plugin (``OFFLINE=1``): ``.html``
URLs, an inlined search index, and the vendored iframe-worker shim so search
runs without a server. Nothing is loaded from another host.

    python -m nvdict.bundle --output dist/nvdict-offline.zip
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from nvdict.layout import unsafe_output

FOLDER = "network-virtualization-dictionary"


def build_offline(root: Path, site_dir: Path) -> None:
    """Build the offline variant of the site into ``site_dir`` (strict: any warning fails)."""
    env = {**os.environ, "OFFLINE": "true", "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(site_dir)]
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"offline build failed:\n{result.stdout}{result.stderr}")


def zip_site(site_dir: Path, output: Path) -> Path:
    """Zip ``site_dir`` under one top folder; written to a temporary name, then renamed."""
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(site_dir.rglob("*")):
            if path.is_file():
                archive.write(path, f"{FOLDER}/{path.relative_to(site_dir).as_posix()}")
    partial.replace(output)
    return output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nvdict.bundle", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project root (default: current directory)")
    parser.add_argument("--output", type=Path, default=Path("dist/nvdict-offline.zip"), help="zip file to write")
    args = parser.parse_args(argv)
    why = unsafe_output(args.root, args.output)
    if why:
        print(
            f"python -m nvdict.bundle: --output {args.output} is refused: {why}. Nothing was written. "
            "Write the bundle to dist/ or outside the repository.",
            file=sys.stderr,
        )
        return 2
    with tempfile.TemporaryDirectory(prefix="nvdict-offline-") as tmp:
        site_dir = Path(tmp) / "site"
        build_offline(args.root.resolve(), site_dir)
        output = zip_site(site_dir, args.output)
    size = output.stat().st_size
    print(f"wrote {output} ({size / 1e6:.1f} MB); open {FOLDER}/index.html from the unzipped folder")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
