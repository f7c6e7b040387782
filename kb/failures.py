"""Failures a user can fix, and how any failure becomes one line saying what is wrong and what to do.

kb knows the generic kinds (files, the database); an app registers its own kinds from its AppConfig.ready(),
so that kb never imports the apps built on it.
"""

from collections.abc import Callable

from django.db import DatabaseError

from . import database


class Failure(Exception):
    """Bad input or a bad state the user can put right; the message says what is wrong and what to do."""


_explainers: list[tuple[type[BaseException], Callable[[BaseException], str]]] = []


def register(kind: type[BaseException], explain: Callable[[BaseException], str]) -> None:
    """Explain errors of this kind with this function (an app's own failures, e.g. its server being down)."""
    _explainers.append((kind, explain))


def explain(error: BaseException) -> str | None:
    """One line for a failure the user can act on; None for an error nobody foresaw (a bug: keep its traceback)."""
    if isinstance(error, Failure):
        return str(error)
    for kind, explainer in _explainers:
        if isinstance(error, kind):
            return explainer(error)
    if isinstance(error, DatabaseError):
        return database.diagnose(error)
    if isinstance(error, OSError) and error.filename:
        return f"Cannot use {error.filename}: {error.strerror}. Check the path and its permissions."
    return None


def one_line(message: str) -> str:
    """The message on a single line, whatever a library put in it."""
    return " ".join(message.split())
