"""Reading a backup back. Every member is checked (path, kind, checksum) as it is unpacked into a staging folder,
then the database's integrity and migrations, so that a restore touches the live instance only after the whole
archive has proved sound. The layout is described in kb/backup.py.
"""

import gzip
import hashlib
import json
import sqlite3
import tarfile
import zlib
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings

from . import schema
from .backup import CHUNK, DATABASE, FORMAT, MANIFEST, MEDIA, SUMS, BackupError


@dataclass
class Unpacked:
    """A verified archive, unpacked: its manifest, its database file, its media folder."""

    manifest: dict
    database: Path
    media: Path
    media_files: int = 0


def unpack(archive: Path, database_dir: Path, media: Path) -> Unpacked:
    """Unpack and verify the whole archive; raise BackupError saying what is wrong with it."""
    _check_readable(archive)
    media.mkdir(parents=True, exist_ok=True)
    reader = _Reader(archive, Unpacked({}, database_dir / DATABASE, media))
    try:
        with open(archive, "rb") as raw, gzip.GzipFile(fileobj=raw) as stream:
            with tarfile.open(fileobj=stream, mode="r|") as tar:
                for member in tar:
                    reader.take(member, tar)
            while stream.read(CHUNK):  # on to the end, so that gzip checks the length and CRC it recorded
                pass
    except gzip.BadGzipFile as error:
        if str(error).startswith("Not a gzipped file"):
            raise BackupError(f"{archive} is not a backup archive (it is not a .tar.gz file).") from error
        raise _damaged(archive, error) from error
    except EOFError as error:
        raise BackupError(
            f"{archive} is incomplete: it ends early, as if cut short while copying. Use another copy."
        ) from error
    except (zlib.error, tarfile.TarError) as error:
        raise _damaged(archive, error) from error
    except OSError as error:
        raise BackupError(f"Cannot unpack {archive}: {error.strerror or error}.") from error
    reader.finish()
    _check_database(archive, reader.unpacked.database)
    _check_schema(reader.unpacked)
    return reader.unpacked


def _damaged(archive: Path, error: Exception) -> BackupError:
    """The line for an archive whose compression or tar structure is broken."""
    return BackupError(f"{archive} is damaged or not a backup archive ({error}). Use another copy.")


def _check_readable(archive: Path) -> None:
    if not archive.exists():
        raise BackupError(f"No backup at {archive}: check the path.")
    if archive.is_dir():
        raise BackupError(f"{archive} is a folder, not a backup archive: give the .tar.gz file inside it.")
    if archive.stat().st_size == 0:
        raise BackupError(f"{archive} is empty (0 bytes): it is not a backup. Use another copy.")
    try:
        open(archive, "rb").close()
    except OSError as error:
        raise BackupError(f"Cannot read {archive}: {error.strerror}. Check its permissions.") from error


