"""The project state machine: every allowed and refused move, and its mail."""

import itertools

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from chemster.models import AuditEntry
from members.models import FirmRole
from newsletters.models import OutboundMessage
from projects.models import Project
from projects.services import change_project_state
from tests.factories import FirmFactory, UserFactory
from tests.projects.factories import ParticipationFactory, ProjectFactory, led_project

pytestmark = pytest.mark.django_db

S = Project.State
ALLOWED = [
    (S.IDEA, S.RECRUITING),
    (S.IDEA, S.CANCELLED),
    (S.RECRUITING, S.ACTIVE),
    (S.RECRUITING, S.CANCELLED),
    (S.ACTIVE, S.COMPLETED),
    (S.ACTIVE, S.CANCELLED),
]
SUBMITTED_STATES = [state for state in S.values if state != S.DRAFT]
REFUSED = [
    (current, target)
    for current, target in itertools.product(SUBMITTED_STATES, S.values)
    if (current, target) not in ALLOWED
]


def test_the_tables_cover_every_pair_of_submitted_states():
    assert len(ALLOWED) + len(REFUSED) == len(SUBMITTED_STATES) * len(S.values)
    assert {(c, t) for c, targets in Project.TRANSITIONS.items() for t in targets} == {
        *ALLOWED,
        (S.DRAFT, S.IDEA),
        (S.DRAFT, S.RECRUITING),
    }


@pytest.mark.parametrize(("current", "target"), ALLOWED)
def test_allowed_move(firm_a, coordinator, current, target):
    project = led_project(firm_a, state=current)

    moved = change_project_state(actor=coordinator, project=project, state=target)

    project.refresh_from_db()
    assert project.state == target
    assert moved.state == target
    entry = AuditEntry.objects.get(code="projects.project.state_changed")
    assert entry.changes == {"state": [current, target]}


@pytest.mark.parametrize(("current", "target"), REFUSED)
def test_refused_move_names_both_states(firm_a, coordinator, current, target):
    project = led_project(firm_a, state=current)

    with translation.override("en"), pytest.raises(ValidationError) as error:
        change_project_state(actor=coordinator, project=project, state=target)

    project.refresh_from_db()
    assert project.state == current
    assert error.value.code == "transition"
    message = error.value.messages[0]
    with translation.override("en"):
        assert str(S(current).label) in message and str(S(target).label) in message
    assert not AuditEntry.objects.filter(code="projects.project.state_changed").exists()


@pytest.mark.parametrize("target", [S.IDEA, S.RECRUITING, S.CANCELLED])
def test_a_draft_is_not_moved_but_submitted(firm_a, firm_a_admin, target):
    draft = ProjectFactory(firm=firm_a, state=S.DRAFT)

    with pytest.raises(ValidationError) as error:
        change_project_state(actor=firm_a_admin, project=draft, state=target)

    draft.refresh_from_db()
    assert error.value.code == "draft"
    assert draft.state == S.DRAFT
    assert draft.participations.count() == 0


def test_an_unknown_state_is_refused(firm_a, coordinator):
    project = led_project(firm_a)

    with pytest.raises(ValidationError):
        change_project_state(actor=coordinator, project=project, state="paused")


def _admin(firm, language, email):
    user = UserFactory(email=email, preferred_language=language)
    FirmRole.objects.create(firm=firm, user=user, role=FirmRole.Role.ADMIN)
    return user


@pytest.mark.parametrize("target", [S.ACTIVE, S.CANCELLED])
def test_starting_or_cancelling_mails_the_participants_admins(firm_a, coordinator, target):
    project = led_project(firm_a, title_pl="Katalizatory", title_en="Catalysts")
    _admin(firm_a, "pl", "szef@firma-a.pl")
    partner = FirmFactory()
    _admin(partner, "en", "boss@partner.de")
    FirmRole.objects.create(
        firm=partner, user=UserFactory(email="editor@partner.de"), role=FirmRole.Role.EDITOR
    )
    ParticipationFactory(project=project, firm=partner)
    asking = FirmFactory()
    _admin(asking, "pl", "prosi@firma.pl")
    ParticipationFactory(project=project, firm=asking, state="requested")

    change_project_state(actor=coordinator, project=project, state=target)

    mails = {m.recipient: m for m in OutboundMessage.objects.all()}
    assert set(mails) == {"szef@firma-a.pl", "boss@partner.de"}
    assert mails["boss@partner.de"].language == "en"
    assert "Catalysts" in mails["boss@partner.de"].subject
    assert "Katalizatory" in mails["szef@firma-a.pl"].subject
    assert mails["boss@partner.de"].dedupe_key.startswith(f"project-state:{project.pk}:{target}:")
    assert f"/en/projects/{project.slug}/" in mails["boss@partner.de"].body_text


def test_completing_mails_and_recruiting_does_not(firm_a, coordinator):
    _admin(firm_a, "pl", "szef@firma-a.pl")
    idea = led_project(firm_a, state=S.IDEA)
    active = led_project(firm_a, state=S.ACTIVE)

    change_project_state(actor=coordinator, project=idea, state=S.RECRUITING)
    assert OutboundMessage.objects.count() == 0
    change_project_state(actor=coordinator, project=active, state=S.COMPLETED)

    assert list(OutboundMessage.objects.values_list("recipient", flat=True)) == ["szef@firma-a.pl"]


def _state_url(project):
    with translation.override("en"):
        return reverse("projects:state", kwargs={"slug": project.slug})


def test_the_leaders_admin_moves_the_project_on(client_as, firm_a):
    project = led_project(firm_a, state=S.RECRUITING)

    response = client_as("firm_a_admin").post(_state_url(project), {"state": "active"})

    project.refresh_from_db()
    assert response.status_code == 302
    assert project.state == S.ACTIVE


def test_a_refused_move_shows_a_message(client_as, firm_a):
    project = led_project(firm_a, state=S.COMPLETED)

    response = client_as("coordinator").post(
        _state_url(project), {"state": "recruiting"}, follow=True
    )

    project.refresh_from_db()
    assert project.state == S.COMPLETED
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


@pytest.mark.parametrize(("member", "status"), [("firm_a_editor", 403), ("firm_b_admin", 403)])
def test_others_may_not_move_the_project(client_as, firm_a, firm_b, member, status):
    project = led_project(firm_a, state=S.RECRUITING)

    response = client_as(member).post(_state_url(project), {"state": "cancelled"})

    project.refresh_from_db()
    assert response.status_code == status
    assert project.state == S.RECRUITING
