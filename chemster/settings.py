"""Settings of the CHEM-STER portal: one file, driven by the environment.

Every variable read here is listed, with a comment, in ``.env.example``.
Local defaults make ``runserver`` work; secrets have no production default.
"""

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from chemster.lib.env import (
    envbool,
    envint,
    envlist,
    envorigins,
    envsecret,
    envstr,
    envurl,
)

BASE_DIR = Path(__file__).resolve().parent.parent

# --- Core ---------------------------------------------------------------

DEBUG = envbool("DEBUG", False)
SECRET_KEY = envsecret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off (set SECRET_KEY or SECRET_KEY_FILE)."
        )
    SECRET_KEY = "insecure-local-development-key-never-used-with-debug-off"  # noqa: S105

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = envorigins("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = envurl("SITE_URL", "http://127.0.0.1:8000", schemes=("http", "https"))

INSTALLED_APPS = [
    "members.admin_apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "template_partials",
    "csp",
    "chemster",
    "newsletters",
    "members",
    "projects",
    "events",
    "strategy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "chemster.lib.middleware.security_headers",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages and API answers go out compressed (static files are already:
    # WhiteNoise serves collectstatic's .gz). BREACH needs a secret in the
    # body: Django masks the CSRF token anew on every response, and this
    # middleware pads its output with random bytes (docs/security.md).
    "django.middleware.gzip.GZipMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything reads the body; after the language is known, for the
    # 413 page.
    "chemster.lib.request_limits.request_body_limit",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Needs request.user; a hit skips only the middleware below it.
    "chemster.lib.page_cache.anonymous_page_cache",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]
if envbool("ZEAL_ENABLED", False):
    # django-zeal is a test tool (requirements-dev.txt), never installed in
    # production.
    INSTALLED_APPS.append("zeal")
    # Raises on N+1 queries within one request (outermost, so that it sees
    # the session and user lookups too); the test suite turns it on.
    MIDDLEWARE.insert(0, "zeal.middleware.zeal_middleware")
    # Logging in (allauth's stages) reads the session more than once.
    ZEAL_ALLOWLIST = [{"model": "sessions.Session"}]

ROOT_URLCONF = "chemster.urls"
WSGI_APPLICATION = "chemster.wsgi.application"

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
                "chemster.context_processors.site",
                "members.context_processors.roles",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------

try:
    _database = dj_database_url.parse(
        envstr("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/chemster"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 600, minimum=0),
        conn_health_checks=True,
    )
except ValueError as error:
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid URL: {error}") from None
if _database.get("ENGINE") != "django.db.backends.postgresql" or not _database.get("NAME"):
    raise ImproperlyConfigured(
        "DATABASE_URL must be a PostgreSQL URL such as "
        "postgres://user:password@host:5432/chemster (PostgreSQL is the only "
        "database the portal supports)."
    )
# PostgreSQL's default random_page_cost (4) prices a random read as on a
# spinning disk; on SSDs, which the portal's servers use, 1.1 is the usual
# setting. With 4, the directory's search for a common word read the whole
# firms table instead of its GIN index: 130 ms instead of 40 ms at
# 100,000 firms (docs/performance.md).
_random_page_cost = envstr("DATABASE_RANDOM_PAGE_COST", "1.1")
try:
    if not float(_random_page_cost) > 0:
        raise ValueError
except ValueError:
    raise ImproperlyConfigured(
        f"DATABASE_RANDOM_PAGE_COST must be a positive number, not {_random_page_cost!r}."
    ) from None
_database["OPTIONS"] = {
    "connect_timeout": envint("DATABASE_CONNECT_TIMEOUT", 5),
    "options": f"-c random_page_cost={float(_random_page_cost)}",
}
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Caches, sessions and Redis -------------------------------------------

REDIS_URL = envurl("REDIS_URL", "redis://127.0.0.1:6379/0", schemes=("redis", "rediss"))
CACHES = {
    # Login rate limits: in the database, so that logging in keeps working
    # while Redis is down (the API's throttles count in Redis, below).
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
    },
    # Anonymous page fragments per language (chemster.lib.cache); a Redis
    # error is a cache miss, never a failed page.
    "fragments": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": envstr("FRAGMENT_CACHE_PREFIX", "chemster"),
        "TIMEOUT": envint("FRAGMENT_CACHE_SECONDS", 300, minimum=0),
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.25,
            "SOCKET_TIMEOUT": 0.25,
        },
    },
}
# API throttle counters (chemster.lib.throttling): a Redis error reads as "no
# requests yet", so the API fails open while Redis is down.
CACHES["throttles"] = {
    **CACHES["fragments"],
    "KEY_PREFIX": envstr("FRAGMENT_CACHE_PREFIX", "chemster") + ":throttle",
    "TIMEOUT": None,
}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "chemster.cache"
FRAGMENT_CACHE_ENABLED = envbool("FRAGMENT_CACHE_ENABLED", True)
# Whole anonymous pages in the same Redis (chemster.lib.page_cache), for
# this many seconds; 0, the default, turns it off. Off because only the
# directory's and the footer's services invalidate it: any other page (events,
# projects, news) may show data this old to visitors. Turn it on for a
# traffic peak, with a short time.
ANONYMOUS_PAGE_CACHE_SECONDS = envint("ANONYMOUS_PAGE_CACHE_SECONDS", 0, minimum=0)
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Auth ---------------------------------------------------------------

