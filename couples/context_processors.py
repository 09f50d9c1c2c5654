from couples.access import pair_for


def couple_nav(request):
    """`couple_complete`: whether the signed-in user has a partner, so the top
    menu offers the steps and the check-in only to those they work for. A
    callable, so the query runs only when a template asks, and base.html asks
    only when the view has not already put the user's `pair` in the context."""

    def couple_complete() -> bool:
        pair = pair_for(request.user)
        return pair is not None and pair.is_complete

    return {"couple_complete": couple_complete}
