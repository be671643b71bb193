"""The public newsletter archive: sent public campaigns, in each language."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from newsletters.models import Campaign

pytestmark = pytest.mark.django_db


def _url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(f"newsletters:{name}", kwargs=kwargs)


def _campaign(slug, *, state="sent", is_public=True, english=True, days_ago=1):
    finished = timezone.now() - timedelta(days=days_ago)
    started = finished - timedelta(minutes=5) if state in ("sending", "sent") else None
    return Campaign.objects.create(
        slug=slug,
        subject_pl=f"Temat {slug}",
        body_pl=f"Treść **{slug}** <script>alert(1)</script>",
        subject_en=f"Subject {slug}" if english else "",
        body_en=f"Text **{slug}**" if english else "",
        state=state,
        is_public=is_public,
        scheduled_at=finished if state == "scheduled" else None,
        started_at=started,
        finished_at=finished if state == "sent" else None,
    )


@pytest.fixture
def campaigns(db):
    return {
        "both": _campaign("both", days_ago=1),
        "polish": _campaign("polish", english=False, days_ago=2),
        "private": _campaign("private", is_public=False),
        "draft": _campaign("draft", state="draft"),
        "scheduled": _campaign("scheduled", state="scheduled"),
        "sending": _campaign("sending", state="sending"),
        "cancelled": _campaign("cancelled", state="cancelled"),
    }


def test_archive_lists_only_public_sent_campaigns_newest_first(client, campaigns):
    response = client.get(_url("archive", "pl"))

    assert [c.slug for c in response.context["page"].object_list] == ["both", "polish"]
    page = response.content.decode()
    assert '<a href="/pl/newsletter/archive/both/" lang="pl">Temat both</a>' in page
    assert "Temat private" not in page


def test_archive_in_english_falls_back_to_polish_subjects(client, campaigns):
    page = client.get(_url("archive")).content.decode()

    assert '<a href="/en/newsletter/archive/both/" lang="en">Subject both</a>' in page
    assert '<a href="/en/newsletter/archive/polish/" lang="pl">Temat polish</a>' in page


@pytest.mark.parametrize(
    ("language", "slug", "lang", "subject", "body"),
    [
        ("pl", "both", "pl", "Temat both", "Treść <strong>both</strong>"),
        ("en", "both", "en", "Subject both", "Text <strong>both</strong>"),
        ("en", "polish", "pl", "Temat polish", "Treść <strong>polish</strong>"),
    ],
)
def test_archive_page_is_in_the_current_language_or_polish(
    client, campaigns, language, slug, lang, subject, body
):
    response = client.get(_url("archive-detail", language, slug=slug))

    page = response.content.decode()
    assert response.status_code == 200
    assert f'<article class="archive-campaign" lang="{lang}">' in page
    assert f"<h1>{subject}</h1>" in page
    assert body in page
    assert "alert(1)" not in page


@pytest.mark.parametrize("slug", ["private", "draft", "scheduled", "sending", "cancelled", "none"])
def test_archive_page_of_a_campaign_not_public_and_sent_is_404(client, campaigns, slug):
    response = client.get(_url("archive-detail", slug=slug))

    assert response.status_code == 404


@pytest.mark.parametrize("count", [1, 15])
def test_archive_query_count_is_constant(client, django_assert_num_queries, count):
    for index in range(count):
        _campaign(f"c{index}", english=index % 2 == 0, days_ago=index + 1)

    # the page's count, the campaigns, the site's texts for the footer.
    with django_assert_num_queries(3):
        response = client.get(_url("archive"))

    assert len(response.context["page"].object_list) == count


def test_archive_page_query_count(client, campaigns, django_assert_num_queries):
    # the campaign, the site's texts for the footer.
    with django_assert_num_queries(2):
        response = client.get(_url("archive-detail", slug="both"))

    assert response.status_code == 200
