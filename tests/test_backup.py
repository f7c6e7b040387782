"""Backup and restore: a populated instance, restored into a fresh one, has every record and file back."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

POPULATE = """
import datetime
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from reviews.models import ProgressNote, Recommendation, ReviewPage
page = ReviewPage.objects.order_by("ref").first()
rec = Recommendation.objects.filter(page=page).first()
ProgressNote.objects.create(recommendation=rec, date=datetime.date(2024, 1, 1), status="in_progress", note="Audit booked.")
page.title = page.title + " (revised)"
page.save_revision().publish()
Document.objects.create(title="Report", file=ContentFile(b"%PDF-1.4 test", name="report.pdf"))
"""

COUNT = """
import json
from django.core.files.storage import default_storage
from wagtail.documents.models import Document
from wagtail.models import Revision
from reviews.models import Finding, ProgressNote, Recommendation, ReviewPage
from search.engines import get_engine
print(json.dumps({
    "reviews": ReviewPage.objects.count(),
    "titles": sorted(ReviewPage.objects.values_list("title", flat=True)),
    "findings": Finding.objects.count(),
    "recommendations": Recommendation.objects.count(),
    "notes": list(ProgressNote.objects.values_list("note", flat=True)),
    "revisions": Revision.objects.count(),
    "documents": [default_storage.exists(d.file.name) for d in Document.objects.all()],
    "indexed": sum(get_engine().count().values()),
}))
"""


def manage(instance: Path, *args) -> str:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kb.settings.dev"}
    env.update(DATABASE_URL=f"sqlite:///{instance}/db.sqlite3", MEDIA_ROOT=str(instance / "media"))
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_backup_then_restore_into_a_fresh_instance(tmp_path):
    source, target, archive = tmp_path / "source", tmp_path / "target", tmp_path / "backup.tar.gz"
    source.mkdir()
    target.mkdir()
    manage(source, "migrate", "--verbosity", "0")
    manage(source, "load_demo", "--verbosity", "0")
    manage(source, "shell", "--command", POPULATE)
    before = json.loads(manage(source, "shell", "--command", COUNT).strip().splitlines()[-1])
    manage(source, "backup", str(archive))

    manage(target, "migrate", "--verbosity", "0")
    manage(target, "restore", str(archive))
    after = json.loads(manage(target, "shell", "--command", COUNT).strip().splitlines()[-1])

    assert after == before
    assert before["notes"] == ["Audit booked."] and before["documents"] == [True]
    assert before["reviews"] >= 40 and before["indexed"] > 0
