import csv
import datetime
import io
import json
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.db import connection
from django.http import QueryDict, StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from initiatives import copying
from initiatives.copying import copy_csv_chunks, crlf_rows
from initiatives.downloads import filtered_figures
from initiatives.exports import (
    COLUMNS,
    FORMULA_SIGNS,
    WHITESPACE,
    content_disposition,
    csv_cell,
    csv_lines,
    export_filename,
    figure_rows,
    json_chunks,
)
from initiatives.models import County, Figure, Region, Report, Status
from tests.factories import (
    make_county,
    make_figure,
    make_indicator,
    make_initiative,
    make_report,
    make_theme,
)

CSV = reverse("initiatives:figures_csv")
JSON = reverse("initiatives:figures_json")

HEADER = (
    "figure_id,county,initiative,theme,indicator,counted,quote,value,unit,amount,base_unit,"
    "qualifier,amount_max,status,period,paragraph,report_headline,publication,published_on,"
    "figure_url,as_of,county_code,prefecture,province"
)


def body(response):
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content)


def rows(response):
    return list(csv.DictReader(io.StringIO(body(response).decode("utf-8-sig"), newline="")))


@pytest.fixture
def figure(db):
    county = make_county(name="汶上县", slug="wenshang")
    report = make_report(county=county, headline="汶上县：抓实帮扶项目", published_on="2024-06-12")
    initiative = make_initiative(
        report, slug="wenshang-projects", theme=make_theme(name="乡村振兴")
    )
    return make_figure(
        initiative,
        "300万元",
        value="300",
        unit="万元",
        amount=Decimal("3000000"),
        base_unit="元",
        counted="帮扶资金",
        period="目前",
    )


def test_the_csv_starts_with_a_bom_and_the_header_and_ends_lines_with_crlf(client, figure):
    data = body(client.get(CSV))
    assert data.startswith("\ufeff".encode() + HEADER.encode() + b"\r\n")
    assert data.endswith(b"\r\n")
    assert data.count(b"\r\n") == 2
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_a_csv_row_holds_every_column_in_order(client, figure):
    response = client.get(CSV)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    [row] = rows(response)
    assert list(row) == COLUMNS
    assert row == {
        "figure_id": str(figure.pk),
        "county": "汶上县",
        "initiative": figure.initiative.title,
        "theme": "乡村振兴",
        "indicator": "",
        "counted": "帮扶资金",
        "quote": "300万元",
        "value": "300",
        "unit": "万元",
        "amount": "3000000",
        "base_unit": "元",
        "qualifier": "exact",
        "amount_max": "",
        "status": "published",
        "period": "目前",
        "paragraph": figure.paragraph.text,
        "report_headline": "汶上县：抓实帮扶项目",
        "publication": "",
        "published_on": "2024-06-12",
        "figure_url": f"http://testserver/initiatives/wenshang-projects/#figure-{figure.pk}",
        "as_of": "",
        "county_code": "",
        "prefecture": "",
        "province": "",
    }


def test_the_last_columns_place_the_county_in_the_gazetteer(client, figure):
    province = Region.objects.create(code="370000", name="山东省", level=Region.Level.PROVINCE)
    prefecture = Region.objects.create(
        code="370800", name="济宁市", level=Region.Level.PREFECTURE, parent=province
    )
    County.objects.filter(pk=figure.initiative.county_id).update(
        code="370830", region=prefecture, prefecture="济宁市"
    )
    [row] = rows(client.get(CSV))
    assert list(row.items())[-3:] == [
        ("county_code", "370830"),
        ("prefecture", "济宁市"),
        ("province", "山东省"),
    ]
    [data] = json.loads(body(client.get(JSON)))
    assert (data["county_code"], data["prefecture"], data["province"]) == (
        "370830",
        "济宁市",
        "山东省",
    )
    # A county directly under its province (济源市) has no prefecture.
    County.objects.filter(pk=figure.initiative.county_id).update(region=province, prefecture="")
    [row] = rows(client.get(CSV))
    assert (row["prefecture"], row["province"]) == ("", "山东省")


