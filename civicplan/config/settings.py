"""Settings for civicplan: one module, configured from the environment.

SQLite in the data folder by default; PostgreSQL (or another SQLite file) when ``DATABASE_URL``
is set.
Helpers reject bad values loudly rather than fall back silently.
"""

from __future__ import annotations

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

DEBUG = env_bool("CIVICPLAN_DEBUG", False)
SECRET_KEY = os.environ.get("CIVICPLAN_SECRET_KEY", "")
if not SECRET_KEY:
    if env_bool("CIVICPLAN_PRODUCTION", False):
        raise ImproperlyConfigured("CIVICPLAN_SECRET_KEY must be set in production")
    # A development-only key, never used when CIVICPLAN_PRODUCTION is set.
    SECRET_KEY = "civicplan-development-only-key-not-for-production-use-0123456789"

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
    "civicplan.core",
    "civicplan.accounts",
    "civicplan.plans",
    "civicplan.indicators",
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
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
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

# Figures for a period are due this many working days after it ends (weekends and England and
# Wales bank holidays not counted): chasers, reminders, the workbook and the "missing" status.
CIVICPLAN_DUE_WORKING_DAYS = env_int("CIVICPLAN_DUE_WORKING_DAYS", 15, minimum=0, maximum=60)

EMAIL_BACKEND = os.environ.get(
    "CIVICPLAN_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("CIVICPLAN_FROM_EMAIL", "civicplan@localhost")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if env_bool("CIVICPLAN_PRODUCTION", False):
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
