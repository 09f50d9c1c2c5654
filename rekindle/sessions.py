"""Sessions in the database that end after SESSION_IDLE_MINUTES without use,
unless their owner ticked "Keep me signed in" at log-in (allauth then gives
the session an expiry of its own, SESSION_COOKIE_AGE)."""

from django.conf import settings
from django.contrib.sessions.backends import db


class SessionStore(db.SessionStore):
    def get_session_cookie_age(self) -> int:
        # Only for sessions without an expiry of their own: the database row
        # expires this long after the last save, and
        # rekindle.middleware.keep_session_alive saves at most once a minute.
        return settings.SESSION_IDLE_MINUTES * 60