def test_text_that_could_run_as_a_formula_is_prefixed(client, figure):
    Figure.objects.filter(pk=figure.pk).update(
        counted='=HYPERLINK("http://evil.example","点击")', period="-1+2"
    )
    [row] = rows(client.get(CSV))
    assert row["counted"] == '\'=HYPERLINK("http://evil.example","点击")'
    assert row["period"] == "'-1+2"
    raw = body(client.get(CSV)).decode()
    assert '"\'=HYPERLINK(""http://evil.example"",""点击"")"' in raw


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+86", "'+86"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("帮扶项目", "帮扶项目"),
        ("a=b", "a=b"),
        # After whitespace: LibreOffice with "trim spaces" ran " =1+1" as a formula.
        (" =1+1", "' =1+1"),
        ("\u3000=1+1", "'\u3000=1+1"),
        ("\n+86", "'\n+86"),
        ("\t=1", "'\t=1"),
        (" \u3000\r\n -5", "' \u3000\r\n -5"),
        ("\xa0@SUM(A1)", "'\xa0@SUM(A1)"),
        # Full width, as a Chinese input method types them, with or without whitespace.
        ("＝1+1", "'＝1+1"),
        ("＋86", "'＋86"),
        ("－5", "'－5"),
        ("＠SUM(A1)", "'＠SUM(A1)"),
        ("\u3000＝1+1", "'\u3000＝1+1"),
        (" ＠x", "' ＠x"),
        # Whitespace alone, or before anything else, is left as it is.
        (" ", " "),
        ("\u3000帮扶", "\u3000帮扶"),
        (" a=b", " a=b"),
        ("\n", "\n"),
        (Decimal("-3000000.0000"), "-3000000"),
        (Decimal("1.2500"), "1.25"),
        (Decimal("0E-4"), "0"),
        (-7, "-7"),
        (None, ""),
    ],
)
def test_csv_cells_guard_text_and_leave_numbers_numeric(value, cell):
    assert csv_cell(value) == cell


def test_a_negative_amount_is_written_as_a_number():
    # The database forbids negative amounts, so the cell writer is tested directly.
    written = io.StringIO()
    csv.writer(written).writerow(
        [csv_cell(Decimal("-12.5")), csv_cell("-12.5"), csv_cell(-5), csv_cell(" -5")]
    )
    assert written.getvalue() == "-12.5,'-12.5,-5,' -5\r\n"


def test_the_filename_names_the_filter_in_rfc_5987_form(client, figure):
    response = client.get(CSV, {"county": "wenshang", "q": "帮扶", "page": "2"})
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="figures_county-wenshang_q-__.csv"; ')
    assert disposition.endswith("filename*=UTF-8''figures_county-wenshang_q-%E5%B8%AE%E6%89%B6.csv")


def test_export_filenames_are_safe_whatever_the_query():
    params = QueryDict('q=a/../"b";c&county=x&county=y&o=amount')
    name = export_filename("figures", params, "csv")
    assert name == "figures_county-x+y_q-a-..-b-c.csv"
    assert (
        '"'
        not in content_disposition(name).split("filename*=")[0][len('attachment; filename="') : -3]
    )


def test_exports_are_exactly_the_filtered_view_every_row_not_a_page(client, db):
    county = make_county(slug="wenshang")
    other = make_county(slug="yutai")
    for _ in range(25):
        make_figure(make_initiative(county=county), "102个")
    make_figure(make_initiative(county=other), "102个")
    page = client.get(reverse("initiatives:figure_list"), {"county": "wenshang"})
    assert len(page.context["object_list"]) == 20
    csv_rows = rows(client.get(CSV, {"county": "wenshang"}))
    assert [int(row["figure_id"]) for row in csv_rows] == list(
        page.context["paginator"].object_list
    )
    data = json.loads(body(client.get(JSON, {"county": "wenshang"})))
    assert [item["figure_id"] for item in data] == [int(row["figure_id"]) for row in csv_rows]


