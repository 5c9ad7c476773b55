"""Settings for Mosaic, read from the environment with safe defaults for the local demo.

MOSAIC_ENV=production switches on everything a public deployment needs (a secret key from the
environment, HTTPS-only cookies, HSTS); the default "demo" runs on SQLite with no set-up.
"""
import warnings
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from mosaic.env import env_bool, env_int, env_list, env_str, install_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("MOSAIC_VAR_DIR", str(BASE_DIR / "var")))

MOSAIC_ENV = env_str("MOSAIC_ENV", "demo")
PRODUCTION = MOSAIC_ENV == "production"

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when MOSAIC_ENV=production")
    # A key shared by every demo install would let anyone forge its signed links.
    SECRET_KEY = install_secret_key(VAR_DIR / "secret_key")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "mosaic.apps.MosaicAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # its Swagger UI files, served as our own static files for the API docs
    "allauth",
    "allauth.account",
    "accounts",
    "directory",
    "demo",
    "assessments",
    "mentoring",
    "programs",
    "notifications",
    "safety",
    "mosaic",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "mosaic.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "mosaic.urls"
WSGI_APPLICATION = "mosaic.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "mosaic" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mosaic.context_processors.navigation",
                "notifications.context_processors.unread_notifications",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL")
if not DATABASE_URL:
    # The zero-set-up default: an SQLite file in var/, made on first use.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASE_URL = f"sqlite:///{VAR_DIR / 'mosaic.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the demo server read while a generator or a test writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "timeout": 20}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# One cache shared by every worker process: allauth counts sign-in attempts here, so a cache per
# process would multiply each limit by the number of workers. The database cache needs no server
# (`manage.py createcachetable` makes its table; Django's test set-up does too).
DATABASE_CACHE = "django.core.cache.backends.db.DatabaseCache"
PER_PROCESS_CACHES = {"django.core.cache.backends.locmem.LocMemCache", "django.core.cache.backends.dummy.DummyCache"}
CACHE_BACKEND = env_str("CACHE_BACKEND", DATABASE_CACHE)
if PRODUCTION and CACHE_BACKEND in PER_PROCESS_CACHES:
    raise ImproperlyConfigured("CACHE_BACKEND must be a cache shared between processes when MOSAIC_ENV=production")
CACHES = {
    "default": {
        "BACKEND": CACHE_BACKEND,
        "LOCATION": env_str("CACHE_LOCATION", "mosaic_cache" if CACHE_BACKEND == DATABASE_CACHE else ""),
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# One backend, so a wrong password is hashed once, like a right one (two backends would each try).
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]

# Accounts: e-mail is the sign-in name; allauth does sign-up, verification and resets.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env_str("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
LOGIN_REDIRECT_URL = "home"
LOGIN_URL = "account_login"

# Outside production each e-mail is written as a file under var/mail/, where a person trying the
# demo can read it (tests use Django's in-memory outbox instead).
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Mosaic <mosaic@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work (e-mail now; reminders, digests and match runs later) runs in a worker process:
# `manage.py db_worker`. The database backend needs no extra server; a production site can point
# TASKS_BACKEND at a real queue's backend instead.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Outside production the app serves static files straight from the source folders.
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# allauth limits sign-in attempts per client address. Behind the proxy production assumes (see
# SECURE_PROXY_SSL_HEADER), the address is the proxy's unless allauth trusts X-Forwarded-For.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("ALLAUTH_TRUSTED_PROXY_COUNT", 1 if PRODUCTION else 0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env_str("ALLAUTH_TRUSTED_CLIENT_IP_HEADER") or None

# Pages load only Mosaic's own files: no inline scripts or styles, no frames, no plug-ins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
# Mosaic needs none of the browser's powerful features; deny them to any script that gets in.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "ambient-light-sensor", "autoplay", "bluetooth", "camera", "display-capture",
        "encrypted-media", "geolocation", "gyroscope", "hid", "magnetometer", "microphone", "midi",
        "payment", "publickey-credentials-get", "screen-wake-lock", "serial", "usb", "xr-spatial-tracking",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Product settings.
MOSAIC_DIRECTORY_PAGE_SIZE = env_int("MOSAIC_DIRECTORY_PAGE_SIZE", 24)
# A directory search counts the people it finds up to this many; beyond, it says "more than",
# so a broad search need not count the whole network before showing its first page.
MOSAIC_DIRECTORY_COUNT_LIMIT = env_int("MOSAIC_DIRECTORY_COUNT_LIMIT", 1000)

# Finding a mentor: how many requests a protégé may have waiting, when an unanswered one is
# recalled to the mentor and when it lapses, and how long a decline keeps a mentor out of a
# protégé's recommendations.
MOSAIC_MAX_PENDING_REQUESTS = env_int("MOSAIC_MAX_PENDING_REQUESTS", 5)
MOSAIC_REQUEST_REMIND_DAYS = env_int("MOSAIC_REQUEST_REMIND_DAYS", 7)
MOSAIC_REQUEST_EXPIRE_DAYS = env_int("MOSAIC_REQUEST_EXPIRE_DAYS", 14)
MOSAIC_DECLINE_COOLDOWN_DAYS = env_int("MOSAIC_DECLINE_COOLDOWN_DAYS", 180)
# The recommendations' prepared mentor pool: compared with the database at most this often, rebuilt at least this often.
MOSAIC_RECOMMENDATION_POOL_CHECK_SECONDS = env_int("MOSAIC_RECOMMENDATION_POOL_CHECK_SECONDS", 5)
MOSAIC_RECOMMENDATION_POOL_SECONDS = env_int("MOSAIC_RECOMMENDATION_POOL_SECONDS", 300)
# When a stage outlasts what the article expects (initiation 6–12 months, protégé stage 2–5
# years), both people are prompted once to review it; months in each stage before the prompt.
MOSAIC_STAGE_REVIEW_MONTHS = {
    "initiation": env_int("MOSAIC_STAGE_REVIEW_INITIATION_MONTHS", 12),
    "protege": env_int("MOSAIC_STAGE_REVIEW_PROTEGE_MONTHS", 60),
    "redefinition": env_int("MOSAIC_STAGE_REVIEW_REDEFINITION_MONTHS", 12),
}
# Mutual feedback: the first check-in falls due this many months after a relationship starts, then every so many.
MOSAIC_CHECKIN_FIRST_MONTHS = env_int("MOSAIC_CHECKIN_FIRST_MONTHS", 3)
MOSAIC_CHECKIN_EVERY_MONTHS = env_int("MOSAIC_CHECKIN_EVERY_MONTHS", 6)
# Directors see check-in figures only over at least this many answers.
MOSAIC_CHECKIN_MIN_AGGREGATE = env_int("MOSAIC_CHECKIN_MIN_AGGREGATE", 5)
# Where links in e-mail point (background work has no request to take the address from).
MOSAIC_SITE_URL = env_str("MOSAIC_SITE_URL", "http://localhost:8000")
