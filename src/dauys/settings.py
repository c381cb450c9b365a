"""Django settings for Dauys, read from the environment (see docs/operator-guide.md)."""

from __future__ import annotations

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from dauys import config

SRC_DIR = Path(__file__).resolve().parent
DATA_DIR = config.data_dir()
SECRET_KEY = config.secret_key(DATA_DIR)
DEBUG = config.env_bool("DAUYS_DEBUG", False)
TESTING = config.env_bool("DAUYS_TESTING", False)

BASE_URL = config.base_url()
ALLOWED_HOSTS = config.allowed_hosts()
CSRF_TRUSTED_ORIGINS = [BASE_URL]
# The map's streets: a PMTiles archive served by the instance itself (places.tiles). DAUYS_TILE_URL is only for an
# operator's own raster tile server, which sees the address of every visitor of a map page.
MAP_PMTILES = config.map_pmtiles(DATA_DIR)
TILE_URL = config.optional_url("DAUYS_TILE_URL", schemes={"http", "https"})
# Tile servers require credit (OpenStreetMap: "© OpenStreetMap contributors"); shown on the map as plain text.
TILE_ATTRIBUTION = os.environ.get("DAUYS_TILE_ATTRIBUTION", "").strip()
ONION_URL = config.optional_url("DAUYS_ONION", schemes={"http"})
REDIS_URL = config.redis_url()
if TESTING and REDIS_URL and os.environ.get("PYTEST_XDIST_WORKER", "").startswith("gw"):
    # Parallel test workers (pytest -n) each get a Redis database of their own, counting down from the given one:
    # every test flushes its database, which must not wipe what another worker's running test just counted.
    REDIS_URL = config.redis_database(REDIS_URL, -int(os.environ["PYTEST_XDIST_WORKER"][2:]))
WORKERS_EXTERNAL = os.environ.get("DAUYS_WORKERS", "").strip().lower() == "external"
if os.environ.get("DAUYS_WORKERS", "").strip().lower() not in {"", "external", "embedded"}:
    raise config.ConfigError("DAUYS_WORKERS: expected 'embedded' (the default) or 'external'")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "dauys.web",  # before allauth: its templates override allauth's
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_q",
    "ninja",  # its Swagger UI and ReDoc assets are served from our static files, never from a CDN
    "dauys.core",
    "dauys.pages",
    "dauys.accounts",
    "dauys.places",
    "dauys.authorities",
    "dauys.problems",
    "dauys.notifications",
    "dauys.discussions",
    "dauys.api",
    "dauys.ledger",
    "dauys.accountability",
    "dauys.correspondence",
    "dauys.initiatives",
]

MIDDLEWARE = [
    "dauys.core.middleware.SecurityHeadersMiddleware",
    "dauys.core.middleware.ErrorFormatMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "dauys.pages.cache.StoredPageMiddleware",
    "dauys.core.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "dauys.accounts.middleware.AuthenticationMiddleware",
    "dauys.core.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "dauys.pages.cache.MemberPageCacheMiddleware",
]

ROOT_URLCONF = "dauys.urls"
WSGI_APPLICATION = "dauys.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dauys.web.context_processors.site",
                "dauys.pages.cache.csrf_context",
            ],
        },
    }
]

DATABASES = {"default": config.database(DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Whether a read from the shared cache is cheaper than a small query (not so for the database cache).
CACHE_IS_FAST = bool(REDIS_URL)
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "dauys.core.cache.RedisCache", "LOCATION": REDIS_URL},
        "ratelimit": {"BACKEND": "dauys.core.cache.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "rl"},
    }
else:
    # Shared by every server process, unlike the local-memory cache, so rate limits hold across processes.
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "dauys_cache"},
        # Our own rate limits (core/ratelimit.py) never write anything about a client to the database.
        "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "dauys-ratelimit"},
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Django's and allauth's, loading the signed-in account from the shared cache (accounts/backends.py).
    "dauys.accounts.backends.ModelBackend",
    "dauys.accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Accounts (django-allauth): e-mail is the login, the public name is a pseudonym chosen at sign-up.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_SESSION_REMEMBER = None
# With Redis, sessions are read from it and written through to the database; without, from the database.
# Sessions live in the database on every setup: a signed-in page reads its session, account and personal figures
# in one statement (accounts/sessions.py), which costs less than the two Redis round trips of a cached session.
SESSION_ENGINE = "dauys.accounts.sessions"
ACCOUNT_SIGNUP_FORM_CLASS = "dauys.accounts.forms.SignupForm"
ACCOUNT_ADAPTER = "dauys.accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Dauys] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if BASE_URL.startswith("https") else "http"
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Dauys"
MFA_RECOVERY_CODE_COUNT = 10
LOGIN_REDIRECT_URL = "accounts:profile"
LOGIN_URL = "account_login"
LOGOUT_REDIRECT_URL = "web:home"  # a URL name: reversed in the language of the page you left

