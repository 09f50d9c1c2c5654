"""Rekindle settings: one file, driven by environment variables.

Every setting has a development default, so `make run` works with no
configuration at all. Production sets DEBUG=0 and a real SECRET_KEY (the app
refuses to start otherwise); see README.md for the full table.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


# A value these do not understand stops the start, naming the variable: a
# typo such as SECURE_SSL_REDIRECT=ture must not quietly turn a setting off.
def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name}={os.environ[name]!r} is not a yes or no: use 1 or 0 (or true/false, yes/no, on/off).")


def envint(name: str, default: str) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        raise ImproperlyConfigured(f"{name}={os.environ[name]!r} is not a whole number.") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEV_SECRET_KEY = "dev-only-secret-key-never-use-in-production"
# Keys anyone can read: the development default and the .env.example placeholder.
PUBLIC_SECRET_KEYS = {DEV_SECRET_KEY, "change-me-to-a-long-random-string"}
DEBUG = envbool("DEBUG", "1")
SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
if not DEBUG and SECRET_KEY in PUBLIC_SECRET_KEYS:
    raise ImproperlyConfigured("DEBUG is off: set SECRET_KEY to a long random value.")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
INSTALLED_APPS = [
    "rekindle.apps.AdminConfig",  # Django's admin behind allauth's log-in (rekindle/admin.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.usersessions",
    "allauth.mfa",
    "django_tasks_db",
    # Ours, in the one order they import each other (tests/test_import_order.py).
    "accounts",
    "assessments",
    "couples",
    "steps",
    "notices",
    "talk",
    "dashboard",
    "yourdata",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so static files get the header too.
    "rekindle.middleware.cross_origin_resource_policy",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise: it sees every response that is not a static file.
    "rekindle.middleware.no_store",
    "rekindle.middleware.SessionMiddleware",  # Django's, with the 503 page when saving fails
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "rekindle.middleware.keep_session_alive",
    "rekindle.middleware.log_refused_access",
    # Last, so its process_exception is the first to see a view's exception.
    "rekindle.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "rekindle.urls"
FORM_RENDERER = "rekindle.forms.FormRenderer"
WSGI_APPLICATION = "rekindle.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "rekindle.context_processors.safety",
                "couples.context_processors.couple_nav",
            ],
        },
    },
]

# SQLite by default; PostgreSQL (or anything dj-database-url knows) by one variable.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", "60"),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that hangs rather than refusing should cost a request seconds
    # (then the 503 page), not a worker killed by gunicorn's timeout.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = envint("DB_CONNECT_TIMEOUT", "5")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The database is the one thing every server process shares, so the cache
# (allauth's rate limits) lives there: no process memory, no local disk.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "rekindle_cache",
    }
}
SESSION_ENGINE = "rekindle.sessions"  # Django's database sessions, with an idle timeout

AUTH_USER_MODEL = "accounts.User"
# One backend, so a wrong password costs the same one hash whether or not
# the address has an account (allauth's, with the address rule of accounts/auth.py).
AUTHENTICATION_BACKENDS = ["accounts.auth.AuthenticationBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: e-mail and password, no username.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
# Mandatory in production: only then can sign-up with a taken address answer
# exactly like with a new one (allauth's enumeration prevention).
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("ACCOUNT_EMAIL_VERIFICATION", "optional" if DEBUG else "mandatory")
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Rekindle: "
ACCOUNT_RATE_LIMITS_ENABLED = True  # allauth's defaults, counted in the shared cache
ACCOUNT_PREVENT_ENUMERATION = True
# "Where you are signed in" (/accounts/sessions/). Sessions are recorded at
# log-in; tracking activity would write a row on every request and keep each
# device's latest IP address, which we do not need to let people end a session.
USERSESSIONS_TRACK_ACTIVITY = False

# --- Accounts: real client address, who an address speaks for, sessions ------
# Behind TRUSTED_PROXY_COUNT proxies of ours, allauth's rate limits key on the
# client address in X-Forwarded-For (that many entries from the right), not on
# the proxy's address that every request would share. 0 trusts no header.
ALLAUTH_TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", "0")
# Sign-up and password reset go through forms that count an address only
# where it is verified or is the account's own sign-up address (accounts/auth.py).
ACCOUNT_FORMS = {
    "login": "accounts.auth.LoginForm",
    "signup": "accounts.auth.SignupForm",
    "reset_password": "accounts.auth.ResetPasswordForm",
}
# "Keep me signed in" is the person's choice at log-in: ticked, the session
# lasts SESSION_COOKIE_AGE (14 days); not ticked, it ends with the browser or
# after SESSION_IDLE_MINUTES without a request (rekindle/sessions.py).
ACCOUNT_SESSION_REMEMBER = None
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_IDLE_MINUTES = envint("SESSION_IDLE_MINUTES", "60")

# --- Second factor (allauth.mfa): an authenticator app and recovery codes ----
# Staff need one before the admin opens (rekindle/admin.py).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Rekindle"

# E-mail: the console in development, SMTP in production (MAILERS, Django 6.1).
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Rekindle <hello@rekindle.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if not DEBUG and not os.environ.get("SMTP_HOST"):
    # Mail on the console in production: reset links in the log, nobody's inbox.
    raise ImproperlyConfigured("DEBUG is off: set SMTP_HOST (and SMTP_*) so mail goes out.")
if os.environ.get("SMTP_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["SMTP_HOST"],
                "port": envint("SMTP_PORT", "587"),
                "username": os.environ.get("SMTP_USER", ""),
                "password": os.environ.get("SMTP_PASSWORD", ""),
                "use_tls": envbool("SMTP_USE_TLS", "1"),
                "timeout": 10,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# --- Mail queue -------------------------------------------------------------
# Every e-mail (allauth's through the adapter, invites, reminders, notices) is
# a task of django.tasks stored in the database (django-tasks-db) and sent by
# `manage.py db_worker`: compose's worker service, and `make run` starts one
# beside the dev server. accounts.mail retries a failed send with back-off.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"

# Safety: where "Leave quickly" goes (a neutral page), and who the help page
# lists for people who are unsafe or in crisis. Adjust both to your audience.
LEAVE_QUICKLY_URL = os.environ.get("LEAVE_QUICKLY_URL", "https://www.bbc.com/weather")
# Phone numbers are `tel:` links wherever they are shown (templates/couples/_resources.html).
HELP_RESOURCES = [
    {
        "name": "Emergency services",
        "phones": [
            {"number": "112", "tel": "112", "where": "Europe"},
            {"number": "911", "tel": "911", "where": "North America"},
            {"number": "999", "tel": "999", "where": "UK"},
        ],
        "when": "If you are in danger right now.",
    },
    {
        "name": "National Domestic Violence Hotline (US)",
        "phones": [{"number": "1-800-799-7233", "tel": "+18007997233"}],
        "also": "or text START to 88788",
        "when": "Free, confidential, 24 hours.",
    },
    {
        "name": "National Domestic Abuse Helpline (UK)",
        "phones": [{"number": "0808 2000 247", "tel": "+448082000247"}],
        "when": "Free, confidential, 24 hours.",
    },
    {
        "name": "988 Suicide & Crisis Lifeline (US)",
        "phones": [{"number": "988", "tel": "988"}],
        "also": "call or text",
        "crisis": True,
        "when": "If you are thinking about harming yourself.",
    },
    {
        "name": "Samaritans (UK and Ireland)",
        "phones": [{"number": "116 123", "tel": "116123"}],
        "crisis": True,
        "when": "Someone to talk to, any time.",
    },
]

# Invites.
INVITE_TTL_DAYS = envint("INVITE_TTL_DAYS", "7")

# Where the site is reached: links in e-mails sent outside a request (reminders).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Content Security Policy: nonces for our own scripts, nothing inline, no eval.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

# --- Security headers and cookies ----------------------------------------
# Always on, development included, so nothing changes at deployment but HTTPS.
X_FRAME_OPTIONS = "DENY"  # the old header, for browsers without frame-ancestors
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"  # the invite link page sends no-referrer
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Cross-Origin-Resource-Policy is set by rekindle.middleware (Django has no setting).
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # the token reaches htmx through the page, not the cookie
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Flash messages can name a person or an address: keep them server-side in
# the session, never in a cookie the browser can read.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# --- Production: HTTPS only (DEBUG off) ------------------------------------
if not DEBUG:
    # Behind a TLS-terminating proxy, trust its X-Forwarded-Proto header
    # (only if the proxy always sets it; otherwise anyone could).
    if envbool("SECURE_PROXY_SSL_HEADER", "0"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "1")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # probes speak plain HTTP from inside
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", str(365 * 24 * 3600))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "1")
    # Secure cookies with the __Host- prefix: the browser then also insists
    # on Path=/ and no Domain, so no subdomain can set or read them.
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# Logs hold user ids, methods and paths, never what anyone wrote. Some paths
# hold secrets (invite tokens, reset and confirmation keys): the filter
# redacts them wherever Django logs a path (4xx warnings, runserver).
# rekindle.security logs sign-ins, sign-outs, password changes and refused
# requests (accounts/signals.py, rekindle/middleware.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_paths": {"()": "accounts.logs.RedactPaths"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django.request": {"filters": ["redact_paths"]},
        "django.server": {"filters": ["redact_paths"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
