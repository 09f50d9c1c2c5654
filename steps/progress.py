"""Where each partner is on the walk: read by the steps pages and the dashboard."""

from couples import sharing
from couples.access import Pair
from couples.models import Couple
from steps.content import current_step
from steps.models import StepDone


def steps_on(couple: Couple, user_ids: list[int]) -> dict[int, int | None]:
    """The step each user is on (the first not marked done; None when all are), in one query."""
    done: dict[int, set[int]] = {uid: set() for uid in user_ids}
    for user_id, step in StepDone.objects.filter(couple=couple, user_id__in=user_ids).values_list("user_id", "step"):
        done[user_id].add(step)
    return {uid: current_step(steps) for uid, steps in done.items()}


def steps_seen_by(pair: Pair) -> dict[int, int | None]:
    """What `pair.me` may know: my own step, and my partner's unless they pause
    sharing (`couples.sharing.authors_seen`); the pages say it is paused instead."""
    return steps_on(pair.couple, sharing.authors_seen(pair))
