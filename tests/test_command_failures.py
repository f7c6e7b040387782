"""Every command of ours, given bad input or a bad state, run as the officer runs it (manage.py in a subprocess
against a real instance): one line on stderr saying what is wrong and what to do, a non-zero exit code, no
traceback, and the instance unchanged (every file's checksum, the database's included, and the row counts)."""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.factories import ReviewRecordFactory
from tests.instances import (
    UNREACHABLE_DATABASE,
    UNREACHABLE_SEARCH,
    Instance,
    bad_archive,
    take_back_one_migration,
    unreadable_file,
    unwritable_folder,
)

DEMO_FILE = "reviews/demo/reviews.json"
NOT_SET_UP = r"The database at .*/db\.sqlite3 has not been set up: run `python manage\.py migrate`"
UNREACHABLE = r"Cannot connect to the database at postgresql://nobody@127\.0\.0\.1:1/x \(.*\): check DATABASE_URL\.$"


@dataclass
class Case:
    args: tuple[str, ...]
    expected: str  # a regular expression the one line on stderr must match (after "CommandError: ")
    instance: str = "demo"  # "demo": a copy of the demo instance; "empty": a folder where migrate never ran;
    # "behind": the demo instance as the previous version left it (its latest migration not applied)
    env: dict = field(default_factory=dict)
    code: int = 1


def case(name: str, *args: str, expected: str, **options) -> pytest.param:
    return pytest.param(Case(args, expected, **options), id=name)


def refused_archive(name: str, archive: str, expected: str, **options) -> pytest.param:
    """A restore (with --force, so the archive is what is judged) refused before the instance is touched."""
    return case(
        f"restore-{name}", "restore", "--force", archive, expected=rf"{expected}.* Nothing was changed\.$", **options
    )


CASES = [
    # import_reviews (file problems are run in-process in test_command_failures_in_process.py)
    case("import-not-set-up", "import_reviews", DEMO_FILE, expected=NOT_SET_UP, instance="empty"),
    case("import-unreachable", "import_reviews", DEMO_FILE, expected=UNREACHABLE, env={"DATABASE_URL": "unreachable"}),
    # export_reviews
    case(
        "export-missing-folder",
        "export_reviews",
        "{tmp}/missing/out.json",
        expected=r"Cannot write .*/missing/out\.json: the folder .*/missing does not exist\. Create it",
    ),
    case("export-not-set-up", "export_reviews", "{tmp}/out.json", expected=NOT_SET_UP, instance="empty"),
    case(
        "export-unreachable",
        "export_reviews",
        "{tmp}/out.json",
        expected=UNREACHABLE,
        env={"DATABASE_URL": "unreachable"},
    ),
    # backup
    case(
        "backup-unwritable-folder",
        "backup",
        "{unwritable}/backup.tar.gz",
        expected=(
            r"Cannot write .*/backup\.tar\.gz: Permission denied\. "
            r"Choose another folder or fix its permissions\.$"
        ),
    ),
    case("backup-not-set-up", "backup", "{tmp}/backup.tar.gz", expected=NOT_SET_UP, instance="empty"),
    case(
        "backup-postgres-unreachable",
        "backup",
        "{tmp}/backup.tar.gz",
        expected=UNREACHABLE,
        env={"DATABASE_URL": "unreachable"},
    ),
    case(
        "backup-keep-zero",
        "backup",
        "{tmp}/backup.tar.gz",
        "--keep",
        "0",
        expected=r"^manage\.py backup: error: argument --keep: invalid positive value: '0' \(see --help\)$",
        code=2,
    ),
    # restore: every archive is refused before the instance is touched (--force, so the archive is what is judged)
    refused_archive("missing", "{tmp}/missing.tar.gz", expected=r"No backup at .*/missing\.tar\.gz"),
    refused_archive("folder", "{tmp}", expected=r"is a folder, not a backup archive"),
    refused_archive("unreadable", "{unreadable}", expected=r"Cannot read .*: Permission denied"),
    refused_archive("not-gzip", "{bad:not-gzip}", expected=r"is not a backup archive \(it is not a"),
    refused_archive("truncated", "{bad:truncated}", expected=r"is incomplete: it ends early"),
    refused_archive(
        "parent-path",
        "{bad:parent-path}",
        expected=r"holds a path outside the backup \(\.\./escaped\.txt\): refused\.",
    ),
    refused_archive(
        "absolute-path",
        "{bad:absolute-path}",
        expected=r"holds a path outside the backup \(/tmp/kb-absolute\.txt\): refused\.",
    ),
    refused_archive(
        "symlink-out",
        "{bad:symlink-out}",
        expected=r"holds a link or special file \(media/escape -> /etc/passwd\), which a backup never does: refused\.",
    ),
    refused_archive(
        "foreign",
        "{bad:foreign}",
        expected=r"is not a Case Review Learning backup \(it does not start with manifest\.json\)\.",
    ),
    refused_archive(
        "wrong-checksum",
        "{bad:wrong-checksum}",
        expected=(
            r"is damaged: media/.* does not match the checksum recorded when the backup was made\. "
            r"Use another copy\."
        ),
    ),
    refused_archive(
        "newer-schema",
        "{bad:newer-schema}",
        expected=r"This backup was made by Case Review Learning 9\.0\.0 with migrations this version does not have "
        r"\(reviews 0099_future\)\. Upgrade first, then restore\.",
    ),
    refused_archive(
        "newer-format",
        "{bad:newer-format}",
        expected=r"was made by Case Review Learning 9\.0\.0 in backup format 3, which this version cannot read\. "
        r"Upgrade first",
    ),
    refused_archive(
        "damaged-database",
        "{bad:damaged-database}",
        expected=r"holds a damaged database \(.*\)\. Use another copy\.",
    ),
    case(
        "restore-over-reviews-without-force",
        "restore",
        "{backup}",
        expected=r"This instance already holds reviews; restoring would replace them\. Use --force\.$",
    ),
    case(
        "restore-postgres",
        "restore",
        "{backup}",
        expected=r"The database is postgresql: back it up and restore it with its own tools",
        env={"DATABASE_URL": "unreachable"},
    ),
    refused_archive(
        "database-folder-missing",
        "{backup}",
        expected=r"Cannot restore into .*/nowhere/db\.sqlite3: the folder .*/nowhere does not exist\.",
        env={"DATABASE_URL": "sqlite:///{tmp}/nowhere/db.sqlite3"},
    ),
    # reindex
    case(
        "reindex-search-down",
        "reindex",
        expected=(
            r"The search engine is unavailable \(.*127\.0\.0\.1:1.*\): "
            r"check ELASTICSEARCH_URL and that the server"
        ),
        env={"ELASTICSEARCH_URL": UNREACHABLE_SEARCH},
    ),
    case("reindex-not-set-up", "reindex", expected=NOT_SET_UP, instance="empty"),
    case(
        "reindex-database-behind",
        "reindex",
        "--missing",
        expected=(
            r"The database at .*/db\.sqlite3 is older than this version of the code: "
            r"run `python manage\.py migrate`\.$"
        ),
        instance="behind",
    ),
    case("reindex-unreachable", "reindex", expected=UNREACHABLE, env={"DATABASE_URL": "unreachable"}),
    # anonymisation_report (an unknown --ref is tested in-process)
    case("anonymisation-not-set-up", "anonymisation_report", expected=NOT_SET_UP, instance="empty"),
    case(
        "anonymisation-unreachable", "anonymisation_report", expected=UNREACHABLE, env={"DATABASE_URL": "unreachable"}
    ),
    # load_demo and load_learning_demo
    case("load-demo-not-set-up", "load_demo", expected=NOT_SET_UP, instance="empty"),
    case("load-demo-unreachable", "load_demo", expected=UNREACHABLE, env={"DATABASE_URL": "unreachable"}),
    case("load-learning-demo-not-set-up", "load_learning_demo", expected=NOT_SET_UP, instance="empty"),
    case(
        "load-learning-demo-unreachable",
        "load_learning_demo",
        expected=UNREACHABLE,
        env={"DATABASE_URL": "unreachable"},
    ),
]


