"""What a sealed bundle (format 3) shows to whoever unzips it without the group's key: nothing of
the people in it. The demo network's bundles, for a co-facilitator (everything, nothing
pseudonymised) and for the coordinator, are unzipped and their bytes searched for every person's
names, e-mail, phone, company and premises address, for the groups' names and for the words of
the memo lines.

How the bytes are searched, and why so:

- In UTF-8, case-insensitively: the whole file, and every member's raw bytes as zip gives them.
- The sealed members are random-looking bytes, in which a short word turns up by chance (any of
  the 4 spellings of "ek" a few times in 100 kB): a chance match would make the test fail now and
  then, for nothing. So the bytes are searched for what has at least 5 letters (a name part, a
  whole name, an e-mail, a phone number, a company, an address, a group's name and its words) and
  for memo words of at least 6 letters (the memo's distinctive words, not "with" or "that"): some
  600 terms in 290 kB of bundles, which a chance match fails about once in 6000 runs (a letter
  matches a random byte, either case, 2 times in 256). Name parts of fewer letters ("Ek",
  "Ida", "Ebba") are searched as whole words in the bundle's clear text (the manifest, the seals,
  the members' names: ids, checksums, base64 and the format's own words), which a chance match
  would have to fill from one end of a word to the other.
- The words the format itself writes in the clear in every bundle (its member names, the
  manifest's keys and fixed values: "records", "meetings", "feedback", "coordinator"…) are not
  searched for: a memo line saying "feedback" says nothing by being found there. English stop
  words need no such exception: nothing in the clear is prose.

Every term is checked to be in what the co-facilitator's bundle carries once opened with the
key: a term the bundle never held would be searched for in vain, and prove nothing. Searching a
bundle of the release before (format 2, signed in the clear) finds the names at once.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson
import pytest

from exports.bundle.format import (
    CONTENTS,
    FORMAT_NAME,
    MANIFEST,
    SEALS,
    TYPES_BY_MEMBER,
    Audience,
)
from exports.bundle.sealed import COMPRESSION
from exports.bundle.sealing import CIPHER, KEY_DERIVATION
from exports.bundle.writer import make_bundle
from storage.sync_ledger import GroupKey, SyncLedger
from storage.workspace import WorkspaceRole
from tests.bundle_damage import opened_contents, signed_bundle
from tests.conftest import make_demo
from tests.sync_support import opened, opened_bundle, share_keys

#: Searched for in the bytes only from this many letters (or characters, for e-mails and phones) on.
SHORTEST_IN_BYTES = 5
#: Memo words are searched for from this many letters on.
SHORTEST_MEMO_WORD = 6
#: What every sealed bundle writes in the clear, whoever is in it: its member names, and the
#: manifest's keys and fixed values (see docs/bundle-format.md).
FORMAT_VOCABULARY = " ".join(
    [
        FORMAT_NAME,
        MANIFEST,
        SEALS,
        CONTENTS,
        *TYPES_BY_MEMBER,
        CIPHER,
        KEY_DERIVATION,
        COMPRESSION,
        *(audience.value for audience in Audience),
        *(role.value for role in WorkspaceRole),
        "format version bundle_id created_at source workspace_id role audience cipher key_derivation compression",
        "groups id key_generation key_fingerprint files bytes sha256",
    ]
).lower()
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Network:
    """The demo network's bundles, and what must not be read in them."""

    for_co_facilitator: list[Path]
    for_coordinator: Path
    #: Searched for in every byte: at least SHORTEST_IN_BYTES long.
    long_terms: set[str]
    #: Name parts too short for that, searched for as words in the clear text.
    short_names: set[str]
    #: Every term, for checking that the opened bundles hold each.
    carried: str
    #: What the first group's bundle carries, and the key that opens it.
    first_carried: str
    group_id: str
    key: GroupKey


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Network]:
    folder = tmp_path_factory.mktemp("sealed-bundles")
    make_demo(folder / "demo")
    with (
        opened(folder / "demo") as facilitator,
        opened(folder / "coordinator", WorkspaceRole.COORDINATOR) as coordinator,
    ):
        share_keys(coordinator, [facilitator], folder / "keys")
        groups = facilitator.groups()
        for_group = [
            make_bundle(facilitator, [group], full=True, audience=Audience.GROUP, to=folder).path for group in groups
        ]
        for_coordinator = make_bundle(facilitator, groups, full=True, audience=Audience.COORDINATOR, to=folder).path
        terms: set[str] = set()
        memo_words: set[str] = set()
        for group in groups:
            terms |= {group.name, *_words(group.name, SHORTEST_IN_BYTES)}
            for person in facilitator.people(group.id):
                terms |= {person.name, *person.name.split(), person.email, person.company, person.premises_address}
                terms.add(person.phone)
                terms |= _words(person.company, SHORTEST_IN_BYTES)
            for meeting in facilitator.meetings(group.id):
                for entry in facilitator.memo(meeting.id):
                    for text in (entry.text, *(revision.text for revision in entry.revisions)):
                        memo_words |= _words(text, SHORTEST_MEMO_WORD)
        opened_records = [opened_bundle(path, facilitator).records for path in for_group]
        key = SyncLedger(facilitator.workspace).keys()[groups[0].id]
    terms = {term for term in terms | memo_words if term and term.lower() not in FORMAT_VOCABULARY}
    carried = orjson.dumps(opened_records).decode().lower()
    yield Network(
        for_group,
        for_coordinator,
        long_terms={term for term in terms if len(term) >= SHORTEST_IN_BYTES},
        short_names={term for term in terms if len(term) < SHORTEST_IN_BYTES},
        carried=carried,
        first_carried=orjson.dumps(opened_records[0]).decode().lower(),
        group_id=groups[0].id,
        key=key,
    )


