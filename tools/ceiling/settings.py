"""The bare project's settings: sessions and auth, nothing else.

The same database settings as the app (persistent connections, health
checks), so the comparison is about the page and not about connecting."""

import os

import dj_database_url

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]  # the bench makes one; sessions are signed with it
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1").split(",")
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions", "tools.ceiling"]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "tools.ceiling.urls"
DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60, conn_health_checks=True)}
# The app's user table, read through a model of the ceiling's own (models.py).
AUTH_USER_MODEL = "ceiling.User"
SESSION_ENGINE = "django.contrib.sessions.backends.db"  # the app's django_session table
USE_TZ = True
