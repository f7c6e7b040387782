"""CSV for spreadsheets: cells that would run as formulas are written as text."""

import io

import pytest

from kb.csv import safe_cell, safe_writer


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tcmd", "\rcmd"])
def test_formula_starts_are_neutralised(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["neglect", "1+1", "", 3, None, "e=mc2"])
def test_other_values_are_unchanged(value):
    assert safe_cell(value) == value


def test_the_writer_neutralises_every_cell():
    stream = io.StringIO()
    safe_writer(stream).writerow(["=cmd", "safe", 4])
    assert stream.getvalue() == "'=cmd,safe,4\r\n"
