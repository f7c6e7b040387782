"""Backing up and restoring a whole instance: the SQLite database (a consistent online copy) and the media files."""

import datetime
import json
import sqlite3
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection, connections

FORMAT_VERSION = 1


class BackupError(Exception):
    """The backup or restore cannot be done; the message says why and what to do instead."""


def _database_path() -> Path:
    if connection.vendor != "sqlite":
        raise BackupError(
            f"The database is {connection.vendor}: back it up with its own tools "
            "(for PostgreSQL: pg_dump --format=custom, restored with pg_restore), and copy MEDIA_ROOT."
        )
    return Path(settings.DATABASES["default"]["NAME"])


def create_backup(archive: Path) -> dict:
    """Write database and media into a .tar.gz; returns the manifest."""
    database = _database_path()
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as work:
        copy = Path(work) / "db.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(copy)
        with target:
            connection.connection.backup(target)  # consistent even while the site is serving
        target.close()
        manifest = {
            "format": FORMAT_VERSION,
            "created": datetime.datetime.now(datetime.UTC).isoformat(),
            "database": database.name,
        }
        (Path(work) / "manifest.json").write_text(json.dumps(manifest))
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(Path(work) / "manifest.json", arcname="manifest.json")
            tar.add(copy, arcname="db.sqlite3")
            if media.exists():
                tar.add(media, arcname="media")
    return manifest


def restore_backup(archive: Path) -> dict:
    """Replace this instance's database and media with the archive's."""
    database = _database_path()
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(archive, "r:gz") as tar, tempfile.TemporaryDirectory() as work:
        tar.extractall(work, filter="data")  # the data filter refuses absolute paths and links out of the folder
        manifest = json.loads((Path(work) / "manifest.json").read_text())
        if manifest.get("format") != FORMAT_VERSION:
            raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
        connections.close_all()
        source = sqlite3.connect(Path(work) / "db.sqlite3")
        target = sqlite3.connect(database)
        with target:
            source.backup(target)
        source.close()
        target.close()
        restored_media = Path(work) / "media"
        if restored_media.exists():
            media.mkdir(parents=True, exist_ok=True)
            for path in restored_media.rglob("*"):
                destination = media / path.relative_to(restored_media)
                if path.is_dir():
                    destination.mkdir(parents=True, exist_ok=True)
                else:
                    destination.write_bytes(path.read_bytes())
    return manifest
