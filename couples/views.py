import time

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.adapter import PENDING_INVITE
from accounts.mail import queue_mail
from accounts.models import User
from couples.access import end_couple, get_pair_or_404, pair_for
from couples.models import Couple, Invite, Membership, hash_token

# How many invite e-mails one person may send in INVITE_EMAIL_WINDOW seconds.
INVITE_EMAILS_PER_HOUR = 5
INVITE_EMAIL_WINDOW = 3600

# Refusal reasons for an invite link: status code, heading, explanation.
REFUSALS = {
    "unknown": (404, "This invite link doesn't work", "The link may be incomplete. Ask your partner to send it again, or to make a new one."),
    "expired": (410, "This invite link has expired", "Invite links last a week. Ask your partner to make a new one from their Rekindle page."),
    "used": (410, "This invite link was already used", "Each link pairs two accounts once. If that wasn't you, ask your partner for a new link."),
    "revoked": (410, "This invite link was withdrawn", "Your partner replaced or cancelled it. Ask them for the current link."),
    "own": (403, "This is your own invite link", "Send it to your partner: they open it on their phone or computer and join you."),
    "paired": (409, "You're already in a couple", "An account belongs to one couple at a time. To join this one, first leave your current couple from your profile."),
    "full": (409, "This couple is already complete", "Someone has already joined with a link from this couple, or the couple has ended."),
}


def _refuse(request: HttpRequest, reason: str) -> HttpResponse:
    status, heading, text = REFUSALS[reason]
    ctx = {"reason": reason, "heading": heading, "text": text}
    return render(request, "couples/invite_refused.html", ctx, status=status)


def _invite_link(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("invite_link", args=[token]))


class InviteEmailForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=100)
    email = forms.EmailField(
        label="Your partner's e-mail address",
        help_text="We send the link once and don't keep this address.",
    )


def _render_invite(request: HttpRequest, couple: Couple, token: str | None = None, form=None, status: int | None = None):
    ctx = {
        "couple": couple,
        "active_invite": couple.invites.usable().order_by("-created_at").first(),
        "token": token,
        "invite_link": _invite_link(request, token) if token else None,
        "email_form": form or (InviteEmailForm(initial={"token": token}) if token else None),
        "ttl_days": settings.INVITE_TTL_DAYS,
    }
    return render(request, "couples/invite.html", ctx, status=status or (400 if form and form.errors else 200))


@login_required
@require_POST
def start_couple(request: HttpRequest) -> HttpResponse:
    if pair_for(request.user) is not None:
        return redirect("invite")
    try:
        with transaction.atomic():
            couple = Couple.objects.create(created_by=request.user, time_zone=request.user.time_zone)
            Membership.objects.create(couple=couple, user=request.user)
            invite, token = Invite.issue(couple, request.user)
    except IntegrityError:  # a double submit raced us: the first one made the couple
        return redirect("invite")
    return _render_invite(request, couple, token)


@login_required
@require_GET
def invite(request: HttpRequest) -> HttpResponse:
    pair = pair_for(request.user)
    if pair is None:
        return redirect("home")
    if pair.is_complete:
        return redirect("home")
    return _render_invite(request, pair.couple)


@login_required
@require_POST
def invite_new(request: HttpRequest) -> HttpResponse:
    pair = get_pair_or_404(request.user, complete=False)
    if pair.is_complete:
        return redirect("home")
    with transaction.atomic():
        # The couple first, then its invites, as accepting and leaving lock
        # them: the other order deadlocks with a partner accepting right now.
        couple = Couple.objects.select_for_update().get(pk=pair.couple.pk)
        if not couple.has_free_place():
            return redirect("home")  # the partner has just joined, or the couple ended
        couple.invites.usable().update(revoked_at=timezone.now())
        _, token = Invite.issue(couple, request.user)
    return _render_invite(request, couple, token)


@login_required
@require_POST
def invite_revoke(request: HttpRequest) -> HttpResponse:
    pair = get_pair_or_404(request.user, complete=False)
    pair.couple.invites.usable().update(revoked_at=timezone.now())
    messages.success(request, "Your invite link no longer works. You can make a new one any time.")
    return redirect("invite")


@login_required
@require_POST
def invite_email(request: HttpRequest) -> HttpResponse:
    pair = get_pair_or_404(request.user, complete=False)
    if pair.is_complete:
        return redirect("home")
    token = request.POST.get("token", "")
    if not pair.couple.invites.usable().filter(token_hash=hash_token(token)).exists():
        messages.error(request, "That link is no longer active. Make a new one and send that.")
        return redirect("invite")
    form = InviteEmailForm(request.POST)
    if not form.is_valid():
        return _render_invite(request, pair.couple, token, form)
    ctx = {"inviter": request.user.display_name, "link": _invite_link(request, token), "ttl_days": settings.INVITE_TTL_DAYS}
    with transaction.atomic():  # holds the lock _may_email_invite takes until the count is written
        allowed = _may_email_invite(request.user)
        if allowed:
            queue_mail("An invitation to Rekindle", render_to_string("couples/email/invite.txt", ctx), [form.cleaned_data["email"]])
    if not allowed:
        form.add_error(
            None,
            f"You've sent the link {INVITE_EMAILS_PER_HOUR} times in the last hour, so we're pausing the e-mails "
            "for a little while. You can copy the link above and send it yourself in the meantime.",
        )
        return _render_invite(request, pair.couple, token, form, status=429)
    messages.success(request, "We sent the link. It may take a minute to arrive.")
    return _render_invite(request, pair.couple, token)


