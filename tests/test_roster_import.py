"""Roster import and export with real files: workbooks written by openpyxl, CSV files in the
encodings and separators Excel writes, bad files refused whole, a plan that never adds a person
twice, one atomic change after a backup, and an export that imports back unchanged."""

from __future__ import annotations

import codecs
import io
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from exports.roster_files import MAX_ROWS, RosterFileError, read_roster_file, write_roster_export
from facilitator.model import Group, Person, Role
from facilitator.roster_columns import FIRST_NAME, LAST_NAME, guess_fields
from facilitator.roster_import import Action, ImportPlan, NoNameColumn, plan_import
from storage.backups import list_backups
from storage.repository import Repository
from storage.roster_import import save_imported_people

TODAY = date(2026, 11, 27)


@pytest.fixture
def group(repository: Repository) -> Group:
    group = repository.save_group(Group(name="Inari yrittäjät", municipality="Inari"))
    repository.save_person(
        Person(
            group_id=group.id,
            name="Áilu Čuoŋ",
            company="Čuoŋ Duodji",
            email="ailu@duodji.fi",
            phone="040 111 2222",
            joined=date(2024, 3, 1),
            audio_consent=date(2024, 3, 1),
        )
    )
    repository.save_person(Person(group_id=group.id, name="Matti Korhonen", company="Korhosen Leipomo"))
    return group


