"""What a person keeps of a couple that ended: their own history, read-only.

Only rows they wrote themselves, in couples that have ended: their check-ins
(with their private notes), what they wrote in the five steps, the ideas they
added to the shared list, and their questionnaire results from that time (as
links to their own results pages). Nothing their former partner wrote is read
here, shared or not: once a couple ends, nothing of one reaches the other.
"""

from dataclasses import dataclass, field

from django.db import transaction

from accounts.models import User
from assessments.models import Submission
from couples.models import CheckIn, Couple, ReminderSent
from steps.content import VALUE_LABELS
from steps.models import ConnectionIdea, Hope, Interest, MyPart, Resentment, SharedValue, StepDone, WeeklyAction

# What "delete my archive" removes: every couple-bound row of mine. The
# questionnaires belong to the person, not the couple, and stay on their
# questionnaire pages (deleting the account removes those too).
BY_USER = [CheckIn, StepDone, WeeklyAction, ReminderSent]
BY_AUTHOR = [Interest, SharedValue, MyPart, Resentment, Hope]


@dataclass
class Chapter:
    """One ended couple, as its former member keeps it."""

    couple: Couple
    checkins: list = field(default_factory=list)
    interests: list = field(default_factory=list)
    values: list = field(default_factory=list)
    parts: list = field(default_factory=list)
    resentments: list = field(default_factory=list)
    hopes: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    ideas: list = field(default_factory=list)
    steps_done: list = field(default_factory=list)
    submissions: list = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, f) for f in self.__dataclass_fields__ if f != "couple")


def _ended_couples(user: User):
    return Couple.objects.filter(memberships__user=user, ended_at__isnull=False).distinct()


def archive_for(user: User) -> list[Chapter]:
    """My ended couples, newest first, each with what I wrote in it. A fixed
    number of queries however many couples or weeks there are."""
    couples = list(_ended_couples(user).order_by("-ended_at"))
    chapters = {c.pk: Chapter(c) for c in couples}
    if not chapters:
        return []
    ids = list(chapters)
    mine = {"couple_id__in": ids}
    lists = [
        ("checkins", CheckIn.objects.filter(user=user, **mine).order_by("-week_start")),
        ("interests", Interest.objects.filter(author=user, **mine).order_by("created_at")),
        ("values", SharedValue.objects.filter(author=user, **mine).order_by("key")),
        ("parts", MyPart.objects.filter(author=user, **mine)),
        ("resentments", Resentment.objects.filter(author=user, **mine).order_by("created_at")),
        ("hopes", Hope.objects.filter(author=user, **mine)),
        ("actions", WeeklyAction.objects.filter(user=user, **mine).order_by("-week_start")),
        ("ideas", ConnectionIdea.objects.filter(added_by=user, **mine).order_by("created_at")),
        ("steps_done", StepDone.objects.filter(user=user, **mine).order_by("step")),
    ]
    for name, rows in lists:
        for row in rows:
            getattr(chapters[row.couple_id], name).append(row)
    for chapter in chapters.values():
        chapter.values = [VALUE_LABELS.get(v.key, v.key) for v in chapter.values]
    # A questionnaire has no couple: each result goes with the couple that
    # was mine when I sent it (sent before it ended, after the one before did).
    by_end = sorted(couples, key=lambda c: c.ended_at)
    submissions = Submission.objects.filter(user=user, submitted_at__lte=by_end[-1].ended_at).defer("answers")
    for submission in submissions.order_by("-submitted_at"):
        couple = next(c for c in by_end if submission.submitted_at <= c.ended_at)
        chapters[couple.pk].submissions.append(submission)
    return list(chapters.values())


def delete_archive(user: User) -> int:
    """Delete what I wrote in my ended couples; the couple rows stay (they
    also hold my former partner's archive). How many rows went."""
    ids = list(_ended_couples(user).values_list("pk", flat=True))
    deleted = 0
    with transaction.atomic():
        for model in BY_USER:
            deleted += model.objects.filter(user=user, couple_id__in=ids).delete()[0]
        for model in BY_AUTHOR:
            deleted += model.objects.filter(author=user, couple_id__in=ids).delete()[0]
        deleted += ConnectionIdea.objects.filter(added_by=user, couple_id__in=ids).delete()[0]
    return deleted
