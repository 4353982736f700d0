"""Codings made in a QDA tool coming back: which memo entries a researcher's project re-codes.

A project exported by ``facilitator export research --format qdpx`` (:mod:`exports.qdpx.sources`)
was opened in ATLAS.ti, MAXQDA, NVivo or QualCoder and coded there; :func:`plan_codings_back`
compares it with the workspace and says what an import would change, and
:func:`apply_codings_back` records it. Nothing is written until the plan is applied.

- A source is the app's when its GUID is that of a held meeting's source; a tool that gives its
  sources GUIDs of its own (QualCoder does) keeps their names, so a source is also recognised by
  its name. A source of a meeting no longer held, and any other source, is listed and left alone;
  a project none of whose sources this workspace made is refused. Only the texts of the app's
  sources are read.
- A selection belongs to the entry it falls in: the entry's header line ("18:42 · Pricing ·
  decision") and its text. Spaces and line ends at its edges do not count, so a selection of a
  whole paragraph with its line end is the entry's. A selection over the heading or a blank line,
  or over several entries, is listed and not applied; one with no code (a quotation, a memo) or
  of no character is no coding, and passes unmentioned.
- When the source's text is no longer the one this workspace makes (an entry edited or added
  since the export, another language), each entry's text is looked for in the file's text, in
  order; an entry not found is listed as changed since the export, and keeps its codes. An entry
  with no text, or only spaces, is never re-coded (the export codes none).
- A code is recognised as in :mod:`exports.qdpx.code_names`; others are listed and ignored. One
  of the eleven that the project's codebook has under no GUID or name of ours (renamed in the tool
  to a name of the researcher's) is "not in the project": entries keep it as they have it.
- Every entry of a recognised source gets the codes of the selections in it (in the order of the
  eleven, DESIGN §4), compared three ways: the project's codes, the entry's codes here (as the
  analysis reads them), and its codes at the export, which the export wrote at the end of the
  entry's header line ("18:42 · Pricing · decision · [PS RI]"). As at the export in the project:
  nothing to do, whatever changed here since (an older project never undoes a later re-code).
  Changed in the project only: re-coded (a :class:`Coding`, as the analysis screen saves one,
  that travels to the group's facilitators in the coordinator's next bundle); all codings removed
  in the tool: re-coded with none. Changed both here and in the project, differently: listed as
  changed here since the export, and kept as it is. A header line without brackets had no code at
  the export (every project this version reads was written with them); one whose brackets hold
  anything but the eleven codes cannot tell: the project's codes then win when they differ.
  Importing the same project again finds nothing to change.
- The recordings' sources (``AudioSource``, :mod:`exports.qdpx.audio`) are recognised and left
  alone: their moments carry the codes of the entries' text at the export, and codings made on the
  sound in the tool are not read back (a moment and its entry's text coded differently could not
  both win). Only the text source re-codes an entry.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from exports.qdpx.audio import SOUND_SUFFIX, sound_sources
from exports.qdpx.code_names import ProjectCodes, project_codes
from exports.qdpx.reading import ProjectRefused, ProjectSelection, ProjectSource, read_project
from exports.qdpx.sources import EntrySpan, MeetingSource, meeting_sources, source_guid
from facilitator.activities import activities
from facilitator.i18n import _
from facilitator.model import Coding, Group, coding_id
from storage.coding_import import save_imported_codings
from storage.errors import StorageError
from storage.repository import Repository
from storage.workspace_info import WorkspaceRole

#: How much of an entry or a selection the plan shows.
EXCERPT = 60
#: The codes an entry had at the export, at the end of its header line: "18:42 · Pricing · decision · [PS RI]".
_BASE_CODES = re.compile(r"\[([^\[\]\n]*)\]\s*$")


class NotTheCoordinators(StorageError):
    """Codings come back only on the coordinator's workspace, where the re-codes are made."""


@dataclass(frozen=True)
class Recode:
    """An entry whose codes the project changes: ``old`` (as the analysis reads them) to ``new``."""

    group: Group
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
    missing_codes: tuple[str, ...] = ()  # the eleven codes the project has not: their codings stay
    conflicts: list[Recode] = field(default_factory=list)  # re-coded both here and in the project: kept as here
    foreign_sources: list[str] = field(default_factory=list)  # names
    not_held_sources: list[str] = field(default_factory=list)  # names: sources of meetings no longer held
    unreadable_sources: list[tuple[str, str]] = field(default_factory=list)  # (name, why)
    changed_entries: list[tuple[str, str]] = field(default_factory=list)  # (source name, entry excerpt)
    sources: int = 0  # the sources recognised as this app's


