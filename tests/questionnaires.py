"""Helpers for questionnaire tests: drafts and submissions made the way the app makes them.

Each takes the instrument's newest version unless `version` says otherwise."""

import uuid
from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from assessments.instruments import get_instrument
from assessments.models import Answer, Draft, Submission
from assessments.scoring import score


def answers_for(key: str, value: int | None = None, version: int | None = None) -> dict[str, int]:
    """Every item answered: with `value` where it is on the scale, else the scale's middle."""
    instrument = get_instrument(key, version)
    return {
        item.key: value if value in item.scale.values else (item.scale.low + item.scale.high) // 2
        for item in instrument.items
    }


def make_draft(
    user, key: str = "intimacy", answers: dict[str, int] | None = None, version: int | None = None, texts: dict[str, str] | None = None
) -> Draft:
    instrument = get_instrument(key, version)
    draft = Draft.objects.create(user=user, instrument=key, version=instrument.version)
    Answer.objects.bulk_create(
        [Answer(draft=draft, item=k, value=v) for k, v in (answers or {}).items()]
        + [Answer(draft=draft, item=k, text=t) for k, t in (texts or {}).items()]
    )
    return draft


def saved(draft: Draft) -> dict[str, int]:
    """The answers on a scale stored in the draft, as {item: value}."""
    return dict(draft.answers.filter(value__isnull=False).values_list("item", "value"))


def saved_texts(draft: Draft) -> dict[str, str]:
    """The answers in the author's own words stored in the draft, as {item: text}."""
    return dict(draft.answers.filter(value__isnull=True).values_list("item", "text"))


def clear_for_comparison(user, submission: Submission) -> Submission:
    """As if `user` had answered the safety check with no yes when they sent
    `submission`: it may be compared (assessments.safety, couples.sharing)."""
    if user.comparison_cleared_at is None or user.comparison_cleared_at < submission.submitted_at:
        user.comparison_cleared_at = submission.submitted_at
        User.objects.filter(pk=user.pk).update(comparison_cleared_at=submission.submitted_at)
    return submission


def make_submission(
    user,
    key: str = "intimacy",
    value: int | None = None,
    days_ago: int = 0,
    cleared: bool = True,
    version: int | None = None,
    answers: dict[str, int] | None = None,
) -> Submission:
    """A submission as the app makes it: every item `value` (or the middle of
    its scale), unless `answers` gives them. `cleared` (the default): covered
    by a safety check with no yes, so it may be compared; pass False for a
    submission whose check is still to come."""
    instrument = get_instrument(key, version)
    answers = answers if answers is not None else answers_for(key, value, instrument.version)
    done = Submission.objects.create(
        user=user,
        instrument=key,
        version=instrument.version,
        draft=uuid.uuid4(),  # the draft it came from, deleted on submit
        answers=answers,
        scores=score(instrument, answers),
        submitted_at=timezone.now() - timedelta(days=days_ago),
    )
    return clear_for_comparison(user, done) if cleared else done
