"""The neutral e-mail notices (docs/notices.md).

Three kinds: my partner finished a questionnaire and the comparison waits on
me; our comparison is ready; my partner shared something with me. Every
notice has the same subject and the same words, with no content at all, so
an e-mail seen over a shoulder tells nothing; which kind it was matters only
for the opt-outs. At most one a day per person. What counts as "my partner
finished" or "shared" is decided by `couples.sharing`: a questionnaire held
back by a pause or by the safety check never reaches me, so it sends nothing.
"""

import zoneinfo
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.mail import queue_mail
from accounts.models import User
from couples import sharing
from couples.access import Pair
from notices.models import NoticeOptOut, NoticeSent

SUBJECT = "Something new on Rekindle"


def _day(user: User, now: datetime):
    try:
        zone = zoneinfo.ZoneInfo(user.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    return timezone.localdate(now, zone)


def send(user: User, kind: str, now: datetime | None = None) -> bool:
    """Queue one notice of `kind` to `user`, unless they opted out of it or
    already had a notice today. The NoticeSent row is inserted under its
    unique constraint and the mail queued when that insert commits: of two
    requests at once, only one can insert it."""
    now = now or timezone.now()
    if not user.is_active or NoticeOptOut.objects.filter(user=user, kind=kind).exists():
        return False
    ctx = {"name": user.display_name, "site_url": settings.SITE_URL + "/", "profile_url": settings.SITE_URL + reverse("profile")}
    try:
        with transaction.atomic():
            NoticeSent.objects.create(user=user, day=_day(user, now), kind=kind, sent_at=now)
            queue_mail(SUBJECT, render_to_string("notices/email/notice.txt", ctx), [user.email])
    except IntegrityError:
        return False  # one notice a day is enough
    return True


def questionnaires_reached(pair: Pair, before: datetime | None) -> str | None:
    """Which notice, if any, `pair.me` should get now that some of my
    partner's submissions may have begun to reach me: they reached me up to
    `before` (None: none did), and now as `sharing.submission_histories`
    says. READY where the two can now be set side by side for me, ANSWERED
    where my side is still to come; None when nothing new reached me."""
    kind = None
    for histories in sharing.submission_histories(pair).values():
        theirs = histories.get(pair.partner.pk, [])
        if not any(before is None or s.submitted_at > before for s in theirs):
            continue
        if sharing.comparable(pair, histories.get(pair.me.pk, []), theirs):
            return NoticeOptOut.READY
        kind = NoticeOptOut.ANSWERED
    return kind
