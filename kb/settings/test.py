"""Test runs: fast hashing, an isolated media folder, no debug."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="kb-test-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Each test run gets its own Elasticsearch indexes, so a shared server is never disturbed, and its own folder for
# Tantivy indexes unless KB_SEARCH_INDEX_DIR names one (tests/conftest.py gives each test a fresh one).
KB_SEARCH_INDEX_PREFIX = "kbtest"
KB_SEARCH_INDEX_DIR = Path(os.environ.get("KB_SEARCH_INDEX_DIR") or tempfile.mkdtemp(prefix="kb-test-search-"))

# Serve static files straight from the finders; production runs collectstatic instead.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Each test run its own caches; rate limits are off except in the tests that turn them on.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kb-test-default"},
    "pdfs": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kb-test-pdfs"},
}
RATELIMIT_ENABLE = False
