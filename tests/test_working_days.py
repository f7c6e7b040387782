"""Working days by nation, from the `holidays` library: Christmas, Easter, substitute days and nations differ."""

import datetime

import pytest

from kb.working_days import add_months, add_working_days, is_working_day, working_days_between

D = datetime.date


def test_a_rapid_review_notified_before_christmas_is_due_in_mid_january():
    """Friday 19 December 2025 + 15 working days: Christmas, Boxing Day and New Year's Day are skipped."""
    assert add_working_days(D(2025, 12, 19), 15, "england") == D(2026, 1, 14)


def test_day_one_is_the_first_working_day_after_the_start():
    assert add_working_days(D(2026, 1, 9), 1, "england") == D(2026, 1, 12)  # Friday -> Monday
    assert add_working_days(D(2026, 1, 12), 1, "england") == D(2026, 1, 13)


def test_easter_is_skipped_in_england():
    # Thursday 2 April 2026 + 1: Good Friday (3rd) and Easter Monday (6th) are bank holidays.
    assert add_working_days(D(2026, 4, 2), 1, "england") == D(2026, 4, 7)


def test_easter_monday_is_a_working_day_in_scotland():
    assert not is_working_day(D(2026, 4, 6), "england")
    assert is_working_day(D(2026, 4, 6), "scotland")


def test_a_deadline_that_would_fall_on_a_bank_holiday_moves_past_it():
    # Five working days from Monday 18 May 2026 would be Monday 25 May, the spring bank holiday.
    assert add_working_days(D(2026, 5, 18), 5, "england") == D(2026, 5, 26)


def test_substitute_days_and_the_nations_own_holidays():
    assert not is_working_day(D(2026, 12, 28), "england")  # Boxing Day observed
    assert not is_working_day(D(2026, 1, 2), "scotland") and is_working_day(D(2026, 1, 2), "england")
    assert not is_working_day(D(2026, 3, 17), "northern-ireland")  # St Patrick's Day
    assert is_working_day(D(2026, 3, 17), "wales")


@pytest.mark.parametrize(
    "start, end, expected",
    [
        (D(2026, 1, 13), D(2026, 1, 14), 1),
        (D(2026, 1, 14), D(2026, 1, 14), 0),
        (D(2026, 1, 15), D(2026, 1, 14), -1),
        (D(2025, 12, 19), D(2026, 1, 14), 15),
        (D(2026, 1, 9), D(2026, 1, 12), 1),
    ],
)
def test_working_days_between(start, end, expected):
    assert working_days_between(start, end, "england") == expected


@pytest.mark.parametrize(
    "start, months, expected",
    [(D(2026, 1, 31), 1, D(2026, 2, 28)), (D(2025, 8, 15), 6, D(2026, 2, 15)), (D(2025, 11, 30), 3, D(2026, 2, 28))],
)
def test_add_months(start, months, expected):
    assert add_months(start, months) == expected
