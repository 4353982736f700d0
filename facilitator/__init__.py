"""MicroENTRE Facilitator: run and record the meetings of micro-entrepreneur peer groups."""

__version__ = "0.1.0"
