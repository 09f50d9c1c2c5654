"""The five steps. Everything in steps 1-4 is private to its author unless the
author shares that one item (`shared`); step 5's list of ways to connect
belongs to the couple and both partners edit it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from couples import sharing
from couples.models import Couple

TEXT_MAX = 200


class StepDone(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="+")
    step = models.PositiveSmallIntegerField()
    done_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "couple", "step"], name="step_done_once"),
        ]


class PrivateItemQuerySet(models.QuerySet):
    def mine(self, pair):
        """My own items in this couple, each with `held_back`: shared, but
        changed since I paused sharing, so my partner sees it once I resume."""
        return self.filter(author=pair.me, couple=pair.couple).annotate(held_back=sharing.held_back(pair.me))

    def shared_with(self, pair):
        """The items my partner chose to show me, as `couples.sharing` lets them reach me."""
        return sharing.of_partner(self.filter(couple=pair.couple, shared=True), pair)

    def seen_by(self, pair):
        """Mine, and those my partner shared with me as `shared_with` lets them
        reach me, in one query (the dashboard reads both hopes at once)."""
        return sharing.of_both(self.filter(couple=pair.couple).filter(Q(author=pair.me) | Q(shared=True)), pair)

    def save_mine(self, pair, **values):
        """Write my one row of a kind I have once per couple (my part, my hope):
        a resent form, even one racing the first, updates it, never adds a second."""
        row, _ = self.update_or_create(author=pair.me, couple=pair.couple, defaults=values)
        return row


class PrivateItem(models.Model):
    """Written by one partner, for one couple; seen by the partner only if shared."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="+")
    shared = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    # While the author pauses sharing, an item changed since the pause is held
    # back from the partner (`shared_with`, couples.sharing): saves that name
    # update_fields must include it.
    updated_at = models.DateTimeField(auto_now=True)

    objects = PrivateItemQuerySet.as_manager()

    class Meta:
        abstract = True


class Interest(PrivateItem):
    """Step 1: one of the partner's separate interests or habits, sorted."""

    DIFFERENCE, DISTANCE = "difference", "distance"
    KINDS = [(DIFFERENCE, "Just a different interest"), (DISTANCE, "A way we avoid each other")]

    text = models.CharField(max_length=TEXT_MAX)
    kind = models.CharField(max_length=12, choices=KINDS, blank=True)

    class Meta:
        constraints = [  # a resent form, or the same words in other capitals, adds nothing
            models.UniqueConstraint("author", "couple", Lower("text"), name="interest_text_once"),
        ]


class SharedValue(PrivateItem):
    """Step 1: a big value I believe we share (keys in steps.content.VALUES)."""

    key = models.CharField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["author", "couple", "key"], name="value_once"),
        ]


class MyPart(PrivateItem):
    """Step 2: the distancing behaviours I'll work on, and what I do when I feel threatened."""

    behaviours = models.JSONField(default=list)
    inward = models.TextField(max_length=1000, blank=True)
    outward = models.TextField(max_length=1000, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["author", "couple"], name="my_part_once")]


class Resentment(PrivateItem):
    """Step 3: something I hold on to, where it really comes from, and what I'll do with it."""

    SOURCES = [("us", "Mostly about us"), ("stress", "Mostly stress from work or life"), ("unsure", "I'm not sure yet")]
    # Existing rows keep their meaning: new choices were only added.
    PLANS = [
        ("let_go", "Let it go"),
        ("raise", "Raise it calmly"),
        ("not_ready", "Not ready yet"),
        ("counselor", "Bring it to a counselor"),
    ]

    text = models.CharField(max_length=TEXT_MAX)
    source = models.CharField(max_length=8, choices=SOURCES, blank=True)
    plan = models.CharField(max_length=16, choices=PLANS, blank=True)
    let_go_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint("author", "couple", Lower("text"), name="resentment_text_once")]


class Hope(PrivateItem):
    """Step 4: how hopeful I am (0-10) and one way I'll grow myself."""

    hope = models.PositiveSmallIntegerField()
    growth = models.TextField(max_length=1000)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["author", "couple"], name="hope_once")]


class ConnectionIdea(models.Model):
    """Step 5: the couple's shared list of ways we used to connect."""

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="+")
    # Deleting an account deletes what its owner wrote, their ideas in a
    # couple's list included (the couple has ended by then).
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(max_length=TEXT_MAX)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint("couple", Lower("text"), name="idea_text_once")]


class WeeklyAction(models.Model):
    """Step 5: the one thing I'll do myself this week (private to me)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="+")
    week_start = models.DateField()
    # A copy of the idea's words, so the choice survives the idea being edited or removed.
    text = models.CharField(max_length=TEXT_MAX)
    chosen_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "couple", "week_start"], name="one_action_per_week"),
        ]


class ExtraWeek(models.Model):
    """"Give us another week": the couple stays with `step` a week longer, so
    every later step opens a week later (steps.pacing). Either partner may ask;
    who asked is not recorded, and both see the same dates."""

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="extra_weeks")
    step = models.PositiveSmallIntegerField()
    # The date the next step was to open when this was asked. The dates only
    # ever move later, so a resent form (or both partners asking at once)
    # names a date already moved from and adds nothing.
    moved_from = models.DateField()
    asked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["couple", "moved_from"], name="extra_week_once")]
