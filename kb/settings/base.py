"""Settings shared by every environment; the others import and adjust these."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

SERVICE_NAME = "Case Review Learning"

INSTALLED_APPS = [
    "reviews",
    "search",
    "learning",
    "kb",
    "django_tasks_db",
    "django_ratelimit",
    "axes",
    "csp",
    "wagtail.api.v2",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "django.contrib.sitemaps",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "kb.middleware.ContentSecurityPolicyMiddleware",
    # Last, as django-axes requires: it locks out repeated failed sign-ins.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five failed sign-ins for one username from one address lock it out for an hour.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Behind a reverse proxy, count each client by its own address, not the proxy's (kb/clients.py): set
# KB_PROXY_COUNT to the number of proxies of yours in front of the app (1 for one nginx).
KB_PROXY_COUNT = int(os.environ.get("KB_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "kb.clients.client_ip"

# Anonymous clients' rates on the costly public endpoints (kb/ratelimits.py); staff are never limited.
RATELIMIT_USE_CACHE = "default"
RATELIMIT_IP_META_KEY = "kb.clients.client_ip"
KB_SEARCH_RATE = os.environ.get("KB_SEARCH_RATE", "60/m")
KB_PDF_RATE = os.environ.get("KB_PDF_RATE", "10/m")

# Caches shared by every worker on the machine: rate-limit counters, and briefing PDFs kept per revision.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": VAR_DIR / "cache" / "default",
    },
    "pdfs": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": VAR_DIR / "cache" / "pdfs",
        "TIMEOUT": 30 * 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 1000},
    },
}
# django-ratelimit prefers an atomic cache (Redis, memcached). A file cache may miss a few counts when two
# workers increment at the same instant: a limit of 60 may let 61 through, which is acceptable here, and spares
# a single-machine partnership a cache server.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

# Scripts and styles come from our own origin only. Wagtail's admin sets inline styles, so style-src allows
# them; frame-ancestors 'self' lets the admin preview frame our pages (it overrides X-Frame-Options: DENY).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": [
            "'self'",
            "https://www.youtube-nocookie.com",
            "https://www.youtube.com",
            "https://player.vimeo.com",
        ],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

ROOT_URLCONF = "kb.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kb.context_processors.service",
            ],
        },
    },
]

WSGI_APPLICATION = "kb.wsgi.application"


def database_from_env(default_path: Path) -> dict:
    """Read DATABASE_URL (sqlite:///… or postgres://…); unset means SQLite at default_path."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        default_path.parent.mkdir(parents=True, exist_ok=True)  # var/ is not in git: make it on first use
        url = f"sqlite:///{default_path}"
    if not url.startswith("sqlite"):
        return dj_database_url.parse(url, conn_max_age=60)
    database = dj_database_url.parse(url, conn_max_age=0)
    # Several web workers share one SQLite file: WAL lets readers run beside the writer, IMMEDIATE
    # transactions take the write lock up front instead of failing half way, and writers wait their turn.
    database["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    return database


DATABASES = {"default": database_from_env(VAR_DIR / "db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [
    BASE_DIR / "kb" / "static",
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = SERVICE_NAME
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_PASSWORD_REQUIRED_TEMPLATE = "password_required.html"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "txt", "csv", "xlsx", "pptx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
# Documents are always streamed by Wagtail's view, which asks kb/documents.py who may see them; the media
# folder itself must never be served (a web server in front serves /static/ only).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# The file of a document a page owns (a review's report) is never replaced in place (kb/forms.py).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "kb.forms.DocumentForm"
# Wagtail's own admin search (finding pages in the admin) stays on its database backend;
# the practitioners' cross-review search is ours, in search/.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
TAGGIT_CASE_INSENSITIVE = True
# An edit made during moderation must pass every task again, the anonymisation check included.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
# Reviews may be published only by the workflow's approval (reviews/publishing/).
WAGTAIL_FINISH_WORKFLOW_ACTION = "reviews.publishing.approval.publish_approved"

# The knowledge-base search engine: Elasticsearch when ELASTICSEARCH_URL is set, else the embedded Tantivy engine
# (an index folder on this machine: one machine, with SQLite or PostgreSQL).
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")  # may carry a user and password: https://user:pw@host:9200
# A real cluster runs with security on: an API key (the base64 "id:key" form Elasticsearch returns as `encoded`)
# and, when its certificate is not signed by a CA the system trusts, the path of the CA certificate (PEM).
ELASTICSEARCH_API_KEY = os.environ.get("ELASTICSEARCH_API_KEY", "")
ELASTICSEARCH_CA_CERTS = os.environ.get("ELASTICSEARCH_CA_CERTS", "")
KB_SEARCH_INDEX_PREFIX = os.environ.get("KB_SEARCH_INDEX_PREFIX", "kb")
# Tantivy's index lives in KB_SEARCH_INDEX_DIR/KB_SEARCH_INDEX_PREFIX; an update waits at most
# KB_SEARCH_WRITE_WAIT seconds for another writer (a rebuild) before it is deferred (search/indexing.py).
KB_SEARCH_INDEX_DIR = Path(os.environ.get("KB_SEARCH_INDEX_DIR", VAR_DIR / "search-index"))
KB_SEARCH_WRITE_WAIT = float(os.environ.get("KB_SEARCH_WRITE_WAIT", "5"))
# Search by meaning (search/semantic/): each document's text is embedded once by a small model installed with the
# project (the vectors are kept by content hash) and a search whose words find nothing finds what it means.
# KB_EMBED_THREADS: the CPU threads the background embedding uses (a query always uses one).
KB_SEMANTIC_SEARCH = os.environ.get("KB_SEMANTIC_SEARCH", "1") == "1"
KB_EMBED_THREADS = int(os.environ.get("KB_EMBED_THREADS", "2"))
# Seconds before a search request to Elasticsearch gives up: a slow cluster must not hang a page.
KB_SEARCH_TIMEOUT = float(os.environ.get("KB_SEARCH_TIMEOUT", "5"))

# Reading a report PDF's text stops after this many seconds (reviews/pdf_text.py, in a child process).
KB_REPORT_READ_SECONDS = float(os.environ.get("KB_REPORT_READ_SECONDS", "60"))

# Search analytics keep normalised queries only, for this many days, and show a query once it has been seen
# this many times (search/analytics.py).
KB_SEARCH_LOG_RETENTION_DAYS = int(os.environ.get("KB_SEARCH_LOG_RETENTION_DAYS", "90"))
KB_SEARCH_LOG_MIN_COUNT = int(os.environ.get("KB_SEARCH_LOG_MIN_COUNT", "3"))
# What `manage.py run_scheduled_jobs` runs, in order (a command and its arguments); cron or a systemd timer runs it
# every few minutes. `reindex --missing` retries index updates an unreachable engine missed.
KB_SCHEDULED_COMMANDS = ["publish_scheduled", "purge_search_log", "send_timeline_reminders", "reindex --missing"]
# Reminders of review deadlines go this many working days before each one (and the day after one is missed).
KB_TIMELINE_REMINDER_DAYS = int(os.environ.get("KB_TIMELINE_REMINDER_DAYS", "3"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "case-review-learning@localhost")

# Index updates run straight after the commit on the embedded engine. With Elasticsearch they are queued in
# the database and run by `manage.py db_worker`, so a slow cluster never slows a publish (see production.py).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # The client's own "node has failed" warnings repeat what SearchUnavailable already says, in one line.
    "loggers": {"elastic_transport.node_pool": {"level": "ERROR"}},
}
