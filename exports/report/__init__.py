"""The coordinator's network report: :mod:`~exports.report.figures` gathers what it says from every
group's records (plain data, no layout); :mod:`~exports.report.pdf` lays it out on A4, with the
charts and the codes table of :mod:`~exports.report.charts` in the type and colours of
:mod:`~exports.report.styles`; :mod:`~exports.report.files` reads the workspace and writes the
file, for ``facilitator report network`` and the network dashboard."""
