from datetime import date

from django import forms
from django.utils.formats import date_format

from accounts.models import time_zone_choices
from assessments.forms import ScaleSelect
from couples import weeks
from couples.models import APPRECIATED_CHOICES, CLOSENESS_CHOICES, PULLED_AWAY_CHOICES, WEEKDAYS


def _choose(what: str) -> dict:
    message = f"Please choose {what}."
    return {"required": message, "invalid_choice": message}


OUT_OF_DATE = "This page was out of date. Please check your answers and save again."


class CheckInForm(forms.Form):
    # The week the form was opened in: a week that has ended can't be changed.
    week = forms.DateField(widget=forms.HiddenInput, error_messages={"required": OUT_OF_DATE, "invalid": OUT_OF_DATE})
    closeness = forms.TypedChoiceField(
        coerce=int,
        choices=CLOSENESS_CHOICES,
        widget=ScaleSelect,
        help_text="1 is far apart, 10 is as close as you'd like to be.",
        error_messages=_choose("how close you felt, from 1 to 10"),
    )
    appreciated = forms.TypedChoiceField(
        label="How appreciated did you feel?",
        coerce=int,
        choices=APPRECIATED_CHOICES,
        widget=ScaleSelect,
        help_text="1 is not at all, 5 is very much.",
        error_messages=_choose("how appreciated you felt, from 1 to 5"),
    )
    pulled_away = forms.TypedChoiceField(
        label="How many times did you pull away?",
        coerce=int,
        choices=PULLED_AWAY_CHOICES,
        widget=ScaleSelect,
        help_text="Going quiet, keeping busy, changing the subject: whatever stepping back looks like for you. Noticing it is what counts.",
        error_messages=_choose("how many times you pulled away"),
    )
    did_step_action = forms.TypedChoiceField(
        label="Did you do your one thing this week?",
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
        choices=[("yes", "Yes"), ("no", "Not this week")],
        widget=ScaleSelect,
        error_messages=_choose("yes or not this week"),
    )
    appreciation_note = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    private_note = forms.CharField(
        label="A note for yourself",
        help_text="Only you can see this.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, partner_name: str, current_week: date, step_action: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_week = current_week
        if step_action:
            self.fields["did_step_action"].help_text = f"You chose: {step_action}"
        else:  # nothing chosen this week: nothing to ask about
            del self.fields["did_step_action"]
        self.fields["closeness"].label = f"How close did you feel to {partner_name} this week?"
        self.fields["appreciation_note"].label = f"Something you appreciated about {partner_name}"
        self.fields["appreciation_note"].help_text = (
            f"Optional. {partner_name} sees it once you have both checked in this week."
        )


    def clean_week(self) -> date:
        week = self.cleaned_data["week"]
        if week < self.current_week:
            raise forms.ValidationError(
                f"The week you were checking in for ended on {date_format(weeks.last_day(week), 'l j F')}, "
                "so that check-in can't be changed any more. Your answers are still below: "
                "save them to count them for this week."
            )
        if week != self.current_week:
            raise forms.ValidationError(OUT_OF_DATE)
        return week


class CoupleSettingsForm(forms.Form):
    time_zone = forms.ChoiceField(
        label="Your couple's time zone",
        choices=time_zone_choices,
        help_text="Your week runs from Monday to Sunday night in this time zone.",
        error_messages=_choose("a time zone from the list"),
    )
    checkin_day = forms.TypedChoiceField(
        label="Check-in day",
        coerce=int,
        choices=WEEKDAYS,
        help_text="If one of you hasn't checked in by this day, we send that person a short reminder that morning.",
        error_messages=_choose("a day of the week"),
    )