def resolve(value: str, tmp_path: Path, backup: Path) -> str:
    """Fill a case's placeholders with real paths, making the bad file or folder it names."""
    if value.startswith("{bad:"):
        return str(bad_archive(value[5:-1], backup, tmp_path))
    if value == "unreachable":
        return UNREACHABLE_DATABASE
    if "{unwritable}" in value:
        value = value.replace("{unwritable}", str(unwritable_folder(tmp_path)))
    if value == "{unreadable}":
        return str(unreadable_file(tmp_path, backup.read_bytes()))
    return value.replace("{tmp}", str(tmp_path)).replace("{backup}", str(backup))


def instance_for(kind: str, demo: Instance, folder: Path) -> Instance:
    if kind == "empty":
        folder.mkdir()
        return Instance(folder)
    target = demo.copy(folder)
    if kind == "behind":
        take_back_one_migration(target.database)
    return target


@pytest.mark.parametrize("bad", CASES)
def test_bad_input_gets_one_line_a_non_zero_exit_and_changes_nothing(bad, demo_instance, demo_backup, tmp_path):
    target = instance_for(bad.instance, demo_instance, tmp_path / "instance")
    args = [resolve(arg, tmp_path, demo_backup) for arg in bad.args]
    env = {name: resolve(value, tmp_path, demo_backup) for name, value in bad.env.items()}
    before = target.state()

    result = target.run(*args, **env)

    lines = result.stderr.strip().splitlines()
    assert result.returncode == bad.code, result.stderr
    assert "Traceback" not in result.stderr
    assert len(lines) == 1, result.stderr
    assert re.search(bad.expected, lines[0].removeprefix("CommandError: ")), lines[0]
    assert lines[0].startswith("CommandError: ") or bad.code == 2  # 2: argparse's own one-line error
    assert target.state() == before


def test_traceback_is_still_there_for_those_who_ask(demo_instance, demo_backup, tmp_path):
    target = demo_instance.copy(tmp_path / "instance")
    archive = bad_archive("not-gzip", demo_backup, tmp_path)
    result = target.run("restore", "--force", str(archive), "--traceback")
    assert result.returncode == 1
    assert "Traceback" in result.stderr and "BadGzipFile" in result.stderr
    assert "is not a backup archive" in result.stderr


def test_import_with_the_search_engine_down_succeeds_and_says_the_index_will_catch_up(instance, tmp_path):
    path = tmp_path / "reviews.json"
    path.write_text(json.dumps({"reviews": [ReviewRecordFactory(ref="DOWN-9")]}))
    before = instance.counts()["reviews_reviewpage"]

    result = instance.run("import_reviews", str(path), "--verbosity", "0", ELASTICSEARCH_URL=UNREACHABLE_SEARCH)

    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "Imported 1 new and updated 0 reviews." in result.stdout
    assert "the index will catch up" in result.stdout and "reindex --missing" in result.stdout
    assert instance.counts()["reviews_reviewpage"] == before + 1
