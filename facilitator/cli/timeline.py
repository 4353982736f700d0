"""``facilitator report timeline PERSON``: one entrepreneur's timeline as a PDF (see
:mod:`exports.timeline_files`); PERSON is found as ``person report`` finds it."""

from __future__ import annotations

import argparse
from pathlib import Path

from facilitator.cli.options import ParserT, add_output_folder
from facilitator.cli.person import add_person_argument, write_person_file
from facilitator.i18n import _


def add_timeline_report(kinds: argparse._SubParsersAction[ParserT], workspace_option: ParserT) -> None:
    timeline = kinds.add_parser(
        "timeline",
        parents=[workspace_option],
        help=_("one entrepreneur's timeline as a PDF: meetings, needs, interviews and outcomes"),
        description=_(
            "Write one entrepreneur's timeline as a PDF: joined, the meetings attended and hosted, the needs "
            "recorded, the interviews with how the growth intention and the staff moved, and the outcomes with "
            "the meetings behind them and the members involved."
        ),
    )
    add_person_argument(timeline)
    add_output_folder(timeline)


def run_timeline_report(folder: Path, arguments: argparse.Namespace, failure: type[Exception]) -> int:
    """Write the timeline, print where it went, and say if it replaced an earlier one."""
    from exports.timeline_files import write_timeline

    return write_person_file(
        folder, arguments, failure, lambda repository, person: [write_timeline(repository, person.id, arguments.to)]
    )