def test_drafts_are_absent_from_the_csv_and_json(client, figure):
    draft = make_initiative(county=figure.initiative.county, status=Status.DRAFT)
    make_figure(draft, "102个")
    make_figure(figure.initiative, "102个", review=Figure.Review.SUGGESTED)
    withdrawn = make_initiative(make_report(status=Status.DRAFT))
    make_figure(withdrawn, "102个")
    assert [row["figure_id"] for row in rows(client.get(CSV))] == [str(figure.pk)]
    assert [item["figure_id"] for item in json.loads(body(client.get(JSON)))] == [figure.pk]


def test_the_json_has_the_same_names_and_readable_chinese(client, figure):
    response = client.get(JSON)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = body(response)
    assert "帮扶资金".encode() in data
    assert b"\\u" not in data
    [item] = json.loads(data)
    # The CSV's columns, then whether the figure was ever publicly corrected.
    assert list(item) == [*COLUMNS, "corrected"]
    assert item["corrected"] is False
    assert item["amount"] == 3000000
    assert item["amount_max"] is None
    assert item["published_on"] == "2024-06-12"
    assert item["figure_url"].startswith("http://testserver/")


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("9999999999999999.9999"), "9999999999999999.9999"),  # was 1e+16
        (Decimal("1234567890123.4567"), "1234567890123.4567"),  # was ...4568
        (Decimal("102.0000"), "102"),
        (Decimal("1.2000"), "1.2"),
        (Decimal("3000000.0000"), "3000000"),
        (Decimal("0.0001"), "0.0001"),
        (Decimal("0E-4"), "0"),
    ],
)
def test_json_amounts_are_numbers_with_exactly_the_stored_digits(amount, text):
    row = {"figure_id": 7, "amount": amount, "amount_max": None, "unit": "元"}
    data = "".join(json_chunks([row]))
    assert f'"amount": {text},' in data
    [item] = json.loads(data, parse_float=Decimal)
    assert item["amount"] == amount
    assert str(item["amount"]) == text
    assert json.loads(data)[0]["amount"] == float(amount)  # a plain parser reads a number


def test_the_json_writer_writes_what_json_dumps_would_but_decimals(db):
    row = {
        "id": 1,
        "text": '"引号"\\\\ 换行\n\t\x00\u2028 \U0001f600',
        "flag": True,
        "off": False,
        "none": None,
        "date": datetime.date(2024, 6, 12),
        "count": -3,
    }
    data = "".join(json_chunks([row, row]))
    assert data == "[\n" + json.dumps(row, ensure_ascii=False, default=str) + ",\n" + (
        json.dumps(row, ensure_ascii=False, default=str) + "\n]\n"
    )
    assert json.loads(data) == [{**row, "date": "2024-06-12"}] * 2
    assert "".join(json_chunks([])) == "[\n]\n"


def test_the_initiative_csv_holds_its_public_figures(client, figure):
    make_figure(make_initiative(), "102个")  # another initiative's figure
    url = reverse("initiatives:initiative_figures_csv", args=["wenshang-projects"])
    response = client.get(url)
    assert response["Content-Disposition"].endswith("''figures_wenshang-projects.csv")
    assert [row["quote"] for row in rows(response)] == ["300万元"]


def test_the_header_is_sent_before_any_row_is_read(client, figure):
    response = client.get(CSV)
    with CaptureQueriesContext(connection) as queries:
        first = next(iter(response.streaming_content))
    assert first.decode("utf-8-sig") == HEADER + "\r\n"
    assert len(queries) == 0


