"""CSV for spreadsheets: a cell that a spreadsheet would run as a formula is written as text instead."""

import csv

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value, with a leading apostrophe when its text starts like a formula (=, +, -, @, tab or return)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """csv.writer whose rows never carry a formula a spreadsheet would run (OWASP's CSV injection advice)."""

    def __init__(self, stream, **options):
        self._writer = csv.writer(stream, **options)

    def writerow(self, row):
        return self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def safe_writer(stream, **options) -> SafeWriter:
    """A CSV writer for files people open in a spreadsheet."""
    return SafeWriter(stream, **options)
