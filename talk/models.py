"""The couple's weekly conversation: the card drawn for each week, and whether
they marked that they talked it through. Both belong to the couple, not to
either partner: both see them, and neither holds anything private."""

from django.db import models

from couples.models import Couple


class WeeklyCard(models.Model):
    """The conversation card of one couple's week (talk.cards chooses it)."""

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="+")
    week_start = models.DateField()
    prompt_key = models.CharField(max_length=40)
    chosen_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["couple", "week_start"], name="one_card_per_week")]

    def __str__(self) -> str:
        return f"Card of week {self.week_start}"


class TalkedAbout(models.Model):
    """"We talked about this": one row per couple and week, whoever marked it."""

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="+")
    week_start = models.DateField()
    marked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["couple", "week_start"], name="talked_once_a_week")]

    def __str__(self) -> str:
        return f"Talked in week {self.week_start}"
