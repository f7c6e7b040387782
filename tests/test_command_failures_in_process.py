"""Bad input that call_command meets exactly as manage.py does (the message and the exit code travel in the
CommandError), run in-process against the test database: the message, exit code 1, and nothing changed: the
database's whole content (a checksum of its SQL dump), its row counts, the media and the destination folder.
The same rules for manage.py itself, in subprocesses, are in test_command_failures.py."""

import ast
import hashlib
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command, get_commands, load_command_class
from django.db import connection
from wagtail.documents.models import Document
from wagtail.models import Revision

from kb.management.base import KBCommand
from reviews.models import ProgressNote, ReviewPage
from tests.factories import RecommendationFactory, create_review
from tests.instances import ROOT, unreadable_file, unwritable_folder

pytestmark = pytest.mark.django_db


def listing(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "/"
        for path in sorted(folder.rglob("*"))
    }


def fingerprint(folder: Path, settings) -> dict:
    """Everything a command could have changed."""
    dump = "\n".join(connection.connection.iterdump())
    return {
        "database": hashlib.sha256(dump.encode()).hexdigest(),
        "counts": [m.objects.count() for m in (ReviewPage, Revision, ProgressNote, Document)],
        "media": listing(Path(settings.MEDIA_ROOT)),
        "folder": listing(folder),
    }


def resolve(value: str, tmp_path: Path) -> str:
    """Make the bad file or folder a placeholder names; returns the path to give the command."""
    if "{unwritable}" in value:
        return value.replace("{unwritable}", str(unwritable_folder(tmp_path)))
    if value == "{unreadable}":
        return str(unreadable_file(tmp_path, b'{"reviews": []}'))
    if "{file}" in value:
        (tmp_path / "notes.txt").write_text("A file where a folder should be.")
        return value.replace("{file}", str(tmp_path / "notes.txt"))
    return value.replace("{tmp}", str(tmp_path))


CASES = [
    ("import-missing-file", ["import_reviews", "{tmp}/missing.json"], r"missing\.json: cannot be read: No such file"),
    ("import-a-folder", ["import_reviews", "{tmp}"], r": cannot be read: Is a directory; nothing was imported\.$"),
    ("import-unreadable", ["import_reviews", "{unreadable}"], r"cannot be read: Permission denied"),
    ("export-missing-folder", ["export_reviews", "{tmp}/missing/out.json"], r"the folder .*/missing does not exist"),
    ("export-a-folder", ["export_reviews", "{tmp}"], r" is a folder: give a file name inside it"),
    ("export-under-a-file", ["export_reviews", "{file}/out.json"], r"notes\.txt is a file, not a folder"),
    ("export-read-only-folder", ["export_reviews", "{unwritable}/out.json"], r"Cannot write .*: Permission denied"),
    ("backup-missing-folder", ["backup", "{tmp}/missing/b.tar.gz"], r"the folder .*/missing does not exist"),
    ("backup-a-folder", ["backup", "{tmp}"], r" is a folder: give a file name inside it"),
    ("backup-under-a-file", ["backup", "{file}/b.tar.gz"], r"notes\.txt is a file, not a folder"),
    ("backup-read-only-folder", ["backup", "{unwritable}/b.tar.gz"], r"Cannot write .*: Permission denied"),
    ("anonymisation-unknown-ref", ["anonymisation_report", "--ref", "NOPE-9"], r"^No review with ref: NOPE-9$"),
    ("learning-demo-without-reviews", ["load_learning_demo"], r"(Demo review .* is missing|no Learning Hub index)"),
]


@pytest.mark.parametrize("args, expected", [pytest.param(a, e, id=name) for name, a, e in CASES])
def test_bad_input_gets_one_clear_error_and_changes_nothing(args, expected, tmp_path, settings):
    page = create_review(ref="KEEP-1", recommendations=[RecommendationFactory()])
    ProgressNote.objects.create(recommendation=page.recommendations.first(), date="2024-01-01", note="Kept.")
    args = [resolve(arg, tmp_path) for arg in args]
    before = fingerprint(tmp_path, settings)
    with pytest.raises(CommandError, match=expected) as failure:
        call_command(*args, verbosity=0)
    assert failure.value.returncode == 1
    assert "\n" not in str(failure.value)
    assert fingerprint(tmp_path, settings) == before


def test_every_command_of_ours_answers_through_kbcommand():
    ours = {name: app for name, app in get_commands().items() if app in ("kb", "reviews", "search", "learning")}
    assert {"import_reviews", "export_reviews", "backup", "restore", "reindex", "anonymisation_report"} <= set(ours)
    assert {"load_demo", "load_learning_demo"} <= set(ours)
    plain = [name for name, app in ours.items() if not isinstance(load_command_class(app, name), KBCommand)]
    assert plain == []


def test_kb_core_does_not_import_the_apps_built_on_it():
    """kb is the shared core; only its management commands (project wiring) may reach reviews, search, learning."""
    found = []
    for path in sorted((ROOT / "kb").rglob("*.py")):
        if "commands" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            found += [
                f"{path.name}: {name}" for name in names if name.split(".")[0] in ("reviews", "search", "learning")
            ]
    assert found == []
