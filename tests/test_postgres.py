"""PostgreSQL as the production database: migrations, the all-or-nothing import, export round trip, and the
system check that asks for Elasticsearch. Runs where KB_TEST_POSTGRES_URL names a database (.ci/run sets it)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = os.environ.get("KB_TEST_POSTGRES_URL", "")

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not POSTGRES_URL, reason="needs KB_TEST_POSTGRES_URL (.ci/run starts PostgreSQL)"),
]


def manage(*args, check=True, elasticsearch="http://127.0.0.1:9", **extra_env) -> subprocess.CompletedProcess:
    # A closed port stands in for Elasticsearch: the embedded engine cannot run on PostgreSQL, and this way
    # every publish also exercises the search-outage path (updates remembered, publishing unaffected).
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kb.settings.dev",
        "DATABASE_URL": POSTGRES_URL,
        "ELASTICSEARCH_URL": elasticsearch,
        "KB_SEARCH_TIMEOUT": "0.5",
        **extra_env,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_postgres_runs_the_content_model_end_to_end(tmp_path):
    reset = (
        "from django.db import connection; "
        "connection.cursor().execute('DROP SCHEMA public CASCADE; CREATE SCHEMA public')"
    )
    manage("shell", "--command", reset)  # a fresh, empty database every run
    manage("migrate", "--verbosity", "0")
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    manage("load_demo", "--verbosity", "0")
    manage("export_reviews", str(first), "--include-unpublished")
    bad = tmp_path / "bad.json"
    bad.write_text('{"reviews": [{"ref": "PG-1", "type": "nonsense"}]}')
    failed = manage("import_reviews", str(bad), check=False)
    assert failed.returncode != 0 and "PG-1: type: unknown value 'nonsense'" in failed.stderr
    manage("import_reviews", str(first), "--verbosity", "0")  # re-import updates by ref
    manage("export_reviews", str(second), "--include-unpublished")
    assert first.read_text() == second.read_text()
    counts = manage(
        "shell",
        "--command",
        "from reviews.models import ReviewPage; from search.models import "
        "PendingUpdate; print(ReviewPage.objects.count(), PendingUpdate.objects.count())",
    ).stdout
    counts = counts.strip().splitlines()[-1].split()  # the shell may first list what it imported
    assert int(counts[0]) >= 40 and int(counts[1]) > 0


def test_postgres_on_one_machine_passes_the_system_check_with_the_embedded_engine(tmp_path):
    result = manage("check", check=False, elasticsearch="", KB_SEARCH_INDEX_DIR=str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
