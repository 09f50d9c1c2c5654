from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from couples.access import get_pair_or_404
from notices.forms import ReplyForm
from notices.models import Reply
from notices.replies import KINDS, PAGES, shared_item
from notices.templatetags.replies import box


@login_required
@require_POST
def reply(request: HttpRequest, kind: str, item_id: int) -> HttpResponse:
    """Answer something my partner shared with me: one reply per item, which
    a second choice (or a resent form) updates."""
    pair = get_pair_or_404(request.user)
    if kind not in KINDS or shared_item(pair, kind, item_id) is None:
        raise Http404("Nothing to answer")
    form = ReplyForm(request.POST)
    mine = Reply.objects.filter(replier=pair.me, couple=pair.couple, kind=kind, item_id=item_id)
    if not form.is_valid():
        if not request.htmx:
            messages.error(request, "Choose one of the answers.")
            return redirect(f"{PAGES[kind]}#reply-{kind}-{item_id}")
        ctx = box(pair, kind, item_id, False, mine.first(), error="Choose one of the answers.")
        return render(request, "notices/_reply.html", ctx, status=400)
    answer, _ = Reply.objects.update_or_create(
        replier=pair.me,
        couple=pair.couple,
        kind=kind,
        item_id=item_id,
        defaults={"response": form.cleaned_data["response"], "updated_at": timezone.now()},
    )
    if request.htmx:
        return render(request, "notices/_reply.html", box(pair, kind, item_id, False, answer))
    return redirect(f"{PAGES[kind]}#reply-{kind}-{item_id}")
