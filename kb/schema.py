"""Migration state: which migrations this code has on disk, which a database file has applied."""

import sqlite3
from functools import cache
from pathlib import Path

from django.db.migrations.loader import MigrationLoader


@cache
def known_migrations() -> frozenset[tuple[str, str]]:
    """(app label, name) of every migration this code has, and of those its squashed migrations replace."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(migration.replaces)
    return frozenset(known)


def applied_migrations(database: Path) -> dict[str, list[str]]:
    """App label -> applied migration names, read from a SQLite file's django_migrations table."""
    with sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True) as connection:
        rows = connection.execute("SELECT app, name FROM django_migrations ORDER BY app, name").fetchall()
    connection.close()
    applied: dict[str, list[str]] = {}
    for app, name in rows:
        applied.setdefault(app, []).append(name)
    return applied


def unknown_migrations(applied: dict[str, list[str]]) -> list[str]:
    """Applied migrations this code does not have ("reviews 0009_x"), for the apps this code has.

    An app this code lacks entirely is left out: older databases keep rows for apps since removed.
    """
    known = known_migrations()
    apps = {app for app, _ in known}
    return [
        f"{app} {name}" for app in sorted(applied) if app in apps for name in applied[app] if (app, name) not in known
    ]
