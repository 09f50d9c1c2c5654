"""What of my partner's may I see: the one home of Rekindle's sharing rules.

Every page, fragment and e-mail that shows something of the partner's asks
here, through these functions or the queryset methods built on them
(`CheckIn.objects.visible_to`, `Interest.objects.shared_with`, ...), and
templates only print what they are given. docs/privacy.md lists each rule
with the test that proves it.

- **Private by default.** Only rows the author shared (`shared=True`), or rows
  the rules below reveal, are ever read for the partner.
- **Pause sharing.** While a person pauses sharing, nothing of theirs changed
  or sent after the pause reaches their partner: check-ins, questionnaires,
  step items, and their step (which has no date, so it is left out whole).
- **Mutual reveal.** A questionnaire's comparison exists once both partners
  have sent it; a week's closeness and appreciation note of my partner's once
  both of us have checked in that week (`week_revealed`), so their number
  never anchors mine. Until then I see only that they checked in. "Both"
  means as the other can see it: a check-in held back by my own pause
  unlocks nothing of my partner's.
- **The private safety check** (assessments.safety, docs/safety.md). My
  partner's questionnaires reach me only up to their `comparison_cleared_at`,
  the moment their last check with no yes covers (none before a first
  check). A check with a yes leaves that moment where it was, so I see
  exactly what I would see had they not sent it, on every page, fragment,
  e-mail and export. My own submissions always reach me, but only those my
  own check covers are set beside my partner's, and while I have turned
  comparison off (`comparison_off`) nothing of mine is compared at all.
  Check-ins and the steps are not affected. A guided conversation
  (`talk`) compares like the dashboard does: through `comparable` for what
  it shows me, and through `shared_by_both` for the couple's weekly card.
- **Waiting for a partner.** Before the partner joins, a person uses steps
  1-4 and the questionnaires alone: with no partner, nothing is read for
  anyone (`of_partner` is empty, `of_both` is only mine), and nothing can
  be shared yet (`steps.views.share`).
- **Answers since.** A questionnaire belongs to its author; what someone
  answered while in an earlier couple never reaches a new partner
  (`Pair.answers_since`).
- **Bands, not scores.** What is read of a partner's questionnaire reaches a
  page only as bands of words (`assessments.scoring.Measure.band`, through
  `couples.comparison`), never as a number an answer could be read back from.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet, Value

from assessments import safety, services
from assessments.models import Submission

if TYPE_CHECKING:
    from accounts.models import User
    from couples.access import Pair

QUESTIONNAIRES = ["intimacy", "distancing"]


def paused(user: User) -> bool:
    """Is this person pausing sharing right now?"""
    return user.sharing_paused_at is not None


def reaches_partner(author: User, changed_at: datetime) -> bool:
    """Whether something `author` changed or sent at `changed_at` reaches their
    partner: always, unless they pause sharing and it came after the pause."""
    since = author.sharing_paused_at
    return since is None or changed_at <= since


def week_revealed(pair: Pair, my_checkin_saved_at: datetime | None) -> bool:
    """Mutual reveal of a week: may `pair.me` see my partner's closeness and
    note for it? Only beside a check-in of mine for that week (saved at
    `my_checkin_saved_at`, its `updated_at`; None when I have none) that
    reaches my partner, so a check-in held back by my own pause unlocks
    nothing. Fed the row already loaded, it costs no query."""
    return my_checkin_saved_at is not None and reaches_partner(pair.me, my_checkin_saved_at)


def held_back(author: User, changed: str = "updated_at") -> ExpressionWrapper | Value:
    """An annotation for the author's own rows: true where a change made since
    they paused sharing waits for them to resume (their pages say so)."""
    since = author.sharing_paused_at
    if since is None:
        return Value(False)
    return ExpressionWrapper(Q(**{f"{changed}__gt": since}), output_field=BooleanField())


def of_partner(rows: QuerySet, pair: Pair, author: str = "author", changed: str = "updated_at") -> QuerySet:
    """The partner's rows of `rows` that reach `pair.me`: all of them, but none
    changed after the partner paused sharing; none while there is no partner."""
    if pair.partner is None:
        return rows.none()
    rows = rows.filter(**{author: pair.partner})
    if since := pair.partner.sharing_paused_at:
        rows = rows.filter(**{f"{changed}__lte": since})
    return rows


def of_both(rows: QuerySet, pair: Pair, author: str = "author", changed: str = "updated_at") -> QuerySet:
    """Mine, and the partner's as `of_partner` lets them through, in one query."""
    if pair.partner is None:
        return rows.filter(**{author: pair.me})
    rows = rows.filter(**{f"{author}__in": [pair.me, pair.partner]})
    if since := pair.partner.sharing_paused_at:
        rows = rows.exclude(**{author: pair.partner, f"{changed}__gt": since})
    return rows


