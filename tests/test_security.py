"""Headers and logins: the Content-Security-Policy, login throttling, and where a login lands."""

import re
from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.urls import reverse

from initiatives.models import Initiative, Report

LOGIN = reverse("admin:login")


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(
        "editor", password="correct horse", is_staff=True, is_superuser=True
    )


def policy(response):
    return dict(
        part.strip().split(" ", 1)
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    )


def inline_code(html):
    """Return the inline scripts, style blocks and style attributes in a page."""
    scripts = [
        tag
        for tag in re.findall(r"<script\b[^>]*>", html)
        if "src=" not in tag and 'type="application/json"' not in tag
    ]
    return scripts + re.findall(r"<style\b", html) + re.findall(r"\sstyle=", html)


def test_every_page_sends_a_strict_content_security_policy(client, seed):
    response = client.get(reverse("initiatives:home"))

    directives = policy(response)
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def public_urls():
    initiative = Initiative.objects.public().first()
    report = Report.objects.first()
    county = initiative.county
    return [
        reverse("initiatives:home"),
        reverse("initiatives:county_list"),
        county.get_absolute_url(),
        initiative.get_absolute_url(),
        reverse("initiatives:initiative_list") + "?q=党员",
        reverse("initiatives:figure_list") + "?amount_min=x",
        reverse("initiatives:indicator_list"),
        reverse("admin:index"),
        reverse("admin:initiatives_report_changelist"),
        reverse("admin:initiatives_report_change", args=[report.pk]),
        reverse("admin:initiatives_report_review", args=[report.pk]),
        reverse("admin:initiatives_report_import"),
        reverse("admin:initiatives_initiative_change", args=[initiative.pk]),
    ]


def test_no_page_needs_inline_script_or_style(admin_client, seed):
    for url in public_urls():
        response = admin_client.get(url)
        assert response.status_code == HTTPStatus.OK, url
        assert inline_code(response.text) == [], url
    assert inline_code(admin_client.get("/no-such-page/").text) == []


def test_the_503_page_has_no_inline_style(client, db, monkeypatch):
    from initiatives.middleware import database_unavailable

    response = database_unavailable(client.get("/").wsgi_request)

    assert inline_code(response.content.decode()) == []


def fail(client, username="editor", **extra):
    return client.post(LOGIN, {"username": username, "password": "wrong"}, **extra)


def sign_in(client, **extra):
    return client.post(
        LOGIN, {"username": "editor", "password": "correct horse", "next": "/admin/"}, **extra
    )


def test_repeated_failed_logins_lock_the_account_and_address_pair(client, staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert fail(client).status_code == HTTPStatus.OK

    locked = fail(client)
    correct = sign_in(client)

    assert locked.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "登录已暂时锁定" in locked.text
    assert "60 分钟后再试" in locked.text
    assert correct.status_code == HTTPStatus.TOO_MANY_REQUESTS  # Even the right password.
    assert "_auth_user_id" not in client.session


def test_a_lockout_holds_only_for_that_address(client, staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        fail(client)

    response = sign_in(client, REMOTE_ADDR="10.0.0.7")

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == reverse("admin:index")


def test_a_successful_login_resets_the_count(client, staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        fail(client)
    assert sign_in(client).status_code == HTTPStatus.FOUND
    client.logout()

    assert fail(client).status_code == HTTPStatus.OK  # Counting starts again.


def test_the_documented_command_unlocks_an_account(client, staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        fail(client)

    call_command("axes_reset_username", "editor", verbosity=0)

    assert sign_in(client).status_code == HTTPStatus.FOUND


@pytest.mark.parametrize(
    "unsafe", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""]
)
def test_a_login_with_an_unsafe_next_lands_on_the_admin(client, staff, unsafe):
    response = client.post(
        LOGIN, {"username": "editor", "password": "correct horse", "next": unsafe}
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == reverse("admin:index")
    assert client.get(response.url).status_code == HTTPStatus.OK
