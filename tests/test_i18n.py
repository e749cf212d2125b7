import ast
import gettext
import re
from http import HTTPStatus
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from tests.factories import make_county, make_figure, make_initiative

LOCALE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"


def po_entries():
    """Return (context, msgid, [msgstr, ...], flags) for each entry of the English catalogue."""
    entries = []
    for block in (LOCALE / "django.po").read_text(encoding="utf-8").split("\n\n"):
        fields, current, flags = {}, None, ""
        for line in block.splitlines():
            if line.startswith("#,"):
                flags = line
            match = re.match(r"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) (\".*\")$", line)
            if match:
                current = match.group(1)
                fields[current] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
        if fields.get("msgid"):
            strs = [value for key, value in fields.items() if key.startswith("msgstr")]
            entries.append((fields.get("msgctxt"), fields["msgid"], strs, flags))
    return entries


@pytest.fixture
def site(db):
    county = make_county(name="汶上县", slug="wenshang", kind="city")
    initiative = make_initiative(county=county, title="汶上县抓实帮扶项目", slug="wenshang")
    make_figure(initiative, "102个")
    return initiative


def test_every_interface_string_has_an_english_translation():
    entries = po_entries()
    assert len(entries) > 150
    untranslated = [msgid for _, msgid, strs, _ in entries if not all(strs)]
    fuzzy = [msgid for _, msgid, _, flags in entries if "fuzzy" in flags]
    assert untranslated == []
    assert fuzzy == []


def test_the_compiled_catalogue_matches_the_source():
    with (LOCALE / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    for context, msgid, strs, _ in po_entries():
        if context:
            assert catalogue.pgettext(context, msgid) == strs[0]
        else:
            assert strs[0] in {catalogue.gettext(msgid), catalogue.ngettext(msgid, msgid, 1)}


def test_the_site_is_chinese_by_default(client, site):
    text = client.get(reverse("initiatives:home")).text
    assert '<html lang="zh-hans">' in text
    assert "概览" in text
    assert "1 条数据" in text


def test_english_is_served_to_browsers_that_ask_for_it(client, site):
    text = client.get(reverse("initiatives:home"), headers={"accept-language": "en"}).text
    assert '<html lang="en">' in text
    assert "Overview" in text
    assert ">Counties</a>" in text  # the list, where the model's name is singular
    assert ">Indicators</a>" in text
    assert "County-level city" in text  # a model's choice label
    assert "1 initiative · 1 figure" in text
    assert "概览" not in text
    assert "汶上县" in text  # content stays as printed


def test_the_language_switch_changes_the_interface_and_returns_to_the_page(client, site):
    page = site.get_absolute_url()
    form = client.get(page).text
    assert 'action="/i18n/setlang/"' in form
    assert f'name="next" value="{page}"' in form
    response = client.post(reverse("set_language"), {"language": "en", "next": page})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == page
    text = client.get(page).text
    assert "Figures of this initiative" in text
    assert "Back to the source text" in text
    client.post(reverse("set_language"), {"language": "zh-hans", "next": page})
    assert "本举措的数据" in client.get(page).text


def test_filter_labels_and_messages_are_translated(client, site):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("initiatives:figure_list"), {"county": "atlantis"})
    assert "Some filters are not valid" in response.text
    assert "What is counted" in response.text
    assert "Amount at least" in response.text
    assert ">Amount, descending</option>" in response.text
    response = client.get(reverse("initiatives:figure_list"), {"page": "9"})
    assert "There is no page 9; showing the last page (page 1)." in response.text


def test_the_404_page_is_translated(client, db):
    response = client.get("/missing/", headers={"accept-language": "en"})
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Page not found" in response.text


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("zh-hans", "12,345 篇报道 · 1 项工作举措 · 1,234,567 条数据"),
        ("en", "12,345 reports · 1 initiative · 1,234,567 figures"),
    ],
)
def test_counts_on_cards_are_grouped_in_thousands_in_either_language(language, expected):
    """Counts of a country's worth of reports read as 1,234,567, not 1234567."""
    county = SimpleNamespace(
        name="汶上县",
        prefecture="",
        code="",
        report_count=12345,
        initiative_count=1,
        figure_count=1234567,
        get_kind_display="县",
        get_absolute_url="/counties/wenshang/",
    )
    with translation.override(language):
        html = render_to_string("includes/county_cards.html", {"counties": [county]})
    assert expected in " ".join(html.split())
