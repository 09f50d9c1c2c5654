"""Who may see what: the one place that turns a user into their couple."""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.mail import queue_mail
from accounts.models import User
from couples import sharing
from couples.models import Couple, Membership


@dataclass(frozen=True)
class Pair:
    """A user's view of their active couple: the couple, themselves, and the partner."""

    couple: Couple
    me: User
    partner: User | None
    # Questionnaire answers belong to a person, not a couple. For each member
    # who was in an earlier couple, when it ended: answers from before then
    # were about someone else and never count for what these two see
    # together. Answers given before pairing (while waiting for the partner,
    # say) are about this partner and do count.
    answers_since: dict[int, datetime] = field(default_factory=dict)
    # When `me` last opened the home page and the comparison (Membership).
    last_seen_home_at: datetime | None = None
    last_seen_together_at: datetime | None = None

    @property
    def is_complete(self) -> bool:
        return self.partner is not None

    @property
    def partner_name(self) -> str:
        """How pages name the partner, also while still waiting for them."""
        return self.partner.display_name if self.partner else "your partner"

    # Pages say "paused" in place of what a pause holds back (couples.sharing).
    @property
    def me_paused(self) -> bool:
        return sharing.paused(self.me)

    @property
    def partner_paused(self) -> bool:
        return self.partner is not None and sharing.paused(self.partner)


def pair_for(user: User) -> Pair | None:
    """The user's active couple with both members, in one query; None if unpaired."""
    if not user.is_authenticated:
        return None
    # An ended couple is nobody's couple, even if a membership was left active.
    mine = Membership.objects.filter(user=user, active=True, couple__ended_at=None).values("couple_id")
    earlier_couple_ended = (
        Couple.objects.filter(memberships__user=OuterRef("user_id"), ended_at__isnull=False)
        .order_by("-ended_at")
        .values("ended_at")[:1]
    )
    rows = list(
        Membership.objects.filter(couple_id__in=Subquery(mine), active=True)
        .select_related("couple", "user")
        .annotate(earlier_couple_ended=Subquery(earlier_couple_ended))
    )
    if not rows:
        return None
    partner = next((m.user for m in rows if m.user_id != user.pk), None)
    since = {m.user_id: m.earlier_couple_ended for m in rows if m.earlier_couple_ended}
    mine_row = next(m for m in rows if m.user_id == user.pk)
    return Pair(
        couple=rows[0].couple,
        me=user,
        partner=partner,
        answers_since=since,
        last_seen_home_at=mine_row.last_seen_home_at,
        last_seen_together_at=mine_row.last_seen_together_at,
    )


def get_pair_or_404(user: User, *, complete: bool = True) -> Pair:
    """The user's couple, or 404: used by every page and fragment that shows couple data."""
    pair = pair_for(user)
    if pair is None or (complete and not pair.is_complete):
        raise Http404("No active couple")
    return pair


def end_couple(couple: Couple, ended_by: User | None = None) -> None:
    """End the couple for both partners. Each keeps their own private data.
    The other partner is told that the couple ended, and nothing more.

    The couple row is locked first, as accepting an invite does: a partner
    joining at that moment either joins before and is ended with it, or finds
    it ended. The e-mail is queued once the ending is committed, and a mail
    server that is down never undoes it."""
    with transaction.atomic():
        couple = Couple.objects.select_for_update().get(pk=couple.pk)
        if not couple.is_active:
            return  # ended already, by the partner or a double click
        memberships = couple.memberships.filter(active=True).select_related("user")
        others = [m.user for m in memberships if m.user != ended_by]
        Membership.objects.filter(couple=couple, active=True).update(active=False)
        couple.invites.filter(used_at=None, revoked_at=None).update(revoked_at=timezone.now())
        couple.ended_at = timezone.now()
        couple.save(update_fields=["ended_at"])
        if ended_by is not None:
            for user in others:
                queue_mail(
                    "A change to your Rekindle account",
                    render_to_string("couples/email/couple_ended.txt", {"user": user, "site_url": settings.SITE_URL}),
                    [user.email],
                )


def mark_seen(pair: Pair, page: str) -> None:
    """Note that `pair.me` opened `page` ("home" or "together") just now: one query."""
    Membership.objects.filter(couple=pair.couple, user=pair.me, active=True).update(
        **{f"last_seen_{page}_at": timezone.now()}
    )
