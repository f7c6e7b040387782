"""Backing up a whole instance into one .tar.gz: a consistent online copy of the SQLite database and the media.

An archive holds, in this order: manifest.json (format, app version, when, the database's applied migrations),
db.sqlite3, media/…, and SHA256SUMS (a sha256 for every member before it, manifest included), so it can be
checked member by member, or by hand with `sha256sum -c` after unpacking. Reading one back is kb/archive.py.
"""

import datetime
import hashlib
import io
import json
import logging
import os
import sqlite3
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection

from . import schema
from .failures import Failure
from .files import replacing
from .version import VERSION

FORMAT = 2  # 1: manifest, db.sqlite3 and media, without checksums or migrations (still restorable)
MANIFEST, DATABASE, MEDIA, SUMS = "manifest.json", "db.sqlite3", "media", "SHA256SUMS"
CHUNK = 1 << 20
logger = logging.getLogger(__name__)


class BackupError(Failure):
    """The backup or restore cannot be done; the message says why and what to do instead."""


def database_path() -> Path:
    """The SQLite file behind this instance (backups of other databases are their own tools' job)."""
    if connection.vendor != "sqlite":
        raise BackupError(
            f"The database is {connection.vendor}: back it up and restore it with its own tools "
            "(for PostgreSQL: pg_dump --format=custom and pg_restore), copy MEDIA_ROOT, then run `manage.py reindex`."
        )
    return Path(settings.DATABASES["default"]["NAME"])


def create_backup(archive: Path) -> dict:
    """Write database and media into a .tar.gz (under a temporary name until complete); returns the manifest."""
    database_path()
    # 0600: a backup holds the whole database, drafts and accounts included; only the site's user may read it
    with replacing(archive, mode=0o600) as partial, tempfile.TemporaryDirectory() as work:
        copy = Path(work) / DATABASE
        copy_database(copy)
        manifest = {
            "format": FORMAT,
            "app": settings.SERVICE_NAME,
            "version": VERSION,
            "created": datetime.datetime.now(datetime.UTC).isoformat(),
            "database": DATABASE,
            "migrations": schema.applied_migrations(copy),
        }
        write_archive(partial, manifest, copy, Path(settings.MEDIA_ROOT))
    return manifest


def copy_database(copy: Path) -> None:
    """A consistent copy of the live database, even while the site is serving."""
    connection.ensure_connection()
    target = sqlite3.connect(copy)
    with target:
        connection.connection.backup(target)
    target.close()


def write_archive(target: Path, manifest: dict, database: Path, media: Path) -> None:
    """Manifest first, checksums last, everything between hashed as it is written."""
    sums: dict[str, str] = {}
    with tarfile.open(target, "w:gz", compresslevel=6) as tar:
        _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=2).encode(), sums)
        _add_file(tar, DATABASE, database, sums)
        for path in media_files(media):
            _add_file(tar, f"{MEDIA}/{path.relative_to(media).as_posix()}", path, sums)
        _add_bytes(tar, SUMS, "".join(f"{digest}  {name}\n" for name, digest in sums.items()).encode(), {})


def media_files(media: Path):
    """Every regular file under media, sorted; links and other special files are left out, with a warning."""
    if not media.is_dir():
        return
    for folder, dirs, files in os.walk(media):  # does not follow links to folders
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_symlink() or not path.is_file():
                logger.warning("%s is a link or special file; not backed up", path)
                continue
            yield path


class _Hashing:
    """A file reader that hashes what tarfile reads through it."""

    def __init__(self, handle):
        self.handle, self.digest = handle, hashlib.sha256()

    def read(self, size=-1):
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def _add_file(tar: tarfile.TarFile, name: str, path: Path, sums: dict) -> None:
    info = tar.gettarinfo(path, arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with open(path, "rb") as handle:
        reader = _Hashing(handle)
        tar.addfile(info, reader)
    sums[name] = reader.digest.hexdigest()


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes, sums: dict) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(datetime.datetime.now().timestamp()), 0o644
    tar.addfile(info, io.BytesIO(data))
    sums[name] = hashlib.sha256(data).hexdigest()


def peek_manifest(archive: Path) -> dict | None:
    """The manifest of one of our backups (read from the archive's first member), or None for any other file."""
    try:
        with tarfile.open(archive, "r|gz") as tar:
            first = next(iter(tar), None)
            if first is None or first.name != MANIFEST or not first.isfile() or first.size > CHUNK:
                return None
            manifest = json.loads(tar.extractfile(first).read())
    except (OSError, EOFError, tarfile.TarError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) and "created" in manifest else None


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the `keep` newest of our backups in folder; returns what was deleted.

    Only archives whose manifest says they are ours count, so nothing else in the folder is ever touched.
    """
    ours = sorted(
        ((str(manifest["created"]), path) for path in folder.glob("*.tar.gz") if (manifest := peek_manifest(path))),
        reverse=True,
    )
    deleted = [path for _, path in ours[keep:]]
    for path in deleted:
        path.unlink()
    return deleted