@pytest.mark.parametrize("url", [CSV, JSON, reverse("initiatives:initiatives_csv")])
def test_exports_take_a_constant_number_of_queries(client, db, url):
    county = make_county(slug="wenshang")

    def count():
        with CaptureQueriesContext(connection) as queries:
            body(client.get(url, {"county": "wenshang"}))
        return len(queries)

    for _ in range(2):
        make_figure(make_initiative(county=county), "102个")
    few = count()
    for _ in range(30):
        make_figure(make_initiative(county=county), "300万元")
    # At most: the filter's county, the rows (on PostgreSQL, COPY with its two settings
    # around it: parallel workers on, then back), and nothing per row.
    assert count() == few <= 5


def test_an_unknown_draft_initiative_csv_is_404(client, figure):
    url = reverse("initiatives:initiative_figures_csv", args=["no-such-initiative"])
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_the_initiative_list_exports_exactly_its_filtered_rows(client, seed):
    query = {"county": ["jinxiang", "yutai", "wenshang"], "q": "老干部"}
    page = client.get(reverse("initiatives:initiative_list"), query)
    assert 'href="/initiatives.csv?county=jinxiang&amp;county=yutai&amp;county=wenshang&amp;q=' in (
        page.text
    )
    response = client.get(reverse("initiatives:initiatives_csv"), query)
    data = body(response)
    assert data.startswith("\ufeffinitiative_id,county,title,theme,summary,figure_count,".encode())
    csv_rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert [int(row["initiative_id"]) for row in csv_rows] == list(
        page.context["paginator"].object_list
    )
    assert {row["county"]: row["figure_count"] for row in csv_rows} == {
        "鱼台县": "13",
        "金乡县": "8",
    }
    items = json.loads(body(client.get(reverse("initiatives:initiatives_json"), query)))
    assert [item["initiative_id"] for item in items] == [int(r["initiative_id"]) for r in csv_rows]
    assert items[0]["initiative_url"].startswith("http://testserver/initiatives/")


def test_drafts_are_absent_from_the_initiative_exports(client, figure):
    make_initiative(status=Status.DRAFT, title="草稿举措")
    make_initiative(make_report(status=Status.DRAFT), title="来源未发布")
    data = body(client.get(reverse("initiatives:initiatives_csv"))).decode("utf-8-sig")
    assert data.count("\r\n") == 2
    assert "草稿" not in data
    assert "来源未发布" not in data


# On PostgreSQL the figure CSV is written by COPY; the Python path stays for SQLite and as the
# reference it must match byte for byte.
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="COPY is PostgreSQL's; on SQLite the CSV is written by the Python path",
)


def python_csv(figures, request):
    return b"".join(line.encode() for line in csv_lines(figure_rows(figures, request)))


@given(
    st.lists(st.lists(st.text(alphabet='a,"\n\r 中'), min_size=1, max_size=4), max_size=6),
    st.data(),
)
def test_row_ends_become_crlf_and_line_feeds_inside_quotes_stay(rows, data):
    def written(terminator):
        out = io.StringIO()
        csv.writer(out, lineterminator=terminator).writerows(rows)
        return out.getvalue().encode()

    copied = written("\n")  # COPY ends rows with LF
    cuts = sorted(data.draw(st.lists(st.integers(0, len(copied)), max_size=5)))
    chunks = [
        copied[start:end] for start, end in zip([0, *cuts], [*cuts, len(copied)], strict=True)
    ]
    assert b"".join(crlf_rows(chunks)) == written("\r\n")


