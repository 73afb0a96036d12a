"""Settings for civicplan: one module, configured from the environment.

SQLite in the data folder by default; PostgreSQL (or another SQLite file) when ``DATABASE_URL``
is set.
Helpers reject bad values loudly rather than fall back silently.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = PACKAGE_DIR.parent


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no setting; anything but the usual spellings is an error."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if not raw:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, default: int, *, minimum: int, maximum: int) -> int:
    """Read a whole-number setting within bounds; anything else is an error, never a fallback."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None
    if not minimum <= value <= maximum:
        raise ImproperlyConfigured(f"{name} must be between {minimum} and {maximum}, not {value}")
    return value


DATA_DIR = Path(os.environ.get("CIVICPLAN_DATA_DIR") or PROJECT_DIR / "data").resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

# On a council's server: secure cookies, HTTPS only, no demo accounts (docs/deploy.md).
CIVICPLAN_PRODUCTION = env_bool("CIVICPLAN_PRODUCTION", False)
DEBUG = env_bool("CIVICPLAN_DEBUG", False)
# A development-only key, refused when CIVICPLAN_PRODUCTION is set.
DEVELOPMENT_SECRET_KEY = "civicplan-development-only-key-not-for-production-use-0123456789"
SECRET_KEY = os.environ.get("CIVICPLAN_SECRET_KEY", "")
if CIVICPLAN_PRODUCTION and SECRET_KEY in ("", DEVELOPMENT_SECRET_KEY):
    raise ImproperlyConfigured(
        "CIVICPLAN_SECRET_KEY must be set to a long random value of your own in production: "
        "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )
if CIVICPLAN_PRODUCTION and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    raise ImproperlyConfigured("CIVICPLAN_SECRET_KEY must be at least 50 varied characters")
SECRET_KEY = SECRET_KEY or DEVELOPMENT_SECRET_KEY

ALLOWED_HOSTS = env_list(
    "CIVICPLAN_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("CIVICPLAN_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",  # failed sign-ins throttled and locked out (ADR 0014)
    "csp",  # Content-Security-Policy on every response
    "civicplan.core",
    "civicplan.accounts",
    "civicplan.plans",
    "civicplan.indicators",
    "civicplan.monitoring",
    "civicplan.tasks",
    "civicplan.risks",
    "civicplan.budgets",
    "civicplan.opendata",
    "civicplan.planio",
    "civicplan.attention",
    "civicplan.web",
    "civicplan.api",
    "civicplan.reports",
    "civicplan.ops",
    "ninja",  # serves the API docs' Swagger assets from our static files, not a CDN
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "civicplan.core.middleware.BodySizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "civicplan.accounts.middleware.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "csp.middleware.CSPMiddleware",
    "civicplan.core.middleware.PermissionsPolicyMiddleware",
]

ROOT_URLCONF = "civicplan.config.urls"
WSGI_APPLICATION = "civicplan.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'civicplan.sqlite3'}"
if not DATABASE_URL.startswith(("sqlite:", "postgres:", "postgresql:")):
    raise ImproperlyConfigured(
        f"DATABASE_URL must start with sqlite:/// or postgresql://, not {DATABASE_URL!r}"
    )
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Writes queue instead of failing: WAL lets readers carry on during a write, IMMEDIATE takes
    # the write lock when a transaction starts (never an upgrade that deadlocks and fails at
    # once), and the busy timeout is how long a writer waits for the one before it.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": env_int("CIVICPLAN_SQLITE_BUSY_SECONDS", 30, minimum=1, maximum=600),
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }
else:
    # A test database of this process's own, so two test runs on one server never collide.
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out sign-in before checking it
    "django.contrib.auth.backends.ModelBackend",
]
# After CIVICPLAN_LOGIN_ATTEMPTS wrong passwords for one account from one address, sign-ins
# from there are refused for CIVICPLAN_LOCKOUT_MINUTES (the page says so; 429).
AXES_FAILURE_LIMIT = env_int("CIVICPLAN_LOGIN_ATTEMPTS", 5, minimum=3, maximum=50)
AXES_COOLOFF_TIME = dt.timedelta(
    minutes=env_int("CIVICPLAN_LOCKOUT_MINUTES", 15, minimum=1, maximum=24 * 60)
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# A session ends after this long unused, and after this long whatever (accounts/middleware.py).
CIVICPLAN_SESSION_IDLE_MINUTES = env_int(
    "CIVICPLAN_SESSION_IDLE_MINUTES", 30, minimum=5, maximum=24 * 60
)
CIVICPLAN_SESSION_MAX_HOURS = env_int("CIVICPLAN_SESSION_MAX_HOURS", 10, minimum=1, maximum=24 * 7)
SESSION_COOKIE_AGE = CIVICPLAN_SESSION_MAX_HOURS * 3600
PASSWORD_RESET_TIMEOUT = 60 * 60  # a reset link works for an hour

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "plans:overview"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("CIVICPLAN_STATIC_ROOT") or PROJECT_DIR / "staticfiles")
# GOV.UK Frontend comes from npm at set-up time (docs/adr/0001-govuk-frontend-from-npm.md):
# its dist/ folder serves govuk/govuk-frontend.min.css and friends once `npm ci` has run.
STATICFILES_DIRS = [PACKAGE_DIR / "static"] + [
    path for path in [PROJECT_DIR / "node_modules" / "govuk-frontend" / "dist"] if path.is_dir()
]

