"""Themes, partnerships and agencies moved from the reviews app to the shared core without moving data: a database
made before the move, with data in it, migrates to the new layout (and back) with every row, link and permission
kept. Runs on SQLite, and on PostgreSQL where KB_TEST_POSTGRES_URL names one."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = os.environ.get("KB_TEST_POSTGRES_URL", "")
BEFORE_THE_MOVE = ("kb", "0001_roles")

FINGERPRINT = """
import json
from django.apps import apps
from django.contrib.auth.models import Group
from django.db import connection
with connection.cursor() as cursor:
    counts = {}
    for table in ("reviews_theme", "reviews_partnership", "reviews_agency", "reviews_reviewtheme",
                  "reviews_reviewpage_agencies", "reviews_recommendation", "learning_briefingtheme"):
        cursor.execute(f"SELECT count(*) FROM {table}")
        counts[table] = cursor.fetchone()[0]
    cursor.execute("SELECT t.slug FROM reviews_reviewtheme rt JOIN reviews_theme t ON t.id = rt.tag_id "
                   "JOIN reviews_reviewpage p ON p.page_ptr_id = rt.content_object_id "
                   "WHERE p.ref = 'HSCP-CSPR-2020-01' ORDER BY 1")
    themes = [row[0] for row in cursor.fetchall()]
    cursor.execute("SELECT app_label, model FROM django_content_type "
                   "WHERE model IN ('theme', 'partnership', 'agency') ORDER BY 2")
    content_types = cursor.fetchall()
permissions = Group.objects.get(name="Review panel").permissions.all()
panel = sorted(p.codename for p in permissions if "partnership" in p.codename)
print("FINGERPRINT " + json.dumps({"counts": counts, "themes": themes, "content_types": content_types, "panel": panel}))
"""


RESET = (
    "from django.db import connection; connection.cursor().execute('DROP SCHEMA public CASCADE; CREATE SCHEMA public')"
)


def databases(tmp_path) -> list[str]:
    urls = [f"sqlite:///{tmp_path}/db.sqlite3"]
    return urls + [POSTGRES_URL] if POSTGRES_URL else urls


def manage(url: str, *args: str) -> str:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kb.settings.dev", "DATABASE_URL": url}
    if not url.startswith("sqlite"):
        env.update(ELASTICSEARCH_URL="http://127.0.0.1:9", KB_SEARCH_TIMEOUT="0.5")  # no embedded engine there
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def fingerprint(url: str) -> dict:
    line = next(line for line in manage(url, "shell", "--command", FINGERPRINT).splitlines() if "FINGERPRINT" in line)
    return json.loads(line.split(" ", 1)[1])


@pytest.mark.postgres
def test_a_database_from_before_the_move_keeps_everything(tmp_path):
    for url in databases(tmp_path):
        if not url.startswith("sqlite"):
            manage(url, "shell", "--command", RESET)
        manage(url, "migrate", "--verbosity", "0")
        manage(url, "load_demo", "--verbosity", "0")
        after_the_move = fingerprint(url)
        manage(url, "migrate", *BEFORE_THE_MOVE, "--verbosity", "0")  # as the previous code left databases
        before_the_move = fingerprint(url)
        manage(url, "migrate", "--verbosity", "0")  # what upgrading such a database does
        upgraded = fingerprint(url)

        before = set(map(tuple, before_the_move["content_types"]))
        assert {("reviews", "agency"), ("reviews", "partnership"), ("reviews", "theme")} <= before
        assert upgraded["content_types"] == [["kb", "agency"], ["kb", "partnership"], ["kb", "theme"]]
        for state in (before_the_move, upgraded):
            assert state["counts"] == after_the_move["counts"]
            assert state["themes"] == after_the_move["themes"] != []
            assert state["panel"] == after_the_move["panel"] == ["add_partnership", "change_partnership"]
        assert min(upgraded["counts"].values()) > 0
