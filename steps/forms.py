from django import forms

from assessments.forms import ScaleSelect
from steps.content import VALUES
from steps.models import TEXT_MAX, Interest, Resentment


def _clean_text(value: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise forms.ValidationError("Write a few words first.")
    return value


class TextItemForm(forms.Form):
    text = forms.CharField(
        max_length=TEXT_MAX,
        error_messages={
            "required": "Write a few words first.",
            "max_length": f"Keep it short: at most {TEXT_MAX} characters.",
        },
    )

    def __init__(self, *args, label: str, help_text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = label
        self.fields["text"].help_text = help_text

    def clean_text(self):
        return _clean_text(self.cleaned_data["text"])


class SortInterestForm(forms.Form):
    kind = forms.ChoiceField(choices=Interest.KINDS)


class ValuesForm(forms.Form):
    values = forms.MultipleChoiceField(
        label="Big things we agree on",
        choices=VALUES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick the ones you believe the two of you share.",
    )


class MyPartForm(forms.Form):
    behaviours = forms.MultipleChoiceField(
        label="One or two things I'll work on",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose one or two."},
    )
    inward = forms.CharField(
        label="When I feel threatened, what happens inside me",
        help_text="Thoughts, feelings, stories I tell myself.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )
    outward = forms.CharField(
        label="…and what I do",
        help_text="Go quiet, get busy, criticise, leave the room…",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )

    def __init__(self, *args, behaviour_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["behaviours"].choices = behaviour_choices

    def clean_behaviours(self):
        chosen = self.cleaned_data["behaviours"]
        if len(chosen) > 2:
            raise forms.ValidationError("Choose at most two: small and focused works best.")
        return chosen


class ResentmentForm(forms.Form):
    source = forms.ChoiceField(
        label="Where does it really come from?", choices=Resentment.SOURCES, widget=ScaleSelect
    )
    plan = forms.ChoiceField(
        label="What would you like to do with it?", choices=Resentment.PLANS, widget=ScaleSelect
    )


class HopeForm(forms.Form):
    hope = forms.TypedChoiceField(
        label="How hopeful are you about the two of you right now?",
        help_text="0 is no hope at all, 10 is full of hope.",
        choices=[(n, str(n)) for n in range(11)],
        coerce=int,
        widget=ScaleSelect,
        error_messages={"required": "Choose a number from 0 to 10."},
    )
    growth = forms.CharField(
        label="One thing I will grow in myself",
        help_text="Something you can do without waiting for your partner to change.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": "Write one thing, however small."},
    )

    def clean_growth(self):
        return _clean_text(self.cleaned_data["growth"])


class WeeklyActionForm(forms.Form):
    idea = forms.TypedChoiceField(
        label="Choose one thing to do this week",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose one thing from the list.",
            "invalid_choice": "That idea was just removed. Choose another one.",
        },
    )

    def __init__(self, *args, ideas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["idea"].choices = [(idea.pk, idea.text) for idea in ideas]


RESEND = "That didn't come through as it should. Try the button once more."


class AnotherWeekForm(forms.Form):
    """"Give us another week": the date the next step opens, as the asker saw it."""

    moved_from = forms.DateField(error_messages={"required": RESEND, "invalid": RESEND})
    # Where the button was: the index or a step page, nowhere else.
    back = forms.ChoiceField(
        choices=[("/steps/", "")] + [(f"/steps/{n}/", "") for n in range(1, 6)],
        required=False,
        error_messages={"invalid_choice": RESEND},
    )
