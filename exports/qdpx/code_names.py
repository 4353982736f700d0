"""Which of the eleven codes a code of a REFI-QDA project is: by its GUID (the codebook's,
:func:`~exports.research_codes.code_guid`), else by its name: the code ("PS"), the codebook's name
("PS problem-solving"), or the activity's name in English, Finnish or Swedish, case and surrounding
spaces ignored. A tool that gives codes GUIDs of its own (QualCoder does) keeps their names."""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass

from exports.qdpx.reading import Project, ProjectSelection
from exports.research_codes import code_guid
from facilitator.activities import activities
from facilitator.i18n import LANGUAGES, SOURCE_LANGUAGE, catalogue_source, language


@dataclass(frozen=True)
class ProjectCodes:
    """The app's codes of a project's codes."""

    by_guid: dict[str, str]  # the project's code GUID -> our code
    names: dict[str, str]  # the project's code GUID -> its name, for what is not ours
    missing: tuple[str, ...]  # the eleven codes the project's codebook has under no GUID or name of ours

    def known(self, selection: ProjectSelection, unknown: dict[str, int]) -> set[str]:
        """The app's codes among the selection's; the others counted in ``unknown`` by name."""
        found = set()
        for guid in selection.code_guids:
            code = self.by_guid.get(guid)
            if code is not None:
                found.add(code)
            else:
                name = self.names.get(guid) or guid
                unknown[name] = unknown.get(name, 0) + 1
        return found


def project_codes(project: Project) -> ProjectCodes:
    by_guid = {code_guid(activity.code): activity.code for activity in activities()}
    by_name = _names()
    for guid, code in project.codes.items():
        if guid not in by_guid and (named := by_name.get(_folded(code.name))) is not None:
            by_guid[guid] = named
    present = {by_guid[guid] for guid in project.codes if guid in by_guid}
    missing = tuple(activity.code for activity in activities() if activity.code not in present)
    return ProjectCodes(by_guid, {guid: code.name for guid, code in project.codes.items()}, missing)


def _folded(name: str) -> str:
    return " ".join(name.split()).casefold()


@functools.cache
def _names() -> dict[str, str]:
    """Every name a researcher may know a code by, folded, to its code: "ps", "ps problem-solving",
    "problem-solving", "ongelmanratkaisu", "problemlösning"… Each language's names are read from its
    catalogue: the language the app speaks stays as it is."""
    catalogues = {code: _translations(code) for code in LANGUAGES if code != SOURCE_LANGUAGE}
    spoken = catalogues.get(language(), {})
    english_of = {translated: english for english, translated in spoken.items()}
    names: dict[str, str] = {}
    for activity in activities():  # named in the language spoken
        english = english_of.get(activity.name, activity.name)
        for name in (english, *(catalogue.get(english, english) for catalogue in catalogues.values())):
            for alias in (activity.code, name, f"{activity.code} {name}"):
                names.setdefault(_folded(alias), activity.code)
    return names


def _translations(code: str) -> dict[str, str]:
    """The messages of a language's catalogue: English -> translated (those without context)."""
    from babel.messages.pofile import read_po

    catalogue = read_po(io.BytesIO(catalogue_source(code).read_bytes()), locale=code)
    return {
        message.id: message.string
        for message in catalogue
        if isinstance(message.id, str) and isinstance(message.string, str) and message.string and not message.context
    }