def test_the_terms_searched_for_are_what_the_bundles_carry(network: Network) -> None:
    """Else the search below would look for what was never there."""
    terms = network.long_terms | network.short_names
    assert len(network.long_terms) > 500 and network.short_names
    assert [term for term in terms if term.lower() not in network.carried] == []


@pytest.mark.parametrize("whom", ["co-facilitator", "coordinator"])
def test_unzipping_a_sealed_bundle_shows_no_name_contact_company_or_memo_word(network: Network, whom: str) -> None:
    paths = network.for_co_facilitator if whom == "co-facilitator" else [network.for_coordinator]
    for path in paths:
        assert sorted(_found(path.read_bytes(), network)) == [], path.name


def test_the_same_search_finds_the_names_in_a_bundle_of_the_release_before(network: Network) -> None:
    """The search can fail: a signed bundle of format 2 with the same records shows them at once."""
    path = network.for_co_facilitator[0]
    signed = signed_bundle(
        opened_contents(path.read_bytes(), network.key),
        {network.group_id: network.key.secret_bytes},
        with_new_kinds=True,  # searched, not imported: the same records in the clear
    )
    found = {term for term, _where in _found(signed, network)}
    carried_here = {term for term in network.long_terms if term.lower() in network.first_carried}
    assert len(carried_here) > 100 and found >= carried_here


def _found(data: bytes, network: Network) -> set[tuple[str, str]]:
    """The terms read in a bundle's bytes without its key, each with where."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        members = {name: archive.read(name) for name in names}
    haystacks = {"the whole file": data.lower()} | {name: member.lower() for name, member in members.items()}
    found = {
        (term, where)
        for term in network.long_terms
        for where, haystack in haystacks.items()
        if any(spelling in haystack for spelling in _spellings(term))
    }
    clear = "\n".join(
        [members[MANIFEST].decode(), *(members[name].decode() for name in (SEALS,) if name in members), *names]
    )
    found |= {
        (term, "the clear text")
        for term in network.short_names
        if re.search(rf"(?<!\w){re.escape(term)}(?!\w)", clear, re.IGNORECASE)
    }
    return found


def _words(text: str, shortest: int) -> set[str]:
    return {word for word in _WORD.findall(text) if len(word) >= shortest}


def _spellings(term: str) -> set[bytes]:
    """``term`` in UTF-8 as it may be written, lowered as ``bytes.lower`` lowers a haystack (ASCII
    only: "Á" stays, so its own lower case is looked for as well)."""
    return {spelling.encode().lower() for spelling in (term, term.lower(), term.upper(), term.title())}
