"""Polku settings: one module, everything that differs between machines comes from the environment.

Environment variables (see README "Configuration"):
  POLKU_PRODUCTION   "1" in production: secrets must come from the environment; DEBUG, SQLite and keys
                     shorter than 32 characters are refused (on/off variables take 1/0, true/false,
                     yes/no, on/off and refuse anything else)
  DEBUG              "1" to turn on Django's debug pages (never in production)
  SECRET_KEY         Django's signing key; outside production generated once into var/
  POLKU_FIELD_KEYS   comma-separated Fernet keys for encrypted fields, newest first (key rotation)
  POLKU_SEARCH_KEY   key of the keyed search hash of the henkilötunnus
  POLKU_AUDIT_KEY    key of the hash chain of the use and disclosure logs (keep it 12 years)
  DATABASE_URL       e.g. postgres://postgres@127.0.0.1:5432/polku; SQLite file under var/ when unset
  DB_PREPARED_STATEMENTS  "0" to send PostgreSQL no prepared statements (e.g. behind PgBouncer in
                     transaction mode); on by default
  REPORTS_DATABASE_URL  a read replica the reports read from; the primary when unset
  REDIS_URL          cache (and with it sessions) in Redis; local memory when unset
  ALLOWED_HOSTS      comma-separated host names
  POLKU_SMALL_CELL   smallest group size shown in aggregates (default 5)
  POLKU_CLIENT_LINK_DAYS  how long a one-time link sent to a client works (default 14 days)
  POLKU_NEVER_SHOWN_TO_CLIENT  comma-separated document types never shown to the client unless a worker
                     sets otherwise (e.g. assessment,narrative; default none)
  POLKU_SESSION_IDLE_SECONDS  sign-out after this long without a request (default 30 minutes)
  POLKU_SESSION_SECONDS       sign-out this long after signing in, active or not (default 8 hours)
  POLKU_OIDC_*       organisation single sign-on through OpenID Connect (see "Sign-in" below)
  POLKU_PUBLIC_URL   the address clients and workers reach Polku at, for links in messages
                     (default http://127.0.0.1:8000)
  POLKU_EMAIL_BACKEND  Django's e-mail backend: SMTP in production, the console otherwise; a provider's
                     through django-anymail, e.g. anymail.backends.mailgun.EmailBackend (and ANYMAIL_* below)
  EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS  the SMTP server
  POLKU_EMAIL_FROM   the sender of Polku's e-mail (default polku@localhost)
  POLKU_SMS_BACKEND  the SMS adapter's dotted path (default: the console, polku.messaging.sms.ConsoleSms)
  POLKU_CASELOAD_LIMIT  a team manager's board marks workers with more clients than this (default 60)
  POLKU_SPECIAL_SUPPORT_MEETING_DAYS  a client needing special support not met for this long is on the
                     personal worker's work list (default 30)
  POLKU_SMS_URL, POLKU_SMS_TOKEN, POLKU_SMS_SENDER  the gateway of the HTTP SMS adapter
                     (polku.messaging.sms.HttpSms)
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.secrets import load_or_create_local_secrets

django_stubs_ext.monkeypatch()  # lets admin.ModelAdmin[Model] and other generics run

BASE_DIR = Path(__file__).resolve().parent.parent

# numpy's OpenBLAS starts a thread per core for each matrix operation. Small-cell suppression's SVDs run
# inside the server's request threads, where those threads only contend with the others: measured on two
# shared cores, an effectiveness breakdown by 306 groups took 1.0 s with one BLAS thread and 2-16 s with
# one per core. Read by numpy when it is first imported, after these settings.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
VAR_DIR = Path(os.environ.get("POLKU_VAR_DIR", BASE_DIR / "var"))


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_flag(name: str, default: bool = False) -> bool:
    """A boolean environment variable; a value that is not one (DEBUG=ture, POLKU_PRODUCTION=2) is refused
    rather than read as "off"."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    word = value.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"The environment variable {name}={value!r} is not a boolean. "
        "Use 1, true, yes or on to turn it on, 0, false, no or off to turn it off."
    )


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = env_flag("POLKU_PRODUCTION")
DEBUG = env_flag("DEBUG")
if PRODUCTION and DEBUG:
    # Django's debug page shows the settings, the database password among them: refused before serving.
    raise ImproperlyConfigured(
        "Polku runs in production mode (POLKU_PRODUCTION=1) and refuses to start with DEBUG on: "
        "the debug pages would show secrets to anyone. Unset DEBUG."
    )

