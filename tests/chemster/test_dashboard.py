"""The dashboard: a member's firms, and the coordinator's office work."""

import pytest

from members.models import Firm, FirmRole
from members.selectors import firms_without_admin
from tests.factories import FirmFactory, UserFactory

URL = "/en/dashboard/"


@pytest.mark.django_db
def test_admin_gets_profile_contacts_and_users_links(client_as, firm_a, firm_a_admin):
    page = client_as("firm_a_admin").get(URL).content.decode()

    assert f'<a href="/en/firms/{firm_a.slug}/edit/">' in page
    assert f'<a href="/en/firms/{firm_a.slug}/contacts/">' in page
    assert f'<a href="/en/firms/{firm_a.slug}/users/">' in page
    assert "Your role: Administrator" in page


@pytest.mark.django_db
def test_editor_gets_no_users_link(client_as, firm_a, firm_a_editor):
    page = client_as("firm_a_editor").get(URL).content.decode()

    assert f'<a href="/en/firms/{firm_a.slug}/edit/">' in page
    assert "/users/" not in page
    assert "Firms without an administrator" not in page


@pytest.mark.django_db
def test_user_with_roles_in_two_firms_sees_both_but_not_a_suspended_one(
    client_as, firm_a, firm_b, firm_a_editor
):
    FirmRole.objects.create(firm=firm_b, user=firm_a_editor, role="admin")
    suspended = FirmFactory(status=Firm.Status.SUSPENDED)
    FirmRole.objects.create(firm=suspended, user=firm_a_editor, role="admin")

    response = client_as("firm_a_editor").get(URL)

    assert [(r.firm.slug, r.role) for r in response.context["firm_roles"]] == [
        ("firma-a", "editor"),
        ("firma-b", "admin"),
    ]
    assert suspended.slug not in response.content.decode()


@pytest.mark.django_db
def test_coordinator_sees_firms_without_an_admin(client_as, firm_a, firm_a_admin, coordinator):
    only_editor = FirmFactory(name="Tylko Redaktor Sp. z o.o.")
    FirmRole.objects.create(firm=only_editor, user=UserFactory(), role="editor")
    imported = FirmFactory(name="Zaimportowana S.A.")
    FirmFactory(name="Zawieszona S.A.", status=Firm.Status.SUSPENDED)

    response = client_as("coordinator").get(URL)

    page = response.content.decode()
    assert list(response.context["firms_without_admin"]) == [only_editor, imported]
    assert f'<a href="/en/firms/{imported.slug}/users/">' in page
    assert '<a href="/en/coordinator/competences/">Competences</a>' in page
    assert '<a href="/en/coordinator/invitations/">Invitations</a>' in page
    assert "Zawieszona" not in page


@pytest.mark.django_db
def test_firms_without_admin_selector_ignores_former_members():
    FirmFactory(status=Firm.Status.FORMER)

    assert list(firms_without_admin()) == []


@pytest.mark.django_db
def test_menu_links_members_to_their_dashboard(client_as, firm_a_editor, outsider):
    member_page = client_as("firm_a_editor").get("/en/").content.decode()
    outsider_page = client_as("outsider").get("/en/").content.decode()

    assert '<a href="/en/dashboard/">My firm</a>' in member_page
    assert "/en/dashboard/" not in outsider_page


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 4])
def test_dashboard_query_count_is_constant(
    client_as, firm_a_admin, django_assert_num_queries, count
):
    for _n in range(count - 1):
        FirmRole.objects.create(firm=FirmFactory(), user=firm_a_admin, role="editor")
    client = client_as("firm_a_admin")

    # session, user, coordinators' group check, membership check, the
    # roles with their firms, the firms' competences (recommendations), the
    # user's admin firms, join requests to decide, invitations to projects,
    # the user's event registrations, the footer's texts
    with django_assert_num_queries(11):
        response = client.get(URL)

    assert len(response.context["firm_roles"]) == count


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 4])
def test_coordinators_dashboard_query_count_is_constant(
    client_as, coordinator, django_assert_num_queries, count
):
    FirmFactory.create_batch(count)
    client = client_as("coordinator")

    # session, user, membership check, coordinators' group check, the
    # coordinator's roles with their firms, the user's admin firms, join
    # requests, the user's event registrations, firms without an admin,
    # applications awaiting a decision, offers and requests to review and
    # expiring, funding deadlines, upcoming events, events closing, campaigns
    # scheduled or sending, failed deliveries, the strategy's attention list
    # (the current strategy's indicators with measurements, its actions), the
    # firm content type and recent status changes, expired invitations with
    # their firms, the footer's texts
    with django_assert_num_queries(22):
        response = client.get(URL)

    assert len(response.context["firms_without_admin"]) == count


