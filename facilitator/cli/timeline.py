"""``facilitator report timeline``."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from facilitator.cli.options import ParserT


def add_timeline_report(kinds: argparse._SubParsersAction[ParserT], workspace_option: ParserT) -> None:
    kinds.add_parser("timeline", parents=[workspace_option])


def run_timeline_report(
    folder: Path, arguments: argparse.Namespace, failure: type[Exception], usage_error: Callable[[str], object]
) -> int:
    raise failure("timeline: to be written")
