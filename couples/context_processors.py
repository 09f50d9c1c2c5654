from functools import cache

from couples.access import pair_for


def couple_nav(request):
    """`couple_complete`: whether the signed-in user has a partner, so the top
    menu offers the check-in only to those it works for; `in_couple`: whether
    they have a couple at all, partner or not yet, for the steps (1-4 work
    while waiting). Callables sharing one lookup, so the query runs at most
    once and only when a template asks, and base.html asks only when the view
    has not already put the user's `pair` in the context."""

    @cache
    def pair():
        return pair_for(request.user)

    return {
        "couple_complete": lambda: pair() is not None and pair().is_complete,
        "in_couple": lambda: pair() is not None,
    }
