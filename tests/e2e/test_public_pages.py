"""The pages of projects, offers and requests, events, the strategy and the
newsletter, on the demo data, in a real browser: no console error, no CSP
violation, no serious accessibility problem, in Polish and in English."""

import pytest
from django.core.management import call_command

from events.models import Event
from newsletters.models import Campaign
from projects.models import Opportunity, Project
from tests.e2e.test_shell import _problems, _serious_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DEMO_PASSWORD = "haslo-demo-1"  # noqa: S105 - a test's demo accounts


def _public_paths() -> list[str]:
    project = Project.objects.filter(visibility="public", state="recruiting").first()
    offer = Project.objects.filter(visibility="public", kind="offer").exclude(state="draft")[0]
    posting = Opportunity.objects.filter(state="published").first()
    event = Event.objects.filter(audience="public", state="published").first()
    campaign = Campaign.objects.filter(is_public=True, state="sent").first()
    return [
        "projects/",
        f"projects/{project.slug}/",
        f"projects/{offer.slug}/offer/",
        "cooperation/",
        f"cooperation/{posting.pk}/",
        "events/",
        "events/archive/",
        f"events/{event.slug}/",
        "strategy/",
        "strategy/archive/",
        "newsletter/",
        "newsletter/archive/",
        f"newsletter/archive/{campaign.slug}/",
    ]


@pytest.mark.parametrize("language", ["pl", "en"])
def test_public_pages_have_no_errors_and_no_serious_accessibility_problems(
    live_server, watched_page, language
):
    call_command("seed_demo", password=DEMO_PASSWORD)
    page = watched_page
    found = {}

    for path in _public_paths():
        response = page.goto(f"{live_server.url}/{language}/{path}")
        problems = _problems(page) + _serious_violations(page)
        if response.status != 200 or problems:
            found[path] = (response.status, problems)

    assert found == {}


def test_member_dashboard_has_no_errors_and_no_serious_accessibility_problems(
    live_server, watched_page
):
    call_command("seed_demo", password=DEMO_PASSWORD)
    page = watched_page
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("#id_login", "a.pawlak@regulis-reach.pl")
    page.fill("#id_password", DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/en/")

    page.goto(f"{live_server.url}/en/dashboard/")

    assert page.locator("h1").inner_text() == "My firms"
    assert page.get_by_text("Projects that need your competences").count() >= 1
    assert _problems(page) == []
    assert _serious_violations(page) == []
