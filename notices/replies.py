"""Replies: a partner answers something shared with them with one of a few
kind words (Reply.RESPONSES), and its author sees it beside the item.

The item replied to is always found through what `couples.sharing` lets the
replier see (`shared_with`, the mutual reveal of a week's note), never by id
alone: anything else is a 404. A reply reaches the item's author as
`Reply.objects.seen_by` lets it (pause sharing)."""

from datetime import date

from couples import sharing
from couples.access import Pair
from couples.models import CheckIn
from steps.models import Hope, Interest, MyPart, Resentment, SharedValue

STEP_KINDS = {"interest": Interest, "value": SharedValue, "part": MyPart, "resentment": Resentment, "hope": Hope}
NOTE = "note"
KINDS = [*STEP_KINDS, NOTE]
# Where each kind is shown, for the way back after a reply without htmx.
PAGES = {"interest": "/steps/1/", "value": "/steps/1/", "part": "/steps/2/", "resentment": "/steps/3/", "hope": "/steps/4/", NOTE: "/checkin/history/"}


def shared_item(pair: Pair, kind: str, item_id: int):
    """The item of my partner's I may reply to, or None: a step item they
    shared that reaches me, or their appreciation note of a week revealed to
    me (`item_id` is then the week's ordinal)."""
    if kind in STEP_KINDS:
        return STEP_KINDS[kind].objects.shared_with(pair).filter(pk=item_id).first()
    if kind != NOTE or not 1 <= item_id <= date.max.toordinal():
        return None
    week = date.fromordinal(item_id)
    theirs = CheckIn.objects.of_partner(pair).filter(week_start=week).exclude(appreciation_note="").first()
    mine = CheckIn.objects.filter(couple=pair.couple, user=pair.me, week_start=week).first()
    if theirs is None or not sharing.week_revealed(pair, mine.updated_at if mine else None):
        return None
    return theirs
