from datetime import date

from django import template

from notices.models import Reply

register = template.Library()


def _replies(request, pair) -> dict:
    """Every reply `pair.me` may see in the couple, read once per page (one
    query however many items it shows)."""
    cache = request.__dict__.setdefault("_replies_seen", {})
    if pair.couple.pk not in cache:
        cache[pair.couple.pk] = {(r.replier_id, r.kind, r.item_id): r for r in Reply.objects.seen_by(pair)}
    return cache[pair.couple.pk]


@register.inclusion_tag("notices/_reply.html", takes_context=True)
def reply_box(context, kind: str, item, own: bool):
    """Beside an item: on my own, my partner's reply to it; on one my partner
    shared with me, the few answers I can give. `item` is the item's pk, or
    for an appreciation note its week."""
    pair = context["pair"]
    item_id = item.toordinal() if isinstance(item, date) else item
    replier = pair.partner if own else pair.me
    reply = _replies(context["request"], pair).get((replier.pk, kind, item_id))
    return box(pair, kind, item_id, own, reply)


def box(pair, kind: str, item_id: int, own: bool, reply: Reply | None, error: str = "") -> dict:
    return {"pair": pair, "kind": kind, "item_id": item_id, "own": own, "reply": reply, "responses": Reply.RESPONSES, "error": error}
