"""Anonymous feedback on a meeting: how useful it was, whether one would recommend it, a comment."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from facilitator.dates import format_count, format_decimal
from facilitator.i18n import _, ngettext
from facilitator.model.problems import Problem, per_language
from facilitator.model.record import Record

COMMENT_MAX = 2000


@dataclass(kw_only=True)
class FeedbackResponse(Record):
    """One participant's anonymous response, in the meeting's own file.

    ``usefulness`` is 1 (not useful) to 5 (very useful); ``recommend`` is None when left blank.
    """

    meeting_id: str
    usefulness: int
    recommend: bool | None = None
    comment: str = ""


@per_language
def feedback_field_labels() -> dict[str, str]:
    return {
        "usefulness": _("Usefulness (1–5)"),
        "recommend": _("Would recommend (y/n)"),
        "comment": _("Comment"),
    }


def check_feedback_form(values: Mapping[str, str], base: FeedbackResponse) -> tuple[FeedbackResponse, list[Problem]]:
    """Read a feedback form: the response to save, or every problem with it."""
    labels = feedback_field_labels()
    problems: list[Problem] = []
    usefulness_text = values.get("usefulness", "").strip()
    usefulness = base.usefulness
    if usefulness_text in {"1", "2", "3", "4", "5"}:  # as typed: "05" or "6" is not a mark
        usefulness = int(usefulness_text)
    else:
        problems.append(Problem("usefulness", labels["usefulness"], _("Give a whole number from 1 to 5.")))
    recommend_text = values.get("recommend", "").strip().casefold()
    recommend = base.recommend
    if recommend_text in {"y", "yes", "k", "kyllä", "j", "ja"}:
        recommend = True
    elif recommend_text in {"n", "no", "e", "ei", "nej"}:
        recommend = False
    elif not recommend_text:
        recommend = None
    else:
        problems.append(Problem("recommend", labels["recommend"], _("Write y for yes, n for no, or leave it empty.")))
    response = dataclasses.replace(
        base, usefulness=usefulness, recommend=recommend, comment=values.get("comment", "").strip()
    )
    reported = {problem.field for problem in problems}
    problems += [problem for problem in validate_feedback(response) if problem.field not in reported]
    return response, sorted(problems, key=lambda problem: list(labels).index(problem.field))


def validate_feedback(response: FeedbackResponse, *, typed: bool = True) -> list[Problem]:
    """Every problem with ``response``: usefulness is a whole number from 1 to 5 and, as typed
    (``typed``), the comment is under :data:`COMMENT_MAX` characters. A stored copy may have had
    a name in its comment replaced by a longer pseudonym or "a former member": its length is
    bounded by :mod:`facilitator.record_rules` instead."""
    labels = feedback_field_labels()
    problems: list[Problem] = []
    if isinstance(response.usefulness, bool) or response.usefulness not in range(1, 6):
        problems.append(Problem("usefulness", labels["usefulness"], _("Give a whole number from 1 to 5.")))
    if typed and len(response.comment) > COMMENT_MAX:
        problems.append(
            Problem(
                "comment",
                labels["comment"],
                _("Keep the comment under {count} characters.").format(count=format_count(COMMENT_MAX)),
            )
        )
    return problems


@dataclass(frozen=True)
class FeedbackSummary:
    """What the responses to one meeting (or several) add up to."""

    responses: int
    usefulness_average: float | None
    recommend_yes: int
    recommend_answered: int

    def describe(self) -> str:
        average = self.usefulness_average
        if not self.responses or average is None:  # the average is None exactly when there is no response
            return _("no feedback")
        text = ngettext(
            "{count} response, usefulness {average}/5",
            "{count} responses, usefulness {average}/5",
            self.responses,
        ).format(count=format_count(self.responses), average=format_decimal(average))
        if self.recommend_answered:
            text += _(", {yes} of {answered} would recommend").format(
                yes=format_count(self.recommend_yes), answered=format_count(self.recommend_answered)
            )
        return text


def summarise_feedback(responses: Sequence[FeedbackResponse]) -> FeedbackSummary:
    kept = [response for response in responses if not response.deleted]
    answered = [response.recommend for response in kept if response.recommend is not None]
    return FeedbackSummary(
        responses=len(kept),
        usefulness_average=sum(response.usefulness for response in kept) / len(kept) if kept else None,
        recommend_yes=sum(1 for answer in answered if answer),
        recommend_answered=len(answered),
    )
