"""The import fuzzer's strategy: which change to the genuine bundle a case makes (see
``tests/import_fuzz_support.py``), and which changes must be refused."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from exports.bundle.format import DEVELOPMENT_KINDS, LAST_SIGNED_VERSION, TYPES_BY_NAME
from tests.import_fuzz_support import FuzzBase, Mutation
from tests.import_fuzz_values import DATES, GENERAL, HINTS, LINKS, MOMENTS, big_text

# -- the strategy -------------------------------------------------------------------------------------


#: Fields of the sealed contents (format 3) or the signed manifest (1, 2) that the change may set.
CONTENTS_PATHS = ("scope", "since", "app_version", "groups", "counts", "records")


def mutations(
    base: FuzzBase,
    *,
    formats: tuple[int, ...] = (3, 3, 2, 1),
    max_text: int = 1 << 20,
    max_items: int = 10_000,
    max_copies: int = 3000,
) -> st.SearchStrategy[Mutation]:
    """One change to the genuine bundle, sealed or signed in one of ``formats``; texts at most
    ``max_text`` characters, lists at most ``max_items`` items, a record sent at most ``max_copies``
    times (the bench raises them; the suite keeps them small enough to stay fast)."""

    @st.composite
    def draw(data: st.DrawFn) -> Mutation:
        version = data(st.sampled_from(formats))
        action = data(st.sampled_from(("set",) * 7 + ("every", "remove", "add", "copies", "contents")))
        if action == "contents":
            return _contents_mutation(data, base, version, max_items)
        # A signed bundle (formats 1, 2) holds no interviews or outcomes: the release before wrote none
        # (the sealed one, "format 3" here, is sealed as this app seals: the current format).
        sealed = version > LAST_SIGNED_VERSION
        kinds = [kind for kind in sorted(base.documents) if sealed or kind not in DEVELOPMENT_KINDS]
        kind = data(st.sampled_from(kinds))
        documents = base.documents[kind]
        index = data(st.integers(0, len(documents) - 1))
        bump = data(st.integers(0, 9)) > 0
        if action == "copies":
            count = data(st.sampled_from([n for n in (2, 3, 50, 500, 3000) if n <= max(max_copies, 2)]))
            return Mutation(version, action, kind, index, "", data(st.booleans()), True, count)
        if action == "add":
            name = data(st.sampled_from(("extra", "", "__class__", "id ", "pattern.extra")))
            return Mutation(
                version, action, kind, index, name, data(values(base, kind, name, max_text, max_items)), bump
            )
        paths = sorted(_paths(documents[index]))
        # Half the time a field whose name hints at its values (a link, a moment, a code, a rule):
        # the general values alone are mostly refused for their type, and reach no rule behind it.
        hinted = [path for path in paths if path.rsplit(".", 1)[-1] in (*HINTS, *LINKS)]
        path = data(st.sampled_from(hinted if hinted and data(st.booleans()) else paths))
        value = data(values(base, kind, path, max_text, max_items)) if action in ("set", "every") else None
        return Mutation(version, action, kind, index, path, value, bump)

    return draw()


def _paths(document: dict[str, Any]) -> list[str]:
    """A record's fields, and the fields of its fields that are objects (a group's pattern)."""
    paths = list(document)
    for name, value in document.items():
        if isinstance(value, dict) and name != "versions":
            paths += [f"{name}.{inner}" for inner in value]
    recordings = document.get("recordings")
    if isinstance(recordings, list):
        paths += ["recordings"]
    return paths


def _contents_mutation(data: st.DrawFn, base: FuzzBase, version: int, max_items: int) -> Mutation:
    kind = data(st.sampled_from(sorted(base.documents)))
    member = TYPES_BY_NAME[kind].member
    counted_now = len(base.documents[kind])
    count = st.sampled_from((counted_now + 1, counted_now - 1, 0, -1, 2**63, max_items))
    if version == 3:
        path = data(st.sampled_from((*CONTENTS_PATHS, f"counts.{kind}", f"records.{member}", f"since.{base.group_id}")))
    else:
        path = data(st.sampled_from(("scope", "since", "counts", f"counts.{kind}", f"files.{member}.records")))
    if path.startswith(("counts.", "records.", "files.")):
        value = data(count | st.sampled_from(GENERAL))
    elif path.startswith("since"):
        value = data(st.sampled_from(DATES) | st.sampled_from(GENERAL))
    else:
        value = data(st.sampled_from(("full", "incremental", "FULL", "partial")) | st.sampled_from(GENERAL))
    return Mutation(version, "contents", "", 0, path, value)


def values(base: FuzzBase, kind: str, path: str, max_text: int, max_items: int) -> st.SearchStrategy[Any]:
    """Values for field ``path`` of a ``kind`` record: those its name hints at (links to records of
    the other group, moments, codes, rules), and values of every other kind."""
    name = path.rsplit(".", 1)[-1]
    choices: list[st.SearchStrategy[Any]] = [st.sampled_from(GENERAL)]
    hinted = HINTS.get(name)
    if hinted:
        choices += [st.sampled_from(hinted)] * 3
    linked = LINKS.get(name) or (kind if name == "id" else None)
    if linked:
        ids = base.other_ids.get(linked) or [base.other_group_id]
        if linked == "meetings":
            ids = [*ids[:3], *base.unsent_meetings[:3]]
        link = st.sampled_from(ids[:20])
        if name in ("people", "declined_by"):
            link = link.map(lambda value: [value])
        choices += [link] * 3
    if name == "id":
        choices.append(st.sampled_from([identifier for ids in base.other_ids.values() for identifier in ids[:2]]))
    choices.append(_big(max_text, max_items, base))
    return st.one_of(choices)


def _big(max_text: int, max_items: int, base: FuzzBase) -> st.SearchStrategy[Any]:
    """A long text (up to megabytes) or a long list (up to a hundred thousand items)."""
    # The forms' and record rules' limits (a group's name 80 characters, a person's 120, any short
    # text 500, a long one 20,000; 1,000 items), and far above.
    sizes = [size for size in (80, 120, 500, 1000, 20_000, 100_000, 1 << 20, 5 << 20, 20 << 20) if size <= max_text]
    counts = [count for count in (100, 1000, 10_000, 100_000) if count <= max_items]
    person = base.documents["people"][0]["id"]
    items = st.sampled_from((person, "RI", base.other_ids["people"][0], 1, None, {}))
    return st.one_of(
        st.builds(big_text, st.sampled_from(sizes), st.booleans()),
        st.builds(lambda item, count: [item] * count, items, st.sampled_from(counts)),
    )


# -- what must be refused ----------------------------------------------------------------------------

#: Fields whose moments must lie in 1900–2200 in every time zone.
OUT_OF_RANGE = ("0001-", "9999-", "1899-")
#: Values that no form accepts, by field.
FORBIDDEN: dict[str, tuple[Any, ...]] = {
    "usefulness": (99, -5, 0, 6),
    "codes": (["XX"], ["../../x"], ["ri"], [""]),
    "recording_offset": (-1, -1.5),
}


def expected_refusal(base: FuzzBase, mutation: Mutation) -> str | None:
    """Why ``mutation``'s bundle must be refused, when it clearly must: a link to or
    an id of another group's record, a value it names as one no form accepts, a moment outside
    1900–2200, the same version of a record twice, counts that do not match the records. None when the
    change may be harmless (or the rules leave it open)."""
    value, name = mutation.value, mutation.path.rsplit(".", 1)[-1]
    if mutation.action == "copies":  # versions made apart may travel together: the conflict's sides
        return None if mutation.value else f"the same version of a {mutation.kind} record {mutation.count} times"
    if mutation.action == "contents":
        counted_field = mutation.path.startswith(("counts.", "records.", "files.")) or mutation.path in (
            "counts",
            "records",
        )
        if counted_field:
            return "counts that do not match the records"
        return None
    if mutation.action not in ("set", "every"):
        return None
    others = {identifier for ids in base.other_ids.values() for identifier in ids}
    linked = value if isinstance(value, list) else [value]
    if name in (*LINKS, "id") and any(isinstance(item, str) and item in others for item in linked):
        return f"{name} names a record of another group"
    if any(value == forbidden and type(value) is type(forbidden) for forbidden in FORBIDDEN.get(name, ())):
        return f"{name} = {value!r}, which no form accepts"
    if name in HINTS and HINTS[name] is MOMENTS and isinstance(value, str) and value.startswith(OUT_OF_RANGE):
        return f"{name} outside 1900–2200"
    return None


def named_cases(base: FuzzBase, *, max_text: int = 20 << 20, max_copies: int = 3000) -> list[Mutation]:
    """The changes a broken or stolen laptop could send, named one by one, in each format: every run
    tries them first."""
    person, other_memo = base.other_ids["people"][0], base.other_ids["memo"][0]
    changes: list[tuple[str, str, Any]] = [
        ("meetings", "starts_at", "9999-12-31T23:59:59.999+00:00"),
        ("meetings", "ends_at", "9999-12-31T23:59:59.999+00:00"),
        ("meetings", "host_id", person),
        ("meetings", "declined_by", [person]),
        ("memo", "people", [person]),
        ("memo", "owner_id", person),
        ("memo", "id", other_memo),
        ("meetings", "id", base.other_ids["agenda"][0]),
        ("people", "id", other_memo),
        ("memo", "codes", ["../../x"]),
        ("memo", "recording_offset", -1),
        ("memo", "text", big_text(min(max_text, 20 << 20))),
        ("attendance", "person_id", person),
        ("feedback", "usefulness", 99),
        ("feedback", "usefulness", -5),
        ("groups", "pattern.rrule", "garbage"),
        ("groups", "pattern.start_time", "25:00"),
        ("people", "name", big_text(min(max_text, 20 << 20))),
    ]
    cases = [Mutation(version, "set", kind, 0, path, value) for kind, path, value in changes for version in (3, 2)]
    # At the record rules' limits, in every record: what outputs must still lay out.
    at_limits: list[tuple[str, str, Any]] = [
        ("memo", "text", big_text(20_000)),
        ("meetings", "theme", big_text(20_000, False)),
        ("people", "name", big_text(120, False)),
        ("groups", "name", big_text(80, False)),
        ("people", "company", big_text(500, False)),
        ("memo", "people", [base.documents["people"][0]["id"]] * 1000),
    ]
    cases += [Mutation(3, "every", kind, 0, path, value) for kind, path, value in at_limits]
    cases += [
        Mutation(3, "copies", "people", 0, "", True, True, min(max_copies, 3000)),
        Mutation(3, "copies", "attendance", 0, "", False, True, min(max_copies, 3000)),
        Mutation(3, "contents", path="counts.memo", value=len(base.documents["memo"]) + 1),
        Mutation(3, "contents", path="scope", value="partial"),
        Mutation(2, "contents", path="files.records/memo.jsonl.records", value=len(base.documents["memo"]) + 1),
    ]
    return cases
