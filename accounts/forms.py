import zoneinfo

from django import forms

from accounts.models import User, time_zone_choices


def _clean_display_name(value: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise forms.ValidationError("Please enter the name your partner knows you by.")
    return value


def _clean_time_zone(value: str) -> str:
    if value not in zoneinfo.available_timezones():
        return "UTC"
    return value


class SignupForm(forms.Form):
    """Extra fields for allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = forms.CharField(
        label="Your name",
        max_length=60,
        help_text="Your partner will see this name.",
        error_messages={"required": "Please enter the name your partner knows you by."},
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    time_zone = forms.CharField(required=False, widget=forms.HiddenInput)

    field_order = ["display_name", "email", "password1", "password2"]

    def clean_display_name(self):
        return _clean_display_name(self.cleaned_data["display_name"])

    def clean_time_zone(self):
        return _clean_time_zone(self.cleaned_data.get("time_zone") or "UTC")

    def signup(self, request, user: User) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.time_zone = self.cleaned_data["time_zone"]
        user.save(update_fields=["display_name", "time_zone"])


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label="Your name",
        max_length=60,
        help_text="Your partner sees this name.",
        error_messages={"required": "Please enter the name your partner knows you by."},
    )
    time_zone = forms.ChoiceField(
        label="Your time zone", choices=time_zone_choices, help_text="Used for dates you see."
    )
    checkin_reminders = forms.BooleanField(
        label="E-mail me a reminder when I have not checked in that week",
        required=False,
    )

    def clean_display_name(self):
        return _clean_display_name(self.cleaned_data["display_name"])


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        help_text="To be sure it's really you.",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password to delete your account."},
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That password isn't right. Nothing was deleted.")
        return password
