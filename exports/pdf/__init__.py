"""Printable PDFs (reportlab Platypus), with an embedded font that covers Sami letters."""