AUTH_USER_MODEL = "members.User"
# The e-mail login is unique regardless of case through a functional
# constraint (members_user_email_unique_ci), which this check cannot see.
SILENCED_SYSTEM_CHECKS = ["auth.E003", "auth.W004"]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "members.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
# Accounts come from invitations, whose link proves the address; a changed
# address is verified before it replaces the old one.
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[CHEM-STER] "
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if not DEBUG else "http"
# At most 100 failed logins per hour on one account, counted per account so
# that an attack on one never locks out another (kept in the database cache).
ACCOUNT_RATE_LIMITS = {
    "login_failed": "100/h/key",
    # Wrong two-factor codes: 10 an hour per account (members.mfa_forms).
    "mfa_code_failed": "10/h/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "CHEM-STER"
# Accept the code of the previous and next 30-second period too: phone
# clocks drift, and a code typed at the end of its period must still work.
MFA_TOTP_TOLERANCE = 1
MFA_ADAPTER = "allauth.mfa.adapter.DefaultMFAAdapter"
MFA_FORMS = {
    "authenticate": "members.mfa_forms.AuthenticateForm",
    "reauthenticate": "members.mfa_forms.ReauthenticateForm",
}
INVITATION_DAYS = envint("INVITATION_DAYS", 7, minimum=1)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages and time -------------------------------------------------

LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("Polish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True

# --- Static and media files ---------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(BASE_DIR / ".local" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(BASE_DIR / ".local" / "media")))
# Files only a permission-checking view serves (project documents); never
# under MEDIA_ROOT, which the web server publishes.
PRIVATE_MEDIA_ROOT = Path(envstr("PRIVATE_MEDIA_ROOT", str(BASE_DIR / ".local" / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if not envbool("STATIC_MANIFEST", not DEBUG)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440, minimum=1)
# Uploads, judged by their content (chemster.lib.uploads): the largest file
# of each kind, the most pixels an image may have, and how much a zip-based
# file (DOCX, XLSX, ODT, ODS) may unpack to.
UPLOAD_MAX_IMAGE_BYTES = envint("UPLOAD_MAX_IMAGE_BYTES", 2 * 1024 * 1024, minimum=1)
UPLOAD_MAX_IMAGE_PIXELS = envint("UPLOAD_MAX_IMAGE_PIXELS", 25_000_000, minimum=1)
UPLOAD_MAX_DOCUMENT_BYTES = envint("UPLOAD_MAX_DOCUMENT_BYTES", 10 * 1024 * 1024, minimum=1)
UPLOAD_MAX_IMPORT_BYTES = envint("UPLOAD_MAX_IMPORT_BYTES", 5 * 1024 * 1024, minimum=1)
UPLOAD_MAX_UNPACKED_BYTES = envint("UPLOAD_MAX_UNPACKED_BYTES", 100 * 1024 * 1024, minimum=1)
# A whole multipart body (files and fields) may be this large; a larger one,
# or any other body over DATA_UPLOAD_MAX_MEMORY_SIZE, gets 413 before a view
# runs (chemster.lib.request_limits).
_largest_upload = max(UPLOAD_MAX_IMAGE_BYTES, UPLOAD_MAX_DOCUMENT_BYTES, UPLOAD_MAX_IMPORT_BYTES)
REQUEST_MAX_BODY_BYTES = envint("REQUEST_MAX_BODY_BYTES", _largest_upload + 1024 * 1024, minimum=1)
if _largest_upload >= REQUEST_MAX_BODY_BYTES:
    raise ImproperlyConfigured(
        "REQUEST_MAX_BODY_BYTES must be larger than the largest UPLOAD_MAX_*_BYTES, "
        "or a file within its limit could not be sent."
    )

# --- Security -------------------------------------------------------------

SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_TLS_PROXY", False) else None
)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)
# Enforced, never report-only: no inline script or style anywhere.
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

# --- API (DRF) ----------------------------------------------------------

REST_FRAMEWORK = {
    # The token class comes first so that a request without credentials gets
    # 401 with a WWW-Authenticate header (DRF answers 403 when the first
    # class names no challenge, as SessionAuthentication does).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "members.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "chemster.lib.api.PortalPagination",
    "PAGE_SIZE": 25,
    "EXCEPTION_HANDLER": "chemster.lib.api.exception_handler",
    # Counted in Redis (the "throttles" cache), so throttling holds across
    # web replicas; while Redis is down the API is not throttled rather
    # than failing (chemster.lib.throttling).
    # A view that names a throttle_scope is also counted in that scope.
    "DEFAULT_THROTTLE_CLASSES": [
        "chemster.lib.throttling.PortalAnonRateThrottle",
        "chemster.lib.throttling.PortalUserRateThrottle",
        "chemster.lib.throttling.PortalScopedRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": "100/hour",
        "user": "1000/hour",
        # Membership applications, per client address or user (public).
        "applications": "10/hour",
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CHEM-STER portal API",
    "DESCRIPTION": (
        "The REST API of the CHEM-STER cluster portal. Authenticate with a "
        "personal API token (`Authorization: Bearer chm_...`), created on the "
        "account page /pl/accounts/tokens/. Lists are paginated with `page` "
        "and `page_size` (at most 100); the firm list follows the `cursor` of "
        "its `next` link instead. Errors are JSON: `detail` says what "
        "went wrong and, on a 400, `errors` maps each field to its messages."
    ),
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Django's <int:...> matches digits only; a negative id never reaches a
    # view. <slug:...> matches ASCII letters, digits, hyphens and underscores.
    "PATH_CONVERTER_OVERRIDES": {
        "int": {"type": "integer", "minimum": 0},
        "slug": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
    },
    # Swagger UI's files come from drf-spectacular-sidecar, never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "persistAuthorization": False},
    # One name for each choice set that several fields share.
    "ENUM_NAME_OVERRIDES": {
        "LanguageEnum": "members.models.User.Language",
        "ContactFieldEnum": "members.models.Firm.CONTACT_FIELDS",
        "ProfileFieldEnum": "members.models.Firm.VISIBILITY_FIELDS",
        # Choice sets that share a field name (kind, state, role) across apps.
        "FirmKindEnum": "members.models.Firm.Kind",
        "ApplicationStateEnum": "members.models.MembershipApplication.State",
        "ProjectKindEnum": "projects.models.Project.Kind",
        "ProjectStateEnum": "projects.models.Project.State",
        "ParticipationRoleEnum": "projects.models.Participation.Role",
        "JoiningRoleEnum": "projects.participation_forms.JOINING_ROLE_CHOICES",
        "ParticipationStateEnum": "projects.models.Participation.State",
        "ExternalPartnerKindEnum": "projects.models.ExternalPartner.Kind",
        "OpportunityKindEnum": "projects.models.Opportunity.Kind",
        "OpportunityStateEnum": "projects.models.Opportunity.State",
        "EventKindEnum": "events.models.Event.Kind",
        "EventStateEnum": "events.models.Event.State",
        "RegistrationStateEnum": "events.models.Registration.State",
        "VisibilityEnum": "projects.models.Project.Visibility",
        "ActionStatusEnum": "strategy.models.Action.Status",
        "FirmStatusEnum": "members.models.Firm.Status",
        "CampaignStateEnum": "newsletters.models.Campaign.State",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "chemster.lib.api.add_throttling_response",
    ],
}

# --- Celery -------------------------------------------------------------

CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# The outbox in PostgreSQL is the truth; a task is acknowledged only once it
# has run, and a task whose worker died goes back to the queue.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# A task running when the broker connection drops keeps running (the default
# today, which Celery 6 flips); campaign sending relies on it.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = envint("CELERY_TASK_SOFT_TIME_LIMIT", 240, minimum=1)
CELERY_TASK_TIME_LIMIT = envint("CELERY_TASK_TIME_LIMIT", 300, minimum=1)
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# An unacknowledged task is redelivered after this long; longer than any
# task's hard time limit, so a slow task is never run twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {
    # Every minute: re-queue stale mail claims and send what is due
    # (covers a lost nudge, a Redis outage or a killed worker).
    "newsletters.sweep_outbox": {
        "task": "newsletters.sweep_outbox",
        "schedule": 60.0,
    },
    # Every hour: delete newsletter sign-ups never confirmed in time.
    "newsletters.expire_unconfirmed_consents": {
        "task": "newsletters.expire_unconfirmed_consents",
        "schedule": 3600.0,
    },
    # Every day at 6:00 (Warsaw): expire cooperation offers and requests past
    # their date and remind their firms four weeks before.
    "projects.expire_opportunities": {
        "task": "projects.expire_opportunities",
        "schedule": crontab(hour=6, minute=0),
    },
    # Every minute: start the campaigns whose scheduled time has come.
    "newsletters.send_scheduled_campaigns": {
        "task": "newsletters.send_scheduled_campaigns",
        "schedule": 60.0,
    },
    # On the first day of every month at 3:00 (Warsaw): store the live
    # indicators' values as measurements, so their history exists.
    "strategy.snapshot_indicators": {
        "task": "strategy.snapshot_indicators",
        "schedule": crontab(day_of_month=1, hour=3, minute=0),
    },
    # Every five minutes: mail the event reminders that are due.
    "events.send_reminders": {
        "task": "events.send_reminders",
        "schedule": 300.0,
    },
    # Every night at 3:30, 3:40 and 3:50 (Warsaw): erase personal data past
    # its retention (RETENTION_* settings), in batches.
    "events.purge_expired_personal_data": {
        "task": "events.purge_expired_personal_data",
        "schedule": crontab(hour=3, minute=30),
    },
    "members.purge_expired_personal_data": {
        "task": "members.purge_expired_personal_data",
        "schedule": crontab(hour=3, minute=40),
    },
    "newsletters.purge_expired_personal_data": {
        "task": "newsletters.purge_expired_personal_data",
        "schedule": crontab(hour=3, minute=50),
    },
}

# --- Email --------------------------------------------------------------

EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_FILE_PATH = envstr("EMAIL_FILE_PATH", str(BASE_DIR / ".local" / "mail"))
EMAIL_HOST = envstr("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = envint("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 20, minimum=1)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "CHEM-STER <portal@chemster.pl>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on.")

# --- Mail (the outbox in newsletters) -------------------------------------

# The domain in every Message-ID (<outbox.<pk>.<hash>@domain>).
MAIL_MESSAGE_ID_DOMAIN = envstr("MAIL_MESSAGE_ID_DOMAIN", "chemster.pl")
# Rows one worker claims at a time and sends over one connection.
MAIL_BATCH_SIZE = envint("MAIL_BATCH_SIZE", 50, minimum=1)
# Mails sent per minute by all workers together; 0 means no limit.
MAIL_RATE_PER_MINUTE = envint("MAIL_RATE_PER_MINUTE", 0, minimum=0)
# Attempts after which a temporarily failing mail is given up (failed).
MAIL_MAX_ATTEMPTS = envint("MAIL_MAX_ATTEMPTS", 8, minimum=1)
# Backoff after a temporary failure: base * 2^(attempts - 1), capped.
MAIL_RETRY_BASE_SECONDS = envint("MAIL_RETRY_BASE_SECONDS", 60, minimum=1)
MAIL_RETRY_MAX_SECONDS = envint("MAIL_RETRY_MAX_SECONDS", 6 * 3600, minimum=1)
# A claim older than this is taken for a dead worker's and re-queued. It
# must exceed the task's hard time limit, the longest a batch can take.
MAIL_CLAIM_TIMEOUT_SECONDS = envint("MAIL_CLAIM_TIMEOUT_SECONDS", 600, minimum=1)
if MAIL_CLAIM_TIMEOUT_SECONDS <= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured(
        "MAIL_CLAIM_TIMEOUT_SECONDS must be longer than CELERY_TASK_TIME_LIMIT, "
        "or a slow batch would be re-queued and sent twice."
    )
# Days a newsletter confirmation link works; unconfirmed sign-ups are
# deleted after that.
NEWSLETTER_CONFIRM_DAYS = envint("NEWSLETTER_CONFIRM_DAYS", 7, minimum=1)

# --- Personal data retention (RODO/GDPR) ------------------------------------

# Days after an event ended that guests' registrations keep their name,
# address and organisation; then they are anonymised (counts stay).
RETENTION_GUEST_REGISTRATION_DAYS = envint("RETENTION_GUEST_REGISTRATION_DAYS", 365, minimum=1)
# Days after an invitation expired or was revoked unused before it is
# deleted. (Unconfirmed newsletter sign-ups go after NEWSLETTER_CONFIRM_DAYS.)
RETENTION_UNCONFIRMED_SIGNUP_DAYS = envint("RETENTION_UNCONFIRMED_SIGNUP_DAYS", 30, minimum=1)
# Days after sending that a mail keeps its subject, bodies and attachments;
# then they are blanked and the row (recipient, times, dedupe key) stays.
RETENTION_OUTBOX_BODY_DAYS = envint("RETENTION_OUTBOX_BODY_DAYS", 90, minimum=1)

# --- Logging --------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
}