def plan_codings_back(repository: Repository, path: Path) -> CodingsBack:
    """What importing the project at ``path`` would change on this (the coordinator's) workspace.

    Raises :class:`~exports.qdpx.reading.ProjectRefused` for a file that is no readable project, or
    none of whose sources this workspace made; :class:`NotTheCoordinators` on a facilitator's workspace.
    """
    if repository.workspace.info.role is not WorkspaceRole.COORDINATOR:
        raise NotTheCoordinators(
            _(
                "Codings from a QDA tool are imported on the coordinator's workspace, where researchers re-code "
                "entries; the re-codes reach the groups in the coordinator's bundles."
            )
        )
    groups = repository.groups()
    made = meeting_sources(repository, groups)  # loads every meeting first (held_meetings), as below needs
    by_guid = {source.guid: source for source in made}
    names = Counter(source.name for source in made)
    by_name = {source.name: source for source in made if names[source.name] == 1}
    meetings = repository.meetings_by_group()
    not_held = {source_guid(meeting.id) for group in groups for meeting in meetings.get(group.id, [])} - set(by_guid)

    # The recordings' sources: their codings are the text's (see the module), not read back.
    sound_guids, sound_names = sound_sources(made)

    def ours(guid: str, name: str) -> MeetingSource | None:
        return by_guid.get(guid) or by_name.get(_without_suffix(name.strip()))

    project = read_project(path, wanted=lambda guid, name: ours(guid, name) is not None)
    codes = project_codes(project)
    plan = CodingsBack(missing_codes=codes.missing)
    seen: set[str] = set()
    for found in project.sources:
        if found.guid in sound_guids or found.name.strip().removesuffix(SOUND_SUFFIX) in sound_names:
            continue
        source = ours(found.guid, found.name)
        if source is None or source.guid in seen:
            (plan.not_held_sources if found.guid in not_held else plan.foreign_sources).append(found.name)
            continue
        seen.add(source.guid)
        if found.text is None:
            plan.unreadable_sources.append((found.name, found.problem))
            continue
        plan.sources += 1
        _plan_source(plan, source, found, found.text, codes)
    if not seen and not plan.not_held_sources:
        raise ProjectRefused(
            _("None of the project's sources was exported from this network's workspace: there is nothing to import.")
        )
    return plan


def apply_codings_back(repository: Repository, plan: CodingsBack) -> Path | None:
    """Record the plan's re-codes together (see :func:`~storage.coding_import.save_imported_codings`);
    the folder of the backup made first (None when there was nothing to record)."""
    return save_imported_codings(repository, [recode.coding for recode in plan.recodes])


def _without_suffix(name: str) -> str:
    """A source's name as the app wrote it: some tools add the text file's ``.txt``."""
    return name[:-4] if name.lower().endswith(".txt") else name


# -- one source --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Region:
    """An entry found in the file's text: the characters that are its own there (its header line
    and its text), and the codes its header line says it had at the export (None: cannot tell)."""

    span: EntrySpan
    first: int
    last: int
    base: tuple[str, ...] | None


def _plan_source(plan: CodingsBack, ours: MeetingSource, found: ProjectSource, text: str, codes: ProjectCodes) -> None:
    regions = _regions(plan, ours, text)
    chosen: dict[str, set[str]] = {region.span.entry_id: set() for region in regions}
    for selection in found.selections:
        if not selection.code_guids or selection.start == selection.end:
            continue  # a quotation or memo with no code, or an empty selection: nothing to apply
        known = codes.known(selection, plan.unknown_codes)
        if selection.start < 0 or selection.end > len(text) or selection.start > selection.end:
            plan.strays.append(_stray(found, selection, text, 0, out_of_range=True))
            continue
        start, end = _trimmed(text, selection)
        if start == end:  # a blank line
            plan.strays.append(_stray(found, selection, text, 0))
            continue
        inside = [region for region in regions if start < region.last and end > region.first]
        if len(inside) != 1 or not inside[0].first <= start < end <= inside[0].last:
            plan.strays.append(_stray(found, selection, text, len(inside)))
            continue
        chosen[inside[0].span.entry_id].update(known)
    for region in regions:
        span = region.span
        here = set(span.codes)
        kept = set(codes.missing) & (here if region.base is None else set(region.base))
        project = chosen[span.entry_id] | kept
        if project == here or (region.base is not None and project == set(region.base)):
            continue  # as here already, or as exported: the researcher did not touch it
        new = tuple(code for code in _eleven_codes() if code in project)
        recode = Recode(
            group=ours.group,
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
        changed_here = region.base is not None and here != set(region.base)
        (plan.conflicts if changed_here else plan.recodes).append(recode)


def _regions(plan: CodingsBack, ours: MeetingSource, text: str) -> list[_Region]:
    """Each entry found in the file's ``text`` (see :class:`_Region`). The spans made here when the
    text is the same; else each entry's text looked for after the previous one's (an entry not
    found is listed as changed)."""
    regions: list[_Region] = []
    onward = 0
    same = text == ours.text
    for span in ours.entries:
        written = ours.text[span.start : span.end]
        if not written.strip():
            continue  # nothing to select in an entry without text (the export codes none): it keeps its codes
        if same:
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
        regions.append(_Region(span, max(header, onward), end, _base_codes(text[header : max(start - 1, header)])))
        onward = end
    return regions


def _base_codes(header: str) -> tuple[str, ...] | None:
    """The codes in brackets at the end of an entry's header line: none without brackets (the
    export writes none for an entry it had no code for); None (cannot tell) when the brackets hold
    something else than the eleven codes."""
    found = _BASE_CODES.search(header)
    if found is None:
        return ()
    written = tuple(found.group(1).split())
    return written if all(code in _eleven_codes() for code in written) else None


@cache
def _eleven_codes() -> tuple[str, ...]:
    """The eleven codes in the order of DESIGN §4 (their names, which change with the language, are not needed)."""
    return tuple(activity.code for activity in activities())


def _trimmed(text: str, selection: ProjectSelection) -> tuple[int, int]:
    """The selection (one within the text: others are strays) without the spaces and line ends at its edges."""
    start, end = selection.start, selection.end
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
