"""Erasing a person takes their company out of every text others typed (memo entries, others'
interviews and outcomes), backups included, on every laptop the erasure reaches; a company whose
name is also a word of the language ("Sauna") goes only where it is written as a name."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from exports.bundle.format import Audience
from exports.bundle.importer import Importer, ImportStatus
from facilitator.erasure import Erasure, erased_tombstone
from facilitator.model import Barrier, Interview, MemoEntry, Outcome, OutcomeKind, Person
from storage.erasure import WorkspaceErasure
from storage.workspace import WorkspaceRole
from tests.sync_support import TickingClock, opened, share_keys
from tests.test_erasure import STARTS, build, forms, send
from tests.test_erasure_development import record_development

#: Áilu's company, as build() gives it, and as others typed it (with a Finnish ending too).
COMPANY = "Duodji Ltd"
TYPED = (
    "Bertta ordered gloves from Duodji Ltd.",
    "Bertta liked Duodji's catalogue",
    "Bertta kävi Duodjin verstaalla",
)


def holding_company(folder: Path) -> list[str]:
    """The files of ``folder`` (backups included) that hold the company's word, read byte by byte."""
    return sorted(
        str(path.relative_to(folder))
        for path in folder.rglob("*")
        if path.is_file() and any(form in path.read_bytes() for form in forms("Duodji"))
    )


def test_the_company_goes_from_others_texts_everywhere_backups_included(tmp_path: Path) -> None:
    clock = TickingClock()
    bundles = tmp_path / "bundles"
    bundles.mkdir()
    with (
        opened(tmp_path / "coordinator", WorkspaceRole.COORDINATOR, clock) as coordinator,
        opened(tmp_path / "facilitator", clock=clock) as facilitator,
        opened(tmp_path / "co-facilitator", clock=clock) as co_facilitator,
    ):
        group, person, meeting = build(facilitator)
        assert person.company == COMPANY
        record_development(facilitator, group.id, person.id, meeting.id)
        (other,) = [found for found in facilitator.people(group.id) if found.name == "Bertta Lampinen"]
        for minutes, text in enumerate(TYPED, start=30):
            facilitator.save_memo_entry(
                MemoEntry(meeting_id=meeting.id, group_id=group.id, text=text, written_at=_at(minutes))
            )
        facilitator.save_interview(
            Interview(
                person_id=other.id,
                day=date(2026, 11, 4),
                barriers={Barrier.MARKET_ACCESS.value: "only through Duodji Ltd"},
                network_gives=TYPED[1],
            )
        )
        facilitator.save_outcome(
            Outcome(person_id=other.id, day=date(2026, 11, 26), kind=OutcomeKind.NEW_PRODUCT, description=TYPED[2])
        )
        share_keys(coordinator, [facilitator, co_facilitator], tmp_path / "keys")
        for repository, audience in ((co_facilitator, Audience.GROUP), (coordinator, Audience.COORDINATOR)):
            report = Importer(repository).import_file(send(facilitator, group, audience, bundles, full=True))
            assert report.status is ImportStatus.IMPORTED, report.line()
        late = send(facilitator, group, Audience.GROUP, bundles, full=True)  # made before, imported after
        for repository in (facilitator, co_facilitator, coordinator):
            repository.workspace.backup("test")
        folders = {name: tmp_path / name for name in ("facilitator", "co-facilitator", "coordinator")}
        for folder in folders.values():  # the test sees it before, in the roster, memo and records
            assert any(name.startswith("backups") for name in holding_company(folder)), folder

        WorkspaceErasure(facilitator, person.id).apply()
        assert holding_company(folders["facilitator"]) == []
        for repository, audience in ((co_facilitator, Audience.GROUP), (coordinator, Audience.COORDINATOR)):
            report = Importer(repository).import_file(send(facilitator, group, audience, bundles))
            assert report.status is ImportStatus.IMPORTED, report.line()
        assert Importer(co_facilitator).import_file(late).ok
        for name, folder in folders.items():
            assert holding_company(folder) == [], name

        texts = {entry.text for entry in co_facilitator.memo(meeting.id)}
        assert {
            "Bertta ordered gloves from a former member's company.",
            "Bertta liked a former member's company's catalogue",
            "Bertta kävi a former member's company verstaalla",
        } <= texts
        (interview,) = [found for found in co_facilitator.interviews_of(other.id) if found.day == date(2026, 11, 4)]
        assert interview.barriers == {Barrier.MARKET_ACCESS.value: "only through a former member's company"}


def _at(minutes: int) -> datetime:
    return STARTS.replace(minute=minutes).astimezone(UTC)


def test_a_company_that_is_also_a_word_goes_only_where_written_as_a_name() -> None:
    """ "Sauna Oy": the sauna of a memo line, and a "Sauna" that begins a sentence, are the word."""
    person = Person(group_id="g", name="Matti Virtanen", company="Sauna Oy")
    others = [Person(group_id="g", name="Bertta Lampinen", company="Saunakylä Oy")]
    tombstone = erased_tombstone(person)
    typed = (
        "The sauna was warm. Sauna evenings are popular; we met at Sauna's stand, SAUNA OY:n tuote. "
        "Kävimme Saunan tiloissa Saunakylä Oy:n kanssa."
    )
    expected = (
        "The sauna was warm. Sauna evenings are popular; we met at a former member's company's stand, "
        "a former member's company:n tuote. Kävimme a former member's company tiloissa Saunakylä Oy:n kanssa."
    )
    assert Erasure([tombstone], [person], others).text(typed) == expected
    assert Erasure([tombstone], roster=others).text(typed) == expected  # by the marks alone


def test_a_longer_company_is_found_whole_or_by_its_first_words_not_by_one() -> None:
    person = Person(group_id="g", name="Áilu Näkkäläjärvi", company="Saunarakennus Virtanen Oy")
    partner = Person(group_id="g", name="Bertta Lampinen", company="Saunarakennus Virtanen & Poika Oy")
    tombstone = erased_tombstone(person)
    typed = (
        "saunarakennus virtanen oy builds; Saunarakennus Virtasen (not so inflected) stays; "
        "any saunarakennus is a trade; Saunarakennus Virtanen & Poika Oy is Bertta's"
    )
    expected = (
        "A former member's company builds; Saunarakennus Virtasen (not so inflected) stays; "
        "any saunarakennus is a trade; Saunarakennus Virtanen & Poika Oy is Bertta's"
    )
    assert Erasure([tombstone], [person], [partner]).text(typed) == expected
    assert Erasure([tombstone], roster=[partner]).text(typed) == expected
