"""Which account an e-mail address speaks for, wherever allauth looks one up:
log-in, password reset and sign-up; and the log-in form's "Keep me signed in".

An address counts for an account once it is verified there, or when it is the
address the account signed up with (with mandatory verification that account
cannot log in before its owner confirms it). An address added to an account
and never confirmed is only a claim: it does not log anyone in, does not get
its owner's password reset, and does not stop its owner from signing up."""

from allauth.account import app_settings
from allauth.account import forms as allauth_forms
from allauth.account.app_settings import LoginMethod
from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from allauth.account.internal.userkit import filter_users_by_email
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password

from accounts.models import User


def speaks_for(user: User, email: str) -> bool:
    email = email.lower()
    return user.email.lower() == email or EmailAddress.objects.filter(user=user, email=email, verified=True).exists()


def is_taken(email: str) -> bool:
    return (
        User.objects.filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email=email.lower(), verified=True).exists()
    )


class AuthenticationBackend(AllauthBackend):
    def _authenticate_by_email(self, email: str, password: str) -> User | None:
        if not email or LoginMethod.EMAIL not in app_settings.LOGIN_METHODS:
            return None
        for user in filter_users_by_email(email, prefer_verified=True, for_login=True):
            if speaks_for(user, email) and self._check_password(user, password):
                return user
        return None  # the backend then hashes once anyway, as for an unknown address


class LoginForm(allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The page has its own "Forgot your password?" link, beside the button.
        self.fields["password"].help_text = ""
        self.fields["remember"].label = "Keep me signed in"
        self.fields["remember"].help_text = (
            "Only on a device no one else uses. Otherwise you are signed out "
            "when you close the browser, or after a while without using Rekindle."
        )


class SignupForm(allauth_forms.SignupForm):
    def validate_unique_email(self, value: str) -> str:
        if is_taken(value):
            # allauth: with mandatory verification, the page says nothing and
            # the owner gets the "account already exists" mail.
            return super().validate_unique_email(value)
        self.account_already_exists = False
        return value

    def try_save(self, request):
        if self.account_already_exists:
            # As slow as a real sign-up, which hashes the password.
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)

    def save(self, request) -> User:
        user = super().save(request)
        # allauth leaves out an address another account has claimed without
        # confirming it: its owner, signing up, gets it.
        address, _ = EmailAddress.objects.get_or_create(
            user=user, email=user.email.lower(), defaults={"primary": True}
        )
        EmailAddress.objects.fill_cache_for_user(user, [address])
        return user


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    def clean_email(self) -> str:
        email = super().clean_email()
        self.users = [user for user in self.users if speaks_for(user, email)]
        return email
