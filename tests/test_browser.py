"""Walk the public site as a visitor would, in Debian's Chromium driven by Playwright."""

import csv
import io
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from initiatives.importing import import_items, read
from initiatives.models import Figure, Initiative, Report

from .factories import make_counties, make_staff, make_themes_and_indicators
from .import_helpers import IMPORT_PERMISSIONS as IMPORT
from .import_helpers import SEED_PAGE
from .test_review import PUBLISHER

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium is not installed"),
]

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect


@pytest.fixture(scope="module")
def browser():
    # Playwright's sync API runs an event loop in this thread; the ORM would otherwise refuse
    # the fixtures' database calls. Set only while the browser runs: `check --deploy` in a
    # later test's subprocess would otherwise inherit it and fail.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def screenshots(tmp_path):
    """Return the screenshot folder: a temporary one unless DIGEST_SCREENSHOTS names one."""
    # Writing docs/screenshots on every run would leave the checkout dirty.
    chosen = os.environ.get("DIGEST_SCREENSHOTS")
    folder = Path(settings.BASE_DIR) / chosen if chosen else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def seeded(transactional_db):
    call_command("loaddata", "seed_page", verbosity=0)


@pytest.fixture
def page(browser, live_server, seeded):
    """A Chinese-speaking visitor's tab, without JavaScript: the site must not need it."""
    context = browser.new_context(
        locale="zh-CN",
        java_script_enabled=False,
        accept_downloads=True,
        viewport={"width": 1280, "height": 900},
        base_url=live_server.url,
    )
    page = context.new_page()
    yield page
    context.close()


def test_a_visitor_follows_a_figure_from_the_overview_to_its_source_and_downloads_it(
    page, tmp_path, screenshots
):
    page.goto("/")
    expect(page.locator("h1")).to_have_text("各县区的基层工作与数据")

    page.get_by_role("link", name="汶上县", exact=True).first.click()
    expect(page.locator("h1")).to_have_text("汶上县")
    expect(page.get_by_role("img", name="汶上县各主题的数据条数")).to_be_visible()
    page.screenshot(path=screenshots / "county.png", full_page=True)

    page.get_by_role("link", name="汶上县抓实帮扶项目").first.click()
    expect(page.locator("h1")).to_have_text("汶上县抓实帮扶项目")
    page.screenshot(path=screenshots / "initiative.png", full_page=True)

    # A highlighted figure leads to its row in the table, and the row leads back.
    quote = page.locator("mark.quote", has_text="300万元")
    figure_id = quote.get_attribute("id").removeprefix("quote-")
    quote.get_by_role("link").click()
    expect(page).to_have_url(re.compile(f"#figure-{figure_id}$"))
    row = page.locator(f"#figure-{figure_id}")
    expect(row).to_be_in_viewport()
    expect(row).to_contain_text("帮扶资金")
    row.get_by_role("link", name="300万元").click()
    expect(page).to_have_url(re.compile(f"#quote-{figure_id}$"))
    expect(quote).to_be_in_viewport()

    # Filter the figure list by a county, then download exactly those rows.
    page.get_by_role("link", name="数据", exact=True).click()
    page.locator("summary", has_text="筛选").click()
    page.get_by_label("金乡县").check()
    page.get_by_role("button", name="筛选").click()
    assert "county=jinxiang" in page.url
    expect(page.locator(".result-count")).to_have_text("共 8 条数据")
    expect(page.locator(".active-filters")).to_contain_text("县区：金乡县")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    download = download_info.value
    assert download.suggested_filename == "figures_county-jinxiang.csv"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    data = saved.read_bytes()
    assert data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(rows) == 8
    assert {row["county"] for row in rows} == {"金乡县"}
    assert all(row["figure_url"].startswith(page.url.split("/figures/")[0]) for row in rows)