def xlsx(path: Path, rows: list[list[object]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def plan(repository: Repository, group: Group, path: Path) -> ImportPlan:
    sheet = read_roster_file(path)
    return plan_import(
        sheet.header, sheet.rows, guess_fields(sheet.header), repository.people(group.id), group.id, TODAY
    )


def by_name(plan: ImportPlan) -> dict[str, Action]:
    return {row.person.name: row.action for row in plan.rows}


# -- reading -----------------------------------------------------------------------------------


def test_an_xlsx_written_by_openpyxl_reads_numbers_dates_and_yes_as_the_form_would(
    tmp_path: Path, repository: Repository, group: Group
) -> None:
    path = xlsx(
        tmp_path / "roster.xlsx",
        [
            ["Name", "Company", "E-mail", "Phone", "Joined", "Research consent", "Can host", "Premises", "Shoe size"],
            ["Liisa Niemi", "Niemen Kala", "liisa@kala.fi", 401234567, date(2025, 1, 15), "yes", "x", "Rantatie 1", 38],
            ["Juha Virtanen", "", "", 358401112244, "1.3.2025", "no", "", "", ""],
        ],
    )
    made = plan(repository, group, path)
    assert made.left_out == ["Shoe size"]
    liisa, juha = (row.person for row in made.rows)
    assert liisa.phone == "0401234567"  # Excel dropped the leading zero of a number
    assert juha.phone == "+358401112244"
    assert (liisa.joined, liisa.research_consent, liisa.can_host) == (date(2025, 1, 15), TODAY, True)
    assert (juha.joined, juha.research_consent) == (date(2025, 3, 1), None)
    assert [row.action for row in made.rows] == [Action.ADD, Action.ADD]


def test_a_finnish_sheet_with_first_and_last_names_is_recognised(tmp_path: Path) -> None:
    header = ["Etunimi", "Sukunimi", "Yritys", "Sähköposti", "PUHELIN:", "Kotikunta", "Toimiala", "Äänityslupa"]
    assert guess_fields(header) == [
        FIRST_NAME,
        LAST_NAME,
        "company",
        "email",
        "phone",
        "municipality",
        "business_field",
        "audio_consent",
    ]
    assert guess_fields(["Namn", "Företag", "E-post", "Telefon", "Kommun", "Bransch", "Roll"]) == [
        "name",
        "company",
        "email",
        "phone",
        "municipality",
        "business_field",
        "role",
    ]


def test_the_exported_headers_of_every_language_are_recognised() -> None:
    """The form's labels in Finnish and Swedish, as an export in those languages writes them."""
    expected = ["name", "role", "company", "business_field", "municipality", "email", "phone", "can_host"]
    expected += ["premises_address", "joined", "left", "audio_consent", "research_consent", "contact_consent"]
    finnish = ["Nimi", "Rooli", "Yritys", "Toimiala", "Kunta", "Sähköposti", "Puhelin", "Voi isännöidä"]
    finnish += ["Toimitilan osoite", "Liittyi", "Erosi", "Äänityssuostumus", "Tutkimuskäyttösuostumus"]
    swedish = ["Namn", "Roll", "Företag", "Bransch", "Kommun", "E-post", "Telefon", "Kan vara värd"]
    swedish += [
        "Lokalens adress",
        "Gick med",
        "Lämnade",
        "Samtycke till ljudinspelning",
        "Samtycke till forskningsbruk",
    ]
    assert guess_fields([*finnish, "Yhteystietojen jakosuostumus"]) == expected
    assert guess_fields([*swedish, "Samtycke till delning av kontaktuppgifter"]) == expected


def test_a_windows_1252_csv_with_semicolons(tmp_path: Path, repository: Repository, group: Group) -> None:
    path = tmp_path / "jasenet.csv"
    text = "Nimi;Yritys;Sähköposti;Kunta\r\nSeppo Hämäläinen;Sähkö – Hämäläinen €;seppo@sahko.fi;Äkäslompolo\r\n"
    path.write_bytes(text.encode("cp1252"))
    made = plan(repository, group, path)
    (row,) = made.rows
    assert (row.person.name, row.person.municipality, row.action) == ("Seppo Hämäläinen", "Äkäslompolo", Action.ADD)
    assert row.person.company == "Sähkö – Hämäläinen €"


def test_utf16_tab_separated_and_utf8_with_bom(tmp_path: Path) -> None:
    utf16 = tmp_path / "unicode.txt"
    utf16.write_bytes(codecs.BOM_UTF16_LE + "Namn\tFöretag\r\nÅsa Ström\tStröms Båtar\r\n".encode("utf-16-le"))
    sheet = read_roster_file(utf16)
    assert sheet.header == ["Namn", "Företag"] and sheet.rows == [["Åsa Ström", "Ströms Båtar"]]
    bom = tmp_path / "bom.csv"
    bom.write_bytes('Name,Company\nÁilu Čuoŋ,"Duodji, Inari"\n'.encode("utf-8-sig"))
    assert read_roster_file(bom).rows == [["Áilu Čuoŋ", "Duodji, Inari"]]


def test_a_one_column_csv_and_iso_8859_15_with_the_euro_sign(tmp_path: Path) -> None:
    path = tmp_path / "names.csv"
    path.write_bytes("Nimi\nJärvi € Oy\n".encode("iso-8859-15"))
    assert read_roster_file(path).rows == [["Järvi € Oy"]]


# -- bad input -----------------------------------------------------------------------------------


def refused(path: Path) -> str:
    with pytest.raises(RosterFileError) as error:
        read_roster_file(path)
    return str(error.value)


def test_an_empty_file_and_one_of_blank_lines_are_refused(tmp_path: Path) -> None:
    (tmp_path / "empty.csv").write_bytes(b"")
    assert "empty" in refused(tmp_path / "empty.csv")
    (tmp_path / "blank.csv").write_bytes(b"\r\n;;\r\n")
    assert "empty" in refused(tmp_path / "blank.csv")
    assert "empty" in refused(xlsx(tmp_path / "empty.xlsx", []))


def test_a_file_without_a_name_column_is_refused(tmp_path: Path, repository: Repository, group: Group) -> None:
    path = tmp_path / "numbers.csv"
    path.write_text("Date;Amount\n2026-01-01;12\n", encoding="utf-8")
    with pytest.raises(NoNameColumn, match="No column of the file could be a name"):
        plan(repository, group, path)


def test_a_password_protected_workbook_is_told_apart_from_a_damaged_one(tmp_path: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = xlsx(tmp_path / "plain.xlsx", [["Name"], ["Liisa"]])
    locked = tmp_path / "locked.xlsx"
    with plain.open("rb") as source, locked.open("wb") as target:
        OOXMLFile(source).encrypt("salasana", target)
    assert "password" in refused(locked)
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(plain.read_bytes()[:600])
    assert "damaged or not an Excel workbook" in refused(damaged)


def test_binary_garbage_is_refused_as_a_csv_and_as_a_workbook(tmp_path: Path) -> None:
    garbage = bytes(range(256)) * 40
    (tmp_path / "garbage.csv").write_bytes(garbage)
    assert "not a text file" in refused(tmp_path / "garbage.csv")
    (tmp_path / "garbage.xlsx").write_bytes(garbage)
    assert "damaged or not an Excel workbook" in refused(tmp_path / "garbage.xlsx")
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    (tmp_path / "other.xlsx").write_bytes(zipped.getvalue())
    assert "damaged or not an Excel workbook" in refused(tmp_path / "other.xlsx")
    (tmp_path / "roster.pdf").write_bytes(b"%PDF-1.7")
    assert "not a roster file" in refused(tmp_path / "roster.pdf")


def test_twenty_thousand_rows_are_refused_with_a_message(tmp_path: Path) -> None:
    rows = "".join(f"Person {number};Company {number}\n" for number in range(20_000))
    (tmp_path / "big.csv").write_text("Name;Company\n" + rows, encoding="utf-8")
    assert f"more than {MAX_ROWS:,} rows" in refused(tmp_path / "big.csv")
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["Name", "Company"])
    for number in range(20_000):
        sheet.append([f"Person {number}", f"Company {number}"])
    workbook.save(tmp_path / "big.xlsx")
    assert f"more than {MAX_ROWS:,} rows" in refused(tmp_path / "big.xlsx")


# -- the plan -------------------------------------------------------------------------------------


def test_matches_are_updates_of_the_fields_that_differ_never_duplicates(
    tmp_path: Path, repository: Repository, group: Group
) -> None:
    path = xlsx(
        tmp_path / "roster.xlsx",
        [
            ["Nimi", "Yritys", "Sähköposti", "Puhelin", "Äänityslupa"],
            ["Ailu Cuon", "Other firm", "AILU@duodji.fi", "040 111 2222", "kyllä"],  # same e-mail
            ["MATTI korhonen", "korhosen leipomo", "", "", ""],  # same name and company
            ["Matti Korhonen", "Korhosen Leipomo", "matti@leipomo.fi", "", ""],  # the same person again
            ["Uusi Jäsen", "", "not-an-address", "12", ""],  # problems, as the form finds them
        ],
    )
    made = plan(repository, group, path)
    ailu, matti, again, new = made.rows
    assert ailu.action is Action.UPDATE and ailu.differences == ("name", "company")  # not the e-mail's case
    assert ailu.person.audio_consent == date(2024, 3, 1)  # "yes" keeps the date recorded
    assert ailu.existing is not None and ailu.person.id == ailu.existing.id
    assert matti.action is Action.UPDATE and matti.differences == ("name", "company")
    assert again.action is Action.SKIP and "the same person as row 3" in again.reason()
    assert new.action is Action.SKIP and {problem.field for problem in new.problems} == {"email", "phone"}
    ailu.skipped_by_user = True
    assert ailu.action is Action.SKIP and "skipped by you" in ailu.reason()
    assert made.to_save() == [matti.person]


def test_roles_and_consents_in_finnish_and_swedish(tmp_path: Path, repository: Repository, group: Group) -> None:
    path = xlsx(
        tmp_path / "roster.xlsx",
        [
            ["Namn", "Roll", "Kan vara värd", "Adress", "Forskning", "Kontaktuppgifter"],
            ["Åsa Ström", "forskare", "nej", "", "ja", "2025-05-01"],
            ["Eeva Ohjaaja", "fasilitaattori", "kyllä", "Torikatu 1", "ei", ""],
            ["Nils Värd", "boss", "kanske", "", "2030-01-01", ""],
        ],
    )
    asa, eeva, nils = plan(repository, group, path).rows
    assert (asa.person.role, asa.person.research_consent, asa.person.contact_consent) == (
        Role.RESEARCHER,
        TODAY,
        date(2025, 5, 1),
    )
    assert (eeva.person.role, eeva.person.can_host, eeva.action) == (Role.FACILITATOR, True, Action.ADD)
    assert {problem.field for problem in nils.problems} == {"role", "can_host", "research_consent"}


# -- saving and the way back ------------------------------------------------------------------------


def test_the_import_is_one_change_after_a_backup(tmp_path: Path, repository: Repository, group: Group) -> None:
    path = xlsx(
        tmp_path / "roster.xlsx",
        [
            ["Name", "Company", "Phone"],
            ["Liisa Niemi", "Niemen Kala", ""],
            ["Matti Korhonen", "Korhosen Leipomo", "0401"],
        ],
    )
    made = plan(repository, group, path)
    assert made.rows[1].action is Action.SKIP  # a phone of four digits
    before = list_backups(repository.workspace.folder)
    backup = save_imported_people(repository, made.to_save())
    assert backup is not None and backup not in before and (backup / "network.json").is_file()
    assert "Liisa Niemi" not in (backup / "network.json").read_text(encoding="utf-8")
    assert [person.name for person in repository.people(group.id)] == ["Áilu Čuoŋ", "Liisa Niemi", "Matti Korhonen"]
    assert made.report()[:2] == ["Added 1 person.", "Updated 0 people."]
    assert "Row 3: Matti Korhonen — skip" in made.report()[-1]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_exporting_then_importing_again_changes_nothing(
    tmp_path: Path, repository: Repository, group: Group, file_format: str
) -> None:
    full = Person(
        group_id=group.id,
        name="Sanna Lehto",
        role=Role.FACILITATOR,
        company="Lehdon Mökit",
        business_field="matkailu",
        municipality="Ivalo",
        email="sanna@mokit.fi",
        phone="040 222 3344",
        can_host=True,
        premises_address="Mökkitie 5; 99800 Ivalo",
        joined=date(2025, 4, 1),
        left=date(2026, 6, 1),
        audio_consent=date(2025, 4, 1),
        research_consent=date(2025, 4, 2),
        contact_consent=date(2025, 4, 3),
    )
    repository.save_person(full)
    path = write_roster_export(repository, group, file_format, tmp_path)
    assert path.name == f"inari-yrittajat-roster-{repository.today(group.time_zone).isoformat()}.{file_format}"
    made = plan(repository, group, path)
    assert len(made.rows) == 3 and {row.action for row in made.rows} == {Action.UNCHANGED}
    assert made.left_out == [] and made.to_save() == []


def test_a_name_typed_as_a_formula_is_exported_as_the_text_typed(
    tmp_path: Path, repository: Repository, group: Group
) -> None:
    """A workbook that leaves the laptop never runs what someone typed: "=1+1" and "#N/A" stay text."""
    repository.save_person(Person(group_id=group.id, name="=1+1", company="#N/A", business_field="=HYPERLINK(x)"))
    path = write_roster_export(repository, group, "xlsx", tmp_path)
    with zipfile.ZipFile(path) as workbook:
        sheet = workbook.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and 't="e"' not in sheet
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    values = {cell.value for row in sheet.iter_rows() for cell in row}
    assert {"=1+1", "#N/A", "=HYPERLINK(x)"} <= values
