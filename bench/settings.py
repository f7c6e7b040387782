"""Settings for benchmark runs: the development settings without debug (so no query log is kept), media and the
search index in the run's own temporary folder. bench.run points DATABASE_URL at a fresh SQLite file before Django
reads these."""

import os
import tempfile
from pathlib import Path

from kb.settings.dev import *

DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# The embedded engine is the one timed as "search"; bench.run builds its Elasticsearch engine itself (--elasticsearch).
ELASTICSEARCH_URL = ""
RUN_DIR = Path(os.environ.get("KB_BENCH_DIR") or tempfile.gettempdir())
MEDIA_ROOT = RUN_DIR / "kb-bench-media"
# The run's own Tantivy index, deleted with the run: never the working tree's var/search-index, which a rebuild of
# the synthetic corpus would replace.
KB_SEARCH_INDEX_DIR = RUN_DIR / "search-index"
# Meaning vectors are computed once per text and kept; a benchmark's fresh database has none, and embedding a national
# corpus takes the best part of an hour on two cores, so the timed runs go without; the 50 timed searches all find
# enough by their words, so meaning would not run for them anyway (search/understanding.py). The search-quality run
# (bench/eval.py) turns it on and times each judged search.
KB_SEMANTIC_SEARCH = os.environ.get("KB_SEMANTIC_SEARCH", "0") == "1"