def test_a_visitor_switches_the_language(page):
    page.goto("/figures/?county=jinxiang")
    page.get_by_label("语言").select_option("en")
    page.get_by_role("button", name="切换语言").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Figures")
    expect(page.locator(".result-count")).to_have_text("8 figures")
    assert page.url.endswith("/figures/?county=jinxiang")
    page.get_by_label("Language").select_option("zh-hans")
    page.get_by_role("button", name="Switch language").click()
    expect(page.locator("h1")).to_have_text("数据")


def test_the_initiative_page_reads_well_on_a_phone(browser, live_server, seeded, screenshots):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, device_scale_factor=2
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/initiatives/wenshang-assistance-projects/")
    # Nothing wider than the screen: no sideways scrolling of the page itself.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("mark.quote").first.scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "initiative-phone.png")
    context.close()


def test_a_missing_page_is_the_friendly_404_in_the_sites_style(page):
    response = page.goto("/initiatives/no-such-initiative/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("找不到这个页面")
    expect(page.get_by_role("link", name="回到概览")).to_have_attribute("href", "/")
    assert page.locator("header.site-header").count() == 1


def test_the_admin_runs_under_the_content_security_policy(
    browser, live_server, seeded, django_user_model
):
    """The admin's own scripts (autocomplete, inlines) load and nothing is blocked by the CSP."""
    django_user_model.objects.create_superuser("boss", password="correct horse")
    context = browser.new_context(locale="zh-CN", base_url=live_server.url)
    page = context.new_page()
    violations = []
    page.on("console", lambda message: violations.append(message.text))
    page.goto("/admin/login/?next=/admin/initiatives/initiative/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", "correct horse")
    page.click("input[type=submit]")
    page.click("#result_list tbody tr a")
    # The inline's "add another" link is drawn by the admin's JavaScript.
    expect(page.locator(".add-row a").first).to_be_visible()
    page.goto("/")
    context.close()
    assert [text for text in violations if "Content Security Policy" in text] == []


class CountingTab:
    """A staff member's browser tab that counts the clicks and key presses made in it."""

    def __init__(self, page):
        self.page = page
        self.clicks = self.keys = 0

    def click(self, locator):
        locator.click()
        self.clicks += 1

    def press(self, key):
        self.page.keyboard.press(key)
        self.keys += 1

    def type(self, text):
        """Type text, a key press per character (an input method may need more)."""
        self.page.keyboard.type(text)
        self.keys += len(text)

    def choose_file(self, selector, path):
        """Choose a file to upload: a click to open the dialog and one to pick the file."""
        self.page.set_input_files(selector, path)
        self.clicks += 2


def staff_tab(browser, live_server, django_user_model, username, codenames):
    """Log a new staff member with these permissions in, in a tab with JavaScript on."""
    user = make_staff(django_user_model, *codenames, username=username)
    user.set_password("correct horse")
    user.save()
    context = browser.new_context(
        locale="zh-CN", base_url=live_server.url, viewport={"width": 1400, "height": 900}
    )
    page = context.new_page()
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", "correct horse")
    page.click("input[type=submit]")
    return page


def test_staff_import_review_and_publish_the_seed_page_in_few_clicks_and_key_presses(
    browser, live_server, transactional_db, django_user_model, screenshots
):
    """The seed page's 63 suggestions are reviewed and published in at most 80 actions."""
    make_counties()
    make_themes_and_indicators()
    editor = CountingTab(
        staff_tab(browser, live_server, django_user_model, "editor", [*IMPORT, "view_report"])
    )
    # Four eyes: the one who imported the page does not publish it.
    reviewer = CountingTab(
        staff_tab(browser, live_server, django_user_model, "publisher", PUBLISHER)
    )
    violations = []
    for tab in (editor, reviewer):
        tab.page.on("console", lambda message: violations.append(message.text))

    editor.page.goto("/admin/initiatives/report/import/")
    editor.choose_file("input[type=file]", SEED_PAGE)
    editor.click(editor.page.get_by_role("button", name="预览"))
    editor.click(editor.page.get_by_role("button", name="创建草稿"))
    expect(editor.page.locator(".messagelist")).to_contain_text("已导入 9 篇报道")

    page = reviewer.page
    reviewer.click(page.get_by_role("link", name="报道", exact=True).first)
    reviewer.click(page.get_by_role("link", name="审核").first)
    published, shown_pending = 0, False
    while True:
        expect(page.locator("h1")).to_be_visible()
        if page.locator("input[name=confirm_at]").count():
            reviewer.click(page.get_by_role("button", name="预览批量确认"))
            if published == 0:
                page.screenshot(path=screenshots / "review-bulk.png", full_page=True)
            reviewer.click(page.locator("input[name=_bulk_confirm]"))
        pending = page.locator("tbody.review-row-suggested")
        if pending.count() > 1 and not shown_pending:
            expect(pending.first).to_have_class(re.compile("is-current"))
            page.screenshot(path=screenshots / "review.png", full_page=True)
            shown_pending = True
        if page.locator("tbody[data-row]", has_text="3万元以上").count():
            # Read right but worded short: 集体收入 is 每村增加集体收入.
            reviewer.press("e")
            expect(page.locator("#figure-row-5 .review-editor")).to_be_visible()
            page.screenshot(path=screenshots / "review-edit.png", full_page=True)
            reviewer.press("Home")
            reviewer.type("每村增加")
            reviewer.press("Escape")
        for _ in range(pending.count()):
            reviewer.press("y")  # Each moves on to the next row still to decide.
        if page.locator("[data-review-submit]:focus").count():
            reviewer.press("Enter")
        else:
            reviewer.click(page.get_by_role("button", name="保存并发布"))
        expect(page.locator(".messagelist")).to_contain_text("已发布")
        published += 1
        next_report = page.locator(".submit-row a.next-report")
        if not next_report.count():
            break
        reviewer.click(next_report)

    figures = Figure.objects.count()
    clicks, keys = editor.clicks + reviewer.clicks, editor.keys + reviewer.keys
    print(
        f"\nImporting the seed page and reviewing its {figures} suggested figures took "
        f"{clicks} clicks and {keys} key presses: {clicks + keys} in all."
    )
    assert published == 9
    assert figures == 63
    assert Figure.objects.public().count() == 63
    assert Figure.objects.get(quote="3万元以上").counted == "每村增加集体收入"
    assert Initiative.objects.public().count() == 9
    assert not Initiative.objects.filter(theme=None).exists()
    assert clicks + keys <= 80
    assert [text for text in violations if "Content Security Policy" in text] == []


def test_the_review_screen_works_without_javascript(
    browser, live_server, transactional_db, django_user_model
):
    """Edit opens a row's fields by CSS alone, and the row's radio buttons decide."""
    make_counties()
    make_themes_and_indicators()
    import_items(read(SEED_PAGE.read_text()))
    report = Report.objects.get(county__name="汶上县")
    user = make_staff(django_user_model, *PUBLISHER, username="reviewer")
    user.set_password("correct horse")
    user.save()
    context = browser.new_context(
        locale="zh-CN", base_url=live_server.url, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(f"/admin/login/?next=/admin/initiatives/report/{report.pk}/review/")
    page.fill("#id_username", "reviewer")
    page.fill("#id_password", "correct horse")
    page.click("input[type=submit]")

    row = page.locator("#figure-row-2")
    expect(page.locator(".keyboard-help")).to_be_hidden()
    expect(row.locator(".review-editor")).to_be_hidden()
    row.get_by_text("编辑", exact=True).click()
    expect(row.locator(".review-editor")).to_be_visible()
    row.get_by_label("统计对象").fill("论证通过的帮扶项目")
    row.get_by_label("确认").check()
    page.get_by_role("button", name="保存审核结果").click()

    expect(page.locator(".messagelist")).to_contain_text("审核结果已保存")
    figure = Figure.objects.get(paragraph__report=report, quote="102个")
    assert (figure.counted, figure.review) == ("论证通过的帮扶项目", Figure.Review.CONFIRMED)
    context.close()
