"""Settings shared by every environment; everything that differs comes from the environment.

Embedded defaults (no environment at all): an SQLite file next to manage.py and Celery
tasks run eagerly in-process. DATABASE_URL and REDIS_URL switch to PostgreSQL and a real
broker without any code change.
"""
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # The admin site is ibbis.admin_site.IbbisAdminSite: admins only, accounts and
    # organisations only (no case content).
    "ibbis.admin_site.IbbisAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served from our own origin
    "django_filters",
    "django_htmx",
    "django_celery_beat",
    "django_prometheus",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rules.apps.AutodiscoverRulesConfig",
    "ibbis.accounts",
    "ibbis.outbox",
    "ibbis.audit",
    "coordination",
    "trust",
    "ibbis.interop",
    "ibbis.retention",
]

MIDDLEWARE = [
    # Observability first (ibbis/observability.py): request latency and the request id on
    # every log line.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "ibbis.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The probes (/livez, /healthz) are answered here, before anything checks the Host header
    # (the security headers above still apply; /healthz and /livez are exempt from the
    # HTTPS redirect in production).
    "ibbis.observability.ProbeMiddleware",
    # Before anything reads a body: 413 for one over DATA_UPLOAD_MAX_MEMORY_SIZE.
    "ibbis.middleware.RequestBodyLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After auth and messages: signs idle professionals, managers and admins out.
    "ibbis.accounts.middleware.IdleTimeoutMiddleware",
    # An administrator-set password is changed before anything else (must_change_password).
    "ibbis.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # no-store on the API, /healthz and every response to a signed-in person.
    "ibbis.middleware.NoStoreMiddleware",
    # A companion (issue 18) reaches only their own page; an ended one is signed out. Below
    # the header middlewares, so its 404s carry no-store and the frame rules like any page.
    "ibbis.accounts.companion_scope.CompanionScopeMiddleware",
    # 429 for sign-in attempts from an address with too many recent failures.
    "ibbis.middleware.SignInAddressLimitMiddleware",
    # Axes last, as its documentation asks, so it sees the final response of a login.
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

# Security headers in every environment, so the browser tests run under the production policy.
# No inline script or style anywhere: templates use static files only (docs/security.md).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
        "report-uri": ["/csp-report/"],  # ibbis.csp_report logs each violation
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

ROOT_URLCONF = "ibbis.urls"
WSGI_APPLICATION = "ibbis.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out login before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Refuses a companion whose access has ended before the password is checked (issue 18).
    "ibbis.accounts.companion_scope.CompanionAccessBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Sessions made by an OpenID Connect sign-in (it authenticates nothing itself).
    "ibbis.accounts.oidc.backend.OIDCSessionBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions. Professionals, managers and admins are signed out after this many idle minutes
# (ibbis/accounts/middleware.py; 0 turns it off); service users keep SESSION_COOKIE_AGE.
SESSION_IDLE_TIMEOUT_MINUTES = env.int("SESSION_IDLE_TIMEOUT_MINUTES", default=30)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Two-factor sign-in (ibbis/accounts/two_factor.py). Roles that must have it never get an API
# token before they have set it up: that refusal is not a setting (API.md, Conventions).
OTP_TOTP_ISSUER = "IBBIS Coordination"
# How long an enrolment link (first set-up of two-factor, issued by an admin) stays valid.
ENROLMENT_LINK_HOURS = env.int("ENROLMENT_LINK_HOURS", default=72)
# How long the authentication trail (AuthEvent) is kept; purged nightly.
AUTH_EVENT_RETENTION_DAYS = env.int("AUTH_EVENT_RETENTION_DAYS", default=365)

# Login throttling on the login page and the token endpoint alike.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The client address for lock-outs, throttles and the trail: ibbis.client_ip (django-ipware,
# TRUSTED_PROXY_COUNT below). Axes is handed that one function rather than its own
# AXES_IPWARE_* reading, so the three can never disagree.
AXES_CLIENT_IP_CALLABLE = "ibbis.client_ip.client_ip"
AXES_VERBOSE = False

# How many reverse proxies stand in front of the app; X-Forwarded-For is believed only for
# the entries they appended (ibbis/client_ip.py). 0: REMOTE_ADDR only. AXES_PROXY_COUNT is
# the older name of the same setting.
TRUSTED_PROXY_COUNT = env.int(
    "TRUSTED_PROXY_COUNT", default=env.int("AXES_PROXY_COUNT", default=0)
)
# Failed sign-ins from one address, on any usernames, before that address is refused (429)
# for the rest of the window (ibbis/sign_in_limit.py).
SIGN_IN_ADDRESS_FAILURE_LIMIT = env.int("SIGN_IN_ADDRESS_FAILURE_LIMIT", default=30)
SIGN_IN_ADDRESS_WINDOW_MINUTES = env.int("SIGN_IN_ADDRESS_WINDOW_MINUTES", default=15)
# The largest request body (bytes); larger ones get 413 `too_large` (ibbis/middleware.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
# Text messages (the service user's reminders, issue 18): a class shaped like a mail backend,
# ibbis/sms.py; the console by default, a gateway's backend in production.
SMS_BACKEND = env("SMS_BACKEND", default="ibbis.sms.ConsoleSmsBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="IBBIS Coordination <noreply@localhost>")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
# One EMAIL_URL configures any backend without code (django-environ's email_url), e.g.
# smtp+tls://user:password@mail.example.org:587, smtps://...:465, smtp://localhost:25,
# consolemail://, filemail:///var/mail/ibbis, memorymail://, dummymail://. When set it wins
# over the single EMAIL_* variables above (which stay for existing installations).
if env("EMAIL_URL", default=""):
    # Parts the URL leaves out keep the defaults above (None would override them).
    globals().update(
        {key: value for key, value in env.email_url("EMAIL_URL").items() if value is not None}
    )
    if env("EMAIL_URL").startswith("filemail://"):
        # django-environ drops the leading slash of filemail:///var/mail/ibbis.
        from urllib.parse import urlsplit

        EMAIL_FILE_PATH = urlsplit(env("EMAIL_URL")).path
    EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)

REST_FRAMEWORK = {
    # Token first, so an anonymous API request gets 401 with WWW-Authenticate, not 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "ibbis.accounts.tokens.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "ibbis.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "ibbis.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"token": env("TOKEN_THROTTLE_RATE", default="20/min")},
    # DRF's own throttles read X-Forwarded-For this way; ours use ibbis.client_ip, which
    # agrees (ibbis/throttling.py).
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    # JSON in and out. The parser limits size and nesting (ibbis/parsers.py); the browsable
    # API is off (dev.py turns it on for local development only).
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "ibbis.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# API tokens (django-rest-knox): one per client sign-in, stored only as a hash, expiring;
# `Authorization: Token <token>` as before. Ended by POST /api/auth/logout/ (that token), and
# all of an account's by a password change, "sign out everywhere", deactivation and setting up
# two-factor (ibbis/accounts/tokens.py).
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=env.int("API_TOKEN_TTL_HOURS", default=10)),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
    "TOKEN_LIMIT_PER_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "IBBIS Coordination API",
    "DESCRIPTION": "Case coordination between mental health care and the jobcentre.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from drf-spectacular-sidecar, served from our origin (ibbis/api_docs.py).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # API.md's error conventions (400/401/403/404/409) on every operation.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "ibbis.openapi.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "RoleEnum": "ibbis.accounts.models.Role",
        "OrganisationKindEnum": "ibbis.accounts.models.OrganisationKind",
        "MeetingKindEnum": "coordination.models.MeetingKind",
        "MeetingStatusEnum": "coordination.models.MeetingStatus",
        "GoalKindEnum": "coordination.models.GoalKind",
        "GoalStatusEnum": "coordination.models.GoalStatus",
        "GoalCommitmentEnum": "coordination.models.GoalCommitment",
        "CaseStatusEnum": "coordination.models.CaseStatus",
        "DeadlineKindEnum": "coordination.models.DeadlineKind",
        "DeadlineStatusEnum": "coordination.models.DeadlineStatus",
        "NotificationKindEnum": "coordination.models.NotificationKind",
        "AbsenceKindEnum": "coordination.models.AbsenceKind",
        "ExtensionGroundEnum": "coordination.models.ExtensionGround",
        "TeamRoleEnum": "coordination.serializers.TEAM_ROLE_CHOICES",
    },
}

