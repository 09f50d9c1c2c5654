"""Helpers for the dashboard tests: submissions with chosen scores, and
"sentinel" numbers that appear nowhere else, to prove a score is not shown."""

import uuid
from datetime import timedelta

from django.utils import timezone

from assessments.instruments import get_instrument
from assessments.models import Submission
from tests.questionnaires import clear_for_comparison

ELEMENTS = [d.key for d in get_instrument("intimacy").dimensions]
BEHAVIOURS = [d.key for d in get_instrument("distancing").dimensions]


def scored(user, key: str, scores: dict, days_ago: int = 0, cleared: bool = True) -> Submission:
    """`cleared` (the default): covered by a safety check with no yes
    (tests.questionnaires.clear_for_comparison); False: its check is to come."""
    done = Submission.objects.create(
        user=user,
        instrument=key,
        version=get_instrument(key).version,
        draft=uuid.uuid4(),
        answers={},
        scores=scores,
        submitted_at=timezone.now() - timedelta(days=days_ago),
    )
    return clear_for_comparison(user, done) if cleared else done


def intimacy(
    user, values: list[int], importance: list[int] | None = None, days_ago: int = 0, cleared: bool = True
) -> Submission:
    importance = importance or [3] * len(ELEMENTS)
    return scored(
        user,
        "intimacy",
        {"dimensions": dict(zip(ELEMENTS, values)), "importance": dict(zip(ELEMENTS, importance))},
        days_ago,
        cleared,
    )


def distancing(
    user, self_view: int | dict = 0, partner_view: int | dict = 0, days_ago: int = 0, cleared: bool = True
) -> Submission:
    """Every behaviour at the given score, or 0 except those named in a dict."""

    def group(values):
        return {k: values.get(k, 0) for k in BEHAVIOURS} if isinstance(values, dict) else dict.fromkeys(BEHAVIOURS, values)

    return scored(user, "distancing", {"self": group(self_view), "partner": group(partner_view)}, days_ago, cleared)


# Scores no other part of the page would print: if one appears as a bar
# width or a cell, it leaked.
SENTINELS = [13, 17, 19, 23, 29, 31, 37, 41]


def shows_score(page: str, value: int) -> bool:
    return f'width="{value}"' in page or f">{value}<" in page or f" {value}," in page


# The one long dashboard became three pages (issue 13): "This week" (/), the
# comparison (/together/) and the chart (/progress/).
SHARED_PAGES = ("/", "/together/", "/progress/")


def shared_pages(client) -> str:
    """Everything the old dashboard showed, as one text: the three pages joined."""
    return "\n".join(client.get(path).content.decode() for path in SHARED_PAGES)
