import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from assessments.instruments import Instrument, get_instrument


class Draft(models.Model):
    """A questionnaire being answered: at most one open per person per instrument.

    Its id is random so that draft URLs cannot be guessed; they answer 404 to
    anyone but the author anyway. Submitting deletes the draft."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="questionnaire_drafts"
    )
    instrument = models.CharField(max_length=32)
    version = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "instrument"], name="one_open_draft_per_instrument")
        ]

    def __str__(self):
        return f"{self.instrument} v{self.version} draft"

    @property
    def definition(self) -> Instrument:
        return get_instrument(self.instrument, self.version)

    def get_absolute_url(self) -> str:
        return reverse("questionnaire_resume", args=[self.pk])


class Answer(models.Model):
    """One answer in a draft. Saved one at a time; a resend updates the same row.

    An item on a scale has its `value`; an open question (answered in the
    author's own words) has `text` and no value."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="answers")
    item = models.CharField(max_length=64)
    value = models.SmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True, default="")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["draft", "item"], name="one_answer_per_item")]


class Submission(models.Model):
    """A completed questionnaire: the answers as given and the scores computed from them.

    `scores` is written once, here, and read by every page that shows results;
    assessments.services documents its shape."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="questionnaire_submissions"
    )
    instrument = models.CharField(max_length=32)
    version = models.PositiveSmallIntegerField()
    # The draft it came from: unique, so a double click or a resent POST
    # can never make a second submission of the same answers.
    draft = models.UUIDField(unique=True, editable=False)
    answers = models.JSONField()
    scores = models.JSONField()
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["user", "instrument", "-submitted_at"], name="submission_latest_idx")
        ]

    def __str__(self):
        return f"{self.instrument} v{self.version} submission"

    @property
    def definition(self) -> Instrument:
        return get_instrument(self.instrument, self.version)

    def get_absolute_url(self) -> str:
        return reverse("questionnaire_submission", args=[self.pk])


class SafetyCheck(models.Model):
    """The private safety check: a few questions before answers are compared.

    Seen by its author only (their pages and their export); never listed in
    the admin, never logged. What an answer does is in assessments.safety."""

    YES, NO, RATHER_NOT_SAY = "yes", "no", "rather_not_say"
    CHOICES = [(NO, "No"), (YES, "Yes"), (RATHER_NOT_SAY, "I'd rather not say")]

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_checks")
    # From the form as it was shown: unique, so a double click or a resent
    # POST never records the same check twice.
    token = models.UUIDField(unique=True, editable=False)
    answered_at = models.DateTimeField(default=timezone.now)
    afraid = models.CharField(max_length=16, choices=CHOICES)
    harmed = models.CharField(max_length=16, choices=CHOICES)
    controlled = models.CharField(max_length=16, choices=CHOICES)
    self_harm = models.CharField(max_length=16, choices=CHOICES)

    class Meta:
        indexes = [models.Index(fields=["user", "-answered_at"], name="safetycheck_latest_idx")]

    def __str__(self):
        return "safety check"  # says nothing of the answers, wherever it is printed
