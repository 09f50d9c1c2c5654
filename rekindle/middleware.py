"""Project-wide response rules that no single view should have to remember."""

import logging
import time

from django.contrib.sessions import middleware as sessions
from django.contrib.sessions.exceptions import SessionInterrupted
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control

from rekindle.context_processors import safety
from accounts.logs import redact_path

logger = logging.getLogger(__name__)
security_log = logging.getLogger("rekindle.security")


def cross_origin_resource_policy(get_response):
    """Other sites may not embed anything of ours, static files included."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response

    return middleware


def no_store(get_response):
    """Every response Django renders is `no-store`; only static files (served
    by WhiteNoise before this runs, hashed and immutable) may be cached.

    Nearly every page shows something private, and even the public ones
    carry a CSRF token and a nav that depend on who is signed in. One rule
    for all is cheaper than remembering it on each new view, and these pages
    are quick to render."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        patch_cache_control(response, no_store=True)
        return response

    return middleware


def keep_session_alive(get_response):
    """A signed-in session not kept by "Keep me signed in" ends after
    SESSION_IDLE_MINUTES without a request (rekindle.sessions). Each request
    moves that end on, writing the session at most once a minute."""

    def middleware(request: HttpRequest) -> HttpResponse:
        session = request.session
        try:  # the first read of the session and the user, outside any view
            signed_in = request.user.is_authenticated and session.get_expire_at_browser_close()
        except (OperationalError, InterfaceError) as exception:
            return database_unavailable(request, exception)
        if signed_in:
            now = int(time.time())
            if now - session.get("_seen", 0) >= 60:
                session["_seen"] = now
        return get_response(request)

    return middleware


def log_refused_access(get_response):
    """Record who was refused what (user id, method, path; no content)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if response.status_code in (403, 404, 405):
            user = getattr(request, "user", None)
            security_log.warning(
                "refused status=%s user=%s method=%s path=%s",
                response.status_code,
                user.pk if user is not None and user.is_authenticated else "-",
                request.method,
                redact_path(request.path),
            )
        return response

    return middleware


def database_unavailable(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A calm 503 page with Retry-After. It needs no request context (that
    would touch the session, which lives in the database)."""
    logger.error(
        "database unavailable path=%s error=%s",
        redact_path(request.path),
        type(exception).__name__,
    )
    response = HttpResponse(render_to_string("503.html", safety(None)), status=503)
    response["Retry-After"] = str(DatabaseUnavailableMiddleware.RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    """When the database cannot be reached, answer with the 503 page instead
    of a server error."""

    RETRY_AFTER_SECONDS = 30

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        return database_unavailable(request, exception)


class SessionMiddleware(sessions.SessionMiddleware):
    """Django's, except when the database goes away after the view ran but
    before a changed session (a flash message, say) is saved: Django reports
    that as a session deleted by a concurrent request (400 "Bad request");
    it is the 503 page. `make faults` found it by restarting PostgreSQL."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        try:
            return super().process_response(request, response)
        except SessionInterrupted as interrupted:
            cause = getattr(interrupted.__context__, "__context__", None)  # <- UpdateError <- the database's error
            if isinstance(cause, (OperationalError, InterfaceError)):
                return database_unavailable(request, cause)
            raise