@pytest.mark.django_db
def test_coordinators_dashboard_lists_applications_status_changes_and_unused_invitations(
    client_as, coordinator, firm_a
):
    from datetime import timedelta

    from django.utils import timezone

    from members.applications import suspend_member
    from members.models import Invitation, MembershipApplication
    from members.services import invite_user

    MembershipApplication.objects.create(
        name="Czekająca Chemia",
        kind="school",
        city="Nysa",
        motivation="Współpraca",
        contact_name="Ola",
        contact_email="ola@czekajaca.pl",
        clause_version="2026-11",
        clause_sha256="0" * 64,
    )
    suspend_member(firm=firm_a, actor=coordinator, reason="Składki")
    invite_user(email="stare@firma.pl", invited_by=coordinator)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(days=1))

    html = client_as("coordinator").get("/en/dashboard/").content.decode()

    assert "Czekająca Chemia" in html
    assert f"{firm_a.name}: <code>members.firm.suspended</code>" in html
    assert "stare@firma.pl" in html


@pytest.mark.django_db
def test_coordinators_dashboard_lists_projects_postings_and_events_work(
    client_as, coordinator, firm_a, firm_b
):
    from datetime import timedelta

    from django.utils import timezone

    from events.models import Registration
    from projects.models import Opportunity, Participation
    from tests.events.factories import EventFactory, RegistrationFactory
    from tests.projects.factories import OpportunityFactory, ParticipationFactory, led_project

    today = timezone.localdate()
    project = led_project(
        firm_a,
        title_en="Bio-based surfactants",
        funding_call="FENG 2026",
        funding_deadline=today + timedelta(days=12),
    )
    led_project(firm_a, title_en="Far deadline", funding_deadline=today + timedelta(days=60))
    ParticipationFactory(project=project, firm=firm_b, state=Participation.State.REQUESTED)
    OpportunityFactory(firm=firm_b, title_en="Waiting posting", state=Opportunity.State.SUBMITTED)
    OpportunityFactory(
        firm=firm_a, title_en="Expiring posting", expires_on=today + timedelta(days=10)
    )
    event = EventFactory(
        title_en="Integration meeting",
        capacity=2,
        registration_closes_at=timezone.now() + timedelta(days=3),
    )
    RegistrationFactory.create_batch(2, event=event)
    RegistrationFactory(event=event, state=Registration.State.WAITLISTED, waitlist_position=1)

    response = client_as("coordinator").get(URL)

    context = response.context
    assert [p.firm for p in context["join_requests"]] == [firm_b]
    assert [o.title_en for o in context["postings_to_review"]] == ["Waiting posting"]
    assert [o.title_en for o in context["postings_expiring"]] == ["Expiring posting"]
    assert [p.title_en for p in context["funding_deadlines"]] == ["Bio-based surfactants"]
    assert [
        (e.seats_taken, e.waitlisted_count, e.seats_left) for e in context["upcoming_events"]
    ] == [(2, 1, 0)]
    assert [e.title_en for e in context["events_closing"]] == ["Integration meeting"]
    page = response.content.decode()
    assert "Bio-based surfactants" in page
    assert "Waiting posting" in page
    assert "Expiring posting" in page
    assert "Integration meeting" in page


@pytest.mark.django_db
def test_members_dashboard_lists_their_registrations_and_join_requests(
    client_as, firm_a, firm_b, firm_a_admin
):
    from projects.models import Participation
    from tests.events.factories import EventFactory, RegistrationFactory
    from tests.projects.factories import ParticipationFactory, led_project

    project = led_project(firm_a, title_en="Pilot plant scale-up")
    ParticipationFactory(project=project, firm=firm_b, state=Participation.State.REQUESTED)
    event = EventFactory(title_en="Webinar on REACH")
    RegistrationFactory(event=event, user=firm_a_admin, email=firm_a_admin.email)

    page = client_as("firm_a_admin").get(URL).content.decode()

    assert "Requests to join projects awaiting a decision" in page
    assert f'href="/en/projects/{project.slug}/participations/"' in page
    assert "Your event registrations" in page
    assert "Webinar on REACH" in page
