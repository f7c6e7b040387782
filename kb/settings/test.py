"""Test runs: fast hashing, an isolated media folder, no debug."""

import os
import tempfile
from pathlib import Path

from .base import *

DEBUG = False
SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="kb-test-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests choose their engine themselves (tests/engines.py reads ELASTICSEARCH_URL): the embedded one by default.
ELASTICSEARCH_URL = ""
ELASTICSEARCH_API_KEY = ""
ELASTICSEARCH_CA_CERTS = ""
# Each test run gets its own Elasticsearch indexes (deleted at its end), so neither a shared server's real data
# nor another run at the same time is ever touched.
# A site served to browser tests shares one prefix between its commands and its server.
KB_SEARCH_INDEX_PREFIX = os.environ.get("KB_TEST_INDEX_PREFIX") or f"kbtest-{os.getpid()}"
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
# Embedding every test's pages would cost seconds per test: the tests of meaning turn it on (tests/conftest.py).
KB_SEMANTIC_SEARCH = os.environ.get("KB_SEMANTIC_SEARCH", "0") == "1"
