import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from couples import sharing

WEEKDAYS = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]


class Couple(models.Model):
    """Two partners. Ends for both when either one leaves (`ended_at`)."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    time_zone = models.CharField(max_length=64, default="UTC")
    checkin_day = models.PositiveSmallIntegerField(
        choices=WEEKDAYS, default=6, help_text="The day a reminder goes out if someone has not checked in."
    )

    def __str__(self):
        return f"Couple #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None

    def has_free_place(self) -> bool:
        """Still open to a partner joining: not ended, and fewer than two members."""
        return self.is_active and self.memberships.filter(active=True).count() < 2


class Membership(models.Model):
    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    joined_at = models.DateTimeField(default=timezone.now)
    active = models.BooleanField(default=True)
    # When this member last opened "This week" (what the partner shared since
    # then is new) and the comparison page (a comparison ready since then is
    # new). Their own facts, read with the pair (couples.access.pair_for).
    last_seen_home_at = models.DateTimeField(null=True, blank=True)
    last_seen_together_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["couple", "user"], name="membership_once_per_couple"),
            # The database itself guarantees: at most one active couple per user.
            models.UniqueConstraint(
                fields=["user"], condition=Q(active=True), name="one_active_couple_per_user"
            ),
        ]


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    # 32 random bytes = 256 bits from the OS's CSPRNG; only the hash is stored.
    return secrets.token_urlsafe(32)


class InviteQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(used_at=None, revoked_at=None, expires_at__gt=timezone.now())


class Invite(models.Model):
    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="invites")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InviteQuerySet.as_manager()

    @classmethod
    def issue(cls, couple: Couple, created_by) -> tuple["Invite", str]:
        """Create an invite; return it with the plain token, which is never stored."""
        token = new_token()
        invite = cls.objects.create(
            couple=couple,
            created_by=created_by,
            token_hash=hash_token(token),
            expires_at=timezone.now() + timedelta(days=settings.INVITE_TTL_DAYS),
        )
        return invite, token

    @property
    def refusal(self) -> str | None:
        """Why this invite cannot be used any more, or None if it still can."""
        if self.revoked_at:
            return "revoked"
        if self.used_at:
            return "used"
        if self.expires_at <= timezone.now():
            return "expired"
        return None


CLOSENESS_CHOICES = [(n, str(n)) for n in range(1, 11)]
APPRECIATED_CHOICES = [(n, str(n)) for n in range(1, 6)]
PULLED_AWAY_CHOICES = [(0, "None"), (1, "Once"), (2, "Twice"), (3, "3 times"), (4, "4 or more")]


class CheckInQuerySet(models.QuerySet):
    def visible_to(self, pair):
        """My check-ins and my partner's as `couples.sharing` lets them reach me."""
        return sharing.of_both(self.filter(couple=pair.couple), pair, author="user")

    def of_partner(self, pair):
        """My partner's check-ins that reach me (none saved since they paused sharing)."""
        return sharing.of_partner(self.filter(couple=pair.couple), pair, author="user")


class CheckIn(models.Model):
    """One partner's weekly check-in. One row per partner per week: a resent
    form updates it. `private_note` is its author's alone, everywhere."""

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="checkins")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkins")
    week_start = models.DateField(help_text="The Monday of the couple's week, in its time zone.")
    closeness = models.PositiveSmallIntegerField(choices=CLOSENESS_CHOICES)
    appreciated = models.PositiveSmallIntegerField(choices=APPRECIATED_CHOICES)
    pulled_away = models.PositiveSmallIntegerField(choices=PULLED_AWAY_CHOICES)
    did_step_action = models.BooleanField(null=True, blank=True)  # None: not asked or not answered
    appreciation_note = models.TextField(blank=True)  # for the partner, by the mutual-reveal rule
    private_note = models.TextField(blank=True)  # never shown to the partner
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["couple", "user", "week_start"], name="checkin_once_per_week"),
            models.CheckConstraint(condition=Q(closeness__gte=1, closeness__lte=10), name="checkin_closeness_1_10"),
            models.CheckConstraint(condition=Q(appreciated__gte=1, appreciated__lte=5), name="checkin_appreciated_1_5"),
            models.CheckConstraint(condition=Q(pulled_away__lte=4), name="checkin_pulled_away_0_4"),
        ]

    def __str__(self):
        return f"Check-in by user #{self.user_id}, week of {self.week_start}"


class ReminderSent(models.Model):
    """A weekly reminder e-mail, recorded before it is sent: the unique
    constraint is what makes it go out at most once per partner per week."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="+")
    week_start = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "week_start"], name="one_reminder_per_user_week"),
        ]
