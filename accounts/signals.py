"""Authentication events, logged by user id and path, never by content:
no e-mail addresses, no passwords, nothing anyone wrote."""

import logging

from allauth.account.signals import password_changed, password_reset, password_set
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from accounts.logs import redact_path

log = logging.getLogger("rekindle.security")


def _path(request) -> str:
    return redact_path(request.path) if request is not None else "-"


def _log_event(event: str):
    def receiver(sender, request=None, user=None, **kwargs):
        log.info("%s user=%s path=%s", event, user.pk if user is not None else "-", _path(request))

    return receiver


def _log_login_failed(sender, credentials, request=None, **kwargs):
    # The e-mail tried is personal data (and maybe not even an account): left out.
    log.warning("login failed path=%s", _path(request))


def connect() -> None:
    for signal, event in [
        (user_logged_in, "login"),
        (user_logged_out, "logout"),
        (password_changed, "password changed"),
        (password_set, "password set"),
        (password_reset, "password reset"),
    ]:
        signal.connect(_log_event(event), weak=False, dispatch_uid=f"rekindle.security.{event}")
    user_login_failed.connect(_log_login_failed, dispatch_uid="rekindle.security.login_failed")
