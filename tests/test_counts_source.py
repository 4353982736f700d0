"""Every count a person reads is written the language's way (``format_count``: "1 481" in Finnish and
Swedish, "1,481" in English), a limit beside it too ("more than 50 000"), and every percentage through
``format_percent`` ("77 %"): a scan of the source (``tests/count_scan.py``), so that new code keeps to it.
"""

from __future__ import annotations

from pathlib import Path

from tests.count_scan import all_offenders, offenders_in


def test_every_count_a_person_reads_is_written_the_languages_way() -> None:
    offenders = all_offenders()
    assert not offenders, f"{len(offenders)} counts shown as they are:\n" + "\n".join(map(str, offenders))


def _scan(source: str, tmp_path: Path, name: str = "screens/example.py") -> list[str]:
    """What the scan says of ``source`` as if it were the file ``name`` of the tree."""
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source, encoding="utf-8")
    return [(offender.line, offender.why) for offender in offenders_in(path, root=tmp_path)]


def test_the_scan_finds_counts_shown_as_they_are(tmp_path: Path) -> None:
    flagged = _scan(
        "from facilitator.i18n import _, ngettext\n"
        "def told(items: list[str], total: int) -> list[str]:\n"
        "    n = len(items)\n"
        "    return [\n"
        "        ngettext('{count} item', '{count} items', n).format(count=n),\n"
        "        _('{shown} of {all}').format(shown=len(items), all=total),\n"
        "        _('{count} left').format(count=str(n)),\n"
        "        str(sum(1 for item in items)),\n"
        "        f'{n / total:.0%} done',\n"
        "    ]\n",
        tmp_path,
    )
    assert [line for line, _why in flagged] == [5, 6, 6, 7, 7, 8, 9], flagged


def test_the_scan_passes_counts_written_the_languages_way(tmp_path: Path) -> None:
    flagged = _scan(
        "from facilitator.dates import format_count, format_percent\n"
        "from facilitator.i18n import _, ngettext\n"
        "def told(items: list[str], name: str, year: int) -> list[str]:\n"
        "    n = len(items)\n"
        "    shown = format_count(n)\n"
        "    return [\n"
        "        ngettext('{count} item', '{count} items', n).format(count=shown),\n"
        "        _('{name}: {share}').format(name=name, share=format_percent(n / 10)),\n"
        "        '{}-{}'.format(year, n),\n"
        "        _('{year}').format(year=year),  # not a count\n"
        "    ]\n",
        tmp_path,
    )
    assert flagged == [], flagged


def test_the_scan_sees_a_limit_beside_a_count_in_a_constant_of_the_tree(tmp_path: Path) -> None:
    _scan("MOST = 50_000\nMOST_BYTES: int = 4 << 20\nFORMAT_VERSION = 3\nNAME = 'x'\n", tmp_path, "exports/limits.py")
    flagged = _scan(
        "from exports import limits\n"
        "from exports.limits import FORMAT_VERSION, MOST, MOST_BYTES, NAME\n"
        "from facilitator.dates import format_count\n"
        "from facilitator.i18n import _\n"
        "def told(count: int) -> list[str]:\n"
        "    return [\n"
        "        _('{count} of {most}').format(count=format_count(count), most=MOST),\n"
        "        _('{size} MB').format(size=MOST_BYTES >> 20),\n"
        "        _('{most}').format(most=limits.MOST),\n"
        "        _('{most}').format(most=format_count(MOST)),\n"
        "        _('version {known}, {name}').format(known=FORMAT_VERSION, name=NAME),\n"
        "    ]\n",
        tmp_path,
    )
    assert [line for line, _why in flagged] == [7, 8, 9], flagged
