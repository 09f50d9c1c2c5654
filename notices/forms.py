from django import forms

from notices.models import NoticeOptOut, Reply


class ReplyForm(forms.Form):
    response = forms.ChoiceField(
        choices=Reply.RESPONSES, error_messages={"required": "Choose one of the answers.", "invalid_choice": "Choose one of the answers."}
    )


class NoticesForm(forms.Form):
    """On the profile: one box per kind of notice, ticked unless opted out."""

    wanted = forms.MultipleChoiceField(
        label="E-mail me when",
        choices=NoticeOptOut.KINDS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="At most one e-mail a day, saying only that there is something new, never what.",
        error_messages={"invalid_choice": "Choose from the notices listed."},
    )
