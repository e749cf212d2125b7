"""Run axe-core on every public page type of the demo, as a visitor's Chromium renders it."""

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command

from initiatives.models import Outline, Region

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).parent / "vendor" / "axe" / "axe.min.js"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium is not installed"),
]

sync_api = pytest.importorskip("playwright.sync_api")

# WCAG 2.1 A and AA, which also covers China's GB/T 37668, and axe's best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

PAGES = [
    "/",
    "/counties/",
    "/counties/wenshang/",
    "/initiatives/",
    "/initiatives/wenshang-assistance-projects/",
    "/figures/",
    "/indicators/",
    "/indicators/activities-held/",
    "/regions/",
    "/regions/370000/",
    "/regions/370800/?shade=figures",
    "/corrections/",
]

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def browser():
    # See tests/test_browser.py: the sync API's event loop and the ORM's async guard.
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
def demo(transactional_db):
    call_command("load_demo", stdout=io.StringIO())
    # With the outlines of the demo's province, so the region and county pages draw their maps.
    call_command("load_regions", "--maps", "--only-with-data", stdout=io.StringIO())
    # Once in a loaded full run (both suites side by side) a page was drawn without its map:
    # say which step left it out if that comes back.
    assert Region.objects.with_data().exists(), "the demo's counties count no report"
    assert Outline.objects.exists(), "load_regions --maps --only-with-data loaded no outline"


def violations(page, path):
    """Return axe-core's violations on one page as (rule, number of nodes, first target)."""
    page.goto(path)
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    return [(v["id"], len(v["nodes"]), v["nodes"][0]["target"]) for v in result["violations"]]


def page_has_map(page, path):
    page.goto(path)
    return page.locator("svg.map a.map-link").count() > 0


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_public_pages_have_no_accessibility_violations(browser, live_server, demo, locale, width):
    """axe-core finds nothing at WCAG 2.1 AA or in its best practices on any public page."""
    # axe is injected through the DevTools protocol, which the site's CSP rightly would refuse
    # as a <script>; the site itself runs no JavaScript.
    context = browser.new_context(
        locale=locale, viewport=WIDTHS[width], base_url=live_server.url, bypass_csp=True
    )
    page = context.new_page()
    prefecture = Region.objects.get(code="370800")
    paths = [*PAGES, prefecture.get_absolute_url()]
    # The maps are there to be checked: the province's, the prefecture's and the county's.
    assert page_has_map(page, "/regions/370000/")
    found = {path: found for path in paths if (found := violations(page, path))}
    context.close()
    assert found == {}
