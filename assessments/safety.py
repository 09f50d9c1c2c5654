"""The private safety check: what its answers mean, and when it is asked.

docs/safety.md explains the design. In short:

- Four questions: afraid of the partner; threatened, hurt or forced (sexually
  included); controlled (money, phone, whom you see, where you go); thoughts
  of harming yourself. Each answered "Yes", "No" or "I'd rather not say".
- "I'd rather not say" counts as yes: someone who cannot say it safely is
  the person the check is for.
- A yes to any of the first three turns comparison off (`User.comparison_off`)
  and leaves `User.comparison_cleared_at` where it was, so the partner sees
  exactly what they would see had the check not been sent. All "No" moves
  `comparison_cleared_at` to now: everything sent so far may be compared.
- A yes to the fourth shows crisis help at once and changes nothing else.
- Asked before the first comparison and at a retake when the last check is
  more than `VALID_FOR` old. After a check with no yes, a questionnaire sent
  within `VALID_FOR` is covered without asking again (`cover_submission`).

The rule of what this lets a partner see is in `couples.sharing`; this module
only keeps the two fields on the user up to date.
"""

from datetime import datetime, timedelta
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from assessments.models import SafetyCheck
from assessments.signals import cleared as cleared_signal

# "At most monthly": a check with no yes covers what is sent for this long.
VALID_FOR = timedelta(days=30)

# The questions that, answered yes (or "rather not say"), turn comparison off.
ABOUT_THE_PARTNER = ("afraid", "harmed", "controlled")


def counts_as_yes(answer: str) -> bool:
    return answer in (SafetyCheck.YES, SafetyCheck.RATHER_NOT_SAY)


def turns_comparison_off(answers: dict[str, str]) -> bool:
    return any(counts_as_yes(answers[key]) for key in ABOUT_THE_PARTNER)


def needs_crisis_help(check: SafetyCheck) -> bool:
    return counts_as_yes(check.self_harm)


def cleared(user: User, submitted_at: datetime) -> bool:
    """May what `user` sent at `submitted_at` be compared, as far as the check goes?"""
    return user.comparison_cleared_at is not None and submitted_at <= user.comparison_cleared_at


def due(user: User, latest_sent: datetime | None) -> bool:
    """Should `user` be asked the check now: they sent something the check does
    not cover yet, and comparison is not switched off (then they see how to
    turn it back on instead)."""
    return latest_sent is not None and not user.comparison_off and not cleared(user, latest_sent)


def latest(user: User) -> SafetyCheck | None:
    return SafetyCheck.objects.filter(user=user).order_by("-answered_at", "-pk").first()


def record(user: User, token: UUID, answers: dict[str, str]) -> SafetyCheck:
    """Save a check and update the user's comparison state. Sending the same
    form twice records it once and changes nothing the second time."""
    before = user.comparison_cleared_at
    with transaction.atomic():
        try:
            with transaction.atomic():
                check = SafetyCheck.objects.create(user=user, token=token, **answers)
        except IntegrityError:  # a double click, or the form sent again
            return SafetyCheck.objects.get(user=user, token=token)
        if turns_comparison_off(answers):
            # comparison_cleared_at stays where it was: for the partner, as if not sent.
            user.comparison_off = True
            User.objects.filter(pk=user.pk).update(comparison_off=True)
        else:
            user.comparison_cleared_at, user.comparison_off = check.answered_at, False
            User.objects.filter(pk=user.pk).update(comparison_cleared_at=check.answered_at, comparison_off=False)
        # Sent after a yes too: it then releases nothing, the same as no check at all.
        cleared_signal.send(SafetyCheck, user=user, before=before)
    return check


def turn_comparison_back_on(user: User) -> None:
    """After a yes, and a second confirmation: compare again, from now."""
    now = timezone.now()
    before = user.comparison_cleared_at
    user.comparison_cleared_at, user.comparison_off = now, False
    User.objects.filter(pk=user.pk).update(comparison_cleared_at=now, comparison_off=False)
    cleared_signal.send(SafetyCheck, user=user, before=before)


def cover_submission(user: User, submitted_at: datetime) -> None:
    """A questionnaire was just sent: if the last check had no yes and is recent
    enough, it covers this one too, without asking again."""
    if user.comparison_off:
        return
    last = latest(user)
    if last is None or turns_comparison_off(_answers(last)) or submitted_at - last.answered_at > VALID_FOR:
        return
    before = user.comparison_cleared_at
    user.comparison_cleared_at = submitted_at
    User.objects.filter(pk=user.pk).update(comparison_cleared_at=submitted_at)
    cleared_signal.send(SafetyCheck, user=user, before=before)


def _answers(check: SafetyCheck) -> dict[str, str]:
    return {key: getattr(check, key) for key in (*ABOUT_THE_PARTNER, "self_harm")}
