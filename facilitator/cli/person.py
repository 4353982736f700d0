"""``facilitator person``: what concerns one person's data. ``person report PERSON`` writes what the
workspace holds about them (a PDF and a JSON file, see :mod:`exports.person_report`); ``person erase
PERSON`` erases them (see :mod:`storage.erasure`).

PERSON is found by :func:`facilitator.person_lookup.find_person`: a name or part of one, an e-mail
or an id, perhaps narrowed with ``--group``; no one, or several, is refused with who could be meant.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from facilitator.cli.options import ParserT, add_output_folder, confirmed, require_workspace, tell_replaced
from facilitator.i18n import _
from facilitator.model import Person
from storage.repository import Repository


def add_person_commands(
    commands: argparse._SubParsersAction[ParserT], workspace_option: ParserT, parser_class: type[ParserT]
) -> None:
    person = commands.add_parser(
        "person", parents=[workspace_option], help=_("show or erase what is held about a person (a member's data)")
    )
    actions = person.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=parser_class)
    report = actions.add_parser(
        "report",
        parents=[workspace_option],
        help=_("write what the workspace holds about a person, as a PDF and a JSON file"),
        description=_(
            "Write what the workspace holds about one person, as a PDF to hand over and a JSON file: the roster "
            "record with the consents and their dates, the meetings attended and hosted, the memo entries that name "
            "the person or that the person owns, the needs and absences recorded, the growth interviews, the outcomes "
            "in the person's business and those of others the person took part in, and the sync bundles that carried "
            "these records (when, to whom, under the name or a pseudonym)."
        ),
    )
    add_person_argument(report)
    add_output_folder(report)
    erase = actions.add_parser(
        "erase",
        parents=[workspace_option],
        help=_("erase a person from this workspace, its backups and, with the next bundles, every other laptop"),
        description=_(
            "Erase one person: the roster record keeps nothing personal, the name, e-mail, phone and premises address "
            "leave every record where they were typed (memo entries and their earlier wordings, agenda, meetings, "
            "feedback, others' interviews and outcomes), action items, attendance rows and absences lose their link "
            "to the person, their growth interviews and outcomes go, they are no longer among the members involved in "
            "others' outcomes, meetings they hosted say “a former member”, and every backup holding them is "
            "rewritten. The next bundles carry the erasure to the co-facilitators and the coordinator. What will go "
            "is shown first, and nothing changes before you confirm."
        ),
    )
    add_person_argument(erase)
    erase.add_argument("--yes", action="store_true", help=_("erase without asking"))


def add_person_argument(command: argparse.ArgumentParser) -> None:
    """PERSON and ``--group``, as every ``person`` subcommand takes them."""
    command.add_argument(
        "person", metavar="PERSON", help=_("the person: a name or part of one, an e-mail address or an id")
    )
    command.add_argument(
        "--group", metavar="GROUP", help=_("look only in this group (its name, or a part of it, or id)")
    )


def chosen_person(repository: Repository, arguments: argparse.Namespace, failure: type[Exception]) -> Person:
    """The one person PERSON (and ``--group``) names among the workspace's people; refused with
    ``failure``, whose message lists who could be meant when several could."""
    from facilitator.person_lookup import NoSuchPerson, find_person

    people = [person for group_people in repository.people_by_group().values() for person in group_people]
    try:
        return find_person(people, repository.groups(), arguments.person, arguments.group)
    except NoSuchPerson as error:
        raise failure(str(error)) from None


def run_person(folder: Path, arguments: argparse.Namespace, failure: type[Exception]) -> int:
    """Run the ``person`` subcommand the arguments name."""
    if arguments.action == "erase":
        require_workspace(folder, failure)
        return _run_erase(folder, arguments, failure)
    from exports.person_report.files import write_person_report

    return write_person_file(
        folder, arguments, failure, lambda repository, person: write_person_report(repository, person, arguments.to)
    )


def _run_erase(folder: Path, arguments: argparse.Namespace, failure: type[Exception]) -> int:
    """Say what the erasure changes, wait for a yes (unless ``--yes``), erase, and say what changed."""
    from facilitator.person_lookup import NoSuchPerson, find_person
    from storage.erasure import WorkspaceErasure, confirmation, erasable_people
    from storage.workspace import Workspace

    if not arguments.yes and not sys.stdin.isatty():
        raise failure(_("The erasure waits for a yes on a terminal: add --yes to erase without asking."))
    with Workspace.open(folder, purpose="person erase") as workspace:
        repository = Repository(workspace)
        try:
            person = find_person(erasable_people(workspace), repository.groups(), arguments.person, arguments.group)
        except NoSuchPerson as error:
            raise failure(str(error)) from None
        erasure = WorkspaceErasure(repository, person.id)
        print(confirmation(person, erasure.counts))
        if not arguments.yes and not confirmed(_("Erase? [y/N] ")):
            print(_("Nothing erased."))
            return 1
        counts = erasure.apply()
    print(_("{name} is erased from this workspace.").format(name=person.name))
    for line in counts.lines(done=True):
        print(line)
    print(_("Send the next bundles (“facilitator export bundle”) to carry the erasure to the other laptops."))
    return 0


def write_person_file(
    folder: Path,
    arguments: argparse.Namespace,
    failure: type[Exception],
    write: Callable[[Repository, Person], list[Path]],
) -> int:
    """Write the files ``write`` makes of the person PERSON names (a report, a timeline, an
    interview form), print where each went, and say if they replaced earlier ones."""
    from exports.files import replaced_files
    from storage.reading import read_workspace

    require_workspace(folder, failure)
    # It only reads: it runs while the app (or a command that writes) holds the workspace.
    with replaced_files() as replaced:
        paths = read_workspace(
            folder, lambda repository: write(repository, chosen_person(repository, arguments, failure))
        )
    for path in paths:
        print(path)
    tell_replaced(replaced)
    return 0