def submission_histories(pair: Pair, keys: list[str] = QUESTIONNAIRES) -> dict[str, dict[int, list[Submission]]]:
    """Both partners' submissions of each questionnaire, oldest first, in one
    query, as `pair.me` may read them: all of mine; my partner's up to their
    pause and up to what their safety check covers (none before a first
    check: as if they had not answered); of neither what they answered in an
    earlier couple."""
    partner = pair.partner
    if partner.comparison_cleared_at is None:  # no check covers anything of theirs yet
        return services.submission_histories([pair.me.pk], keys, since=pair.answers_since)
    until = min(t for t in (partner.comparison_cleared_at, partner.sharing_paused_at) if t is not None)
    return services.submission_histories(
        [pair.me.pk, partner.pk], keys, since=pair.answers_since, until={partner.pk: until}
    )


def comparable(pair: Pair, mine: list[Submission], theirs: list[Submission]) -> tuple[Submission, Submission] | None:
    """Mutual reveal: the two latest submissions to set side by side, or None
    until both partners have sent one the other may see. `theirs` comes from
    `submission_histories`, which already holds back what my partner's pause
    and safety check do; here my own pause and check hold back mine, and
    nothing is compared while I have turned comparison off."""
    if not may_compare(pair):
        return None
    return shared_by_both(pair, mine, theirs)


def shared_by_both(pair: Pair, mine: list[Submission], theirs: list[Submission]) -> tuple[Submission, Submission] | None:
    """The latest submission of each partner that reaches the other (my pause
    and check hold back mine; `theirs` is already held back as
    `submission_histories` does), whatever either's comparison switch says.
    The same two submissions from either side, and unchanged by a "yes", which
    leaves `comparison_cleared_at` alone: what the couple's weekly
    conversation card is drawn from (talk.cards), so the card both are shown
    never tells one partner anything of the other's check."""
    my_shared = [s for s in mine if reaches_partner(pair.me, s.submitted_at) and safety.cleared(pair.me, s.submitted_at)]
    return (my_shared[-1], theirs[-1]) if my_shared and theirs else None


def may_compare(pair: Pair) -> bool:
    """May anything set my answers beside my partner's for me: the side-by-side
    views, the talk-first prompts, and any guided conversation drawn from
    them (talk)? Not while I have turned comparison off after a check. What
    my check has not covered yet is held back submission by submission
    (`shared_by_both`), and my partner's switch never shows here: their
    answers reach me as if not sent (`submission_histories`)."""
    return not pair.me.comparison_off


def my_side_waits(pair: Pair, mine: list[Submission]) -> str | None:
    """Why my latest submission is not (yet) set beside my partner's, for my own
    pages to say so: "off" (I turned comparison off after a check), "check"
    (my safety check is due), "paused" (I pause sharing), or None."""
    if not mine:
        return None
    if pair.me.comparison_off:
        return "off"
    latest = mine[-1].submitted_at
    if safety.due(pair.me, latest):
        return "check"
    if not reaches_partner(pair.me, latest):
        return "paused"
    return None
