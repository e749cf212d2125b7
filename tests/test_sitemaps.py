"""sitemap.xml lists the public pages and only them; robots.txt points to it."""

from http import HTTPStatus

from django.urls import reverse

from initiatives.models import Initiative, Status


def test_the_sitemap_lists_public_pages_and_leaves_drafts_out(client, seed):
    draft = Initiative.objects.order_by("pk").first()
    draft.status = Status.DRAFT
    draft.save()
    public = Initiative.objects.public().order_by("pk").first()

    response = client.get("/sitemap.xml")
    xml = response.content.decode()

    assert response.status_code == HTTPStatus.OK
    assert f"<loc>http://testserver{public.get_absolute_url()}</loc>" in xml
    assert f"{draft.get_absolute_url()}</loc>" not in xml
    assert "<loc>http://testserver/counties/wenshang/</loc>" in xml
    assert "<loc>http://testserver/indicators/</loc>" in xml
    assert "/admin/" not in xml


def test_robots_txt_keeps_crawlers_out_of_the_admin_and_names_the_sitemap(client, db):
    response = client.get(reverse("robots_txt"))

    assert response["Content-Type"] == "text/plain"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Disallow: /admin/",
        "Sitemap: http://testserver/sitemap.xml",
    ]
