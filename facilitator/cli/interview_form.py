"""``facilitator export interview-form PERSON``: the printable growth interview form of one person,
pre-filled with the name, firm, group, the interview due and the previous interview's answers.

PERSON is found as ``facilitator person`` finds it (:func:`facilitator.person_lookup.find_person`):
a name or part of one, an e-mail or an id, perhaps narrowed with ``--group``; several are refused
with who could be meant.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from facilitator.cli.options import ParserT, add_output_folder
from facilitator.cli.person import add_person_argument, write_person_file
from facilitator.i18n import _


def add_interview_form_export(kinds: argparse._SubParsersAction[ParserT], workspace_option: ParserT) -> None:
    what = _("a person's growth interview form as a PDF to fill in by hand")
    command = kinds.add_parser(
        "interview-form",
        parents=[workspace_option],
        help=what,
        description=_(
            "Write a growth interview form to fill in by hand at an appointment without the laptop: the "
            "entrepreneur's name, firm, group and joining date, which interview is next, a box to tick for each "
            "choice, lines to write on, and beside each question the answer of the previous interview."
        ),
    )
    add_person_argument(command)
    add_output_folder(command)


def run_interview_form_export(folder: Path, arguments: argparse.Namespace, failure: type[Exception]) -> int:
    """Write the form, print where it went, and say if it replaced an earlier one."""
    from exports.interview_form_files import write_interview_form

    return write_person_file(
        folder,
        arguments,
        failure,
        lambda repository, person: [write_interview_form(repository, person.id, arguments.to)],
    )
