"""When a figure holds, and whether it is a running total; pure Python, no ORM.

as_of is the last day of the period the sentence names (截至6月底 → 30 June, 上半年 → 30 June,
2024年 → 31 December 2024), or the publication date when the period runs up to it (今年以来,
截至目前, 累计) or no period is named. The year comes from the period (2024年, 今年, 去年) or else
from the publication date; without either, as_of is unknown and stays blank.
"""

import calendar
import datetime
import re
import unicodedata

CHINESE_NUMBERS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8}
CHINESE_NUMBERS |= {"九": 9, "十": 10, "十一": 11, "十二": 12}
MONTH = r"(\d{1,2}|十[一二]?|[一二三四五六七八九])"

YEAR = re.compile(r"(\d{4})年|(今年|本年)|(去年|上年)")
# The end of a part of the year, as a month.
QUARTERS = {"一": 3, "二": 6, "三": 9, "四": 12}
MONTH_RANGE = re.compile(rf"{MONTH}\s*[—\-－至到~]\s*{MONTH}月")
FIRST_MONTHS = re.compile(r"前(\d{1,2}|十[一二]?|[一二三四五六七八九])个月")
QUARTER = re.compile(r"第?([一二三四])季度")
DAY = re.compile(rf"{MONTH}月(\d{{1,2}})日")
MONTH_END = re.compile(rf"{MONTH}月(?:底|末|份|$)")
# Periods that run up to the day the paper went to print.
UP_TO_NOW = re.compile(r"以来|至今|目前|当前|今日|发稿|累计|近年|每[年月周]")
YEAR_END = re.compile(r"全年|下半年|年底|年末|年内|年度|底前|^\d{4}年$|^(?:今年|去年)$")

# Words before a figure, or in its period, that make it an amount new in its period.
NEW_WORDS = re.compile(r"新增|新建|新招|新发展|新培育|新吸纳|新开工|本月|当月|当年|每[年月周]")
# A running total up to a date.
RUNNING_WORDS = re.compile(r"累计|共计|总计|截[至止]|至今|以来")


def month_number(text):
    return int(text) if text.isdigit() else CHINESE_NUMBERS.get(text)


def last_day(year, month):
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def period_year(period, published_on):
    """Return the year the period names, else the publication's year, else None."""
    found = YEAR.search(period)
    if found and found[1]:
        return int(found[1])
    if published_on is None:
        return None
    if found and found[3]:
        return published_on.year - 1
    return published_on.year


def period_end(period):
    """Return (month, day) of the end of the period within its year, or None if it names none."""
    if day := DAY.search(period):
        month = month_number(day[1])
        return (month, int(day[2])) if month and 1 <= month <= 12 else None
    for pattern in (MONTH_RANGE, FIRST_MONTHS):
        if found := pattern.search(period):
            month = month_number(found.groups()[-1])
            return (month, None) if month and 1 <= month <= 12 else None
    if "前三季度" in period:
        return (9, None)
    if found := QUARTER.search(period):
        return (QUARTERS[found[1]], None)
    if "上半年" in period:
        return (6, None)
    if found := MONTH_END.search(period):
        month = month_number(found[1])
        return (month, None) if month and 1 <= month <= 12 else None
    if YEAR_END.search(period):
        return (12, None)
    return None


def as_of(period, published_on, *, expected=False):
    """Return the date a figure holds for, or None when neither period nor paper gives one."""
    period = unicodedata.normalize("NFKC", period or "").strip()
    if not period or UP_TO_NOW.search(period) and period_end(period) is None:
        return published_on
    end = period_end(period)
    year = period_year(period, published_on)
    if end is None or year is None:
        return published_on
    month, day = end
    try:
        date = datetime.date(year, month, day) if day else last_day(year, month)
    except ValueError:
        return published_on
    if published_on and not expected and date > published_on:
        # "截至11月底" printed in March is last year's November; a year the text names is
        # reported only up to the day it went to print.
        if not YEAR.search(period):
            date = date.replace(year=year - 1) if day else last_day(year - 1, month)
        else:
            date = published_on
    return date


def basis(period, before=""):
    """Return "new" for an amount new in its period, "cumulative" for a running total, or ""."""
    if NEW_WORDS.search(before) or NEW_WORDS.search(period or ""):
        return "new"
    if RUNNING_WORDS.search(before) or RUNNING_WORDS.search(period or ""):
        return "cumulative"
    return ""