_REQUIRED_IN_PRODUCTION = (
    "SECRET_KEY",
    "POLKU_FIELD_KEYS",
    "POLKU_SEARCH_KEY",
    "DATABASE_URL",
    "ALLOWED_HOSTS",
    "POLKU_AUDIT_KEY",
)
if PRODUCTION:
    missing = [name for name in _REQUIRED_IN_PRODUCTION if not os.environ.get(name)]
    if missing:
        raise ImproperlyConfigured(
            "Polku runs in production mode (POLKU_PRODUCTION=1) and refuses to start without "
            f"these environment variables: {', '.join(missing)}. Set them (see README, Configuration)."
        )
    _local: dict[str, str] = {}
else:
    _local = load_or_create_local_secrets(VAR_DIR)

# Keys given in the environment must be long enough in every mode; outside production the generated or
# derived defaults are.
_KEY_MIN_LENGTH = 32
_short_keys = [
    name
    for name in ("POLKU_SEARCH_KEY", "POLKU_AUDIT_KEY")
    if os.environ.get(name) and len(os.environ[name]) < _KEY_MIN_LENGTH
]
if _short_keys:
    raise ImproperlyConfigured(
        f"{', '.join(_short_keys)} must be at least {_KEY_MIN_LENGTH} characters long. "
        'Generate one with: python -c "import secrets; print(secrets.token_urlsafe(32))"'
    )

SECRET_KEY = os.environ.get("SECRET_KEY") or _local["secret_key"]
FIELD_ENCRYPTION_KEYS = env_list("POLKU_FIELD_KEYS") or [_local["field_key"]]
SEARCH_HASH_KEY = os.environ.get("POLKU_SEARCH_KEY") or _local["search_key"]
# Keys the hash chain of the use and disclosure logs (polku/audit/chain.py). Changing it makes every
# sealed row fail verification: keep it as long as the logs (12 years). Local machines derive one.
AUDIT_CHAIN_KEY = (
    os.environ.get("POLKU_AUDIT_KEY")
    or hashlib.sha256(f"polku-audit-chain:{SECRET_KEY}".encode()).hexdigest()
)

# The audit chains' heads are witnessed outside the database (polku/audit/chain.py): the sealer appends
# the signed head to this append-only file every N rows or M minutes; `polku audit verify --checkpoints`.
AUDIT_CHECKPOINT_FILE = os.environ.get("POLKU_AUDIT_CHECKPOINT_FILE") or str(
    VAR_DIR / "audit-checkpoints.log"
)
AUDIT_CHECKPOINT_EVERY_ROWS = 1000
AUDIT_CHECKPOINT_EVERY_MINUTES = 10

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "config",  # first: its createsuperuser replaces Django's
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "polku.core",
    "polku.audit",
    "polku.accounts",
    "polku.codes",
    "polku.clients",
    "polku.registry",
    "polku.messaging",
    "polku.finance",
    "polku.casework",
    "polku.provision",
    "polku.plans",
    "polku.decisions",
    "polku.instruments",
    "polku.appointments",
    "polku.structural",
    "polku.archive",
    "polku.segments",
    "polku.reporting",
    "polku.consultation",
    "polku.workday",
    "polku.fhir",
    "polku.api",
    "polku.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "polku.api.middleware.ApiErrorShapeMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "polku.audit.middleware.SecurityLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "polku.accounts.session_expiry.SessionExpiryMiddleware",
    "polku.core.middleware.NoStoreForSignedInMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "polku" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "polku.accounts.context_processors.navigation",
                "polku.workday.context_processors.work_count",
            ],
            # `|day` (4.12.2026) in every template without a {% load %}.
            "builtins": ["polku.core.templatetags.days"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'polku.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    if PRODUCTION:
        raise ImproperlyConfigured(
            "Polku runs in production mode (POLKU_PRODUCTION=1) and refuses SQLite: set DATABASE_URL to a "
            "PostgreSQL database (postgres://user@host:5432/polku)."
        )
    # A small office on SQLite: readers do not wait for the writer (WAL), a writer takes the write lock when
    # its transaction begins (so two never deadlock upgrading a read lock) and waits up to 20 s for it.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
if DATABASES["default"]["ENGINE"].endswith("postgresql") and env_flag("DB_PREPARED_STATEMENTS", default=True):
    # Parameters travel apart from the query text, so psycopg prepares a query a connection has run five
    # times and PostgreSQL may keep its plan: planning the visibility subquery took 1.5-3 ms of the
    # database's CPU on every page, more than running it. Off (DB_PREPARED_STATEMENTS=0) behind a connection
    # pooler in transaction mode that cannot keep prepared statements.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": 5}
    )