@pytest.fixture
def crafted(db):
    """Figures whose cells reach every edge of the CSV format: formulas, quotes, line breaks."""
    county = make_county(name="=汶上县", slug="crafted")
    text = '-1+2个项目，"引号"和,逗号\n换行\r\n回车\t制表：300万元、1.2万人、0.5亩、2至5个、0个。'
    report = make_report(
        paragraphs=[text, '=HYPERLINK("http://evil.example","点击")共102个'],
        county=county,
        headline="\u3000+抓实帮扶 ",
        subheadline="",
        publication="",
        published_on=None,
    )
    initiative = make_initiative(report, title='"引号",举措', theme=None)
    first, second = report.paragraphs.order_by("position")
    figures = [
        ("-1+2个项目", {"value": "-1+2", "amount": Decimal("1"), "period": "-1+2"}),
        (
            "300万元",
            {
                "value": "300",
                "unit": "万元",
                "amount": Decimal("3000000"),
                "base_unit": "元",
                "counted": '=HYPERLINK("http://evil.example","点击")',
            },
        ),
        (
            "1.2万人",
            {"value": "1.2", "unit": "万人", "amount": Decimal("12000"), "counted": '帮扶,"对象"'},
        ),
        (
            "0.5亩",
            {
                "value": "0.5",
                "unit": "亩",
                "amount": Decimal("0.5"),
                "counted": "@SUM(A1)",
                "period": "\t今年",
                "qualifier": Figure.Qualifier.APPROXIMATE,
                "indicator": make_indicator(name="+指标"),
            },
        ),
        (
            "2至5个",
            {
                "value": "2至5",
                "amount": Decimal("2"),
                "amount_max": Decimal("5.5000"),
                "qualifier": Figure.Qualifier.RANGE,
                "counted": "换行\n文字\r\n",
                "period": "\r累计",
            },
        ),
        ("0个", {"value": "0", "amount": Decimal("0"), "unit": "", "counted": " "}),
    ]
    for quote, fields in figures:
        # make_figure() reads the amount from the value, which here is not always a number.
        value = fields.pop("value")
        figure = make_figure(initiative, quote, paragraph=first, value="1", **fields)
        Figure.objects.filter(pk=figure.pk).update(value=value)
    make_figure(
        make_initiative(
            make_report(county=county, headline="标题", subheadline="副标题,带逗号"),
            theme=make_theme(name="-主题"),
        ),
        "102个",
    )
    make_figure(initiative, "102个", paragraph=second, counted="=1+1")
    # Whitespace, then a sign; full-width signs; whitespace before anything else.
    guarded = make_report(
        paragraphs=['\u3000＝HYPERLINK("http://evil.example")共102个'],
        county=make_county(name=" ＋县", slug="full-width"),
        headline="\u3000",
        subheadline="－副标题",
        publication="\n@报",
    )
    make_figure(
        make_initiative(guarded, title="\t举措", theme=make_theme(name="\u3000帮扶")),
        "102个",
        counted=" =1+1",
        period="\r\n ＠今年",
        indicator=make_indicator(name="\xa0－指标"),
    )


@on_postgresql
def test_copy_writes_the_python_paths_bytes(rf, seed, crafted):
    request = rf.get(CSV)
    expected = python_csv(Figure.objects.public().in_reading_order(), request)
    text = expected.decode()
    assert text.count("\r\n") > 70
    assert '"\'=HYPERLINK(""http://evil.example"",""点击"")"' in text
    assert ",3000000,元," in text
    assert ",12000," in text
    assert ",0.5," in text
    assert ",2,个,range,5.5," in text
    assert ',"\'-1+2个项目，""引号""和,逗号\n换行\r\n回车' in text  # the paragraph
    assert ",'+抓实帮扶,," in text  # headline trimmed, then guarded; no publication
    assert ",' =1+1," in text
    assert ",'\u3000帮扶," not in text
    assert ",\u3000帮扶," in text
    assert ",'－副标题,\"'\n@报\"," in text  # the headline trimmed to its subheadline
    assert ',"\'\r\n ＠今年",' in text
    assert ",' ＋县," in text
    assert (
        b"".join(copy_csv_chunks(Figure.objects.public().in_reading_order(), request)) == expected
    )


