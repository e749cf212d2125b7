"""When a figure holds (as_of) and whether it is a running total, read from its period."""

import datetime

import pytest

from initiatives.reading.time import as_of, basis

PRINTED = datetime.date(2024, 7, 15)
D = datetime.date


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("截至6月底", D(2024, 6, 30)),
        ("截至六月底", D(2024, 6, 30)),
        ("截至6月20日", D(2024, 6, 20)),
        ("截至2023年底", D(2023, 12, 31)),
        ("今年上半年", D(2024, 6, 30)),
        ("上半年", D(2024, 6, 30)),
        ("去年上半年", D(2023, 6, 30)),
        ("2023年", D(2023, 12, 31)),
        ("2023年全年", D(2023, 12, 31)),
        ("去年", D(2023, 12, 31)),
        ("第一季度", D(2024, 3, 31)),
        ("前三季度", D(2023, 9, 30)),  # Not over by July: last year's.
        ("1-5月", D(2024, 5, 31)),
        ("1至5月份", D(2024, 5, 31)),
        ("前5个月", D(2024, 5, 31)),
        ("截至11月底", D(2023, 11, 30)),  # Printed in July: last November.
        ("今年以来", PRINTED),
        ("截至目前", PRINTED),
        ("累计", PRINTED),
        ("近三年来", PRINTED),
        ("“十四五”以来", PRINTED),
        ("每年", PRINTED),
        ("", PRINTED),
        ("2024年", PRINTED),  # This year, only as far as the paper had it.
    ],
)
def test_as_of_is_the_end_of_the_period_named_else_the_day_of_printing(period, expected):
    assert as_of(period, PRINTED) == expected


def test_a_plan_keeps_its_date_in_the_future():
    assert as_of("年底前", PRINTED, expected=True) == D(2024, 12, 31)
    assert as_of("2025年", PRINTED, expected=True) == D(2025, 12, 31)


@pytest.mark.parametrize(
    ("period", "expected"),
    [("截至2023年底", D(2023, 12, 31)), ("2023年上半年", D(2023, 6, 30)), ("今年以来", None)],
)
def test_without_a_date_of_printing_only_a_named_year_gives_one(period, expected):
    assert as_of(period, None) == expected
    assert as_of("截至6月底", None) is None  # Which year's June? Unknown, so blank.


def test_impossible_dates_fall_back_to_the_day_of_printing():
    assert as_of("截至13月底", PRINTED) == PRINTED
    assert as_of("截至2月30日", PRINTED) == PRINTED


@pytest.mark.parametrize(
    ("period", "before", "expected"),
    [
        ("累计", "", "cumulative"),
        ("截至6月底", "全县", "cumulative"),
        ("今年以来", "全县", "cumulative"),
        ("今年以来", "全县新增", "new"),
        ("", "本月新建", "new"),
        ("每年", "每村", "new"),
        ("上半年", "开展", ""),
        ("", "", ""),
    ],
)
def test_basis_tells_running_totals_from_new_amounts(period, before, expected):
    assert basis(period, before) == expected