# Reports read through their own alias: a read replica where REPORTS_DATABASE_URL names one, otherwise the
# primary (a second connection to it). Tests mirror it onto the default database.
DATABASES["reports"] = (
    dj_database_url.parse(
        os.environ["REPORTS_DATABASE_URL"],
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    if os.environ.get("REPORTS_DATABASE_URL")
    else {**DATABASES["default"], "OPTIONS": dict(DATABASES["default"].get("OPTIONS", {}))}
)
DATABASES["reports"]["TEST"] = {"MIRROR": "default"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work (exports, PDFs, the audit sweep) runs in `polku worker` through Django's task framework
# (django-tasks, the backport of django.tasks) with its database backend: no broker to run.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# What `polku worker` runs on a clock besides the queued tasks: a function's dotted path -> every N seconds.
# Sealing the audit logs' new rows into their chains (and the checkpoints it writes when due) is off the
# request path: a page only inserts its log rows, with their own MACs, and the worker seals them.
# The reports' pre-aggregated tables are rebuilt every five minutes (a few seconds at a million clients).
POLKU_WORKER_SCHEDULE: dict[str, float] = {
    "polku.audit.chain.seal_all": 1.0,
    "polku.reporting.refresh.refresh_all": 300.0,
    "polku.messaging.services.deliver_due": 10.0,
    "polku.workday.reminders.send_reminders": 60.0,
}

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Django's form renderer, <input>, <select> and <textarea> written in Python (polku/core/form_renderer.py).
FORM_RENDERER = "polku.core.form_renderer.Renderer"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: a locked-out sign-in never reaches the others
    "django.contrib.auth.backends.ModelBackend",
    "polku.accounts.oidc.PolkuOIDCBackend",  # answers only the OpenID Connect callback, when configured
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "config.password_validation.CharacterVarietyValidator", "OPTIONS": {"min_distinct": 5}},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workday:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Failed sign-ins: after five failures for one user name from one address, wait 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("POLKU_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# The organisation's sign-in service throttles its own sign-ins; a refused callback is not a guessed password.
AXES_WHITELIST_CALLABLE = "polku.accounts.oidc.is_oidc_callback"

# Sessions end after POLKU_SESSION_IDLE_SECONDS without a request (the store forgets them; every request
# saves the session again) and POLKU_SESSION_SECONDS after signing in however active
# (polku.accounts.session_expiry), and when the browser closes.
POLKU_SESSION_IDLE_SECONDS = int(os.environ.get("POLKU_SESSION_IDLE_SECONDS", str(30 * 60)))
POLKU_SESSION_MAX_SECONDS = int(os.environ.get("POLKU_SESSION_SECONDS", str(8 * 60 * 60)))
SESSION_COOKIE_AGE = POLKU_SESSION_IDLE_SECONDS
# The session is saved when it changes, not on every request: SessionExpiryMiddleware moves its last-seen
# time (and so the store's expiry) at most once a minute.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# same-origin on purpose, not no-referrer: with no-referrer the public forms broke (Django's CSRF check of
# HTTPS posts looks at the Referer of our own pages).
SECURE_REFERRER_POLICY = "same-origin"
# Largest request body read into memory, forms and the API's JSON alike (a social report with every text
# at its maximum length is under 400 kB). A larger one is refused unread; the API answers 413.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = 31536000
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
# The languages of the client's own pages (the one-time links): the staff's three, Northern Sámi and plain
# Finnish (selkosuomi); polku/clients/languages.py, docs/languages.md (how to add one).
POLKU_CLIENT_LANGUAGES = [*(code for code, _name in LANGUAGES), "se", "fi-selko"]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "polku_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "polku" / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Pages are served from the app's static folders directly, so `collectstatic` is needed only in production.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

# Organisation single sign-on (OpenID Connect, mozilla-django-oidc), on when POLKU_OIDC_CLIENT_ID is set.
# The provider's endpoints come from its discovery document (POLKU_OIDC_DISCOVERY_URL, fetched when first
# needed) or each from its own variable; an explicit one wins. Only people already in Polku's user register
# sign in: the claim POLKU_OIDC_USER_CLAIM ("email" by default; or e.g. "sub", matched against the user's
# organisation account identifier) picks the user, and nobody is created (polku.accounts.oidc).
POLKU_OIDC_ENABLED = bool(os.environ.get("POLKU_OIDC_CLIENT_ID"))
OIDC_RP_CLIENT_ID = os.environ.get("POLKU_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("POLKU_OIDC_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = os.environ.get("POLKU_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("POLKU_OIDC_SCOPES", "openid email")
POLKU_OIDC_DISCOVERY_URL = os.environ.get("POLKU_OIDC_DISCOVERY_URL", "")
POLKU_OIDC_ISSUER = os.environ.get("POLKU_OIDC_ISSUER", "")
POLKU_OIDC_USER_CLAIM = os.environ.get("POLKU_OIDC_USER_CLAIM", "email")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("POLKU_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("POLKU_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("POLKU_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("POLKU_OIDC_JWKS_ENDPOINT", "")
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
OIDC_CREATE_USER = False
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
LOGIN_REDIRECT_URL_FAILURE = "accounts:login"

# Content security policy (django-csp): scripts, styles and everything else only from Polku itself, no
# inline scripts, styles or event handlers, no eval; nobody frames Polku. Forms post to Polku, and the
# organisation sign-in goes on to the provider's authorization endpoint.
_oidc_form_targets = [
    f"{part.scheme}://{part.netloc}"
    for part in (urlsplit(OIDC_OP_AUTHORIZATION_ENDPOINT or POLKU_OIDC_DISCOVERY_URL),)
    if POLKU_OIDC_ENABLED and part.scheme and part.netloc
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF, *_oidc_form_targets],
    }
}

# Aggregates never show a group smaller than this (domain.md, "Client data rules").
POLKU_SMALL_CELL = int(os.environ.get("POLKU_SMALL_CELL", "5"))

# A one-time link sent to a client (plan reading, self-assessment, pre-assessment) works this many days
# from sending (polku.clients.links).
POLKU_CLIENT_LINK_DAYS = int(os.environ.get("POLKU_CLIENT_LINK_DAYS", "14"))
# Document types (polku.clients.models.DocumentType) that are never shown to the client by default; a worker
# still sets a rule of a document's own (polku.clients.release).
POLKU_NEVER_SHOWN_TO_CLIENT = tuple(
    kind.strip() for kind in os.environ.get("POLKU_NEVER_SHOWN_TO_CLIENT", "").split(",") if kind.strip()
)

# Messages to clients and reminders to workers (polku.messaging, polku.workday). Links in them are absolute.
POLKU_PUBLIC_URL = os.environ.get("POLKU_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
EMAIL_BACKEND = os.environ.get("POLKU_EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS")
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("POLKU_EMAIL_FROM", "polku@localhost")
# django-anymail's settings (ANYMAIL = {"MAILGUN_API_KEY": ...}) from ANYMAIL_<NAME> variables.
ANYMAIL = {
    key.removeprefix("ANYMAIL_"): value for key, value in os.environ.items() if key.startswith("ANYMAIL_")
}
POLKU_SMS_BACKEND = os.environ.get("POLKU_SMS_BACKEND", "polku.messaging.sms.ConsoleSms")
POLKU_SMS_URL = os.environ.get("POLKU_SMS_URL", "")
POLKU_SMS_TOKEN = os.environ.get("POLKU_SMS_TOKEN", "")
POLKU_SMS_SENDER = os.environ.get("POLKU_SMS_SENDER", "Polku")

# A team manager's board marks the workers whose open client relationships (as personal worker) are more
# than this (polku.workday).
POLKU_CASELOAD_LIMIT = int(os.environ.get("POLKU_CASELOAD_LIMIT", "60"))
# A client needing special support comes on the personal worker's work list when not met (a meeting or a
# review meeting on the timeline) for this many days.
POLKU_SPECIAL_SUPPORT_MEETING_DAYS = int(os.environ.get("POLKU_SPECIAL_SUPPORT_MEETING_DAYS", "30"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
