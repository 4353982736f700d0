"""``facilitator export interview-form``: a printable growth interview form."""

from __future__ import annotations

import argparse
from pathlib import Path

from facilitator.cli.options import ParserT


def add_interview_form_export(kinds: argparse._SubParsersAction[ParserT], workspace_option: ParserT) -> None:
    kinds.add_parser("interview-form", parents=[workspace_option])


def run_interview_form_export(folder: Path, arguments: argparse.Namespace, failure: type[Exception]) -> int:
    raise failure("interview-form: to be written")
