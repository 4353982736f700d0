"""Textual screens and widgets: presentation only; rules live in ``facilitator``."""
