"""The project database's state (reachable? set up? up to date?), told in one line when it is not usable."""

from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor

MIGRATE = "run `python manage.py migrate`"


def _connection():
    return connections[DEFAULT_DB_ALIAS]


def where() -> str:
    """Where the database is, for messages: a file path, or a URL without the password."""
    connection = _connection()
    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return str(config["NAME"])
    user = f"{config['USER']}@" if config.get("USER") else ""
    port = f":{config['PORT']}" if config.get("PORT") else ""
    return f"{connection.vendor}://{user}{config.get('HOST') or 'localhost'}{port}/{config['NAME']}"


def sqlite_file() -> Path | None:
    """The SQLite database file; None for another database or an in-memory one (as in tests)."""
    connection = _connection()
    if connection.vendor != "sqlite" or connection.is_in_memory_db():
        return None
    return Path(connection.settings_dict["NAME"])


def not_set_up() -> str:
    """The line for a database that migrate has never run on."""
    return f"The database at {where()} has not been set up: {MIGRATE} (or restore a backup)."


def connect_problem() -> str | None:
    """Why the database cannot be reached, or None. A missing SQLite file is not opened, since that creates it."""
    path = sqlite_file()
    if path is not None and not path.parent.is_dir():
        return f"Cannot open the database at {path}: the folder {path.parent} does not exist. Check DATABASE_URL."
    if path is not None and not path.exists():
        return None
    try:
        _connection().ensure_connection()
    except DatabaseError as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return f"Cannot connect to the database at {where()} ({reason}): check DATABASE_URL."
    return None


def is_set_up() -> bool:
    """Whether migrate has ever run here (a missing SQLite file is left uncreated)."""
    path = sqlite_file()
    if path is not None and not path.exists():
        return False
    return "django_migrations" in _connection().introspection.table_names()


def problem() -> str | None:
    """Why commands cannot use the database, in one line; None when it is reachable and set up."""
    found = connect_problem()
    if found or is_set_up():
        return found
    return not_set_up()


def behind() -> str:
    """The line for a database that this code has newer migrations for."""
    return f"The database at {where()} is older than this version of the code: {MIGRATE}."


def has_unapplied_migrations() -> bool:
    """Whether this code has migrations the database has not applied."""
    executor = MigrationExecutor(_connection())
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def diagnose(error: DatabaseError) -> str | None:
    """Explain a database error by the database's state; None when the state does not explain it (a bug)."""
    if "database is locked" in str(error):
        return f"The database at {where()} is busy (another process holds a lock): try again in a moment."
    try:
        found = problem()
        if found is None and has_unapplied_migrations():
            found = behind()
    except DatabaseError:
        return None
    return found
