"""Sign a person in to the ceiling and print the session key: a session row
like the one `django.contrib.auth.login` writes, signed with the ceiling's
SECRET_KEY (the app's sessions are signed with the app's key)."""

import sys

import django


def session_for(email: str) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    user = get_user_model().objects.get(email=email)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


if __name__ == "__main__":
    django.setup()
    print(session_for(sys.argv[1]))
