"""Settings, read from environment variables so one code base serves SQLite and PostgreSQL."""

import os
from pathlib import Path

import dj_database_url

from dangbo.core import registry

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("DANGBO_DATA_DIR", Path.cwd() / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DANGBO_DEBUG")
# An embedded single-office install needs no setup; a shared server must set its own secret.
SECRET_KEY = os.environ.get("DANGBO_SECRET_KEY", "dangbo-insecure-dev-key-change-me-in-production-0000")
ALLOWED_HOSTS = [h for h in os.environ.get("DANGBO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DANGBO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_filters",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    *registry.installed_apps(),  # the dangbo apps: dangbo/core/registry.py APP_LAYERS
]

MIDDLEWARE = [
    # Pages cross a weak connection compressed (issue 17), padded against BREACH; files and static files as they are.
    "dangbo.core.middleware.CompressTextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "dangbo.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "dangbo.core.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "dangbo.twofactor.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "dangbo.core.middleware.RequestIdMiddleware",
    "dangbo.core.replica.ReplicaMiddleware",  # inert without a replica
    "dangbo.core.middleware.BadNumberMiddleware",
    "dangbo.core.middleware.BusyDatabaseMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "dangbo.config.urls"
WSGI_APPLICATION = "dangbo.config.wsgi.application"

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
                "django.template.context_processors.i18n",
                "dangbo.core.context.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{DATA_DIR / 'dangbo.sqlite3'}",
        conn_max_age=int(os.environ.get("DANGBO_CONN_MAX_AGE", "60")),
    )
}
# How long a write waits for SQLite's lock before the request answers 503 "try again". An import holds
# the lock only for its inserts (rows are prepared before), a few seconds for 60,000 rows.
SQLITE_BUSY_TIMEOUT_MS = int(os.environ.get("DANGBO_SQLITE_BUSY_TIMEOUT_MS", "20000"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer commits; foreign keys are on by default in Django.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": ("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                         f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS};"),
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif env_bool("DANGBO_DB_POOL"):
    # PostgreSQL: a pool of connections per process (Django's own, psycopg_pool) instead of one kept connection
    # per thread (docs/operations.md "Connection pooling"). Pooling and CONN_MAX_AGE exclude each other.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("DANGBO_DB_POOL_MIN_SIZE", "2")),
        "max_size": int(os.environ.get("DANGBO_DB_POOL_MAX_SIZE", "10")),
        "timeout": float(os.environ.get("DANGBO_DB_POOL_TIMEOUT", "10")),
    }
if env_bool("DANGBO_DISABLE_SERVER_SIDE_CURSORS"):
    # Behind PgBouncer in transaction pooling mode a named cursor may not outlive its transaction.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
# Reads of reports, statistics and exports on a streaming replica (dangbo/core/replica.py): the alias and its
# router exist only when DATABASE_REPLICA_URL is set; otherwise every query goes to `default`.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"], conn_max_age=DATABASES["default"]["CONN_MAX_AGE"]),
        "OPTIONS": dict(DATABASES["default"].get("OPTIONS", {})),
        "DISABLE_SERVER_SIDE_CURSORS": DATABASES["default"].get("DISABLE_SERVER_SIDE_CURSORS", False),
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["dangbo.core.replica.ReplicaRouter"]
# After a request that wrote, the browser reads the primary this long (longer than the replica's usual lag).
REPLICA_PIN_SECONDS = int(os.environ.get("DANGBO_REPLICA_PIN_SECONDS", "10"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background jobs (core/jobs.py): django-tasks' queue in the database itself, run by `dangbo worker` (started
# beside the web server by `dangbo serve`), so a job survives a restart on SQLite and PostgreSQL alike.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

FORM_RENDERER = "dangbo.core.form_renderer.Renderer"  # the plain inputs written in Python (core/form_renderer.py)

PASSWORD_HASHERS = [
    "dangbo.core.passwords.Argon2PasswordHasher",  # Argon2id at OWASP's parameters (core/passwords.py)
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Uploaded tables (issue 11.2): every limit is checked before or while reading, with a Vietnamese message.
IMPORT_MAX_UPLOAD_BYTES = int(os.environ.get("DANGBO_IMPORT_MAX_UPLOAD_BYTES", str(100 * 1024 * 1024)))
IMPORT_MAX_UNZIPPED_BYTES = int(os.environ.get("DANGBO_IMPORT_MAX_UNZIPPED_BYTES", str(200 * 1024 * 1024)))
IMPORT_MAX_ZIP_RATIO = int(os.environ.get("DANGBO_IMPORT_MAX_ZIP_RATIO", "200"))
IMPORT_MAX_CELL_CHARS = int(os.environ.get("DANGBO_IMPORT_MAX_CELL_CHARS", "32767"))  # Excel's own limit
IMPORT_MAX_COLUMNS = int(os.environ.get("DANGBO_IMPORT_MAX_COLUMNS", "200"))
IMPORT_MAX_ROWS = int(os.environ.get("DANGBO_IMPORT_MAX_ROWS", "200000"))
IMPORT_PREVIEW_ROWS = int(os.environ.get("DANGBO_IMPORT_PREVIEW_ROWS", "500"))  # rows kept per preview section
IMPORT_PREVIEW_CELL_CHARS = int(os.environ.get("DANGBO_IMPORT_PREVIEW_CELL_CHARS", "300"))
# Request bodies: form fields in memory (files go to a temporary file above this size).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "dangbo.exchange.web.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Login throttling (dangbo.core.throttle, shared by the web, admin and API token logins): an account slows
# after LOGIN_SLOW_AFTER failures within the window and locks at LOGIN_MAX_FAILURES; an address is never
# locked, only slowed to one attempt per LOGIN_ADDRESS_INTERVAL_SECONDS past LOGIN_ADDRESS_MAX_FAILURES.
LOGIN_MAX_FAILURES = int(os.environ.get("DANGBO_LOGIN_MAX_FAILURES", "5"))
LOGIN_LOCKOUT_SECONDS = int(os.environ.get("DANGBO_LOGIN_LOCKOUT_SECONDS", "900"))
LOGIN_SLOW_AFTER = int(os.environ.get("DANGBO_LOGIN_SLOW_AFTER", "3"))
LOGIN_ADDRESS_MAX_FAILURES = int(os.environ.get("DANGBO_LOGIN_ADDRESS_MAX_FAILURES", "30"))
LOGIN_ADDRESS_INTERVAL_SECONDS = int(os.environ.get("DANGBO_LOGIN_ADDRESS_INTERVAL_SECONDS", "5"))

# Two-factor authentication (dangbo.twofactor): users holding one of these roles must enrol a TOTP device
# before anything else, and then give a code at each login. Users of other roles may enrol if they wish.
# The Django admin (/quan-tri/) needs a verified device whatever this says.
REQUIRE_2FA_ROLES = tuple(
    r.strip() for r in os.environ.get("DANGBO_REQUIRE_2FA_ROLES", "admin,office").split(",") if r.strip())
OTP_TOTP_ISSUER = "dangbo"
OTP_TOTP_THROTTLE_FACTOR = 0  # the shared login throttle (dangbo.core.throttle) limits code guesses instead

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names and gzip copies once collected (dangbo serve does it), plain names before (core/staticfiles.py).
    "staticfiles": {"BACKEND": "dangbo.core.staticfiles.StaticStorage"},
}
WHITENOISE_USE_FINDERS = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("DANGBO_SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("DANGBO_SSL_REDIRECT")
SECURE_HSTS_SECONDS = int(os.environ.get("DANGBO_HSTS_SECONDS", "0"))

# MAX_ENTRIES: Django's default of 300 would cull the figures of fifty users at once (each scope keeps its own).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "dangbo_cache",
                      "OPTIONS": {"MAX_ENTRIES": 20000}}}
# The expensive figures kept until the next write (core/cached.py). The test suite turns them off where its
# writes never commit (a rolled-back test transaction would leave them stale); tests/core/test_cached.py and the
# browser journeys, whose writes commit, keep them on.
CACHED_FIGURES = True
# How long a figure slow to build (core/cached.py SLOW_BUILD) may be shown from before the latest writes, with the time
# it was counted, while one request builds it again (0: always current).
CACHED_FIGURES_LAG = int(os.environ.get("DANGBO_CACHED_FIGURES_LAG", "60"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "dangbo.core.api_params.CursorPagination",
    "PAGE_SIZE": 50,
    # Documents every operation's error answers (400/401/403/404/409/429/503) in one place.
    "DEFAULT_SCHEMA_CLASS": "dangbo.core.api_schema.DangboAutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "dangbo API",
    "DESCRIPTION": "API của dangbo: tổ chức đảng, đảng viên, sự kiện sinh hoạt đảng.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "ENUM_NAME_OVERRIDES": {
        "OrgKindEnum": "dangbo.organizations.models.OrgKind",
        "OrgStatusEnum": "dangbo.organizations.models.OrgStatus",
        "OrgEventKindEnum": "dangbo.organizations.models.OrgEvent.Kind",
        "MemberStatusEnum": "dangbo.members.models.Status",
        "MemberEventKindEnum": "dangbo.members.models.EventKind",
    },
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DANGBO_LOG_LEVEL", "WARNING")},
}
