"""When the dashboard suggests a counselor: one rule, fed by what the
Dashboard has already loaded for `pair.me`.

The card is private to the person who sees it, and it must never tell me
anything of my partner's that I cannot already see. So it reads only my own
answers and what `couples.sharing` already reveals to me: the comparison once
we have both sent a questionnaire, my partner's weekly closeness for the
weeks we both checked in, and my partner's hope only if they shared it.
docs/questionnaires.md ("When we suggest a counselor") gives the reasons.
"""

from datetime import date, timedelta

from assessments.models import Submission
from couples.checkins import WeekCloseness
from couples.comparison import Element

# Several shared growth areas: three of the eight elements both of us rate low.
GROWTH_AREAS = 3
# Closeness (1-10) at or below this for both of us, in each of the last
# CLOSENESS_WEEKS weeks we both checked in, within CLOSENESS_WITHIN weeks of
# now: one week this low can be a bad week, three is a pattern. One missed
# week in four does not hide it; older weeks are not "lately".
LOW_CLOSENESS = 3
CLOSENESS_WEEKS = 3
CLOSENESS_WITHIN = 4
# Step 4's hope, 0-10: at or below this, hope is low.
LOW_HOPE = 3
# Substance use answered "often" (3 on the 0-4 scale, scored 3 x 25 = 75) or
# "very often" (100), about either of us.
OFTEN_AT_LEAST = 75
SUBSTANCES = "substances"


def _growth_areas(elements: list[Element]) -> bool:
    return sum(1 for e in elements if e.label == "growth") >= GROWTH_AREAS


def _low_closeness(weeks: list[WeekCloseness], current_week: date) -> bool:
    oldest = current_week - timedelta(weeks=CLOSENESS_WITHIN - 1)
    both = [
        w for w in weeks  # newest first
        if oldest <= w.week_start <= current_week and w.mine is not None and w.partner is not None
    ][:CLOSENESS_WEEKS]
    return len(both) == CLOSENESS_WEEKS and all(max(w.mine, w.partner) <= LOW_CLOSENESS for w in both)


def _substances_often(submission: Submission | None) -> bool:
    """In one distancing submission: its author's use, or what they see in their partner."""
    if submission is None:
        return False
    scores = submission.scores
    return any(scores.get(side, {}).get(SUBSTANCES, 0) >= OFTEN_AT_LEAST for side in ("self", "partner"))


def reasons(
    *,
    elements: list[Element],
    weeks: list[WeekCloseness],
    current_week: date,
    my_distancing: Submission | None,
    compared_distancing: tuple[Submission, Submission] | None,
    hopes: list[int],
) -> list[str]:
    """Why the counselor card shows, empty when it does not. Every argument
    is already limited to what `pair.me` may see: `elements` and
    `compared_distancing` exist only once both sent the questionnaire,
    `weeks` carries the partner's closeness only for weeks revealed, `hopes`
    is mine and my partner's only if shared; `my_distancing` is my own."""
    found = []
    if _growth_areas(elements):
        found.append("growth")
    if _low_closeness(weeks, current_week):
        found.append("closeness")
    if any(hope <= LOW_HOPE for hope in hopes):
        found.append("hope")
    theirs = compared_distancing[1] if compared_distancing else None
    if _substances_often(my_distancing) or _substances_often(theirs):
        found.append("substances")
    return found
