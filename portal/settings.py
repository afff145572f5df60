"""Settings for the portal, read from the environment in this one place.

Production is the default: ``DEBUG`` is off and ``SECRET_KEY`` must be set, or the
process refuses to start. ``make run`` and ``make test`` set ``DEBUG=1`` for local work.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
import xstatic.pkg.jquery_ui
from django.core.exceptions import ImproperlyConfigured

from portal import i18n

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean environment variable ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    """Read a comma-separated environment variable."""
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or default


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production mode (DEBUG off) refuses to start without "
            "a secret key: set SECRET_KEY in the environment, or DEBUG=1 for local work."
        )
    # A throw-away key per process for local work: never a fixed, guessable default.
    SECRET_KEY = secrets.token_urlsafe(50)

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # modeltranslation must come before the admin to patch it.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "axes",
    "reversion",
    "import_export",  # staff bulk entry: portal/admin_import.py
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "portal",
    "portal.search",
    "mechanisms",
    "cooperation",
    "news",
    # The open-data layer (API, exports, feeds, citations) sits on top of every app.
    "portal.api",
]

MIDDLEWARE = [
    # Serving and caching (issue 17): first the JSON request log with timings, then
    # security and static files, then the anonymous page cache (answers before sessions
    # are read), then gzip of HTML/XML/JSON for anonymous responses (portal.compression
    # says why that is safe from BREACH), then conditional GET for everything else.
    "portal.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "portal.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.caching.PageCacheMiddleware",
    "portal.compression.PublicGZipMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Holds a translator's writes to the English and Russian texts (portal/roles.py).
    "portal.roles.TranslatorGuardMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # CORS and ETag/304 for the API, exports, calendars and feeds only.
    "portal.api.http.OpenDataMiddleware",
    # Last, as django-axes asks: it answers locked-out logins.
    "axes.middleware.AxesMiddleware",
]

# Admin login is protected against password guessing (django-axes): after
# AXES_FAILURE_LIMIT failures for one user name from one address, that pair is locked out
# for AXES_COOLOFF_HOURS.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Behind a reverse proxy, the lock-out follows the client's own address: X-Forwarded-For
# is believed only from the proxies listed here (portal/client_ip.py, django-ipware).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
AXES_CLIENT_IP_CALLABLE = "portal.client_ip.client_address"

ROOT_URLCONF = "portal.urls"

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
                "portal.context_processors.languages",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

# The embedded default is an SQLite file under the git-ignored var/ folder;
# production points DATABASE_URL at PostgreSQL (postgres://user@host:port/name).
DEFAULT_DATABASE_URL = f"sqlite:///{BASE_DIR / 'var' / 'portal.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: see portal/i18n.py, which owns codes, names and fallbacks.
LANGUAGE_CODE = i18n.DEFAULT_LANGUAGE
LANGUAGES = i18n.django_languages()
LOCALE_PATHS = [BASE_DIR / "locale"]
# English dates in full ("February 8, 2021"): portal/formats/en/formats.py.
FORMAT_MODULE_PATH = ["portal.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Shanghai"

MODELTRANSLATION_DEFAULT_LANGUAGE = i18n.DEFAULT_LANGUAGE
MODELTRANSLATION_LANGUAGES = i18n.LANGUAGE_CODES
MODELTRANSLATION_FALLBACK_LANGUAGES = i18n.modeltranslation_fallbacks()

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
# jQuery UI for the admin's translation tabs comes from a package (xstatic-jquery-ui, MIT,
# licence in the file header), served as static files: the admin needs no network.
STATICFILES_DIRS = [BASE_DIR / "static", ("jquery-ui", xstatic.pkg.jquery_ui.BASE_DIR)]
JQUERY_UI_URL = "jquery-ui/jquery-ui.min.js"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "portal.storage.StaticStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"

# Security: strict by default, relaxed only for local work over plain HTTP.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (portal/security.py): everything from the site itself, no inline
# script or style; the hash is Django admin's one inline <style> (change list, no actions).
CONTENT_SECURITY_POLICY = os.environ.get(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; "
    "style-src 'self' 'sha256-blvLUW3UscWqsXGByNOqdBboM+ShWAuugp2mC/wbafU='; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
)
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# Open data: the read-only API under /api/v1/ (see portal/api/ and the "Data and API" page).
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "120/min")
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["portal.api.renderers.UnicodeJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "portal.api.pagination.ApiPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": ["portal.api.throttling.AddressRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"address": API_RATE_LIMIT},
    # Behind N proxies, the client address is the one the outermost proxy adds.
    "NUM_PROXIES": int(os.environ.get("API_NUM_PROXIES") or 0) or None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Environmental Cooperation Portal API",
    "DESCRIPTION": "Read-only open data: mechanisms, countries, meetings, documents, news "
    "and search, every translated field in Chinese, English and Russian.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": False,
    "ENUM_NAME_OVERRIDES": {
        "MeetingKindEnum": "cooperation.models.MeetingKind",
        "DocumentKindEnum": "cooperation.models.DocumentKind",
        "BodyKindEnum": "mechanisms.models.BodyKind",
        "CountryKindEnum": "mechanisms.models.CountryKind",
        "TermKindEnum": "portal.models.TermKind",
        "TextStateEnum": "portal.models.TextState",
    },
}
# --- Serving and caching (issue 17) -------------------------------------------------
# The cache: Redis when REDIS_URL is set (shared by every node), else local memory per
# process (the embedded default). Pages are keyed by the content generation kept in the
# database (portal.caching), so either is always right: a stale entry is never read.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": {
        "BACKEND": "portal.redis_cache.PooledRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "portal"),
        "TIMEOUT": 3600,
    }
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "portal",
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}
# Anonymous pages in the page cache (0 turns it off) and how long browsers and CDNs may
# keep a public page before revalidating it with a conditional GET.
PAGE_CACHE = env_bool("PAGE_CACHE", True)
PAGE_CACHE_MAX_AGE = int(os.environ.get("PAGE_CACHE_MAX_AGE", "60"))
PAGE_CACHE_SHARED_MAX_AGE = int(os.environ.get("PAGE_CACHE_SHARED_MAX_AGE", "300"))
# Without collected static files every page would fail: portal.static_check refuses to
# start in production, and collectstatic writes them here (make serve runs it).
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or STATIC_ROOT)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # One JSON line per request (portal.request_log); LOG_REQUESTS=0 silences them.
    "loggers": {
        "portal.requests": {
            "handlers": ["console"],
            "level": "INFO" if env_bool("LOG_REQUESTS", not DEBUG) else "WARNING",
            "propagate": False,
        }
    },
}
