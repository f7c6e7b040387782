"""Real instances in folders (a SQLite file and a media folder) driven by manage.py in subprocesses, as an officer
would, and real archives, sound and unsound, made from a real backup."""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
UNREACHABLE_DATABASE = "postgres://nobody@127.0.0.1:1/x"
UNREACHABLE_SEARCH = "http://127.0.0.1:1"
COUNTED = ("reviews_reviewpage", "wagtailcore_revision", "reviews_progressnote", "wagtaildocs_document")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class Instance:
    """One instance: its folder holds db.sqlite3 and media/, and nothing else unless a command leaves it."""

    folder: Path

    @property
    def database(self) -> Path:
        return self.folder / "db.sqlite3"

    @property
    def media(self) -> Path:
        return self.folder / "media"

    @property
    def search_index(self) -> Path:
        """Where the instance's Tantivy index lives: beside the folder, not in it,
        as an index is rebuilt from the database rather than backed up and restored with it."""
        return self.folder.parent / f"{self.folder.name}-search-index"

    def run(self, *args: str, **env: str) -> subprocess.CompletedProcess:
        """manage.py with these arguments against this instance (env overrides DATABASE_URL and the like)."""
        environment = {k: v for k, v in os.environ.items() if k not in ("ELASTICSEARCH_URL", "DATABASE_URL")}
        environment.update(
            DJANGO_SETTINGS_MODULE="kb.settings.dev",
            DATABASE_URL=f"sqlite:///{self.database}",
            MEDIA_ROOT=str(self.media),
            KB_SEARCH_INDEX_DIR=str(self.search_index),
        )
        environment.update(env)
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            check=False,
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
        )

    def manage(self, *args: str, **env: str) -> str:
        """Run a command that must succeed; returns its output."""
        result = self.run(*args, **env)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def copy(self, folder: Path) -> "Instance":
        shutil.copytree(self.folder, folder)
        copied = Instance(folder)
        if self.search_index.exists():
            shutil.copytree(self.search_index, copied.search_index)
        return copied

    def state(self) -> dict:
        """Everything a command could change: every file's checksum (database, media, leftovers) and row counts."""
        files = {
            path.relative_to(self.folder).as_posix(): sha256(path) if path.is_file() else "folder"
            for path in sorted(self.folder.rglob("*"))
            if not path.name.endswith("-shm")  # SQLite's shared-memory index, rewritten by any reader
        }
        return {"files": files, "counts": self.counts()}

    def counts(self) -> dict:
        if not self.database.exists():
            return {}
        # immutable: read without taking locks or creating -shm/-wal files, so counting changes nothing
        with sqlite3.connect(f"{self.database.as_uri()}?immutable=1", uri=True) as connection:
            counts = {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in COUNTED}
        connection.close()
        return counts


def unwritable_folder(tmp_path: Path) -> Path:
    """A folder this process cannot create files in: mode 555, or for root (whom modes do not stop) /sys."""
    if os.geteuid() != 0:
        folder = tmp_path / "read-only"
        folder.mkdir()
        folder.chmod(0o555)
        return folder
    try:
        handle, name = tempfile.mkstemp(dir="/sys")
    except PermissionError:  # sysfs takes no new files, whoever asks
        return Path("/sys")
    except OSError:
        pytest.skip("running as root, and no folder here refuses root's writes")
    os.close(handle)
    os.unlink(name)
    pytest.skip("running as root, and no folder here refuses root's writes")


def unreadable_file(tmp_path: Path, content: bytes) -> Path:
    """A file this process cannot read (mode 000); skipped for root, whom modes do not stop."""
    if os.geteuid() == 0:
        pytest.skip("running as root, which reads a mode-000 file anyway (a folder given as the file is tested)")
    path = tmp_path / "unreadable"
    path.write_bytes(content)
    path.chmod(0)
    return path


# ---- archives -------------------------------------------------------------------------------------------------


def read_members(archive: Path) -> dict[str, bytes]:
    """A backup's files in order, name -> content."""
    with tarfile.open(archive, "r:gz") as tar:
        return {member.name: tar.extractfile(member).read() for member in tar if member.isfile()}


def file_member(name: str, data: bytes) -> tuple[tarfile.TarInfo, bytes]:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    return info, data


