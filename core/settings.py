"""Settings for the maker space directory.

One module, configured by environment variables. With none set it runs a
development site on SQLite; production sets DJANGO_DEBUG=0, a secret key,
allowed hosts and DATABASE_URL.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.strip().lower() in {"1", "true", "yes", "on"}:
        return True
    if value.strip().lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {value!r}.")


def env_list(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. With DJANGO_DEBUG off the site needs a secret key: "
            "export DJANGO_SECRET_KEY to a long random string "
            '(python -c "import secrets; print(secrets.token_urlsafe(50))").'
        )
    # Only for development: never used when DEBUG is off.
    SECRET_KEY = "dev-insecure-key-for-local-development-only-do-not-deploy"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # Trigram lookups for the directory's search on PostgreSQL; harmless on SQLite.
    "django.contrib.postgres",
    "django_filters",
    # Every change to a curated record kept as a version: diffs, revert, restore (makerspaces/revisions.py).
    "reversion",
    # The API; listed so that its docs page is served from our static files, not from another host.
    "ninja",
    "csp",
    "axes",
    "makerspaces",
    # The synthetic demo data's commands (generate_demo_data, remove_demo_data). The domain never
    # imports it: DJANGO_DEMO_APP=0 leaves it out, and the site runs the same without it.
    *(["demo"] if env_bool("DJANGO_DEMO_APP", True) else []),
    # Readers' corrections and the editors' queue of them.
    "suggestions",
    "core",
]

MIDDLEWARE = [
    # First, so a load balancer's probe is answered before host validation and the HTTPS redirect.
    "core.middleware.HealthCheckMiddleware",
    # Before anything reads the directory: an editor who has just saved reads from the primary.
    "core.read_your_writes.ReadYourWritesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.NulBytesAreBadRequestsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before anything that may read cached values: the data version is read once per request.
    "makerspaces.cache.DataVersionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language: a page's from its address, the admin's from the browser, English for files and the API.
    "core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a flagged failed login into the lockout response.
    "axes.middleware.AxesMiddleware",
]

# The throttling backend (django-axes) comes first: it refuses a locked-out address before
# the password is checked.
AUTHENTICATION_BACKENDS = [
    "core.security.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "core.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "core.wsgi.application"

# PostgreSQL when DATABASE_URL is set, SQLite in the project otherwise.
DATABASE_URL = os.environ.get("DATABASE_URL", "")


# A database that does not answer must not hold a request beyond these (core/outage.py answers 503):
# seconds to open a connection, milliseconds a statement may run (0: no limit).
DB_CONNECT_TIMEOUT = int(os.environ.get("DJANGO_DB_CONNECT_TIMEOUT", "3"))
DB_STATEMENT_TIMEOUT = int(os.environ.get("DJANGO_DB_STATEMENT_TIMEOUT", "20000"))
# Seconds a visitor is asked to wait before trying again during a database outage.
OUTAGE_RETRY_AFTER = int(os.environ.get("DJANGO_OUTAGE_RETRY_AFTER", "5"))


def database_from_url(url):
    database = dj_database_url.parse(
        url,
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
    if database["ENGINE"] == "django.db.backends.postgresql":
        options = {"connect_timeout": DB_CONNECT_TIMEOUT}
        if DB_STATEMENT_TIMEOUT:
            options["options"] = f"-c statement_timeout={DB_STATEMENT_TIMEOUT}"
        database["OPTIONS"] = {**options, **database.get("OPTIONS", {})}
    return database


if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {
                # WAL lets readers work beside one writer; IMMEDIATE transactions
                # and a busy timeout make concurrent workers wait instead of
                # failing with "database is locked".
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }

# Optional read replica: reads go to it, writes and migrations to default
# (see core/db_routers.py). Tests use default in its place (a test mirror), so
# the suite needs no second database.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {**database_from_url(DATABASE_REPLICA_URL), "TEST": {"MIRROR": "default"}}
    DATABASE_ROUTERS = ["core.db_routers.PrimaryReplicaRouter"]

# Seconds an editor reads from the primary after a write (core/read_your_writes.py): longer than the
# replica's usual lag.
READ_YOUR_WRITES_SECONDS = int(os.environ.get("DJANGO_READ_YOUR_WRITES_SECONDS", "10"))

# Redis when REDIS_URL is set (shared by all workers), memory of one process otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis backend, except that Redis being away is a miss, not an error: pages are
            # computed instead (makerspaces/cache_backend.py).
            "BACKEND": "makerspaces.cache_backend.RedisCacheOrMiss",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "makerspaces",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "makerspaces"}}
# DJANGO_CACHE=off caches nothing: every request computes its page as the first one after
# an editor's write does. For measuring that path (bench/run.py), not for serving.
if os.environ.get("DJANGO_CACHE", "").lower() == "off":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Production serves hashed, compressed copies made by collectstatic (whitenoise, far-future
# caching); development and the tests use the files as they are, without collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

FIXTURE_DIR = BASE_DIR / "fixtures"

# Serves the benchmark's framework-floor page (bench/run.py); off everywhere else.
BENCH_FLOOR = env_bool("DJANGO_BENCH_FLOOR", False)
BACKUP_DIR = Path(os.environ.get("DJANGO_BACKUP_DIR", str(BASE_DIR / "backups")))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# Opt into Django 6.0's default: URLs typed without a scheme are https.
FORMS_URLFIELD_ASSUME_HTTPS = True

# Security. Production defaults follow DEBUG; each can be switched from the environment.
# Behind a proxy that terminates TLS, set DJANGO_BEHIND_PROXY=1 so Django trusts its
# X-Forwarded-Proto header (the proxy must overwrite that header, never pass on the client's).
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies in front of the app append to X-Forwarded-For; login throttling counts
# failures against the address the outermost of them saw (core.security.client_ip_address).
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "1" if BEHIND_PROXY else "0"))
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "0" if DEBUG else str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): scripts, styles and images only from this site, no
# inline script or style anywhere. The Django admin loads only script files, so it runs
# under the same policy.
# Requests per client address to the API (/api/v1/), per second, minute, hour or day; past it, 429.
API_RATE_LIMIT = os.environ.get("DJANGO_API_RATE_LIMIT", "600/m")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

# Admin login throttling (django-axes): after AXES_FAILURE_LIMIT failed logins from one
# address, that address is refused (429, templates/axes_lockout.html) for the cool-off
# period. Unlock early with `python manage.py axes_reset` (or axes_reset_ip ADDRESS).
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=float(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_TEMPLATE = "axes_lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.security.client_ip_address"

# Spaces nothing has confirmed (an article, an accepted correction) for this many years are on the
# editors' list of what needs checking (admin: "Spaces needing checking").
NEEDS_CHECKING_YEARS = int(os.environ.get("DJANGO_NEEDS_CHECKING_YEARS", "3"))

# Readers' suggestions (suggestions/abuse.py): a form sent back sooner than this many seconds after
# it was shown is refused; past these numbers in an hour, per client address and for the whole
# site, suggestions are refused with 429.
SUGGESTION_MIN_SECONDS = float(os.environ.get("DJANGO_SUGGESTION_MIN_SECONDS", "4"))
SUGGESTIONS_PER_ADDRESS_PER_HOUR = int(os.environ.get("DJANGO_SUGGESTIONS_PER_ADDRESS_PER_HOUR", "10"))
SUGGESTIONS_PER_HOUR = int(os.environ.get("DJANGO_SUGGESTIONS_PER_HOUR", "200"))

# The history's version format: JSON that keeps derived columns on revert (makerspaces/serialization.py).
SERIALIZATION_MODULES = {"curated_json": "makerspaces.serialization"}

# The optional interactive map (docs/map.md): Leaflet from our static files over a tile server, only
# when MAP_TILE_URL is set (with MAP_TILE_ATTRIBUTION); MAP_TILE_SYSTEM=gcj02 for a GCJ-02 server.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "")
MAP_TILE_SYSTEM = os.environ.get("MAP_TILE_SYSTEM", "wgs84")
if MAP_TILE_URL:
    from makerspaces.maps.tiles import tile_origin

    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(tile_origin(MAP_TILE_URL))
