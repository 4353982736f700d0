"""``facilitator report indicators``."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from facilitator.cli.options import ParserT


def add_indicators_report(kinds: argparse._SubParsersAction[ParserT], workspace_option: ParserT) -> None:
    kinds.add_parser("indicators", parents=[workspace_option])


def run_indicators_report(
    folder: Path, arguments: argparse.Namespace, failure: type[Exception], usage_error: Callable[[str], object]
) -> int:
    raise failure("indicators: to be written")
