"""``facilitator interviews due``: the members whose growth interview is due or overdue."""

from __future__ import annotations

import argparse
from pathlib import Path

from facilitator.cli.options import ParserT


def add_interview_commands(
    commands: argparse._SubParsersAction[ParserT], workspace_option: ParserT, parser_class: type[ParserT]
) -> None:
    commands.add_parser("interviews", parents=[workspace_option])


def run_interviews(folder: Path, arguments: argparse.Namespace, failure: type[Exception]) -> int:
    raise failure("interviews: to be written")
