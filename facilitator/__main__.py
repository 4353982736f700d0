"""``python -m facilitator`` runs the same command line as ``facilitator``."""

from facilitator.cli import main

raise SystemExit(main())
