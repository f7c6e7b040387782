"""Checking a backup, and restoring one in place of this instance's database and media.

Nothing live is touched until the whole archive has been unpacked and verified in staging folders beside the
database and beside MEDIA_ROOT (same file system, so each can be put in place by one rename). Then the media
folder is swapped in (the old one moved aside first) and the database file replaced with os.replace. If the
process dies between those two renames, the old media is still beside MEDIA_ROOT (.media-before-restore-…) and
running the same restore again completes it; at any other moment the instance is wholly old or wholly new.
"""

import datetime
import os
import shutil
import sqlite3
import tempfile
from contextlib import closing, contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connections

from .archive import Unpacked, unpack
from .backup import MEDIA, BackupError, database_path


def check_backup(archive: Path) -> Unpacked:
    """Verify an archive as a restore would, unpacking it into a temporary folder only."""
    with tempfile.TemporaryDirectory(prefix="kb-check-") as work:
        return unpack(archive, Path(work), Path(work) / MEDIA)


def restore_backup(archive: Path) -> Unpacked:
    """Replace this instance's database and media with the archive's, once the whole archive is verified."""
    database = database_path()
    media = Path(settings.MEDIA_ROOT)
    if not database.parent.is_dir():
        raise BackupError(
            f"Cannot restore into {database}: the folder {database.parent} does not exist. "
            "Create it or check DATABASE_URL."
        )
    media.parent.mkdir(parents=True, exist_ok=True)
    with _staging(database.parent) as database_stage, _staging(media.parent) as media_stage:
        unpacked = unpack(archive, database_stage, media_stage / MEDIA)
        connections.close_all()
        _check_not_in_use(database)
        _swap_in(unpacked, database, media)
    return unpacked


@contextmanager
def _staging(folder: Path):
    """A hidden temporary folder inside `folder`, removed afterwards whatever happens."""
    try:
        work = tempfile.TemporaryDirectory(dir=folder, prefix=".kb-restore-")
    except OSError as error:
        raise BackupError(f"Cannot restore into {folder}: {error.strerror}. Check its permissions.") from error
    with work as path:
        yield Path(path)


def _check_not_in_use(database: Path) -> None:
    """Refuse while another process has the database open: replacing it under them would lose their writes.

    In WAL mode the -wal file outlives a checkpoint only while some other connection holds the database.
    """
    if not database.exists():
        return
    try:
        with closing(sqlite3.connect(database)) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.DatabaseError:
        return  # not a database at all (being replaced with --force): nobody can be using it
    if database.with_name(f"{database.name}-wal").exists():
        raise BackupError(
            f"The database at {database} is in use by another process: stop the site and its workers, then restore."
        )


def _swap_in(unpacked: Unpacked, database: Path, media: Path) -> None:
    """Media folder first, then the database file; on a failure put back whatever had moved."""
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = media.with_name(f".media-before-restore-{stamp}") if media.exists() else None
    moved = []
    try:
        if aside:
            os.rename(media, aside)
            moved.append((aside, media))
        os.rename(unpacked.media, media)
        moved.append((media, unpacked.media))
        os.replace(unpacked.database, database)
    except OSError as error:
        for now, before in reversed(moved):
            os.rename(now, before)
        raise BackupError(f"Could not put the restored files in place: {error.strerror} ({error.filename}).") from error
    if aside:
        shutil.rmtree(aside)
