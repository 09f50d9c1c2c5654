import zoneinfo

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        email = self.normalize_email(email)
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


def time_zone_choices():
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Signs in with e-mail; the partner sees only `display_name`."""

    email = models.EmailField(unique=True)
    display_name = models.CharField(max_length=60)
    time_zone = models.CharField(max_length=64, default="UTC")
    checkin_reminders = models.BooleanField(
        default=True, help_text="Send a weekly e-mail when I have not checked in yet."
    )
    # While set, nothing new of mine is revealed to my partner (couples.sharing):
    # they see only that sharing is paused.
    sharing_paused_at = models.DateTimeField(null=True, blank=True)
    # The private safety check (assessments.safety), kept here because every
    # shared page already has both users: my questionnaires sent up to this
    # moment may be compared (None: none yet). A "yes" leaves it where it was,
    # so my partner sees what they would see had I not sent the check, and
    # sets `comparison_off`, which stops every comparison on my own pages.
    comparison_cleared_at = models.DateTimeField(null=True, blank=True)
    # db_default too: rows written by code that predates the field (old migrations' models) still fit.
    comparison_off = models.BooleanField(default=False, db_default=False)
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    def __str__(self):
        return self.display_name or self.email

    def get_short_name(self):
        return self.display_name
