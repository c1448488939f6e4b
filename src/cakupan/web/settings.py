"""Django settings. Everything a deployment changes comes from the environment (see docs/configuration.md)."""

from __future__ import annotations

import datetime as dt
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from cakupan.web.paths import data_dir, secret_key

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir()

SECRET_KEY = secret_key()
DEBUG = os.environ.get("CAKUPAN_DEBUG") == "1"
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("CAKUPAN_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",  # Content-Security-Policy header (its checks catch old-style CSP_* settings)
    "axes",  # login throttling and lockout
    "django_otp",  # optional TOTP second factor
    "django_otp.plugins.otp_totp",
    "cakupan.web.registry",
    "cakupan.web.membership",
    "cakupan.web.imports",
    "cakupan.web.indicators",
    "cakupan.web.accounts",
    "cakupan.web.audit",
    "cakupan.web.api",
    "cakupan.web.employers",
    "cakupan.web.staff",
    "cakupan.web.linkage",
    "cakupan.web.history",
    "cakupan.web.targets",
    "cakupan.web.enrolment",
    "cakupan.web.benefits",
    "cakupan.web.compliance",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cakupan.web.middleware.IndonesianFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "cakupan.web.busy.BusyDatabaseMiddleware",  # SQLite locked by an import: a 503 page naming it, not a 500
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cakupan.web.middleware.NoStoreMiddleware",  # Cache-Control: no-store for every logged-in response
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified()
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "cakupan.web.accounts.otp.OTPRequiredMiddleware",  # users with a TOTP device enter their code first
    "cakupan.web.middleware.PasswordChangeRequiredMiddleware",  # after an admin reset, a new password first
    "django.contrib.messages.middleware.MessageMiddleware",
    "cakupan.web.middleware.NoNulCharacterMiddleware",  # NUL in the path, query or form: 400, not a database error
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the Indonesian lockout page
]

