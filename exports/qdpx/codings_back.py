"""Codings made in a QDA tool coming back: which memo entries a researcher's project re-codes.

A project exported by ``facilitator export research --format qdpx`` (:mod:`exports.qdpx.sources`)
was opened in ATLAS.ti, MAXQDA, NVivo or QualCoder and coded there; :func:`plan_codings_back`
compares it with the workspace and says what an import would change, and
:func:`apply_codings_back` records it. Nothing is written until the plan is applied.

- A source is the app's when its GUID is that of a held meeting's source; a tool that gives its
  sources GUIDs of its own (QualCoder does) keeps their names, so a source is also recognised by
  its name. Any other source is listed as "not made here" and left alone.
- A selection belongs to the entry it falls in: the entry's header line ("18:42 · Pricing ·
  decision") and its text. Spaces and line ends at its edges do not count, so a selection of a
  whole paragraph with its line end is the entry's. A selection over the heading or a blank line,
  or over several entries, is listed and not applied.
- When the source's text is no longer the one this workspace makes (an entry edited or added
  since the export, another language), each entry's text is looked for in the file's text, in
  order; an entry not found is listed as changed since the export, and keeps its codes.
- A code is recognised by its GUID (:func:`~exports.research_codes.code_guid`), else by its name: the
  code ("PS"), the codebook's name ("PS problem-solving"), or the activity's name in English,
  Finnish or Swedish, case and surrounding spaces ignored. Others are listed and ignored.
- Every entry of a recognised source gets the codes of the selections in it (in the order of the
  eleven, DESIGN §4): an entry whose codes change is re-coded (a :class:`Coding`, as the analysis
  screen saves one, that travels to the group's facilitators in the coordinator's next bundle).
  An entry whose codings were all removed in the tool is re-coded with none. Importing the same
  project again finds nothing to change.
"""

from __future__ import annotations

import functools
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from exports.qdpx.reading import Project, ProjectSelection, ProjectSource, read_project
from exports.qdpx.sources import EntrySpan, MeetingSource, meeting_sources
from exports.research_codes import code_guid
from facilitator.activities import activities
from facilitator.i18n import LANGUAGES, SOURCE_LANGUAGE, _, catalogue_source, language
from facilitator.model import Coding, Group, Meeting, coding_id
from storage.coding_import import save_imported_codings
from storage.errors import StorageError
from storage.repository import Repository
from storage.workspace_info import WorkspaceRole

#: How much of an entry or a selection the plan shows.
EXCERPT = 60


class NotTheCoordinators(StorageError):
    """Codings come back only on the coordinator's workspace, where the re-codes are made."""


@dataclass(frozen=True)
class Recode:
    """An entry whose codes the project changes: ``old`` (as the analysis reads them) to ``new``."""

    group: Group
    meeting: Meeting
    day: date  # the meeting's, in the group's time zone
    excerpt: str
    old: tuple[str, ...]
    new: tuple[str, ...]
    coding: Coding


@dataclass(frozen=True)
class StraySelection:
    """A selection not applied: over ``entries`` entries (0: a heading or a blank, or outside the text)."""

    source: str
    start: int
    end: int
    entries: int
    excerpt: str
    out_of_range: bool = False


@dataclass
class CodingsBack:
    """What importing a project would do (see the module); empty when there is nothing to do."""

    recodes: list[Recode] = field(default_factory=list)
    strays: list[StraySelection] = field(default_factory=list)
    unknown_codes: dict[str, int] = field(default_factory=dict)  # name -> selections carrying it
    foreign_sources: list[str] = field(default_factory=list)  # names
    unreadable_sources: list[tuple[str, str]] = field(default_factory=list)  # (name, why)
    changed_entries: list[tuple[str, str]] = field(default_factory=list)  # (source name, entry excerpt)
    sources: int = 0  # the sources recognised as this app's

    @property
    def nothing_to_report(self) -> bool:
        return not (
            self.recodes
            or self.strays
            or self.unknown_codes
            or self.foreign_sources
            or self.unreadable_sources
            or self.changed_entries
        )


def plan_codings_back(repository: Repository, path: Path) -> CodingsBack:
    """What importing the project at ``path`` would change on this (the coordinator's) workspace.

    Raises :class:`~exports.qdpx.reading.ProjectRefused` for a file that is no readable project,
    :class:`NotTheCoordinators` on a facilitator's workspace.
    """
    if repository.workspace.info.role is not WorkspaceRole.COORDINATOR:
        raise NotTheCoordinators(
            _(
                "Codings from a QDA tool are imported on the coordinator's workspace, where researchers re-code "
                "entries; the re-codes reach the groups in the coordinator's bundles."
            )
        )
    project = read_project(path)
    repository.load_all()
    made = meeting_sources(repository, repository.groups())
    by_guid = {source.guid: source for source in made}
    names = Counter(source.name for source in made)
    by_name = {source.name: source for source in made if names[source.name] == 1}
    codes = _code_finder(project)
    plan = CodingsBack()
    seen: set[str] = set()
    for found in project.sources:
        ours = by_guid.get(found.guid) or by_name.get(_without_suffix(found.name.strip()))
        if ours is None or ours.guid in seen:
            plan.foreign_sources.append(found.name)
            continue
        seen.add(ours.guid)
        if found.text is None:
            plan.unreadable_sources.append((found.name, found.problem))
            continue
        plan.sources += 1
        _plan_source(plan, ours, found, found.text, codes)
    return plan


