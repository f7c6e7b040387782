"""Where a Tantivy index lives on disk, who may write it, and how readers follow it.

Layout of the index root (KB_SEARCH_INDEX_DIR/KB_SEARCH_INDEX_PREFIX):

    CURRENT           the name of the generation searches read, replaced atomically (os.replace)
    write.lock        held (flock) by whoever writes: a page update for a moment, a rebuild for its whole length
    gen-<time>-<pid>/ one complete Tantivy index, with kb-index.json saying which schema version wrote it

A rebuild writes a new generation beside the current one, points CURRENT at it and deletes the old one, so
searches never see a half-built or empty index. Writers take write.lock before reading CURRENT, so no write can
land in a generation that a rebuild is replacing: a write that cannot get the lock within KB_SEARCH_WRITE_WAIT
seconds raises SearchUnavailable, and search.indexing remembers the pages and catches them up after the rebuild.
"""

import ctypes
import ctypes.util
import datetime
import fcntl
import json
import os
import shutil
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import tantivy

from ..base import SearchUnavailable
from .schema import ANALYZER, SCHEMA, SCHEMA_VERSION, TOKENIZER

POINTER = "CURRENT"
LOCK = "write.lock"
VERSION_FILE = "kb-index.json"
GENERATION_PREFIX = "gen-"
WRITER_HEAP = 20_000_000  # bytes: page updates are small (Tantivy asks for at least 15 MB a thread)
REBUILD_HEAP = 100_000_000  # bytes, shared by the rebuild's threads: bounds a rebuild's memory (issue #14: 600 MB)
REBUILD_THREADS = max(1, min(2, os.cpu_count() or 1))
BACKOFF_START, BACKOFF_MAX = 0.01, 0.25  # seconds between tries for a busy lock


class IndexOutdated(SearchUnavailable):
    """The index on disk was written by another version of the schema: it must be rebuilt."""


def unreadable(path: Path, error: Exception) -> SearchUnavailable:
    """The error for an index folder Tantivy cannot open (damaged, or deleted by hand)."""
    return SearchUnavailable(f"the search index in {path} cannot be read ({error}): run `python manage.py reindex`")


def _busy(error: BaseException) -> bool:
    """Whether Tantivy refused a writer because another one holds its lock."""
    return isinstance(error, ValueError) and "LockBusy" in str(error)


def _retry(attempt, wait: float, what: str):
    """attempt() until it returns something other than None, backing off, for at most `wait` seconds."""
    deadline = time.monotonic() + wait
    pause = BACKOFF_START
    while True:
        result = attempt()
        if result is not None:
            return result
        if time.monotonic() >= deadline:
            raise SearchUnavailable(f"{what} stayed busy for {wait:g} s (a rebuild or another update is writing)")
        time.sleep(min(pause, max(0.0, deadline - time.monotonic())))
        pause = min(pause * 2, BACKOFF_MAX)


@contextmanager
def _finished(writer: tantivy.IndexWriter):
    """Commit what the block added if it ends without error, roll it back otherwise; then wait for merges and
    let the writer go (which releases Tantivy's lock)."""
    try:
        yield
        writer.commit()
    except BaseException:
        writer.rollback()
        raise
    finally:
        writer.wait_merging_threads()
        _return_freed_memory()


