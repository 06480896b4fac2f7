"""itpm settings: one module, every knob an ``ITPM_*`` environment variable.

With nothing set, itpm runs on SQLite in a data directory (``ITPM_DATA_DIR``,
default ``./itpm-data``) with a secret key generated once and kept there.
Production sets ``ITPM_DATABASE_URL`` (PostgreSQL), ``ITPM_ALLOWED_HOSTS`` and
keeps ``ITPM_DEBUG`` off; cookies are then secure and HSTS is sent.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent

_TRUE = {"1", "true", "on"}
_FALSE = {"0", "false", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, on/off; got {raw!r}.")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {value}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}; got {raw!r}.")
    return value


DATA_DIR = Path(env_str("ITPM_DATA_DIR", str(Path.cwd() / "itpm-data"))).resolve()
DEBUG = env_bool("ITPM_DEBUG", False)


def _secret_key() -> str:
    configured = os.environ.get("ITPM_SECRET_KEY")
    if configured:
        if len(configured) < 50:
            raise ImproperlyConfigured("ITPM_SECRET_KEY must be at least 50 characters long.")
        return configured
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(64)
    # Written with owner-only permissions; created exclusively so two starting
    # processes cannot end up with different keys.
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list("ITPM_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("ITPM_CSRF_TRUSTED_ORIGINS", [])
# Base URL used in emails (invitations, password reset, unsubscribe links).
SITE_URL = env_str("ITPM_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "itpm.accounts",
    "itpm.audit",
    "itpm.notifications",
    "itpm.portfolio",
    "itpm.ideas",
    "itpm.roadmap",
    "itpm.feedback",
    "itpm.adoption",
    "itpm.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "itpm.web.middleware.PrivateAnswersMiddleware",
    "itpm.web.middleware.StorableInputMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "itpm.web.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "itpm.urls"
WSGI_APPLICATION = "itpm.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "itpm.web.context_processors.navigation",
                "itpm.notifications.context_processors.unread",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------

DATABASE_URL = os.environ.get("ITPM_DATABASE_URL", "").strip()
if DATABASE_URL:
    try:
        _db: dict[str, Any] = dict(dj_database_url.parse(DATABASE_URL, conn_max_age=600, conn_health_checks=True))
    except ValueError as exc:
        raise ImproperlyConfigured(f"ITPM_DATABASE_URL is not a database URL: {exc}") from None
    if _db["ENGINE"] == "django.db.backends.sqlite3":
        _db["CONN_MAX_AGE"] = 0
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    _db = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(DATA_DIR / "itpm.sqlite3")}

if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db.setdefault("OPTIONS", {})
    _db["OPTIONS"].update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000; PRAGMA foreign_keys=ON;"
            ),
        }
    )

DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (rate limits, throttling): shared across processes ---------------------

REDIS_URL = os.environ.get("ITPM_REDIS_URL", "").strip()
# Sign-in throttling uses "default", shared by every process (the database, or Redis).
# API rate limits count on every request, so "rate-limit" is Redis when configured and
# otherwise an in-process counter: the limit then applies per server process.
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL},
        "rate-limit": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL},
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "itpm_cache"},
        "rate-limit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "itpm-rate-limit"},
    }

# --- Accounts, passwords, sessions ---------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["itpm.accounts.backends.EmailBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = env_int("ITPM_PASSWORD_RESET_TIMEOUT", 3 * 24 * 3600, minimum=600)
SESSION_COOKIE_AGE = env_int("ITPM_SESSION_AGE", 12 * 3600, minimum=300)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
# Sign-in throttling (accounts/services/sign_in.py, docs/permissions.md): failed sign-ins are
# counted per (email, client address) pair and per client address. Past the free failures each
# further attempt waits ITPM_LOGIN_DELAY seconds after the last failure, doubling with every
# failure up to ITPM_LOGIN_MAX_DELAY; nothing is locked. Counts are forgotten
# ITPM_LOGIN_FAILURE_WINDOW seconds after a key's last failure.
ITPM_LOGIN_FAILURE_LIMIT = env_int("ITPM_LOGIN_FAILURE_LIMIT", 5, minimum=1)
ITPM_LOGIN_ADDRESS_FAILURE_LIMIT = env_int("ITPM_LOGIN_ADDRESS_FAILURE_LIMIT", 50, minimum=1)
ITPM_LOGIN_DELAY = env_int("ITPM_LOGIN_DELAY", 2, minimum=1)
ITPM_LOGIN_MAX_DELAY = env_int("ITPM_LOGIN_MAX_DELAY", 5 * 60, minimum=ITPM_LOGIN_DELAY)
ITPM_LOGIN_FAILURE_WINDOW = env_int("ITPM_LOGIN_FAILURE_WINDOW", 15 * 60, minimum=1)
# Seconds an authenticated API key is remembered, so a busy client costs no query per request.
# Revoking a key, deactivating or changing its owner takes effect at once in the process that
# made the change (everywhere at once with ITPM_REDIS_URL), in other processes within this time.
ITPM_API_KEY_CACHE_SECONDS = env_int("ITPM_API_KEY_CACHE_SECONDS", 5)
# API rate limit per key or token, requests per minute.
ITPM_API_RATE_LIMIT = env_int("ITPM_API_RATE_LIMIT", 6000, minimum=1)

# --- Security ---------------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("ITPM_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("ITPM_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("ITPM_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("ITPM_HSTS_PRELOAD", False)
# Preloading HSTS binds the whole parent domain for years; an internal tool must not decide
# that for its company's domain, so it is opt-in (ITPM_HSTS_PRELOAD=1) and its warning is quiet.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
# Behind a reverse proxy: trust its X-Forwarded-Proto, and take the client address for sign-in
# throttling from the last X-Forwarded-For entry (the one the proxy appended).
ITPM_BEHIND_PROXY = env_bool("ITPM_BEHIND_PROXY", False)
if ITPM_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# /healthz and /readyz answer plain HTTP for load balancers probing the app directly.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- Static files -------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("ITPM_COLLECTSTATIC", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# The demo and tests serve static files straight from the apps, no collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# --- Email ------------------------------------------------------------------------

EMAIL_BACKEND = env_str("ITPM_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("ITPM_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("ITPM_EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("ITPM_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("ITPM_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("ITPM_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("ITPM_EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env_str("ITPM_EMAIL_FROM", "itpm <itpm@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks ----------------------------------------------------------------

TASKS = {"default": {"BACKEND": env_str("ITPM_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# The hour (site time zone) when daily notification digests go out.
ITPM_DIGEST_HOUR = env_int("ITPM_DIGEST_HOUR", 7, minimum=0)
if ITPM_DIGEST_HOUR > 23:
    raise ImproperlyConfigured(f"ITPM_DIGEST_HOUR must be between 0 and 23; got {ITPM_DIGEST_HOUR}.")

# --- Text similarity (similar ideas, duplicate suggestions, themes) -------------------

# "semantic" (default): a small sentence model run offline on the CPU, finds paraphrases;
# "lexical": TF-IDF over words and character n-grams, no model to load. See docs/similarity.md.
ITPM_SIMILARITY = env_choice("ITPM_SIMILARITY", "semantic", ("semantic", "lexical"))

# --- Internationalisation ------------------------------------------------------------

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("ITPM_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Logging: never log request bodies, tokens or query strings ----------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("ITPM_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}

# --- API ----------------------------------------------------------------------------

NINJA_PAGINATION_CLASS = "itpm.api_access.BoundedPagination"
NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 200