def _may_email_invite(user) -> bool:
    """Count an invite e-mail against the person's hourly allowance; False when
    it is used up. The form sends mail to any address typed in, so without a
    limit it could be used to pester someone. Counted in the shared cache (the
    database), so every server process sees the same count; the last hour's
    send times are kept, as allauth does for its own limits. The person's row
    is locked while counting, so simultaneous posts count one after another.
    A mail counts once it is queued: the queue sends it, and retries while
    the mail server is down, so a mail the server refused is not lost."""
    User.objects.select_for_update().only("pk").get(pk=user.pk)
    key = f"invite-email:{user.pk}"
    now = time.time()
    recent = [t for t in cache.get(key, []) if t > now - INVITE_EMAIL_WINDOW]
    if len(recent) >= INVITE_EMAILS_PER_HOUR:
        return False
    cache.set(key, [*recent, now], INVITE_EMAIL_WINDOW)
    return True


def _check_invite(request: HttpRequest, token_hash: str) -> tuple[Invite | None, str | None]:
    """Look the invite up and say whether this visitor may accept it."""
    invite_obj = Invite.objects.select_related("created_by", "couple").filter(token_hash=token_hash).first()
    if invite_obj is None:
        return None, "unknown"
    if reason := invite_obj.refusal:
        return invite_obj, reason
    if not invite_obj.couple.is_active:
        return invite_obj, "full"
    if request.user.is_authenticated:
        if invite_obj.created_by_id == request.user.pk:
            return invite_obj, "own"
        if pair_for(request.user) is not None:
            return invite_obj, "paired"
    return invite_obj, None


@require_GET
def invite_link(request: HttpRequest, token: str) -> HttpResponse:
    """The link a partner receives. Remember which invite it is (by its hash,
    in the session, so it survives signing up or logging in) and move on to
    a page whose address holds no token."""
    request.session[PENDING_INVITE] = hash_token(token)
    response = redirect("invite_landing")
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


def pending_invite(request: HttpRequest) -> Invite | None:
    """The invite this visitor opened and may still accept, for the unpaired home."""
    token_hash = request.session.get(PENDING_INVITE)
    if not token_hash:
        return None
    invite_obj, reason = _check_invite(request, token_hash)
    return None if reason else invite_obj


@require_GET
def invite_landing(request: HttpRequest) -> HttpResponse:
    invite_obj, reason = _check_invite(request, request.session.get(PENDING_INVITE, ""))
    if reason:
        return _refuse(request, reason)
    return render(request, "couples/invite_landing.html", {"invite": invite_obj})


@login_required
@require_POST
def invite_accept(request: HttpRequest) -> HttpResponse:
    token_hash = request.session.get(PENDING_INVITE, "")
    try:
        with transaction.atomic():
            # Lock the couple, then the invite: the same order as leaving
            # (access.end_couple), so the two never deadlock. Of two people
            # accepting at once, one waits and then finds the invite used; a
            # partner leaving meanwhile either ends the couple first or after.
            couple_id = Invite.objects.filter(token_hash=token_hash).values_list("couple_id", flat=True).first()
            couple = Couple.objects.select_for_update().filter(pk=couple_id).first()
            invite_obj = Invite.objects.select_for_update().filter(token_hash=token_hash).first()
            _, reason = _check_invite(request, token_hash)
            if couple is None or invite_obj is None or reason:
                return _refuse(request, reason or "unknown")
            if not couple.has_free_place():
                return _refuse(request, "full")
            Membership.objects.create(couple=couple, user=request.user)
            invite_obj.used_at = timezone.now()
            invite_obj.used_by = request.user
            invite_obj.save(update_fields=["used_at", "used_by"])
            couple.invites.usable().update(revoked_at=timezone.now())
    except IntegrityError:  # joined another couple in a concurrent request
        return _refuse(request, "paired")
    del request.session[PENDING_INVITE]
    messages.success(request, f"You and {invite_obj.created_by.display_name} are now paired.")
    return redirect("home")


@login_required
@require_http_methods(["GET", "POST"])
def leave(request: HttpRequest) -> HttpResponse:
    pair = pair_for(request.user)
    if request.method == "GET":
        if pair is None:
            raise Http404("No active couple")
        return render(request, "couples/leave.html", {"pair": pair})
    if pair is None:
        # A double click, or the partner ended it first: what they asked for is done.
        messages.info(request, "There's no couple to leave: you're not in one right now.")
        return redirect("home")
    end_couple(pair.couple, ended_by=request.user)
    messages.success(request, "Your couple has ended. Your own answers stay private and yours.")
    return redirect("home")


@require_GET
def help_page(request: HttpRequest) -> HttpResponse:
    return render(request, "couples/help.html", {"resources": settings.HELP_RESOURCES})