# Celery. Without REDIS_URL tasks run eagerly in the web process (the embedded default).
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 10 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 9 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task taken by a worker that then died is handed out again after this long: minutes, not
# an hour. It must exceed the longest task (CELERY_TASK_TIME_LIMIT), or a running task is
# handed out a second time. Mail does not depend on it: the outbox re-drives every minute.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 120)
}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Worker and beat log through Django's LOGGING (JSON in production, scrubbed), not Celery's own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE = {
    "purge-expired-sessions": {
        "task": "ibbis.accounts.tasks.purge_expired_sessions",
        "schedule": crontab(hour=3, minute=30),
    },
    # DOMAIN.md, Follow-up conversations: deadlines are swept daily (CELERY_TIMEZONE).
    "sweep-deadlines": {
        "task": "coordination.tasks.sweep_deadlines",
        "schedule": crontab(hour=6, minute=0),
    },
}

CELERY_BEAT_SCHEDULE["purge-auth-events"] = {
    "task": "ibbis.accounts.tasks.purge_auth_events",
    "schedule": crontab(hour=3, minute=40),
}
# The task is ibbis.audit.tasks.purge_access_log; it keeps the name it had in trust.
CELERY_BEAT_SCHEDULE["purge-access-log"] = {
    "task": "trust.tasks.purge_access_log",
    "schedule": crontab(hour=3, minute=45),
}
# Issue 21: the relational coordination survey's reminder when a quarter opens (idempotent).
CELERY_BEAT_SCHEDULE["relational-survey-remind"] = {
    "task": "trust.tasks.relational_survey_remind",
    "schedule": crontab(hour=7, minute=15),
}
# How long the access log the service user reads is kept (DOMAIN.md, Note scopes).
ACCESS_LOG_RETENTION_DAYS = env.int("ACCESS_LOG_RETENTION_DAYS", default=2 * 365)

