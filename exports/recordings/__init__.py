"""The sealed recordings file: a group's meeting sounds for the coordinator, apart from the bundles
(see ``docs/recordings-format.md``)."""

from exports.recordings.importer import RecordingsImported, RecordingsStatus, import_recordings_file
from exports.recordings.members import RecordingsRefused
from exports.recordings.reader import bundles_then_recordings, is_recordings_file
from exports.recordings.writer import NoRecordings, RecordingsChosen, chosen_recordings, write_recordings_file

__all__ = [
    "NoRecordings",
    "RecordingsChosen",
    "RecordingsImported",
    "RecordingsRefused",
    "RecordingsStatus",
    "bundles_then_recordings",
    "chosen_recordings",
    "import_recordings_file",
    "is_recordings_file",
    "write_recordings_file",
]
