"""Everything that leaves the laptop: PDFs, sync bundles, calendars, texts."""