# The largest request body accepted (uploads included), refused unread above it (413).
CIVICPLAN_MAX_REQUEST_BYTES = env_int(
    "CIVICPLAN_MAX_REQUEST_BYTES", 10 * 1024 * 1024, minimum=1024 * 1024, maximum=1024**3
)

# Figures for a period are due this many working days after it ends (weekends and England and
# Wales bank holidays not counted): chasers, reminders, the workbook and the "missing" status.
CIVICPLAN_DUE_WORKING_DAYS = env_int("CIVICPLAN_DUE_WORKING_DAYS", 15, minimum=0, maximum=60)

# Figures for a period can be entered from this many days before it ends (0: only once it has
# ended, from the day after its last day). Every way in keeps to it: the entry page, the
# collection workbook, the API and derived figures (monitoring.rules.entry_opens).
CIVICPLAN_ENTRY_OPENS_DAYS_BEFORE_PERIOD_END = env_int(
    "CIVICPLAN_ENTRY_OPENS_DAYS_BEFORE_PERIOD_END", 0, minimum=0, maximum=90
)

EMAIL_BACKEND = os.environ.get(
    "CIVICPLAN_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("CIVICPLAN_FROM_EMAIL", "civicplan@localhost")

# Scripts, styles, fonts and images from this site only: no inline script or style anywhere
# (charts are SVG drawn with presentation attributes, not style). Images may be data: URIs (the
# report's charts for WeasyPrint). Nothing may frame the site. Browser tests fail on any breach.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Browser features civicplan never uses, switched off for every page (core/middleware.py).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Behind the council's TLS proxy: the header it sets to say the visitor used HTTPS (for example
# X-Forwarded-Proto). Trusted only when named: a proxy that does not set it would let anyone
# claim HTTPS.
_proxy_header = os.environ.get("CIVICPLAN_PROXY_SSL_HEADER", "").strip()
if _proxy_header:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")
    # The visitor's address is the proxy's X-Forwarded-For (for the sign-in lockout).
    AXES_IPWARE_PROXY_COUNT = 1
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# The production server (civicplan serve; civicplan/web/server.py).
CIVICPLAN_WORKERS = env_int("CIVICPLAN_WORKERS", 2, minimum=1, maximum=64)
CIVICPLAN_THREADS = env_int("CIVICPLAN_THREADS", 4, minimum=1, maximum=64)
CIVICPLAN_REQUEST_TIMEOUT = env_int("CIVICPLAN_REQUEST_TIMEOUT", 120, minimum=10, maximum=3600)
# Addresses whose X-Forwarded-* headers the server believes: the proxy's, nobody else's.
CIVICPLAN_TRUSTED_PROXIES = env_list("CIVICPLAN_TRUSTED_PROXIES", ["127.0.0.1", "::1"])

if CIVICPLAN_PRODUCTION:
    DEBUG = False
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("CIVICPLAN_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CIVICPLAN_LOG_LEVEL", "WARNING")},
}
