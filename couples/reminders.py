"""Weekly reminder e-mails for partners who have not checked in yet."""

from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.mail import queue_mail
from couples import weeks
from couples.models import CheckIn, Membership, ReminderSent

SUBJECT = "Your weekly Rekindle check-in"


def _due_partners(now: datetime):
    """(couple, week_start, user) for every partner of an active, complete couple
    whose reminder time has come this week and who has not checked in."""
    couples = {}
    for membership in Membership.objects.filter(active=True, couple__ended_at=None).select_related("couple", "user"):
        couples.setdefault(membership.couple_id, (membership.couple, []))[1].append(membership.user)
    due = {
        couple_id: (couple, weeks.current_week(couple, now), users)
        for couple_id, (couple, users) in couples.items()
        if len(users) == 2 and weeks.reminder_due(couple, now)
    }
    checked_in = set(
        CheckIn.objects.filter(
            couple_id__in=due.keys(), week_start__in={week for _, week, _ in due.values()}
        ).values_list("couple_id", "user_id", "week_start")
    )
    for couple, week, users in due.values():
        for user in users:
            if user.is_active and user.checkin_reminders and (couple.pk, user.pk, week) not in checked_in:
                yield couple, week, user


def send_reminders(now: datetime | None = None) -> int:
    """Queue this week's due reminders; return how many.

    The ReminderSent row is inserted under its unique constraint, and the
    mail queued when that insert commits: of two runs that overlap, only one
    can insert it, so only one sends. The queue retries a mail server that
    is down.
    """
    now = now or timezone.now()
    sent = 0
    for couple, week, user in _due_partners(now):
        ctx = {
            "name": user.display_name,
            "checkin_url": settings.SITE_URL + reverse("checkin"),
            "profile_url": settings.SITE_URL + reverse("profile"),
            "last_day": weeks.last_day(week),
        }
        try:
            with transaction.atomic():
                ReminderSent.objects.create(user=user, couple=couple, week_start=week, sent_at=now)
                queue_mail(SUBJECT, render_to_string("couples/email/checkin_reminder.txt", ctx), [user.email])
        except IntegrityError:
            continue  # already reminded this week, by this run's predecessor or a concurrent one
        sent += 1
    return sent