@on_postgresql
@pytest.mark.parametrize(
    "query",
    [
        {},
        {"county": ["crafted", "jinxiang"]},
        {"q": "50%'\"帮扶\\"},
        {"q": "帮扶", "o": "-amount"},
        {"amount_min": "1000", "o": "county"},
        {"amount_max": "9999999999999999.9999", "amount_min": "0.0001"},
        {"q": "没有这个词"},
    ],
)
def test_the_figure_csv_is_the_python_paths_bytes_for_any_filter(client, rf, seed, crafted, query):
    response = client.get(CSV, query)
    assert body(response) == python_csv(filtered_figures(rf.get(CSV, query)).qs, rf.get(CSV))


# Cells that start with whitespace or not, then a formula sign or not, then anything
# (PostgreSQL text holds no NUL).
CELLS = st.builds(
    lambda space, first, rest: space + first + rest,
    st.text(st.sampled_from(WHITESPACE), max_size=3),
    st.sampled_from(["", *FORMULA_SIGNS, "'", '"', ",", "a", "中"]),
    st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=4),
)


@on_postgresql
@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(counted=CELLS, headline=CELLS, subheadline=CELLS)
def test_copy_guards_any_cell_as_the_python_path_does(rf, figure, counted, headline, subheadline):
    Figure.objects.filter(pk=figure.pk).update(counted=counted)
    Report.objects.filter(paragraphs__figures=figure).update(
        headline=headline, subheadline=subheadline
    )
    request = rf.get(CSV)
    copied = b"".join(copy_csv_chunks(Figure.objects.public().in_reading_order(), request))
    assert copied == python_csv(Figure.objects.public().in_reading_order(), request)


@on_postgresql
def test_the_json_amounts_round_trip_exactly(client, figure):
    # SQLite stores a decimal as a float, so only PostgreSQL holds these digits to begin with.
    Figure.objects.filter(pk=figure.pk).update(
        amount=Decimal("1234567890123.4567"),
        amount_max=Decimal("9999999999999999.9999"),
        qualifier=Figure.Qualifier.RANGE,
    )
    data = body(client.get(JSON))
    assert b'"amount": 1234567890123.4567, ' in data
    assert b'"amount_max": 9999999999999999.9999, ' in data
    [item] = json.loads(data, parse_float=Decimal)
    assert item["amount"] == Decimal("1234567890123.4567")
    assert item["amount_max"] == Decimal("9999999999999999.9999")


@on_postgresql
def test_the_initiative_csv_is_the_python_paths_bytes(client, rf, crafted):
    initiative = Figure.objects.get(quote="300万元").initiative
    url = reverse("initiatives:initiative_figures_csv", args=[initiative.slug])
    data = body(client.get(url))
    assert data.count(b"\r\n") > 7
    assert data == python_csv(
        Figure.objects.public().in_reading_order().filter(initiative=initiative), rf.get(url)
    )


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_connection_is_usable_after_a_full_and_a_half_read_export(client, monkeypatch):
    # Outside a test transaction, as a response streams in production: in autocommit.
    from psycopg.pq import TransactionStatus

    monkeypatch.setattr(copying, "COPY_WRITE_SIZE", 1)  # one row a piece
    for _ in range(5):
        initiative = make_initiative()
        make_figure(initiative, "102个")
        make_figure(initiative, "300万元")
    assert len(rows(client.get(CSV))) == 10
    assert connection.connection.info.transaction_status == TransactionStatus.IDLE

    database = connection.connection
    response = client.get(CSV)
    pieces = iter(response.streaming_content)
    assert next(pieces).decode("utf-8-sig") == HEADER + "\r\n"
    assert next(pieces).count(b"\r\n") == 1
    assert database.info.transaction_status == TransactionStatus.ACTIVE
    # A persistent connection, as CONN_MAX_AGE keeps it in production, outlives the request.
    monkeypatch.setattr(connection, "close_at", None)
    response.close()  # what the server does when the client goes away
    assert connection.connection is database
    assert database.info.transaction_status == TransactionStatus.IDLE
    assert Figure.objects.count() == 10
    assert len(rows(client.get(CSV, {"o": "-amount"}))) == 10
    assert connection.connection is database
