"""Reading an import file one review at a time, as it is parsed (ijson), so an import's memory does not grow with
the file: a national back catalogue is about 100 MB of JSON, which json.load turned into 350 MB of objects held
through the whole import (issue #14)."""

import json
from collections.abc import Iterator
from pathlib import Path

import ijson

from .validate import ImportFailed, Problem, ReviewRecord, Validator

REVIEWS = "reviews"
NOT_A_REVIEWS_LIST = 'expected an object with a "reviews" list'


def reviews_in(path: str | Path) -> Iterator:
    """Each item of the file's "reviews" list, parsed as it is read; an unreadable, malformed or wrongly shaped
    file raises ImportFailed."""
    try:
        with open(path, "rb") as handle:
            shape = _Shape()
            yield from ijson.items(shape.watch(ijson.parse(handle, use_float=True)), f"{REVIEWS}.item")
            shape.check()
    except OSError as error:
        raise ImportFailed([Problem("(file)", "path", f"cannot be read: {error.strerror}")]) from None
    except (ijson.JSONError, UnicodeDecodeError) as error:
        raise ImportFailed([Problem("(file)", "json", f"malformed JSON: {_explained(path, error)}")]) from None


def check_file(path: str | Path) -> list[str]:
    """Validate every review in the file, keeping none of them; the refs, or ImportFailed listing every problem."""
    validator = Validator()
    refs = [record.ref for raw in reviews_in(path) if (record := validator.check(raw)) is not None]
    validator.finish()
    return refs


def records_in(path: str | Path) -> Iterator[ReviewRecord]:
    """The file's reviews as records, one at a time, for writing a file check_file passed. A problem now means the
    file changed since it was checked: ImportFailed, which rolls the writing back."""
    validator = Validator()
    for raw in reviews_in(path):
        record = validator.check(raw)
        if validator.problems:
            raise ImportFailed(validator.problems)
        yield record


class _Shape:
    """Watches the parser's events for the one shape the format allows: an object holding one "reviews" list."""

    VALUE_STARTS = ("start_array", "start_map", "string", "number", "boolean", "null")

    def __init__(self):
        self.values: list[str] = []  # how each value given for "reviews" starts

    def watch(self, events):
        first = True
        for prefix, event, value in events:
            if first and event != "start_map":
                raise ImportFailed([Problem("(file)", REVIEWS, NOT_A_REVIEWS_LIST)])
            first = False
            if prefix == REVIEWS and event in self.VALUE_STARTS:
                self.values.append(event)
            yield prefix, event, value

    def check(self) -> None:
        if self.values != ["start_array"]:
            message = "is given more than once" if len(self.values) > 1 else NOT_A_REVIEWS_LIST
            raise ImportFailed([Problem("(file)", REVIEWS, message)])


def _explained(path, error: Exception) -> str:
    """Where the JSON goes wrong, as Python's own parser says it (line and column); the streaming parser's
    message spans several lines. Only a malformed file is read whole, and only to explain itself."""
    try:
        with open(path, encoding="utf-8") as handle:
            json.load(handle)
    except (json.JSONDecodeError, UnicodeDecodeError, OSError) as precise:
        return str(precise)
    first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return first_line.removeprefix("b'")
