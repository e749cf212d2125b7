"""Any query string gets a list page or a whole export, or a clear refusal, never a server error."""

import csv
import io
import json
from http import HTTPStatus
from urllib.parse import quote

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from initiatives.exports import COLUMNS, INITIATIVE_COLUMNS
from initiatives.filters import FigureFilter, InitiativeFilter

# Each request runs against the demo page, loaded once per test, not once per example.
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Valid values too, so combinations of real filters reach the database and the writers.
VALID = [
    "jinxiang",
    "yutai",
    "wenshang",
    "帮扶",
    "元",
    "万元",
    "1000",
    "0.5",
    "2024-06-12",
    "true",
    "false",
    "amount",
    "-amount",
    "county",
    "-figures",
    "exact",
    "range",
    "achieved",
]

NUMBER_LIKE = st.one_of(
    st.from_regex(r"\A[+-]?[0-9]{0,30}(\.[0-9]{0,30})?([eE][+-]?[0-9]{1,6})?\Z"),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(repr),
    st.integers().map(str),
    st.sampled_from(["NaN", "-Infinity", "inf", "1e-16384", "1e-20000", "1e400", "-0", "0e-9999"]),
)
DATE_LIKE = st.from_regex(r"\A[0-9]{1,6}-[0-9]{1,3}-[0-9]{1,3}\Z")
LONG = st.builds(
    lambda text, times: text * times,
    st.sampled_from(["a", "9", "中", "%", " "]),
    st.one_of(st.integers(0, 300), st.integers(40_000, 70_000)),
)


def encoded(strategy):
    """Percent-encode drawn text as a browser would (UTF-8)."""
    return strategy.map(lambda text: quote(text, safe=""))


# Raw query text: what a browser sends, and bytes no browser would (lone %-escapes, bad UTF-8).
VALUES = st.one_of(
    encoded(st.text()),
    encoded(st.sampled_from(VALID)),
    encoded(NUMBER_LIKE),
    encoded(DATE_LIKE),
    encoded(LONG),
    st.binary(max_size=12).map(lambda data: "".join(f"%{byte:02x}" for byte in data)),
    st.sampled_from(["%", "%e4", "%e4%b8", "%zz", "%00", "%ff%fe", "a%2", "%c0%af"]),
)


# Every list's filters and the page number; a list ignores the names of the other's filters.
NAMES = sorted({*InitiativeFilter.base_filters, *FigureFilter.base_filters, "page"})
QUERIES = st.lists(st.tuples(st.sampled_from(NAMES), VALUES), max_size=4).map(
    lambda pairs: "&".join(f"{name}={value}" for name, value in pairs)
)

# Queries that once gave a server error or a broken export, tried first every run.
KNOWN = [
    "amount_min=1e-16384",
    "amount_max=1e-20000",
    "amount_min=1e400",
    "amount_max=NaN",
    "amount_min=Infinity",
    "amount_min=" + "9" * 40,
    "q=" + "a" * 50_001,
    "q=" + "%E4%B8%AD" * 20_000,
    "published_after=0000-01-01&published_before=99999-12-31",
]


def fuzzed(test):
    """Run test on the known queries, then on arbitrary ones."""
    for query in KNOWN:
        test = example(query=query)(test)
    return FUZZ(given(query=QUERIES)(test))


def get(client, url, query):
    # A savepoint, so a database error in one example does not abort the next ones' transaction.
    with transaction.atomic():
        response = client.get(f"{url}?{query}")
        data = b"".join(response.streaming_content) if response.streaming else response.content
    return response, data


@pytest.mark.parametrize(
    "url", [reverse("initiatives:initiative_list"), reverse("initiatives:figure_list")]
)
@fuzzed
def test_a_list_answers_any_query_with_its_page_or_its_filter_errors(client, seed, url, query):
    response, page = get(client, url, query)
    assert response.status_code == HTTPStatus.OK
    errors = response.context["filter"].errors
    assert (b'class="notice error" role="alert"' in page) == bool(errors)
    if errors:
        assert list(response.context["object_list"]) == []


def refused(response, data):
    """Assert the export was refused before its first byte, with the reason in plain text."""
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not response.streaming
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert data.decode().strip()


@pytest.mark.parametrize(
    ("url", "columns"),
    [
        (reverse("initiatives:figures_csv"), COLUMNS),
        (reverse("initiatives:initiatives_csv"), INITIATIVE_COLUMNS),
    ],
)
@fuzzed
def test_a_csv_export_is_whole_or_refused_before_its_first_byte(client, seed, url, columns, query):
    response, body = get(client, url, query)
    if response.status_code != HTTPStatus.OK:
        refused(response, body)
        return
    header, *rows = csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""))
    assert header == columns
    assert all(len(row) == len(columns) for row in rows)
    assert body.endswith(b"\r\n")


@pytest.mark.parametrize(
    ("url", "columns"),
    [
        # The figure JSON adds whether each figure was corrected to the CSV's columns.
        (reverse("initiatives:figures_json"), [*COLUMNS, "corrected"]),
        (reverse("initiatives:initiatives_json"), INITIATIVE_COLUMNS),
    ],
)
@fuzzed
def test_a_json_export_is_whole_or_refused_before_its_first_byte(client, seed, url, columns, query):
    response, body = get(client, url, query)
    if response.status_code != HTTPStatus.OK:
        refused(response, body)
        return
    items = json.loads(body)
    assert all(list(item) == columns for item in items)
