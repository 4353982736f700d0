"""The network report as the coordinator reads it, for looking at its pages: the demo network
(13 groups × 20 years by default) made in a facilitator's workspace, each group's bundle written
for the coordinator and imported into an empty coordinator's workspace, then the report of every
year written in each language asked and its pages drawn as PNG pictures (``pdftoppm``).

Run as ``.venv/bin/python bench/report_pages.py FOLDER [--groups N] [--years Y] [--lang fi sv]``.
The PDFs and the pictures land in FOLDER; it is not a test.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def coordinator_workspace(folder: Path, groups: int, years: int) -> Path:
    """The coordinator's workspace at ``folder/coordinator``, filled from the demo's bundles."""
    from exports.bundle import writer
    from exports.bundle.format import Audience
    from exports.bundle.importer import Importer
    from exports.bundle.keys import install_keys, issue_keys, read_key_request, write_key_request
    from facilitator.demo import generate_network
    from facilitator.model.group import DEFAULT_TIME_ZONE
    from storage.repository import Repository
    from storage.workspace import Workspace, WorkspaceRole

    coordinator = folder / "coordinator"
    if coordinator.exists():
        return coordinator
    bundles = folder / "bundles"
    bundles.mkdir(parents=True, exist_ok=True)
    with Workspace.open(folder / "facilitator") as workspace:
        facilitator = Repository(workspace)
        today = facilitator.today(DEFAULT_TIME_ZONE)
        facilitator.add_network(**generate_network(groups=groups, years=years, seed=1, today=today).records())
        request = write_key_request(facilitator, facilitator.groups(), folder)
        with Workspace.open(coordinator, role=WorkspaceRole.COORDINATOR) as coordinator_workspace:
            issued = issue_keys(Repository(coordinator_workspace), read_key_request(request), folder)
        install_keys(facilitator, issued.path, issued.passphrase)
        facilitator.load_all()
        for group in facilitator.groups():
            writer.make_bundle(facilitator, [group], full=True, audience=Audience.COORDINATOR, to=bundles)
    with Workspace.open(coordinator) as workspace:
        reports = Importer(Repository(workspace)).import_files(sorted(bundles.glob("*.mebundle")))
    refused = [report.line() for report in reports if not report.ok]
    if refused:
        raise SystemExit("refused:\n" + "\n".join(refused))
    return coordinator


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--groups", type=int, default=13)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--lang", nargs="+", default=["fi", "sv"])
    parser.add_argument("--period", choices=("all", "default"), default="all")
    arguments = parser.parse_args()
    coordinator = coordinator_workspace(arguments.folder, arguments.groups, arguments.years)
    for language in arguments.lang:
        out = arguments.folder / language
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir()
        command = [sys.executable, "-m", "facilitator", "report", "network", "--lang", language]
        command += ["--workspace", str(coordinator), "--to", str(out)]
        command += ["--all"] if arguments.period == "all" else []
        subprocess.run(command, check=True)
        for pdf in out.glob("*.pdf"):
            subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(out / "page")], check=True)
        print(out, sorted(path.name for path in out.iterdir()))


if __name__ == "__main__":
    main()
