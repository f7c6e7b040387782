"""Working days: Monday to Friday, less the bank holidays of the partnership's nation, as the `holidays` library
publishes them (substitute days included), never a hand-typed list.

Statutory timescales count working days from the day after the start: day 1 is the first working day after it.
"""

import calendar
import datetime
from functools import cache

import holidays

from .vocabulary import Nation

# The `holidays` library's subdivisions of the United Kingdom.
SUBDIVISIONS = {
    Nation.ENGLAND: "ENG",
    Nation.WALES: "WLS",
    Nation.SCOTLAND: "SCT",
    Nation.NORTHERN_IRELAND: "NIR",
}
ONE_DAY = datetime.timedelta(days=1)


@cache
def bank_holidays(nation: str, year: int) -> frozenset[datetime.date]:
    """The nation's bank holidays in a year."""
    return frozenset(holidays.UK(subdiv=SUBDIVISIONS[Nation(nation)], years=year))


def is_working_day(day: datetime.date, nation: str) -> bool:
    """A weekday that is not a bank holiday in the nation."""
    return day.weekday() < 5 and day not in bank_holidays(nation, day.year)


def add_working_days(start: datetime.date, count: int, nation: str) -> datetime.date:
    """The date of working day `count`, counting the first working day after `start` as day 1."""
    day, counted = start, 0
    while counted < count:
        day += ONE_DAY
        if is_working_day(day, nation):
            counted += 1
    return day


def working_days_between(start: datetime.date, end: datetime.date, nation: str) -> int:
    """Working days after `start` up to and including `end`; negative when `end` is before `start`.

    So a deadline's "working days left" is working_days_between(today, due): 0 on the day itself, 1 the working
    day before, and below 0 once it has passed."""
    if end < start:
        return -working_days_between(end, start, nation)
    count, day = 0, start
    while day < end:
        day += ONE_DAY
        if is_working_day(day, nation):
            count += 1
    return count


def add_months(start: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months later (the month's last day when it is shorter)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return start.replace(year=year, month=month, day=min(start.day, calendar.monthrange(year, month)[1]))
