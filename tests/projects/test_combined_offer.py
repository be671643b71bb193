"""The public page of a combined offer: the joint offer and each firm's part."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from members.models import Firm
from tests.factories import FirmFactory
from tests.projects.factories import ParticipationFactory, ProjectFactory, led_project

pytestmark = pytest.mark.django_db


def _url(project, language="en"):
    with translation.override(language):
        return reverse("projects:offer", kwargs={"slug": project.slug})


@pytest.fixture
def offer(firm_a, firm_b):
    project = led_project(
        firm_a,
        kind="offer",
        title_en="From flask to tanker",
        offer_pl="Przejmujemy **cały łańcuch** wytwarzania.",
        offer_en="We take over **the whole chain** of manufacture.",
    )
    project.participations.filter(firm=firm_a).update(
        contribution_pl="Synteza w reaktorach 16 m³.",
        contribution_en="Synthesis in 16 m³ reactors.",
    )
    ParticipationFactory(
        project=project,
        firm=firm_b,
        role="subcontr",
        contribution_pl="Analityka zwalniająca partie.",
    )
    ParticipationFactory(
        project=project,
        firm=FirmFactory(name="Prosząca Firma"),
        state="requested",
        contribution_pl="Chcemy dołączyć.",
    )
    ParticipationFactory(
        project=project,
        firm=FirmFactory(name="Była Firma", status=Firm.Status.FORMER),
        contribution_pl="Magazyn.",
    )
    return project


def test_the_offer_page_shows_the_joint_offer_and_each_part(offer, firm_a, firm_b):
    response = Client().get(_url(offer))

    assert response.status_code == 200
    assert "<strong>the whole chain</strong>" in response.text
    assert "Synthesis in 16 m³ reactors." in response.text
    # No English part: the Polish one, marked as Polish.
    assert (
        '<div class="prose" lang="pl"><p>Analityka zwalniająca partie.</p></div>' in response.text
    )
    assert "Chcemy dołączyć." not in response.text
    participants = [p.firm.name for p in response.context["participants"]]
    assert participants == [firm_a.name, firm_b.name, "Była Firma"]
    with translation.override("en"):
        assert reverse("members:firm", kwargs={"slug": firm_b.slug}) in response.text
    assert "Była Firma</h3>" in response.text


def test_the_polish_page_shows_polish_texts(offer):
    response = Client().get(_url(offer, "pl"))

    assert "<strong>cały łańcuch</strong>" in response.text
    assert "Synteza w reaktorach 16 m³." in response.text


def test_a_project_of_another_kind_has_no_offer_page(firm_a):
    project = led_project(firm_a, kind="research")

    assert Client().get(_url(project)).status_code == 404


def test_a_members_only_offer_is_for_members(client_as, firm_a):
    project = led_project(firm_a, kind="offer", visibility="members")

    visitor = Client().get(_url(project))
    outsider = client_as("outsider").get(_url(project))
    member = client_as("firm_b_editor").get(_url(project))

    assert visitor.status_code == 302
    assert outsider.status_code == 404
    assert member.status_code == 200


def test_a_draft_offer_is_for_its_firm_only(client_as, firm_a, firm_b):
    draft = ProjectFactory(firm=firm_a, kind="offer", state="draft")

    assert client_as("firm_a_editor").get(_url(draft)).status_code == 200
    assert client_as("firm_b_admin").get(_url(draft)).status_code == 404
    assert client_as("coordinator").get(_url(draft)).status_code == 404


def test_the_project_page_links_to_the_offer(offer):
    response = Client().get(offer.get_absolute_url())

    assert _url(offer, "pl") in response.text


@pytest.mark.parametrize("partners", [1, 15])
def test_offer_page_query_count_is_constant(django_assert_num_queries, firm_a, partners):
    project = led_project(firm_a, kind="offer")
    for _ in range(partners):
        ParticipationFactory(project=project, contribution_pl="Część oferty.")
    client = Client()
    client.get(_url(project))

    with django_assert_num_queries(3):
        # 1. the project, 2. its participations (the permission checks)
        # 3. the accepted participants with their firms
        response = client.get(_url(project))

    assert len(response.context["participants"]) == partners + 1
