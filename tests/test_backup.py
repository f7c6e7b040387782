"""Backup and restore: a populated instance, restored onto a new machine in one command, has every record and file
back; archives record their version, migrations and checksums; restore --check, older backups, --keep, and what an
interrupted backup or a busy database leaves behind. Bad archives are in test_command_failures.py."""

import hashlib
import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
import tomllib

from kb.schema import known_migrations
from tests.instances import ROOT, Instance, bad_archive, older_archive, read_members, with_sums, write_archive

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


# A process that keeps the database open (as a web worker does) until its stdin closes.
HOLD_OPEN = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1])
connection.execute("SELECT count(*) FROM django_migrations").fetchall()
print("open", flush=True)
sys.stdin.read()
"""


def counted(instance: Instance) -> dict:
    return json.loads(instance.manage("shell", "--command", COUNT).strip().splitlines()[-1])


def test_restore_onto_a_new_machine_in_one_command(demo_instance, demo_backup, tmp_path):
    target = Instance(tmp_path / "new-machine")
    target.folder.mkdir()  # nothing else: no migrate, no database file

    output = target.manage("restore", str(demo_backup))

    assert "Restored the backup made" in output
    before, after = counted(demo_instance), counted(target)
    assert after == before
    assert before["notes"] == ["Audit booked."] and before["documents"] == [True]
    assert before["reviews"] >= 40 and before["indexed"] > 0
    assert sorted(path.name for path in target.folder.iterdir()) == ["db.sqlite3", "media"]  # no staging left


def test_the_archive_records_version_migrations_and_a_checksum_of_every_member(demo_backup):
    files = read_members(demo_backup)
    manifest = json.loads(files["manifest.json"])
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    names = list(files)
    assert names[0] == "manifest.json" and names[-1] == "SHA256SUMS"
    assert manifest["format"] == 2 and manifest["version"] == pyproject["project"]["version"]
    latest_reviews = max(name for app, name in known_migrations() if app == "reviews")
    assert latest_reviews in manifest["migrations"]["reviews"]
    sums = dict(reversed(line.split("  ")) for line in files["SHA256SUMS"].decode().splitlines())
    del files["SHA256SUMS"]
    assert sums == {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
    assert "media/documents/report.pdf" in sums
    assert stat.S_IMODE(demo_backup.stat().st_mode) == 0o600  # the whole database: for the site's user only


def test_restore_check_verifies_an_archive_and_touches_nothing(instance, demo_backup, tmp_path):
    before = instance.state()
    sound = instance.run("restore", "--check", str(demo_backup))
    damaged = instance.run("restore", "--check", str(bad_archive("wrong-checksum", demo_backup, tmp_path)))
    assert sound.returncode == 0 and "is sound" in sound.stdout and "checksums and database integrity" in sound.stdout
    assert damaged.returncode == 1 and "does not match the checksum" in damaged.stderr
    assert instance.state() == before


def test_restore_with_force_replaces_database_and_media_exactly(instance, demo_instance, demo_backup):
    (instance.media / "documents" / "added-later.pdf").write_bytes(b"%PDF-1.4 not in the backup")
    with sqlite3.connect(instance.database) as connection:
        connection.execute("DELETE FROM reviews_progressnote")
    connection.close()

    instance.manage("restore", "--force", str(demo_backup))

    restored = instance.state()
    assert restored["counts"] == demo_instance.state()["counts"]
    media = {name: digest for name, digest in restored["files"].items() if name.startswith("media")}
    assert media == {name: d for name, d in demo_instance.state()["files"].items() if name.startswith("media")}
    assert sorted(path.name for path in instance.folder.iterdir()) == ["db.sqlite3", "media"]


def test_an_older_backup_is_restored_then_migrated_forward(demo_instance, demo_backup, tmp_path):
    archive = older_archive(demo_backup, tmp_path)  # format 1, without the latest kbsearch migration
    target = Instance(tmp_path / "target")
    target.folder.mkdir()

    target.manage("restore", str(archive))

    with sqlite3.connect(f"{target.database.as_uri()}?mode=ro", uri=True) as connection:
        applied = connection.execute("SELECT name FROM django_migrations WHERE app = 'kbsearch'").fetchall()
        pending_table = connection.execute("SELECT name FROM sqlite_master WHERE name = 'kbsearch_pendingupdate'")
        assert ("0003_pending_updates",) in applied and pending_table.fetchone()
    connection.close()
    assert target.counts() == demo_instance.counts()


def test_restore_refuses_while_another_process_has_the_database_open(instance, demo_backup):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_OPEN, str(instance.database)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        before = instance.state()
        result = instance.run("restore", "--force", str(demo_backup))
        after = instance.state()
    finally:
        holder.communicate("")
    assert result.returncode == 1
    assert "is in use by another process: stop the site and its workers, then restore. Nothing was changed." in (
        result.stderr
    )
    assert after == before


def test_backup_keep_deletes_only_our_older_backups(instance, demo_backup, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    files = read_members(demo_backup)
    for name, created in (
        ("kb-old.tar.gz", "2020-01-01T00:00:00+00:00"),
        ("kb-newer.tar.gz", "2021-01-01T00:00:00+00:00"),
    ):
        manifest = {**json.loads(files["manifest.json"]), "created": created}
        write_archive(folder / name, with_sums({**files, "manifest.json": json.dumps(manifest).encode()}))
    write_archive(folder / "photos.tar.gz", [])  # not ours: never deleted
    (folder / "notes.txt").write_text("Not a backup.")

    output = instance.manage("backup", str(folder / "kb-today.tar.gz"), "--keep", "2")

    assert f"Deleted the older backup {folder / 'kb-old.tar.gz'}." in output
    assert sorted(path.name for path in folder.iterdir()) == [
        "kb-newer.tar.gz",
        "kb-today.tar.gz",
        "notes.txt",
        "photos.tar.gz",
    ]


def test_an_interrupted_backup_never_leaves_a_file_that_looks_complete(instance, tmp_path):
    (instance.media / "documents" / "large.bin").write_bytes(os.urandom(48 * 1024 * 1024))  # time to interrupt
    destination = tmp_path / "backups"
    destination.mkdir()
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "kb.settings.dev", "MEDIA_ROOT": str(instance.media)}
    environment["DATABASE_URL"] = f"sqlite:///{instance.database}"
    backup = subprocess.Popen(
        [sys.executable, "manage.py", "backup", str(destination / "kb.tar.gz")], cwd=ROOT, env=environment
    )
    deadline = time.monotonic() + 60
    while not list(destination.iterdir()) and backup.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    backup.send_signal(signal.SIGKILL)
    backup.wait()

    left = [path.name for path in destination.iterdir()]
    assert backup.returncode == -signal.SIGKILL, "the backup finished before it could be interrupted"
    assert len(left) == 1 and left[0].startswith(".kb.tar.gz.") and left[0].endswith(".partial")
    assert not (destination / "kb.tar.gz").exists()
