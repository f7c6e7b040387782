"""Writing a file so that it appears whole or not at all."""

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from .failures import Failure


def check_destination(path: Path) -> None:
    """Refuse, in one line, a path that cannot take a new file."""
    folder = path.parent
    if path.is_dir():
        raise Failure(f"{path} is a folder: give a file name inside it, e.g. {path / 'name'}.")
    if not folder.exists():
        raise Failure(f"Cannot write {path}: the folder {folder} does not exist. Create it or choose another path.")
    if not folder.is_dir():
        raise Failure(f"Cannot write {path}: {folder} is a file, not a folder. Choose another path.")


def _usual_mode() -> int:
    """The mode open() would give a new file under the current umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def replacing(path: str | Path, mode: int | None = None):
    """Yield a temporary path in the destination's folder; when the block succeeds it becomes `path` in one rename.

    Until then the file has a hidden name ending in .partial, so an interrupted write never looks complete. The
    file gets `mode`, or the mode open() would have given it.
    """
    path = Path(path)
    check_destination(path)
    try:
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    except OSError as error:
        raise Failure(
            f"Cannot write {path}: {error.strerror}. Choose another folder or fix its permissions."
        ) from error
    os.close(handle)
    temporary = Path(name)
    temporary.chmod(_usual_mode() if mode is None else mode)  # mkstemp makes every file private (0600)
    try:
        yield temporary
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())  # on disk before the rename makes it look complete
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        if error.filename in (None, name):  # writing failed (disk full…), not reading a source file
            raise Failure(f"Could not write {path}: {error.strerror or error}. Nothing was written.") from error
        raise
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
