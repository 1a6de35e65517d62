"""Front Door settings: one module, read from environment variables with safe defaults.

Production is the default: DEBUG off, HTTPS-only cookies, HSTS, MFA required, and a secret
key that must be supplied. The demo (`FRONTDOOR_DEMO=true`) relaxes only what a local,
synthetic-data demo over plain HTTP needs, and says so on every page.
"""

from __future__ import annotations

import hashlib
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no variable; anything but a recognised word is a configuration error."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


# --- Modes -------------------------------------------------------------------------------
DEMO_MODE = env_bool("FRONTDOOR_DEMO", False)
DEBUG = env_bool("FRONTDOOR_DEBUG", False)
# HTTPS is assumed everywhere except the local demo and the test server.
HTTPS = env_bool("FRONTDOOR_HTTPS", not DEMO_MODE)
# Staff must use a TOTP code; only the demo may turn this off (and then shows a banner).
MFA_REQUIRED = env_bool("FRONTDOOR_MFA_REQUIRED", True)
if not MFA_REQUIRED and not DEMO_MODE:
    raise ImproperlyConfigured("FRONTDOOR_MFA_REQUIRED may only be false in demo mode")

SECRET_KEY = env_str("FRONTDOOR_SECRET_KEY")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set FRONTDOOR_SECRET_KEY (the demo and tests set one for you)")

ALLOWED_HOSTS = env_list("FRONTDOOR_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("FRONTDOOR_CSRF_TRUSTED_ORIGINS")

SERVICE_NAME = "Front Door"
HUB_NAME = env_str("FRONTDOOR_HUB_NAME", "Multi-agency safeguarding hub")

# --- Applications -------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "ninja",
    "frontdoor.core",
    "frontdoor.reference",
    "frontdoor.audit",
    "frontdoor.notifications",
    "frontdoor.agencies",
    "frontdoor.people",
    "frontdoor.contacts",
    "frontdoor.screening",
    "frontdoor.enquiries",
    "frontdoor.meetings",
    "frontdoor.outcomes",
    "frontdoor.personindex",
    "frontdoor.governance",
    "frontdoor.reporting",
    "frontdoor.accounts",
    "frontdoor.api",
    "frontdoor.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "frontdoor.accounts.middleware.ActorMiddleware",
    "frontdoor.accounts.middleware.LoginRequiredMiddleware",
    "frontdoor.accounts.middleware.SessionLifetimeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # The access policy: no row, no page; a role the row does not name gets 403.
    "frontdoor.governance.middleware.AccessPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so it sees the lockout flag set during authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "frontdoor.config.urls"
WSGI_APPLICATION = "frontdoor.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "frontdoor.core.context_processors.service",
                "frontdoor.accounts.context_processors.navigation",
            ],
            "builtins": ["frontdoor.core.templatetags.govuk"],
        },
    }
]
FORM_RENDERER = "frontdoor.core.forms.GovukFormRenderer"

# --- Database -----------------------------------------------------------------------------
# PostgreSQL when DATABASE_URL is set; otherwise the embedded SQLite file under var/.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'frontdoor.sqlite3'}",
        conn_max_age=env_int("FRONTDOOR_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(exist_ok=True)  # the embedded default must work in a fresh clone
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Authentication -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "accounts:home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if env_bool("FRONTDOOR_FAST_PASSWORD_HASHER", False):  # tests only: hashing is deliberately slow
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Lockout: five failures (wrong password, wrong code, unknown user alike) lock the account.
AXES_FAILURE_LIMIT = env_int("FRONTDOOR_LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("FRONTDOOR_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
# Locking by address would lock out a whole council office behind one NAT address after five
# mistakes by different people, so we lock the account only (docs/decisions/0005).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_USERNAME_FORM_FIELD = "email"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Each attempt during a lockout restarts its 15 minutes, so the page's "try again in" is exact.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True
AXES_VERBOSE = False  # axes would log usernames; we audit instead
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_SENSITIVE_PARAMETERS = ["password", "code"]
AXES_DISABLE_ACCESS_LOG = True

OTP_TOTP_ISSUER = "Front Door"

# Sessions end after 30 minutes without a request, and 12 hours after sign-in whatever happens
# (accounts.middleware.SessionLifetimeMiddleware). The cookie lives no longer than that.
SESSION_IDLE_MINUTES = env_int("FRONTDOOR_SESSION_IDLE_MINUTES", 30)
SESSION_MAX_HOURS = env_int("FRONTDOOR_SESSION_MAX_HOURS", 12)
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 60 * 60
# Re-entering password and code before a bulk export or break-glass counts for this long.
STEP_UP_MINUTES = env_int("FRONTDOOR_STEP_UP_MINUTES", 10)
# A break-glass grant opens one contact (and its people) for this long.
BREAK_GLASS_HOURS = env_int("FRONTDOOR_BREAK_GLASS_HOURS", 4)
# The key of the audit trail's hash chain (HMAC-SHA256, ADR 0020). Production should set it
# explicitly and keep it apart from SECRET_KEY: by default it is derived from SECRET_KEY, so
# rotating SECRET_KEY would make every earlier audit event fail `manage.py verify_audit`.
AUDIT_CHAIN_KEY = (
    env_str("FRONTDOOR_AUDIT_CHAIN_KEY")
    or hashlib.sha256(b"frontdoor.audit.chain:" + SECRET_KEY.encode()).hexdigest()
)

# Retention: whole years after a contact was settled (decided or closed) before
# `manage.py purge_expired_records` deletes it, legal holds excepted. Keys are the record
# types of governance.retention; each council sets its own schedule through these variables.
RETENTION_YEARS = {
    "contact_no_further_action": env_int("FRONTDOOR_RETAIN_NFA_YEARS", 6),
    "contact_referred": env_int("FRONTDOOR_RETAIN_REFERRED_YEARS", 25),
}
for _record_type, _years in RETENTION_YEARS.items():
    if not 1 <= _years <= 100:
        raise ImproperlyConfigured(
            f"The retention period for {_record_type} must be 1 to 100 years, not {_years}"
        )
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Security headers -------------------------------------------------------------------
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("FRONTDOOR_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("FRONTDOOR_BEHIND_PROXY", False) else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "build" / "static",  # compiled by `npm run build:css`
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
    ("htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if env_bool("FRONTDOOR_PLAIN_STATIC", False)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = env_bool("FRONTDOOR_PLAIN_STATIC", False)

# --- Locale ------------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Email: SMTP in production; the demo prints messages to the console instead of sending them.
EMAIL_BACKEND_PATH = env_str(
    "FRONTDOOR_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEMO_MODE
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {
    "default": {
        "BACKEND": EMAIL_BACKEND_PATH,
        "OPTIONS": (
            {
                "host": env_str("FRONTDOOR_SMTP_HOST", "localhost"),
                "port": env_int("FRONTDOOR_SMTP_PORT", 587),
                "username": env_str("FRONTDOOR_SMTP_USER"),
                "password": env_str("FRONTDOOR_SMTP_PASSWORD"),
                "use_tls": env_bool("FRONTDOOR_SMTP_TLS", True),
            }
            if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend")
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = env_str("FRONTDOOR_FROM_EMAIL", "frontdoor@localhost")

# --- Logging: no personal data; request paths only, never bodies or query strings ---------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("FRONTDOOR_LOG_LEVEL", "INFO")},
    "loggers": {
        # axes logs the attempted email address at WARNING and INFO: personal data.
        "axes": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
        # WeasyPrint and fontTools narrate every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
