"""A person's data report: what the workspace holds about one person, as a PDF and a JSON file."""
