from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.urls import reverse

from accounts.mail import queue_message

# Session key: the hash of the invite link this visitor opened. Set by
# couples.views.invite_link, cleared once the invite is accepted. Django keeps
# a session's data when logging in (it only cycles the key), so the invite
# outlives every way through sign-up, log-in and confirmation; logging out
# flushes the session, so a link that no longer works is shown (refused,
# with what to do) after one log-in at most.
PENDING_INVITE = "pending_invite"


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's own send_mail, with the message queued instead of sent
        in the request (sign-up, password reset, confirmation)."""
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request), **context}
        queue_message(self.render_mail(template_prefix, email, ctx))

    # A pending invite wins over the usual landing page, whichever way the
    # visitor came in (the header's links carry no `next`): they land on the
    # invite and accept it with their own click, never automatically.
    def _invite_or(self, request, default: str) -> str:
        return reverse("invite_landing") if request.session.get(PENDING_INVITE) else default

    def get_login_redirect_url(self, request) -> str:
        return self._invite_or(request, super().get_login_redirect_url(request))

    def get_signup_redirect_url(self, request) -> str:
        return self._invite_or(request, super().get_signup_redirect_url(request))

    def get_email_verification_redirect_url(self, email_address) -> str:
        return self._invite_or(self.request, super().get_email_verification_redirect_url(email_address))
