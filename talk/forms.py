from django import forms

from steps.models import TEXT_MAX


class TalkedForm(forms.Form):
    """The end of the conversation: one small thing I'll try this week (an idea
    from our list, or a new one for it), or none, and "we talked about this"."""

    idea = forms.TypedChoiceField(
        label="One small thing I'll try this week",
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "That idea was just removed from your list. Choose another one."},
    )
    new_idea = forms.CharField(
        label="Or a new idea for your list",
        help_text="It joins the list of ways you connect, which you both see. Your choice of it stays yours.",
        max_length=TEXT_MAX,
        required=False,
        error_messages={"max_length": f"Keep it short: at most {TEXT_MAX} characters."},
    )

    def __init__(self, *args, ideas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["idea"].choices = [(idea.pk, idea.text) for idea in ideas]

    def clean_new_idea(self):
        return " ".join(self.cleaned_data["new_idea"].split())

    def clean(self):
        data = super().clean()
        if data.get("idea") is not None and data.get("new_idea"):
            self.add_error("new_idea", "Pick one from the list or write a new one, not both.")
        return data