ROOT_URLCONF = "cakupan.web.urls"
WSGI_APPLICATION = "cakupan.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # {% xlsx_link %} on every list page; the label/number filters on every template
            "builtins": ["cakupan.web.lists", "cakupan.web.language", "cakupan.web.numbers"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _database() -> dict[str, object]:
    """DATABASE_URL: ``sqlite:///path``, a bare file path, or ``postgres://...``; default SQLite in DATA_DIR."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        url = f"sqlite:///{DATA_DIR / 'cakupan.sqlite3'}"
    elif "://" not in url:
        url = f"sqlite:///{Path(url).resolve()}"
    config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=0))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets the web app read while an import writes; IMMEDIATE avoids lock upgrades failing mid-write.
        # SQLite has one writer at a time: a login or an audit record waits (up to `timeout` seconds) for a long
        # import to commit instead of failing after Python's default of 5 seconds.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": float(os.environ.get("CAKUPAN_SQLITE_BUSY_SECONDS", "60")),  # docs/configuration.md
        }
    return config


DATABASES = {"default": _database()}

# When SQLite is busy (docs/architecture.md): sessions live in files (<data dir>/sesi), so logging in needs no
# database write while an import holds the write lock; on PostgreSQL they stay in the database. The web process
# waits only CAKUPAN_WEB_BUSY_SECONDS for the lock (cakupan.web.busy.use_web_busy_timeout, called by wsgi.py).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    SESSION_ENGINE = "django.contrib.sessions.backends.file"
    SESSION_FILE_PATH = str(DATA_DIR / "sesi")
    Path(SESSION_FILE_PATH).mkdir(mode=0o700, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = 8 * 60 * 60  # a working day
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# --- Security (UU 27/2022: the database holds NIKs and names). Server-only settings that need HTTPS
# (secure cookies, HSTS, SSL redirect) are in settings_production.py. ---

# Sessions end with the browser or after SESSION_COOKIE_AGE, whichever comes first. Lax keeps cookies off
# cross-site POSTs while links from other sites still open a logged-in page.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Response headers (SecurityMiddleware, XFrameOptionsMiddleware).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"  # URLs carry region codes and person ids: never send them elsewhere
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp 4): only the app's own files, no inline script or style, nothing from a
# CDN (the app runs offline). Templates must not use <script>, <style>, style= or on*= attributes
# (tests/web/test_web_security.py scans them). data: images are the server-rendered TOTP QR code.
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

# Login throttling (django-axes): 5 wrong passwords for one user name from one IP address lock that pair out
# for 30 minutes; a further attempt during the lockout starts the 30 minutes again. The backend must come
# first so a locked-out pair is refused before the password is checked; every caller of authenticate() must
# pass the request (Django's LoginView does; in tests use client.force_login or
# client.login(request=HttpRequest(), ...)).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_HANDLER = (
    "cakupan.web.accounts.axes_handler.BusyTolerantAxesHandler"  # lockout counts while SQLite is busy
)
AXES_DISABLE_ACCESS_LOG = True  # successful logins are in the audit log already; keep no second copy of IPs
# Wrong current passwords on /sandi/ count as failed logins too; axes keeps none of the passwords posted.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "old_password", "new_password1", "new_password2"]

# Optional TOTP second factor (django-otp; enrolment and code pages in cakupan.web.accounts.otp_views).
OTP_TOTP_ISSUER = "Cakupan"


def _positive_int(name: str, raw: str, default: int) -> int:
    """The value of environment variable ``name`` (``raw``) as a positive integer; empty gives ``default``."""
    raw = raw.strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value <= 0:
        raise ImproperlyConfigured(
            f"{name} harus berupa bilangan bulat positif (jumlah byte), bukan {raw!r}."
        )
    return value


# Uploads. Form fields (everything except files) may total 5 MB; uploaded files above 5 MB are written to a
# temporary file instead of memory, in the data directory (owner-only) rather than a shared /tmp, because
# they hold personal data. Every page that takes a file has its own limit (cakupan.web.imports.uploads.
# UPLOAD_LIMITS): CAKUPAN_MAX_UPLOAD_BYTES (default 100 MB) for imports and linkage files,
# CAKUPAN_MAX_ANSWER_UPLOAD_BYTES (default 20 MB) for BPJSTK's answer to an enrolment batch; other pages take
# none. UploadGate, first of the upload handlers, enforces them while the body arrives and stops reading it.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "cakupan.web.imports.uploads.UploadGate",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
CAKUPAN_MAX_UPLOAD_BYTES = _positive_int(
    "CAKUPAN_MAX_UPLOAD_BYTES", os.environ.get("CAKUPAN_MAX_UPLOAD_BYTES", ""), 100 * 1024 * 1024
)
CAKUPAN_MAX_ANSWER_UPLOAD_BYTES = _positive_int(
    "CAKUPAN_MAX_ANSWER_UPLOAD_BYTES", os.environ.get("CAKUPAN_MAX_ANSWER_UPLOAD_BYTES", ""), 20 * 1024 * 1024
)
# Days the files of a finished or abandoned browser import / linkage job are kept (cakupan.web.imports.retention).
CAKUPAN_UPLOAD_RETENTION_DAYS = _positive_int(
    "CAKUPAN_UPLOAD_RETENTION_DAYS", os.environ.get("CAKUPAN_UPLOAD_RETENTION_DAYS", ""), 30
)
# Rows an import writes per step (between two steps it reports progress and may be cancelled); empty: a
# fiftieth of the file, at least 20,000 rows.
_chunk_rows = os.environ.get("CAKUPAN_IMPORT_CHUNK_ROWS", "").strip()
if _chunk_rows and not (_chunk_rows.isdigit() and int(_chunk_rows) > 0):
    raise ImproperlyConfigured(
        f"CAKUPAN_IMPORT_CHUNK_ROWS harus berupa bilangan bulat positif (jumlah baris), bukan {_chunk_rows!r}."
    )
CAKUPAN_IMPORT_CHUNK_ROWS = int(_chunk_rows or 0)

# Background tasks (imports in the browser): django-tasks with its database backend. `cakupan serve` and
# `cakupan demo` start the worker process themselves (cakupan.web.imports.worker).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _probability(name: str, default: float) -> float:
    """Environment variable ``name`` as a probability strictly between 0 and 1; empty gives ``default``."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        value = -1.0
    if not 0 < value < 1:
        raise ImproperlyConfigured(
            f"{name} harus berupa peluang di antara 0 dan 1 (misalnya 0.85), bukan {raw!r}."
        )
    return value


# Record linkage (cakupan.linkage.engine): a candidate pair at or above the match threshold is linked
# automatically, one at or above the review threshold waits in the review queue (/pencocokan/). The defaults,
# and what they were measured to give, are in docs/configuration.md.
CAKUPAN_LINK_MATCH_THRESHOLD = _probability("CAKUPAN_LINK_MATCH_THRESHOLD", 0.85)
CAKUPAN_LINK_REVIEW_THRESHOLD = _probability("CAKUPAN_LINK_REVIEW_THRESHOLD", 0.3)
if CAKUPAN_LINK_REVIEW_THRESHOLD > CAKUPAN_LINK_MATCH_THRESHOLD:
    raise ImproperlyConfigured(
        "CAKUPAN_LINK_REVIEW_THRESHOLD tidak boleh lebih besar dari CAKUPAN_LINK_MATCH_THRESHOLD "
        f"({CAKUPAN_LINK_REVIEW_THRESHOLD} > {CAKUPAN_LINK_MATCH_THRESHOLD})."
    )

# Coverage facts (cakupan.indicators.facts): the months they describe, ending at the month of
# CAKUPAN_COVERAGE_AS_OF (YYYY-MM-DD; empty: the day of each refresh), whose state is taken on that day.
CAKUPAN_COVERAGE_MONTHS = _positive_int(
    "CAKUPAN_COVERAGE_MONTHS", os.environ.get("CAKUPAN_COVERAGE_MONTHS", ""), 12
)
# Enrolment: days before a batch's cover ends from which its workers are listed for renewal.
CAKUPAN_LAPSE_ALERT_DAYS = _positive_int(
    "CAKUPAN_LAPSE_ALERT_DAYS", os.environ.get("CAKUPAN_LAPSE_ALERT_DAYS", ""), 30
)
# Open JKK claims show on the claims page from this many days before the right to claim ends (5 years after).
CAKUPAN_CLAIM_EXPIRY_ALERT_DAYS = _positive_int(
    "CAKUPAN_CLAIM_EXPIRY_ALERT_DAYS", os.environ.get("CAKUPAN_CLAIM_EXPIRY_ALERT_DAYS", ""), 180
)
_coverage_as_of = os.environ.get("CAKUPAN_COVERAGE_AS_OF", "").strip()
try:
    CAKUPAN_COVERAGE_AS_OF = dt.date.fromisoformat(_coverage_as_of) if _coverage_as_of else None
except ValueError:
    raise ImproperlyConfigured(
        f"CAKUPAN_COVERAGE_AS_OF harus tanggal YYYY-MM-DD atau kosong, bukan {_coverage_as_of!r}."
    ) from None

FILE_UPLOAD_TEMP_DIR = DATA_DIR / "unggahan-sementara"
FILE_UPLOAD_TEMP_DIR.mkdir(mode=0o700, exist_ok=True)
FILE_UPLOAD_TEMP_DIR.chmod(0o700)
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = True  # serve app static files without a collectstatic step on a laptop

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django": {"handlers": ["console"], "level": os.environ.get("CAKUPAN_LOG_LEVEL", "WARNING")}},
}
USE_THOUSAND_SEPARATOR = True
