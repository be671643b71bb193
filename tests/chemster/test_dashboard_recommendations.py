"""The member's dashboard recommends projects and postings that need the
firm's competences (projects.matching)."""

import pytest

from members.models import Competence, FirmRole
from projects.models import Participation
from tests.factories import FirmFactory
from tests.projects.factories import OpportunityFactory, ParticipationFactory, led_project

pytestmark = pytest.mark.django_db

URL = "/en/dashboard/"


def _ids(*codes):
    return list(Competence.objects.filter(code__in=codes).values_list("pk", flat=True))


@pytest.fixture
def firm_b_competences(firm_b):
    firm_b.competences.set(_ids("hydrogenation", "scale-up"))


def test_firm_b_admin_sees_a_project_that_needs_the_firms_competences(
    client_as, firm_a, firm_b, firm_b_admin, firm_b_competences
):
    wanted = led_project(firm_a, title_en="Hydrogenation pilot", slug="pilot")
    wanted.needed_competences.set(_ids("hydrogenation", "analytical-lab"))
    joined = led_project(firm_a, title_en="Already in", slug="juz-jestesmy")
    joined.needed_competences.set(_ids("hydrogenation"))
    ParticipationFactory(project=joined, firm=firm_b, state=Participation.State.ACCEPTED)

    response = client_as("firm_b_admin").get(URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert '<a href="/en/projects/pilot/" lang="en">Hydrogenation pilot</a>' in page
    assert "your firm covers 1 of 2: Hydrogenation" in page
    assert "Already in" not in page
    assert "/en/projects/juz-jestesmy/" not in page


def test_firm_b_editor_sees_a_matching_posting_of_another_firm(
    client_as, firm_a, firm_b, firm_b_editor, firm_b_competences
):
    posting = OpportunityFactory(firm=firm_a, title_en="Pilot-scale hydrogenation offer")
    posting.competences.set(_ids("hydrogenation"))
    own = OpportunityFactory(firm=firm_b, title_en="Our own offer")
    own.competences.set(_ids("hydrogenation"))

    page = client_as("firm_b_editor").get(URL).content.decode()

    assert (
        f'<a href="/en/cooperation/{posting.pk}/" lang="en">Pilot-scale hydrogenation offer</a>'
        in page
    )
    assert "matches 1 of 1: Hydrogenation" in page
    assert "Our own offer" not in page


def test_firm_without_matches_is_told_so(client_as, firm_a, firm_a_admin):
    page = client_as("firm_a_admin").get(URL).content.decode()

    assert "No open project needs your firm's competences right now." in page
    assert "No published offer or request matches your firm's competences right now." in page


@pytest.mark.parametrize("count", [1, 12])
def test_dashboard_with_recommendations_query_count_is_constant(
    client_as, firm_a, firm_b, firm_b_admin, firm_b_competences, django_assert_num_queries, count
):
    # A second firm of the same user, with competences of its own.
    second = FirmFactory()
    second.competences.set(_ids("hydrogenation"))
    FirmRole.objects.create(firm=second, user=firm_b_admin, role="editor")
    for _n in range(count):
        led_project(firm_a).needed_competences.set(_ids("hydrogenation", "scale-up"))
        OpportunityFactory(firm=firm_a).competences.set(_ids("scale-up"))
    client = client_as("firm_b_admin")

    # session, user, coordinators' group check, membership check, the roles
    # with their firms, the firms' competences, candidate projects,
    # candidate postings with their firms, the covered competences' names,
    # the user's admin firms, join requests to decide, invitations to
    # projects, the user's event registrations, the footer's texts
    with django_assert_num_queries(14):
        response = client.get(URL)

    shown = [len(card["recommendations"].projects) for card in response.context["firm_cards"]]
    assert shown == [min(count, 5)] * 2
