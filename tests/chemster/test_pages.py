"""The site's shell: home, about, site texts, languages and headers."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from chemster.models import SiteText
from chemster.services import update_site_text
from members.services import create_firm
from strategy.selectors import years_of_operation
from tests.factories import FirmFactory, valid_nip

PAGES = ["/pl/", "/en/", "/pl/about/", "/en/about/", "/pl/contact/", "/en/privacy/"]


@pytest.mark.django_db
def test_root_redirects_by_the_browsers_language(client):
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    polish = client.get("/", HTTP_ACCEPT_LANGUAGE="pl-PL,pl;q=0.9")
    other = client.get("/", HTTP_ACCEPT_LANGUAGE="de")

    assert (english.status_code, english["Location"]) == (302, "/en/")
    assert (polish.status_code, polish["Location"]) == (302, "/pl/")
    assert other["Location"] == "/pl/"


@pytest.mark.django_db
def test_home_shows_live_figures_in_the_pages_language(client):
    years = years_of_operation(date.today())

    polish = client.get("/pl/").content.decode()
    english = client.get("/en/").content.decode()

    assert (
        f'<span class="figure-value">{years}</span> <span class="figure-label">lat współpracy'
        in polish
    )
    assert (
        f'<span class="figure-value">{years}</span> <span class="figure-label">years of cooperation'
        in english
    )


def test_years_of_operation_counts_full_years_since_august_2013():
    assert years_of_operation(date(2013, 8, 1)) == 0
    assert years_of_operation(date(2014, 7, 31)) == 0
    assert years_of_operation(date(2014, 8, 1)) == 1
    assert years_of_operation(date(2026, 11, 29)) == 13


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "other"),
    [("/pl/", "/en/"), ("/en/about/", "/pl/about/"), ("/pl/privacy/", "/en/privacy/")],
)
def test_language_switch_links_to_the_same_page_in_the_other_language(client, path, other):
    html = client.get(path).content.decode()

    assert re.search(
        rf'<a class="language-switch" href="{re.escape(other)}" hreflang="\w\w" lang="\w\w">', html
    )


@pytest.mark.django_db
def test_pages_are_translated(client):
    polish = client.get("/pl/about/").content.decode()
    english = client.get("/en/about/").content.decode()

    assert '<html lang="pl">' in polish
    assert "Cele strategiczne" in polish
    assert '<html lang="en">' in english
    assert "Strategic goals" in english
    assert "Integration of members" in english
    assert "Integracja członków klastra" in polish


@pytest.mark.django_db
def test_about_shows_the_strategys_vision_and_original_text(client):
    html = client.get("/en/about/").content.decode()

    assert "competence centre of strategic importance for Poland" in html
    assert '<div class="source-text" lang="pl">' in html
    assert "Strategia Rozwoju Klastra Chemii Specjalistycznej CHEM-STER" in html


@pytest.mark.django_db
def test_footer_shows_contact_and_statement_links_in_both_languages(client):
    polish = client.get("/pl/").content.decode()
    english = client.get("/en/").content.decode()

    assert "ul. Szkolna 15, 47-225 Kędzierzyn-Koźle" in polish
    for key, title in [
        ("privacy", "Informacja o przetwarzaniu danych osobowych"),
        ("cookies", "Pliki cookie"),
        ("accessibility", "Deklaracja dostępności"),
    ]:
        assert f'href="/pl/{key}/" lang="pl">{title}</a>' in polish
    assert 'href="/en/accessibility/" lang="en">Accessibility statement</a>' in english


@pytest.mark.django_db
def test_edited_site_text_shows_on_the_next_page_load(client, django_capture_on_commit_callbacks):
    client.get("/pl/")  # caches the footer
    text = SiteText.objects.get(key=SiteText.Key.CONTACT)

    with django_capture_on_commit_callbacks(execute=True):
        update_site_text(
            text=text,
            fields={"summary_pl": "Nowy adres biura: ul. Mostowa 30, 47-220 Kędzierzyn-Koźle"},
        )

    assert "ul. Mostowa 30, 47-220" in client.get("/pl/").content.decode()


@pytest.mark.django_db
def test_english_falls_back_to_polish_marked_as_polish(client):
    text = SiteText.objects.get(key=SiteText.Key.COOKIES)
    update_site_text(text=text, fields={"body_en": "", "title_en": ""})

    html = client.get("/en/cookies/").content.decode()

    assert '<h1 lang="pl">Pliki cookie</h1>' in html
    assert '<div class="prose" lang="pl">' in html


@pytest.mark.django_db
def test_coordinator_edits_site_text_in_the_admin(client_as, django_capture_on_commit_callbacks):
    client = client_as("coordinator")
    text = SiteText.objects.get(key=SiteText.Key.PRIVACY)
    url = reverse("admin:chemster_sitetext_change", args=[text.pk])
    data = {
        "title_pl": text.title_pl,
        "title_en": "Privacy policy",
        "summary_pl": "",
        "summary_en": "",
        "body_pl": text.body_pl,
        "body_en": text.body_en,
    }

    client.get("/en/")  # caches the footer
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)

    assert response.status_code == 302
    assert 'lang="en">Privacy policy</a>' in client.get("/en/").content.decode()


@pytest.mark.django_db
def test_markdown_in_site_texts_cannot_run_script(client):
    text = SiteText.objects.get(key=SiteText.Key.CONTACT)
    update_site_text(
        text=text,
        fields={
            "body_pl": '<script>alert(1)</script> [link](javascript:alert(2)) <img src=x onerror="alert(3)">'
        },
    )

    html = client.get("/pl/contact/").content.decode()

    assert "<script>alert" not in html
    assert "javascript:" not in html
    assert "onerror" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_pages_have_no_inline_script_or_style_and_no_third_party_host(client, path):
    html = client.get(path).content.decode()

    assert re.findall(r"<script(?![^>]*\ssrc=)[^>]*>", html) == []
    assert "<style" not in html
    assert " style=" not in html
    assert re.findall(r'(?:src|href)="(?:https?:)?//', html) == []


@pytest.mark.django_db
def test_pages_send_an_enforced_csp_and_security_headers(client):
    response = client.get("/pl/")

    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "Content-Security-Policy-Report-Only" not in response
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_unknown_page_is_a_translated_404(client):
    response = client.get("/en/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_home_page_weighs_under_150_kb_on_a_cold_load(client):
    html = client.get("/pl/").content.decode()
    assets = re.findall(r'(?:src|href)="/static/([^"]+)"', html)

    total = len(html.encode()) + sum(Path(finders.find(a)).stat().st_size for a in assets)

    assert assets  # the stylesheet and htmx at least
    assert total < 150 * 1024


@pytest.mark.django_db
def test_home_member_figure_counts_active_members_and_follows_changes(
    client, django_capture_on_commit_callbacks
):
    FirmFactory(status="active")
    FirmFactory(status="former")
    before = client.get("/en/").content.decode()  # cached now

    with django_capture_on_commit_callbacks(execute=True):
        create_firm(
            actor=None,
            name="Nowa Chemia Sp. z o.o.",
            kind="enterprise",
            size_class="micro",
            nip=valid_nip(999),
            city="Opole",
            postcode="45-001",
        )
    after = client.get("/en/").content.decode()

    assert (
        '<span class="figure-value">1</span> <span class="figure-label">member firm</span>'
        in before
    )
    assert (
        '<span class="figure-value">2</span> <span class="figure-label">member firms</span>'
        in after
    )
