"""The admin, entered only through Rekindle's own log-in (allauth): the same
rate limits, lockout and second factor as everyone else, and only for staff
who have set up a second factor."""

from allauth.account.decorators import secure_admin_login
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect


class AdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and is_mfa_enabled(request.user)

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        # Never Django's own log-in form: anonymous visitors go to allauth's,
        # other signed-in people get 403.
        user = request.user
        if user.is_authenticated and user.is_active and user.is_staff and not is_mfa_enabled(user):
            messages.info(request, "The admin asks for a second step at log-in. Set up an authenticator app first.")
            return redirect("mfa_activate_totp")
        return secure_admin_login(super().login)(request, extra_context)
