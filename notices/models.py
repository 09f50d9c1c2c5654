"""Replies to what a partner shared, and the neutral e-mail notices.

A reply names its item by `kind` and `item_id` rather than one foreign key
per kind: the kinds live in two apps (steps, couples), and every read of an
item for a reply goes through that kind's `shared_with` queryset anyway
(notices.replies), never by id alone. Items unshared or deleted take their
replies with them (notices.receivers); a couple or a person deleted, too."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from couples import sharing
from couples.models import Couple


class ReplyQuerySet(models.QuerySet):
    def seen_by(self, pair):
        """My own replies, and my partner's as `couples.sharing` lets them
        reach me (none given or changed since they paused), in one query."""
        return sharing.of_both(self.filter(couple=pair.couple), pair, author="replier")


class Reply(models.Model):
    THANKS, MEANS_A_LOT, TALK = "thanks", "means_a_lot", "talk"
    RESPONSES = [(THANKS, "Thank you"), (MEANS_A_LOT, "That means a lot to me"), (TALK, "Can we talk about this?")]

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="+")
    replier = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12)  # a key of notices.replies.KINDS
    # The item's pk; for an appreciation note, its week (date.toordinal()): a
    # couple has one note per partner per week, and the history page knows
    # the week without reading the partner's row again.
    item_id = models.PositiveIntegerField()
    response = models.CharField(max_length=12, choices=RESPONSES)
    created_at = models.DateTimeField(default=timezone.now)
    # Pause sharing holds back a reply given or changed since the pause (`seen_by`).
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ReplyQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["replier", "couple", "kind", "item_id"], name="one_reply_per_item"),
        ]

    def __str__(self):
        return f"Reply #{self.pk}"


class NoticeOptOut(models.Model):
    """A kind of notice this person does not want. No row: they get it."""

    ANSWERED, READY, SHARED = "answered", "ready", "shared"
    KINDS = [
        (ANSWERED, "My partner finished a questionnaire and it waits on me"),
        (READY, "Our answers are ready to see side by side"),
        (SHARED, "My partner shared something with me"),
    ]

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=KINDS)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="opt_out_once")]


class NoticeSent(models.Model):
    """A notice e-mail, recorded before it is queued: the unique constraint is
    what keeps it to at most one a day per person, even for two requests at
    the same moment (as couples.models.ReminderSent does for reminders)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(help_text="The day in the person's own time zone.")
    kind = models.CharField(max_length=12, choices=NoticeOptOut.KINDS)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_notice_per_user_day")]