_email = config.email(DATA_DIR)
EMAIL_BACKEND = _email.backend
globals().update(_email.options)
DEFAULT_FROM_EMAIL = os.environ.get("DAUYS_EMAIL_FROM", "Dauys <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Answers by e-mail (docs/authorities-side.md): each appeal's reply address, and the mailbox the worker polls.
DAUYS_REPLY_ADDRESS = config.reply_address()
DAUYS_MAIL_IMAP_URL = config.mail_imap_url()

LANGUAGE_CODE = "kk"
LANGUAGES = [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]
LANGUAGE_NAMES = {"kk": _("Kazakh"), "ru": _("Russian"), "en": _("English")}
# Our catalogue first, then translations Dauys ships for its dependencies (allauth has no Kazakh).
LOCALE_PATHS = [SRC_DIR / "locale", SRC_DIR / "locale_vendor"]
USE_I18N = True
TIME_ZONE = "Asia/Almaty"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
# Files that only their owner and moderators may see (scans of letters): never under MEDIA_ROOT, served by a view
# that checks who asks.
PRIVATE_MEDIA_ROOT = DATA_DIR / "private"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
# Witnesses whose cosignatures of the ledger's checkpoints are accepted and shown (docs/ledger.md).
LEDGER_WITNESSES = config.witness_keys("DAUYS_LEDGER_WITNESSES")
# Hold the first comment of accounts younger than a week for a moderator's approval (discussions/spam.py).
PREMODERATE_NEW_ACCOUNTS = config.env_bool("DAUYS_PREMODERATE_NEW_ACCOUNTS", False)
# Public pages are stored per process and dropped by the events that touch them (pages/cache.py, pages/freshness.py).
# On in tests too, so that tests read what users are served; off while developing (DEBUG), where templates change.
PAGE_CACHE_SECONDS = config.env_int("DAUYS_PAGE_CACHE_SECONDS", 0 if DEBUG else 60)

# Security. HSTS and secure cookies follow the scheme of the public base URL.
SECURE = BASE_URL.startswith("https://")
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
BEHIND_PROXY = config.env_bool("DAUYS_BEHIND_PROXY", False)
# The reverse proxies whose X-Forwarded-For names the client (core.privacy.client_address).
TRUSTED_PROXIES = frozenset(config.env_addresses("DAUYS_TRUSTED_PROXIES", ["127.0.0.1", "::1"]))
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_FAILURE_VIEW = "dauys.web.views.csrf_failure"

# Background work: django-q2 with its ORM broker, on SQLite (embedded) or PostgreSQL (scale-out, many workers).
# Not its Redis broker: that one pops a task off a list with no acknowledgement, so a worker killed mid-task loses
# it. The ORM broker leases each task and hands it out again when the lease runs out. See docs/architecture.md.
Q_CLUSTER = {
    "name": "dauys",
    "workers": config.env_int("DAUYS_TASK_WORKERS", 2, minimum=1),
    "timeout": 300,
    # A task not acknowledged within `retry` seconds (its worker died, even by kill -9) is handed out again.
    "retry": config.env_int("DAUYS_TASK_RETRY", 330, minimum=2),
    "max_attempts": 5,
    "ack_failures": True,
    "catch_up": False,
    "save_limit": 1000,
    "poll": 0.5,
    "label": "Background tasks",
    "sync": TESTING and not config.env_bool("DAUYS_TASKS_ASYNC", False),
}
if Q_CLUSTER["timeout"] >= Q_CLUSTER["retry"]:  # type: ignore[operator]
    Q_CLUSTER["timeout"] = max(1, Q_CLUSTER["retry"] - 1)  # type: ignore[operator]
Q_CLUSTER["orm"] = "default"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    # Under pytest the log goes to its capture instead: a handler bound to the real stderr outlives the test.
    "root": {"handlers": [] if TESTING else ["console"], "level": os.environ.get("DAUYS_LOG_LEVEL", "INFO")},
    "loggers": {
        # django.security.* and django.request carry request paths only; no addresses are logged anywhere.
        "django.server": {"level": "WARNING"},
        "django_q": {"level": "WARNING"},
        "django-q": {"level": "WARNING"},
        "pikepdf": {"level": "WARNING"},  # it says at import that its logger bridge works
    },
}