def apply_codings_back(repository: Repository, plan: CodingsBack) -> int:
    """Record the plan's re-codes together (see :func:`~storage.coding_import.save_imported_codings`);
    how many were recorded."""
    save_imported_codings(repository, [recode.coding for recode in plan.recodes])
    return len(plan.recodes)


def _without_suffix(name: str) -> str:
    """A source's name as the app wrote it: some tools add the text file's ``.txt``."""
    return name[:-4] if name.lower().endswith(".txt") else name


# -- one source --------------------------------------------------------------------------------


def _plan_source(plan: CodingsBack, ours: MeetingSource, found: ProjectSource, text: str, codes: _Codes) -> None:
    regions = _regions(plan, ours, text)
    chosen: dict[str, set[str]] = {span.entry_id: set() for span, _region in regions}
    for selection in found.selections:
        known = codes.known(selection, plan.unknown_codes)
        if selection.start < 0 or selection.end > len(text) or selection.start > selection.end:
            plan.strays.append(_stray(found, selection, text, 0, out_of_range=True))
            continue
        start, end = _trimmed(text, selection)
        if start == end:  # a blank line, or nothing
            plan.strays.append(_stray(found, selection, text, 0))
            continue
        inside = [span for span, (first, last) in regions if start < last and end > first]
        if len(inside) != 1 or not any(
            span is inside[0] and first <= start and end <= last for span, (first, last) in regions
        ):
            plan.strays.append(_stray(found, selection, text, len(inside)))
            continue
        chosen[inside[0].entry_id].update(known)
    order = [activity.code for activity in activities()]
    for span, _region in regions:
        new = tuple(code for code in order if code in chosen[span.entry_id])
        if set(new) != set(span.codes):
            plan.recodes.append(
                Recode(
                    group=ours.group,
                    meeting=ours.meeting,
                    day=ours.day,
                    excerpt=_excerpt(ours.text[span.start : span.end]),
                    old=span.codes,
                    new=new,
                    coding=Coding(
                        id=coding_id(span.entry_id),
                        entry_id=span.entry_id,
                        meeting_id=ours.meeting.id,
                        group_id=ours.group.id,
                        codes=list(new),
                    ),
                )
            )


def _regions(plan: CodingsBack, ours: MeetingSource, text: str) -> list[tuple[EntrySpan, tuple[int, int]]]:
    """Each entry found in the file's ``text``, with the characters that are its own there: its
    header line and its text. The spans made here when the text is the same; else each entry's
    text looked for after the previous one's (an entry not found is listed as changed)."""
    regions: list[tuple[EntrySpan, tuple[int, int]]] = []
    onward = 0
    for span in ours.entries:
        written = ours.text[span.start : span.end]
        if not written:
            continue  # nothing to select in an entry without text (the export codes none): it keeps its codes
        if text == ours.text:
            start = span.start
        else:
            # On lines of its own, as the sources are written: never inside a header line that holds the same words.
            start = text.find(f"\n{written}\n", onward) + 1
            if start == 0 and text.endswith(f"\n{written}") and len(text) - len(written) > onward:
                start = len(text) - len(written)  # a tool that dropped the last line end
            if start == 0:
                plan.changed_entries.append((ours.name, _excerpt(written)))
                continue
        end = start + len(written)
        header = text.rfind("\n", 0, max(start - 1, 0)) + 1 if start > 0 else 0
        regions.append((span, (max(header, onward), end)))
        onward = end
    return regions


def _trimmed(text: str, selection: ProjectSelection) -> tuple[int, int]:
    """The selection without the spaces and line ends at its edges (within the text)."""
    start, end = max(selection.start, 0), min(selection.end, len(text))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _stray(
    found: ProjectSource, selection: ProjectSelection, text: str, entries: int, *, out_of_range: bool = False
) -> StraySelection:
    shown = "" if out_of_range else _excerpt(text[selection.start : selection.end])
    return StraySelection(found.name, selection.start, selection.end, entries, shown, out_of_range)


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT else flat[: EXCERPT - 1].rstrip() + "…"


# -- codes -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Codes:
    """Finds the app's code of a project's code: by GUID, else by name."""

    by_guid: dict[str, str]  # the project's code GUID -> our code
    names: dict[str, str]  # the project's code GUID -> its name, for what is not ours

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


def _code_finder(project: Project) -> _Codes:
    ours = {code_guid(activity.code): activity.code for activity in activities()}
    by_name = _names()
    by_guid = dict(ours)
    for guid, code in project.codes.items():
        if guid not in by_guid and (named := by_name.get(_folded(code.name))) is not None:
            by_guid[guid] = named
    return _Codes(by_guid, {guid: code.name for guid, code in project.codes.items()})


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