def write_archive(path: Path, members: list[tuple[tarfile.TarInfo, bytes | None]]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for info, data in members:
            tar.addfile(info, io.BytesIO(data) if data is not None else None)
    return path


def with_sums(files: dict[str, bytes], extra: list | None = None) -> list:
    """The files, any extra members after the manifest, and a SHA256SUMS that matches the files."""
    members = [file_member(name, data) for name, data in files.items() if name != "SHA256SUMS"]
    members[1:1] = extra or []
    sums = "".join(
        f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in files.items() if name != "SHA256SUMS"
    )
    return [*members, file_member("SHA256SUMS", sums.encode())]


def take_back_one_migration(database: Path) -> None:
    """The database as the previous version of the code left it: its latest kbsearch migration reversed by
    Django itself (whatever that migration is, so adding one never breaks the tests)."""
    names = sorted(path.stem for path in (ROOT / "search" / "migrations").glob("0*.py"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kb.settings.dev", "DATABASE_URL": f"sqlite:///{database}"}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "kbsearch", names[-2], "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )


def previous_version_database(files: dict[str, bytes]) -> bytes:
    """The archive's database, one migration behind."""
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "db.sqlite3"
        path.write_bytes(files["db.sqlite3"])
        take_back_one_migration(path)
        return path.read_bytes()


def changed_database(files: dict[str, bytes], sql: str) -> bytes:
    """The archive's database after running sql on it."""
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "db.sqlite3"
        path.write_bytes(files["db.sqlite3"])
        with sqlite3.connect(path) as connection:
            connection.executescript(sql)
        connection.close()
        return path.read_bytes()


def manifest_of(files: dict[str, bytes]) -> dict:
    return json.loads(files["manifest.json"])


def bad_archive(kind: str, good: Path, folder: Path) -> Path:
    """An archive that a restore must refuse, made from a good backup; `kind` names what is wrong with it."""
    path = folder / f"{kind}.tar.gz"
    files = read_members(good)
    manifest = manifest_of(files)
    if kind == "not-gzip":
        path.write_text("This is a letter, not a backup.\n")
    elif kind == "truncated":
        path.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    elif kind == "parent-path":
        write_archive(path, with_sums(files, [file_member("../escaped.txt", b"outside")]))
    elif kind == "absolute-path":
        write_archive(path, with_sums(files, [file_member("/tmp/kb-absolute.txt", b"outside")]))
    elif kind == "symlink-out":
        link = tarfile.TarInfo("media/escape")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        write_archive(path, with_sums(files, [(link, None)]))
    elif kind == "foreign":
        write_archive(path, [file_member("notes/minutes.txt", b"Panel minutes."), file_member("data.csv", b"a,b\n")])
    elif kind == "wrong-checksum":
        first_media = next(name for name in files if name.startswith("media/"))
        files[first_media] = b"%PDF-1.4 altered after the backup was made"
        write_archive(path, [file_member(name, data) for name, data in files.items()])  # SHA256SUMS kept as made
    elif kind == "newer-schema":
        files["db.sqlite3"] = changed_database(
            files, "INSERT INTO django_migrations (app, name, applied) VALUES ('reviews', '0099_future', '2030-01-01')"
        )
        manifest["version"] = "9.0.0"
        manifest["migrations"]["reviews"].append("0099_future")
        files["manifest.json"] = json.dumps(manifest).encode()
        write_archive(path, with_sums(files))
    elif kind == "newer-format":
        files["manifest.json"] = json.dumps({**manifest, "format": 3, "version": "9.0.0"}).encode()
        write_archive(path, with_sums(files))
    elif kind == "damaged-database":
        files["db.sqlite3"] = b"SQLite format 3\x00" + b"\x07" * 8192
        write_archive(path, with_sums(files))
    else:
        raise ValueError(kind)
    return path


def older_archive(good: Path, folder: Path) -> Path:
    """The backup as the previous version made it: format 1 (no checksums, no versions), one migration behind."""
    files = read_members(good)
    files["db.sqlite3"] = previous_version_database(files)
    manifest = {"format": 1, "created": manifest_of(files)["created"], "database": "db.sqlite3"}
    files["manifest.json"] = json.dumps(manifest).encode()
    del files["SHA256SUMS"]
    return write_archive(folder / "older.tar.gz", [file_member(name, data) for name, data in files.items()])