def _libc():
    """The C library, when it is glibc (malloc_trim is glibc's); None elsewhere."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc if hasattr(libc, "malloc_trim") else None
    except OSError:
        return None


LIBC = _libc()


def _return_freed_memory() -> None:
    """Give back to the system what a writer's threads freed. Each writer runs on new threads, which glibc gives
    malloc arenas of their own that keep their freed memory: without this, a process that writes often (an
    import's hundred commits) grows by tens of megabytes per size of corpus and never shrinks."""
    if LIBC is not None:
        LIBC.malloc_trim(0)


def open_index(path: Path) -> tantivy.Index:
    """An existing index, with our analyzer registered (Tantivy does not save it with the index)."""
    index = tantivy.Index.open(str(path))
    index.register_tokenizer(TOKENIZER, ANALYZER)
    return index


def create_index(path: Path) -> tantivy.Index:
    """A new empty index in a new folder, marked with the schema version that wrote it."""
    path.mkdir(parents=True)
    (path / VERSION_FILE).write_text(json.dumps({"schema": SCHEMA_VERSION}), encoding="utf-8")
    index = tantivy.Index(SCHEMA, path=str(path), reuse=False)
    index.register_tokenizer(TOKENIZER, ANALYZER)
    return index


class IndexStore:
    """One index root: its current generation for readers, and writers serialised by a lock file."""

    def __init__(self, root: Path, write_wait: float, rebuild_wait: float = 60.0):
        self.root = Path(root)
        self.write_wait = write_wait
        self.rebuild_wait = rebuild_wait
        self._opened: tuple[int, str, tantivy.Index] | None = None  # (pid, generation, index) of this process
        self._mutex = threading.Lock()

    # ---- reading -----------------------------------------------------------------------------------------

    def current(self) -> str | None:
        """The generation searches read now, or None before anything was ever written."""
        try:
            return (self.root / POINTER).read_text(encoding="utf-8").strip() or None
        except FileNotFoundError:
            return None
        except OSError as error:
            raise SearchUnavailable(f"the search index in {self.root} cannot be read: {error}") from error

    def problem(self) -> str | None:
        """Why the current index cannot be used (damaged, or written by another schema version), or None."""
        name = self.current()
        if name is None:
            return None
        path = self.root / name
        try:
            version = json.loads((path / VERSION_FILE).read_text(encoding="utf-8")).get("schema")
        except (OSError, ValueError):
            version = None
        try:
            compatible = tantivy.Index.is_compatible(str(path))
        except ValueError as error:  # a damaged or missing meta.json
            return str(unreadable(path, error))
        if version != SCHEMA_VERSION or not compatible:
            return (
                f"The search index in {path} was written by another version of this software (index schema "
                f"{'unknown' if version is None else version}, this version uses {SCHEMA_VERSION}): run "
                "`python manage.py reindex`."
            )
        return None

    def reader(self) -> tantivy.Index | None:
        """The current generation, opened once per process and reloaded so that every commit is seen at once;
        None when there is no index yet."""
        for _ in range(3):  # the generation may be replaced between reading CURRENT and opening it
            name = self.current()
            if name is None:
                return None
            try:
                index = self._open(name)
                index.reload()
                return index
            except ValueError as error:  # Tantivy's I/O and format errors
                if self.current() == name:
                    raise unreadable(self.root / name, error) from error
        raise SearchUnavailable(f"the search index in {self.root} kept changing while being opened")

    def _open(self, name: str) -> tantivy.Index:
        """The process's handle on a generation: opened after any fork (gunicorn), again when CURRENT moves."""
        with self._mutex:
            opened = self._opened
            if opened and opened[0] == os.getpid() and opened[1] == name:
                return opened[2]
            if problem := self.problem():
                raise IndexOutdated(problem)
            index = open_index(self.root / name)
            index.config_reader("manual")  # reload() before each search instead of a background delay
            self._opened = (os.getpid(), name, index)
            return index

    # ---- writing -----------------------------------------------------------------------------------------

    def check_writable(self) -> None:
        """Raise SearchUnavailable unless the index root can be made and written."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise SearchUnavailable(f"the search index folder {self.root} cannot be made: {error}") from error
        if not os.access(self.root, os.W_OK | os.X_OK):
            raise SearchUnavailable(f"the search index folder {self.root} is not writable")

    @contextmanager
    def locked(self, wait: float):
        """Hold write.lock (an advisory flock, released by the kernel if the holder dies)."""
        self.check_writable()
        try:
            handle = open(self.root / LOCK, "a+b")  # noqa: SIM115 - closed below, after the lock is released
        except OSError as error:
            raise SearchUnavailable(f"the search index folder {self.root} is not writable: {error}") from error
        try:

            def attempt():
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    return True
                except BlockingIOError:
                    return None

            _retry(attempt, wait, f"the search index in {self.root}")
            yield
        finally:
            handle.close()  # closing releases the flock

    @contextmanager
    def writer(self):
        """A short-lived IndexWriter on the current generation (made empty if there is none), under the lock.
        Whatever was added is committed when the block ends without error, and rolled back otherwise."""
        with self.locked(self.write_wait):
            if self.current() is None:
                self._publish(self._new_generation())
            if problem := self.problem():
                raise IndexOutdated(problem)
            try:
                index = self._open(self.current())
            except ValueError as error:
                raise unreadable(self.root / self.current(), error) from error

            def attempt():  # our lock serialises our writers; Tantivy's own lock guards against anything else
                try:
                    return index.writer(heap_size=WRITER_HEAP, num_threads=1)
                except ValueError as error:
                    if _busy(error):
                        return None
                    raise

            writer = _retry(attempt, self.write_wait, f"the search index writer in {self.root}")
            with _finished(writer):
                yield writer

    @contextmanager
    def rebuilding(self):
        """A writer on a new, empty generation; when the block ends without error it replaces the current one."""
        with self.locked(self.rebuild_wait):
            path = self._new_generation_path()
            try:
                writer = create_index(path).writer(heap_size=REBUILD_HEAP, num_threads=REBUILD_THREADS)
                with _finished(writer):
                    yield writer
            except BaseException:
                shutil.rmtree(path, ignore_errors=True)
                raise
            self._publish(path.name)
            self._drop_generations(keep=path.name)

    def _new_generation_path(self) -> Path:
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%S%f")
        return self.root / f"{GENERATION_PREFIX}{stamp}-{os.getpid()}"

    def _new_generation(self) -> str:
        """An empty generation (the first write before any rebuild)."""
        path = self._new_generation_path()
        create_index(path)
        return path.name

    def _publish(self, name: str) -> None:
        """Point CURRENT at a generation in one atomic step, durably."""
        temporary = self.root / f"{POINTER}.{os.getpid()}.tmp"
        with open(temporary, "w", encoding="utf-8") as handle:
            handle.write(name)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.root / POINTER)

    def _drop_generations(self, keep: str) -> None:
        """Delete every generation but one: readers still holding an old one keep its open files until they
        next look at CURRENT (deleted files stay readable while open)."""
        for path in self.root.glob(f"{GENERATION_PREFIX}*"):
            if path.name != keep:
                shutil.rmtree(path, ignore_errors=True)