class _Reader:
    """Takes the members one by one as the stream passes, refusing anything a backup never holds."""

    def __init__(self, archive: Path, unpacked: Unpacked):
        self.archive, self.unpacked = archive, unpacked
        self.sums: dict[str, str] = {}
        self.recorded: dict[str, str] | None = None
        self.seen: set[str] = set()

    def take(self, member: tarfile.TarInfo, tar: tarfile.TarFile) -> None:
        name = self.checked_name(member)
        if not self.unpacked.manifest and name != MANIFEST:
            raise BackupError(
                f"{self.archive} is not a {settings.SERVICE_NAME} backup (it does not start with {MANIFEST})."
            )
        if member.isdir():
            if name != MEDIA and not name.startswith(f"{MEDIA}/"):
                raise BackupError(f"{self.archive} holds a folder {name}, which a backup never holds: refused.")
            (self.unpacked.media / PurePosixPath(name).relative_to(MEDIA)).mkdir(parents=True, exist_ok=True)
        elif name == MANIFEST:
            data = self.small(tar.extractfile(member), member)
            self.sums[name] = hashlib.sha256(data).hexdigest()
            self.unpacked.manifest = self.parse_manifest(data)
        elif name == SUMS:
            self.recorded = self.parse_sums(self.small(tar.extractfile(member), member))
        elif name == DATABASE:
            self.sums[name] = _copy(tar.extractfile(member), self.unpacked.database)
        elif name.startswith(f"{MEDIA}/"):
            self.sums[name] = _copy(
                tar.extractfile(member), self.unpacked.media / PurePosixPath(name).relative_to(MEDIA)
            )
            self.unpacked.media_files += 1
        else:
            raise BackupError(f"{self.archive} holds {name}, which a backup never holds: refused.")

    def checked_name(self, member: tarfile.TarInfo) -> str:
        """The member's normalised name, if it is a plain file or folder inside the archive."""
        path = PurePosixPath(member.name)
        if not member.name or path.is_absolute() or ".." in path.parts:
            raise BackupError(f"{self.archive} holds a path outside the backup ({member.name}): refused.")
        if not (member.isfile() or member.isdir()):
            target = f" -> {member.linkname}" if member.linkname else ""
            raise BackupError(
                f"{self.archive} holds a link or special file ({member.name}{target}), "
                "which a backup never does: refused."
            )
        name = path.as_posix()
        if name in self.seen:
            raise BackupError(f"{self.archive} holds {name} twice: refused.")
        self.seen.add(name)
        return name

    def small(self, handle, member: tarfile.TarInfo) -> bytes:
        if member.size > CHUNK:
            raise BackupError(f"{self.archive} has an oversized {member.name}: refused.")
        return handle.read()

    def parse_manifest(self, data: bytes) -> dict:
        try:
            manifest = json.loads(data)
        except ValueError:
            manifest = None
        if not isinstance(manifest, dict) or not isinstance(manifest.get("format"), int):
            raise BackupError(f"{self.archive} has a damaged {MANIFEST}. Use another copy.")
        if manifest["format"] > FORMAT:
            raise BackupError(
                f"{self.archive} was made by {_made_by(manifest)} in backup format {manifest['format']}, which this "
                f"version cannot read. Upgrade first, then restore."
            )
        return manifest

    def parse_sums(self, data: bytes) -> dict[str, str]:
        try:
            lines = [line.split("  ", 1) for line in data.decode().splitlines()]
            return {name: digest for digest, name in lines}
        except ValueError:
            raise BackupError(f"{self.archive} has a damaged {SUMS}. Use another copy.") from None

    def finish(self) -> None:
        """Once the stream has ended: everything a backup needs is there and matches its checksum."""
        if not self.unpacked.manifest:
            raise BackupError(f"{self.archive} is not a {settings.SERVICE_NAME} backup (it has no {MANIFEST}).")
        if DATABASE not in self.sums:
            raise BackupError(f"{self.archive} holds no database ({DATABASE}). Use another copy.")
        if self.unpacked.manifest["format"] < 2:
            return  # format 1 recorded no checksums; gzip's CRC and SQLite's integrity check still apply
        if self.recorded is None:
            raise BackupError(f"{self.archive} is incomplete: it has no {SUMS}. Use another copy.")
        for name in sorted(set(self.sums) | set(self.recorded)):
            if self.sums.get(name) != self.recorded.get(name):
                raise BackupError(
                    f"{self.archive} is damaged: {name} does not match the checksum recorded when the backup was made. "
                    "Use another copy."
                )


def _copy(handle, target: Path) -> str:
    """Write the member to target; returns its sha256."""
    digest = hashlib.sha256()
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "xb") as out:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


def _made_by(manifest: dict) -> str:
    """Who made the backup, as its manifest records it: e.g. Case Review Learning 1.2.0."""
    app = manifest.get("app") or settings.SERVICE_NAME
    return f"{app} {manifest['version']}" if manifest.get("version") else f"an unknown version of {app}"


def _check_database(archive: Path, database: Path) -> None:
    """SQLite's own integrity check of the unpacked database."""
    try:
        with closing(sqlite3.connect(database)) as connection:
            result = connection.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{archive} holds a damaged database ({error}). Use another copy.") from error
    if result != "ok":
        raise BackupError(f"{archive} holds a damaged database (integrity check: {result}). Use another copy.")


def _check_schema(unpacked: Unpacked) -> None:
    """Refuse a backup made by newer code: one that has applied migrations this code does not have."""
    recorded = unpacked.manifest.get("migrations")  # format 1 did not record them: read the database's own
    if recorded is not None and not (
        isinstance(recorded, dict) and all(isinstance(v, list) for v in recorded.values())
    ):
        raise BackupError(f"The {MANIFEST} of this backup is damaged (migrations). Use another copy.")
    try:
        applied = recorded if recorded is not None else schema.applied_migrations(unpacked.database)
    except sqlite3.DatabaseError as error:
        raise BackupError(
            f"The database in this backup has no migration history ({error}). Use another copy."
        ) from error
    unknown = schema.unknown_migrations(applied)
    if unknown:
        listed = ", ".join(unknown[:5]) + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
        raise BackupError(
            f"This backup was made by {_made_by(unpacked.manifest)} with migrations this version does not have "
            f"({listed}). Upgrade first, then restore."
        )