# Redis is optional for serving: ibbis.cache.FallbackRedisCache answers from process memory
# while Redis is unreachable (and tries it again every few seconds); short socket timeouts
# so that a Redis that is down or silent costs a request little.
CACHES = {
    "default": (
        {"BACKEND": "ibbis.cache.FallbackRedisCache", "LOCATION": REDIS_URL,
         "KEY_PREFIX": "ibbis",
         "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0}}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
}

# Logs (docs/operations.md, Logs): one JSON object a line with time, level, logger and the
# request id (LOG_FORMAT=json, production's default), or plain text for a developer's
# terminal. Every record is scrubbed of e-mail addresses, CPR numbers and URL secrets.
LOG_FORMAT = env("LOG_FORMAT", default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "ibbis.observability.RequestIdFilter"},
        "personal_data": {"()": "ibbis.observability.PersonalDataFilter"},
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
            "filters": ["request_id", "personal_data"],
        },
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
# django-axes names the username in its failure log lines; ours names the path only.
AXES_CLIENT_STR_CALLABLE = "ibbis.observability.axes_client_str"

# Error tracking (sentry-sdk): off unless SENTRY_DSN is set; no personal data is sent
# (send_default_pii off, ibbis.observability.sentry_before_send scrubs the rest).
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    from ibbis.observability import sentry_init

    sentry_init(
        SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

# /metrics (Prometheus) for operators: `Authorization: Bearer <METRICS_TOKEN>` or a signed-in
# admin; anyone else gets 404. Empty: admins only.
METRICS_TOKEN = env("METRICS_TOKEN", default="")
PROMETHEUS_EXPORT_MIGRATIONS = False
# /healthz says `degraded` when the daily sweep last succeeded longer ago than this.
SWEEP_MAX_AGE_HOURS = env.int("SWEEP_MAX_AGE_HOURS", default=26)

AXES_LOCKOUT_CALLABLE = "ibbis.accounts.views.lockout_response"

# Retention per data category (docs/operations.md, Retention and pseudonymisation). A closed
# case keeps its names, contact details and free text this many years after closed_on; then
# the nightly task pseudonymises it (dates, statuses and counts stay).
RETENTION = {
    "closed_case_years": env.int("RETENTION_CLOSED_CASE_YEARS", default=5),
    "batch_size": env.int("RETENTION_BATCH_SIZE", default=200),
}
CELERY_BEAT_SCHEDULE["pseudonymise-closed-cases"] = {
    "task": "coordination.tasks.pseudonymise_closed_cases",
    "schedule": crontab(hour=2, minute=15),
}
# The service user's reminders (issue 18): hourly from 08 to 20 local time, so nobody is
# woken by a text; a meeting booked in the day for tomorrow is still reminded that evening.
CELERY_BEAT_SCHEDULE["send-reminders"] = {
    "task": "coordination.tasks.send_reminders",
    "schedule": crontab(hour="8-20", minute=10),
}

# The outbox (ibbis/outbox; docs/operations.md, The outbox): every mail is a row delivered by
# a worker, re-driven every minute by beat, retried with backoff from a minute to 6 hours.
OUTBOX = {
    "batch_size": env.int("OUTBOX_BATCH_SIZE", default=50),
    "retry_base_seconds": env.int("OUTBOX_RETRY_BASE_SECONDS", default=60),
    "retry_max_seconds": env.int("OUTBOX_RETRY_MAX_SECONDS", default=6 * 60 * 60),
    # About five days of attempts at the 6-hour cap, then `dead` for an operator.
    "max_attempts": env.int("OUTBOX_MAX_ATTEMPTS", default=30),
    # Longer than a delivery run can hold a claim (time budget plus one EMAIL_TIMEOUT).
    "stale_claim_seconds": env.int("OUTBOX_STALE_CLAIM_SECONDS", default=10 * 60),
    "time_budget_seconds": env.int("OUTBOX_TIME_BUDGET_SECONDS", default=120),
    "sent_retention_days": env.int("OUTBOX_SENT_RETENTION_DAYS", default=30),
    "redrive_seconds": env.int("OUTBOX_REDRIVE_SECONDS", default=60),
}
CELERY_BEAT_SCHEDULE["outbox-redrive"] = {
    "task": "ibbis.outbox.tasks.outbox_deliver",
    "schedule": timedelta(seconds=OUTBOX["redrive_seconds"]),
    # A tick nobody took within its minute is dropped: the next one does the same work.
    # (django-celery-beat's DatabaseScheduler calls the `expires` option `expire_seconds`.)
    "options": {"expire_seconds": OUTBOX["redrive_seconds"]},
}
CELERY_BEAT_SCHEDULE["outbox-purge-sent"] = {
    "task": "ibbis.outbox.tasks.outbox_purge_sent",
    "schedule": crontab(hour=3, minute=50),
}
# A mail server that accepts the connection and then says nothing must not hold a worker.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)

# OpenID Connect sign-in (issue 19; ibbis/accounts/oidc/, docs/operations.md "Signing in with
# MitID and the organisation's login"). OIDC_PROVIDERS names the providers (slugs, e.g.
# "nemlogin,region"); each is configured by OIDC_<NAME>_* variables. None: passwords only.


def _oidc_provider(name):
    prefix = f"OIDC_{name.upper().replace('-', '_')}_"
    return {
        "name": name,
        # citizen: service users (NemLog-in / MitID); staff: professionals, managers, admins.
        "kind": env(prefix + "KIND", default="staff"),
        "label": env(prefix + "LABEL", default=""),
        "issuer": env(prefix + "ISSUER", default=""),
        "client_id": env(prefix + "CLIENT_ID", default=""),
        "client_secret": env(prefix + "CLIENT_SECRET", default=""),
        "scopes": env(prefix + "SCOPES", default="openid"),
        "acr_values": env(prefix + "ACR_VALUES", default=""),
        # Only accounts of this organisation (its name) may sign in through this provider.
        "organisation": env(prefix + "ORGANISATION", default=""),
        "token_auth_method": env(prefix + "TOKEN_AUTH_METHOD", default="client_secret_basic"),
        "sign_algo": env(prefix + "SIGN_ALGO", default="RS256"),
        # Staff providers may link by the e-mail address in the ID token (then bound to its
        # subject on first use); citizens are always linked by subject.
        "match_email": env.bool(prefix + "MATCH_EMAIL", default=False),
    }


OIDC_PROVIDERS = [_oidc_provider(name) for name in env.list("OIDC_PROVIDERS", default=[])]
# How far the ID token's exp/iat/nbf may be off our clock (seconds); bounded in
# ibbis/accounts/oidc/providers.py (at most 300).
OIDC_CLOCK_SKEW_SECONDS = env.int("OIDC_CLOCK_SKEW_SECONDS", default=60)
OIDC_TIMEOUT_SECONDS = env.int("OIDC_TIMEOUT_SECONDS", default=10)
# How long a started sign-in (state, nonce, PKCE verifier) may take at the provider.
OIDC_STATE_SECONDS = env.int("OIDC_STATE_SECONDS", default=10 * 60)
OIDC_METADATA_CACHE_SECONDS = env.int("OIDC_METADATA_CACHE_SECONDS", default=60 * 60)
# An ID token whose `amr` holds one of these, or whose `acr` is one of these, shows a second
# factor (RFC 8176 amr values; NSIS levels of assurance, Digitaliseringsstyrelsen): it
# satisfies the two-factor rule of ibbis/accounts/two_factor.py without a TOTP code.
OIDC_MFA_AMR_VALUES = env.list("OIDC_MFA_AMR_VALUES", default=["mfa", "otp"])
OIDC_MFA_ACR_VALUES = env.list(
    "OIDC_MFA_ACR_VALUES",
    default=[
        "https://data.gov.dk/concept/core/nsis/loa/Substantial",
        "https://data.gov.dk/concept/core/nsis/loa/High",
    ],
)
# The roles that may sign in with a password (login page and POST /api/auth/token/). Remove a
# role once its people all sign in through a provider; empty it for OIDC only. Default: all
# six, the companion included: invited by e-mail, it has no identity provider (issue 18).
PASSWORD_LOGIN_ROLES = env.list(
    "PASSWORD_LOGIN_ROLES",
    default=["care_manager", "employment_consultant", "manager", "service_user", "admin",
             "companion"],
)
