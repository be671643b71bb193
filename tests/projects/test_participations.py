"""Joining projects: the services, their rules, mail, audit and reads."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import translation

from chemster.models import AuditEntry
from members.models import Firm, FirmRole
from newsletters.models import OutboundMessage
from projects.models import Participation, Project
from projects.participations import (
    accept_participation,
    decline_participation,
    invitations_awaiting_answer,
    invite_firm,
    join_requests_awaiting_decision,
    panel_context,
    request_to_join,
    withdraw_participation,
)
from tests.factories import FirmFactory, UserFactory
from tests.projects.factories import ParticipationFactory, ProjectFactory, led_project


@pytest.fixture(autouse=True)
def _english():
    """These tests read the services' messages in English."""
    with translation.override("en"):
        yield


PARTNER = Participation.Role.PARTNER


@pytest.fixture
def project(firm_a):
    return led_project(
        firm_a,
        slug="wodor-zielony",
        title_pl="Zielony wodór",
        title_en="Green hydrogen",
        visibility=Project.Visibility.MEMBERS,
    )


def _ask(project, firm, actor, **fields):
    return request_to_join(actor=actor, project=project, firm=firm, role=PARTNER, **fields)


def _requested(project, firm, actor):
    return ParticipationFactory(
        project=project, firm=firm, state=Participation.State.REQUESTED, created_by=actor
    )


def _invited(project, firm, actor):
    return ParticipationFactory(
        project=project, firm=firm, state=Participation.State.INVITED, created_by=actor
    )


def _mails():
    return {(m.recipient, m.language) for m in OutboundMessage.objects.all()}


def _codes():
    entries = AuditEntry.objects.filter(code__startswith="projects.").order_by("pk")
    return list(entries.values_list("code", flat=True))


# --- Asking to join -----------------------------------------------------------


@pytest.mark.django_db
def test_request_to_join_records_mails_leader_admins_and_audits(
    project, firm_b, firm_a_admin, firm_a_editor, firm_b_admin
):
    participation = request_to_join(
        actor=firm_b_admin,
        project=project,
        firm=firm_b,
        role=Participation.Role.SUBCONTRACTOR,
        message="Mamy reaktor ciśnieniowy.",
        contribution_pl="Badania katalizatorów",
        contribution_en="Catalyst testing",
    )

    participation.refresh_from_db()
    assert (participation.state, participation.role, participation.created_by) == (
        "requested",
        "subcontr",
        firm_b_admin,
    )
    assert (participation.contribution_pl, participation.contribution_en) == (
        "Badania katalizatorów",
        "Catalyst testing",
    )
    # The leader's admin only: not its editor, not the asking firm.
    assert _mails() == {("admin@firma-a.pl", "pl")}
    mail = OutboundMessage.objects.get()
    assert "Borowe Laboratoria S.A." in mail.subject
    assert "Zielony wodór" in mail.subject
    assert "Mamy reaktor ciśnieniowy." in mail.body_text
    assert "/pl/projects/wodor-zielony/participations/" in mail.body_text
    assert mail.category == "notification"
    assert _codes() == ["projects.participation.requested"]
    entry = AuditEntry.objects.get(code__startswith="projects.")
    assert (entry.actor, entry.object_id) == (firm_b_admin, str(participation.pk))


@pytest.mark.django_db
def test_mail_is_in_each_recipients_language(project, firm_a, firm_b, firm_a_admin, firm_b_admin):
    firm_a_admin.preferred_language = "en"
    firm_a_admin.save(update_fields=["preferred_language"])
    second = UserFactory(email="druga@firma-a.pl", preferred_language="pl")
    FirmRole.objects.create(firm=firm_a, user=second, role=FirmRole.Role.ADMIN)

    _ask(project, firm_b, firm_b_admin)

    mails = {m.recipient: m for m in OutboundMessage.objects.all()}
    assert _mails() == {("admin@firma-a.pl", "en"), ("druga@firma-a.pl", "pl")}
    assert "Green hydrogen" in mails["admin@firma-a.pl"].subject
    assert "asks to join" in mails["admin@firma-a.pl"].subject
    assert "/en/projects/wodor-zielony/participations/" in mails["admin@firma-a.pl"].body_text
    assert "Zielony wodór" in mails["druga@firma-a.pl"].subject


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["cancelled", "completed", "draft"])
def test_nobody_joins_a_closed_project(firm_a, firm_b, firm_b_admin, state):
    project = led_project(firm_a, state=state)

    with pytest.raises(ValidationError) as caught:
        _ask(project, firm_b, firm_b_admin)

    assert caught.value.code == "closed"
    assert not Participation.objects.filter(firm=firm_b).exists()
    assert OutboundMessage.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["idea", "recruiting", "active"])
def test_firms_join_open_projects(firm_a, firm_b, firm_b_admin, state):
    project = led_project(firm_a, state=state)

    assert _ask(project, firm_b, firm_b_admin).state == "requested"


@pytest.mark.django_db
def test_joining_twice_is_refused_and_leaves_one_row(project, firm_b, firm_b_admin):
    _ask(project, firm_b, firm_b_admin)

    with pytest.raises(ValidationError) as caught:
        _ask(project, firm_b, firm_b_admin, message="Jeszcze raz")

    assert caught.value.code == "already_participating"
    assert "has asked to join this project already" in caught.value.messages[0]
    assert Participation.objects.filter(project=project, firm=firm_b).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "says"),
    [("accepted", "takes part"), ("invited", "answer the invitation")],
)
def test_a_firm_in_the_project_or_invited_cannot_ask(
    project, firm_b, firm_b_admin, firm_a_admin, state, says
):
    ParticipationFactory(project=project, firm=firm_b, state=state)

    with pytest.raises(ValidationError, match=says) as caught:
        _ask(project, firm_b, firm_b_admin)

    assert caught.value.code == "already_participating"


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["declined", "withdrawn"])
def test_asking_again_after_decline_or_withdrawal_reuses_the_row(
    project, firm_b, firm_b_admin, firm_a_admin, state
):
    old = ParticipationFactory(
        project=project,
        firm=firm_b,
        state=state,
        role=Participation.Role.OBSERVER,
        decision_reason="Za wcześnie.",
        decided_by=firm_a_admin,
    )

    participation = _ask(project, firm_b, firm_b_admin, message="Teraz mamy reaktor.")

    participation.refresh_from_db()
    assert participation.pk == old.pk
    assert (participation.state, participation.role, participation.message) == (
        "requested",
        "partner",
        "Teraz mamy reaktor.",
    )
    assert (participation.decision_reason, participation.decided_by) == ("", None)
    assert Participation.objects.filter(project=project, firm=firm_b).count() == 1


@pytest.mark.django_db
def test_the_leader_cannot_ask_to_join_its_own_project(project, firm_a, firm_a_admin):
    with pytest.raises(ValidationError) as caught:
        _ask(project, firm_a, firm_a_admin)

    assert caught.value.code == "leader"


@pytest.mark.django_db
@pytest.mark.parametrize("member", ["firm_b_editor", "firm_a_admin", "outsider", "coordinator"])
def test_only_the_firms_admin_asks_for_it(request, project, firm_b, member):
    actor = request.getfixturevalue(member)

    with pytest.raises(PermissionDenied):
        _ask(project, firm_b, actor)

    assert not Participation.objects.filter(firm=firm_b).exists()


@pytest.mark.django_db
def test_an_admin_of_a_suspended_firm_cannot_ask(project, firm_b, firm_b_admin):
    Firm.objects.filter(pk=firm_b.pk).update(status=Firm.Status.SUSPENDED)
    firm_b.refresh_from_db()

    with pytest.raises(PermissionDenied):
        _ask(project, firm_b, firm_b_admin)


@pytest.mark.django_db
def test_the_leader_role_cannot_be_asked_for(project, firm_b, firm_b_admin):
    with pytest.raises(ValidationError) as caught:
        request_to_join(
            actor=firm_b_admin, project=project, firm=firm_b, role=Participation.Role.LEADER
        )

    assert caught.value.message_dict == {
        "role": ["Choose a partner, subcontractor or observer role."]
    }


@pytest.mark.django_db(transaction=True)
def test_two_requests_at_once_give_one_participation(firm_a, firm_b, firm_a_admin, firm_b_admin):
    project = led_project(firm_a)
    results, barrier = [], threading.Barrier(2)

    def ask(message):
        barrier.wait()
        try:
            _ask(project, firm_b, firm_b_admin, message=message)
            results.append("asked")
        except ValidationError as error:
            results.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask, args=(tab,)) for tab in ("tab 1", "tab 2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == ["already_participating", "asked"]
    assert Participation.objects.filter(project=project, firm=firm_b).count() == 1
    assert OutboundMessage.objects.count() == 1
    assert _codes() == ["projects.participation.requested"]


# --- Invitations -------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("inviter", ["firm_a_admin", "coordinator"])
def test_the_managers_invite_a_firm(request, project, firm_b, firm_b_admin, firm_b_editor, inviter):
    actor = request.getfixturevalue(inviter)

    participation = invite_firm(
        actor=actor, project=project, firm=firm_b, role=PARTNER, message="Zapraszamy!"
    )

    assert (participation.state, participation.created_by, participation.message) == (
        "invited",
        actor,
        "Zapraszamy!",
    )
    assert _mails() == {("admin@firma-b.pl", "pl")}
    assert "Zapraszamy!" in OutboundMessage.objects.get().body_text
    assert _codes() == ["projects.participation.invited"]


@pytest.mark.django_db
@pytest.mark.parametrize("member", ["firm_a_editor", "firm_b_admin", "outsider"])
def test_only_the_managers_invite(request, project, firm_b, member):
    with pytest.raises(PermissionDenied):
        invite_firm(
            actor=request.getfixturevalue(member), project=project, firm=firm_b, role=PARTNER
        )


@pytest.mark.django_db
def test_an_inactive_firm_cannot_be_invited(project, firm_a_admin):
    former = FirmFactory(status=Firm.Status.FORMER)

    with pytest.raises(ValidationError) as caught:
        invite_firm(actor=firm_a_admin, project=project, firm=former, role=PARTNER)

    assert list(caught.value.message_dict) == ["firm"]


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["invited", "requested", "accepted"])
def test_a_firm_already_in_cannot_be_invited(project, firm_b, firm_a_admin, state):
    ParticipationFactory(project=project, firm=firm_b, state=state)

    with pytest.raises(ValidationError) as caught:
        invite_firm(actor=firm_a_admin, project=project, firm=firm_b, role=PARTNER)

    assert caught.value.code == "already_participating"


@pytest.mark.django_db
def test_the_leader_cannot_be_invited(project, firm_a, coordinator):
    with pytest.raises(ValidationError) as caught:
        invite_firm(actor=coordinator, project=project, firm=firm_a, role=PARTNER)

    assert caught.value.code == "leader"


@pytest.mark.django_db
def test_a_cancelled_project_invites_nobody(firm_a, firm_b, firm_a_admin):
    project = led_project(firm_a, state=Project.State.CANCELLED)

    with pytest.raises(ValidationError) as caught:
        invite_firm(actor=firm_a_admin, project=project, firm=firm_b, role=PARTNER)

    assert caught.value.code == "closed"


@pytest.mark.django_db
def test_a_draft_invites_nobody_yet(firm_a, firm_b, firm_a_admin):
    draft = ProjectFactory(firm=firm_a, state=Project.State.DRAFT)

    with pytest.raises(ValidationError, match="still a draft") as caught:
        invite_firm(actor=firm_a_admin, project=draft, firm=firm_b, role=PARTNER)

    assert caught.value.code == "closed"


@pytest.mark.django_db
def test_a_declined_firm_can_be_invited_again_in_the_same_row(project, firm_b, firm_a_admin):
    old = ParticipationFactory(project=project, firm=firm_b, state="declined")

    participation = invite_firm(actor=firm_a_admin, project=project, firm=firm_b, role=PARTNER)

    assert (participation.pk, participation.state) == (old.pk, "invited")


# --- Decisions -------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("decider", ["firm_a_admin", "coordinator"])
def test_the_managers_accept_a_request(request, project, firm_b, firm_b_admin, decider):
    actor = request.getfixturevalue(decider)
    participation = _requested(project, firm_b, firm_b_admin)

    participation = accept_participation(actor=actor, participation=participation)

    participation.refresh_from_db()
    assert (participation.state, participation.decided_by) == ("accepted", actor)
    assert participation.decided_at is not None
    assert _mails() == {("admin@firma-b.pl", "pl")}
    assert "Borowe Laboratoria S.A." in OutboundMessage.objects.get().subject
    assert _codes() == ["projects.participation.accepted"]
    assert AuditEntry.objects.get(code__startswith="projects.").changes == {
        "state": ["requested", "accepted"]
    }


@pytest.mark.django_db
@pytest.mark.parametrize("member", ["firm_b_admin", "firm_a_editor", "firm_b_editor", "outsider"])
def test_others_cannot_decide_a_request(request, project, firm_b, firm_b_admin, member):
    participation = _requested(project, firm_b, firm_b_admin)

    with pytest.raises(PermissionDenied):
        accept_participation(actor=request.getfixturevalue(member), participation=participation)
    with pytest.raises(PermissionDenied):
        decline_participation(
            actor=request.getfixturevalue(member), participation=participation, reason="x"
        )

    participation.refresh_from_db()
    assert participation.state == "requested"


@pytest.mark.django_db
def test_deciding_twice_is_refused_as_already_decided(
    project, firm_b, firm_a_admin, firm_b_admin, coordinator
):
    participation = _requested(project, firm_b, firm_b_admin)
    accept_participation(actor=firm_a_admin, participation=participation)

    with pytest.raises(ValidationError) as again:
        accept_participation(actor=coordinator, participation=participation)
    with pytest.raises(ValidationError) as other_way:
        decline_participation(actor=firm_a_admin, participation=participation, reason="Nie.")

    assert again.value.code == other_way.value.code == "already_decided"
    participation.refresh_from_db()
    assert participation.state == "accepted"
    assert _codes() == ["projects.participation.accepted"]
    assert OutboundMessage.objects.count() == 1


@pytest.mark.django_db
def test_the_firm_is_told_its_request_was_decided_already(
    project, firm_b, firm_a_admin, firm_b_admin
):
    participation = _requested(project, firm_b, firm_b_admin)
    accept_participation(actor=firm_a_admin, participation=participation)

    # The firm is a party: it hears "decided already", not "not allowed".
    with pytest.raises(ValidationError) as caught:
        accept_participation(actor=firm_b_admin, participation=participation)

    assert caught.value.code == "already_decided"


@pytest.mark.django_db
def test_declining_a_request_needs_a_reason_the_firm_reads(
    project, firm_b, firm_a_admin, firm_b_admin
):
    participation = _requested(project, firm_b, firm_b_admin)

    with pytest.raises(ValidationError) as caught:
        decline_participation(actor=firm_a_admin, participation=participation, reason="  ")
    declined = decline_participation(
        actor=firm_a_admin, participation=participation, reason="Mamy już partnera."
    )

    assert list(caught.value.message_dict) == ["reason"]
    declined.refresh_from_db()
    assert (declined.state, declined.decision_reason) == ("declined", "Mamy już partnera.")
    assert _mails() == {("admin@firma-b.pl", "pl")}
    assert "Mamy już partnera." in OutboundMessage.objects.get().body_text
    assert _codes() == ["projects.participation.declined"]


@pytest.mark.django_db
def test_a_request_on_a_project_cancelled_meanwhile_cannot_be_accepted(
    project, firm_b, firm_a_admin, firm_b_admin
):
    participation = _requested(project, firm_b, firm_b_admin)
    Project.objects.filter(pk=project.pk).update(state=Project.State.CANCELLED)

    with pytest.raises(ValidationError) as caught:
        accept_participation(actor=firm_a_admin, participation=participation)
    declined = decline_participation(
        actor=firm_a_admin, participation=participation, reason="Projekt anulowany."
    )

    assert caught.value.code == "closed"
    assert declined.state == "declined"


@pytest.mark.django_db
def test_the_invited_firm_accepts_and_the_leader_is_told(
    project, firm_b, firm_a_admin, firm_b_admin
):
    participation = _invited(project, firm_b, firm_a_admin)

    accepted = accept_participation(actor=firm_b_admin, participation=participation)

    assert (accepted.state, accepted.decided_by) == ("accepted", firm_b_admin)
    assert _mails() == {("admin@firma-a.pl", "pl")}
    assert _codes() == ["projects.participation.accepted"]


@pytest.mark.django_db
def test_the_invited_firm_declines_without_a_reason(project, firm_b, firm_a_admin, firm_b_admin):
    participation = _invited(project, firm_b, firm_a_admin)

    declined = decline_participation(actor=firm_b_admin, participation=participation)

    assert declined.state == "declined"
    assert _mails() == {("admin@firma-a.pl", "pl")}
    assert _codes() == ["projects.participation.declined"]


@pytest.mark.django_db
@pytest.mark.parametrize("member", ["firm_a_admin", "coordinator", "firm_b_editor"])
def test_only_the_invited_firms_admins_answer_an_invitation(
    request, project, firm_b, firm_a_admin, member
):
    participation = _invited(project, firm_b, firm_a_admin)

    with pytest.raises(PermissionDenied):
        accept_participation(actor=request.getfixturevalue(member), participation=participation)


@pytest.mark.django_db
def test_a_stale_object_cannot_skip_the_state_check(project, firm_b, firm_a_admin, firm_b_admin):
    participation = _requested(project, firm_b, firm_b_admin)
    stale = Participation.objects.get(pk=participation.pk)
    decline_participation(actor=firm_a_admin, participation=participation, reason="Nie.")

    with pytest.raises(ValidationError) as caught:
        accept_participation(actor=firm_a_admin, participation=stale)

    assert caught.value.code == "already_decided"


# --- Withdrawing ---------------------------------------------------------------


@pytest.mark.django_db
def test_the_firm_withdraws_its_request_and_the_leader_is_told(
    project, firm_b, firm_a_admin, firm_b_admin
):
    participation = _requested(project, firm_b, firm_b_admin)

    withdrawn = withdraw_participation(actor=firm_b_admin, participation=participation)

    assert withdrawn.state == "withdrawn"
    assert _mails() == {("admin@firma-a.pl", "pl")}
    assert "Borowe Laboratoria S.A." in OutboundMessage.objects.get().subject
    assert _codes() == ["projects.participation.withdrawn"]


@pytest.mark.django_db
def test_a_participant_leaves_the_project(project, firm_b, firm_a_admin, firm_b_admin):
    participation = ParticipationFactory(project=project, firm=firm_b, state="accepted")

    withdrawn = withdraw_participation(actor=firm_b_admin, participation=participation)

    assert withdrawn.state == "withdrawn"
    assert AuditEntry.objects.get(code__startswith="projects.").changes == {
        "state": ["accepted", "withdrawn"]
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "code"),
    [("invited", "invited"), ("declined", "already_decided"), ("withdrawn", "already_decided")],
)
def test_withdrawing_is_refused_in_other_states(project, firm_b, firm_b_admin, state, code):
    participation = ParticipationFactory(project=project, firm=firm_b, state=state)

    with pytest.raises(ValidationError) as caught:
        withdraw_participation(actor=firm_b_admin, participation=participation)

    assert caught.value.code == code


@pytest.mark.django_db
def test_the_leader_cannot_leave(project, firm_a_admin):
    leader = project.participations.get()

    with pytest.raises(ValidationError) as caught:
        withdraw_participation(actor=firm_a_admin, participation=leader)

    assert caught.value.code == "leader"


@pytest.mark.django_db
def test_participants_of_a_completed_project_stay_on_record(firm_a, firm_b, firm_b_admin):
    project = led_project(firm_a, state=Project.State.COMPLETED)
    participation = ParticipationFactory(project=project, firm=firm_b, state="accepted")

    with pytest.raises(ValidationError) as caught:
        withdraw_participation(actor=firm_b_admin, participation=participation)

    assert caught.value.code == "closed"


@pytest.mark.django_db
@pytest.mark.parametrize("member", ["firm_a_admin", "coordinator", "firm_b_editor"])
def test_only_the_firms_admins_withdraw(request, project, firm_b, firm_b_admin, member):
    participation = _requested(project, firm_b, firm_b_admin)

    with pytest.raises(PermissionDenied):
        withdraw_participation(actor=request.getfixturevalue(member), participation=participation)


# --- Reads -----------------------------------------------------------------------


@pytest.mark.django_db
def test_join_requests_awaiting_decision_by_who_decides(
    project, firm_a, firm_b, firm_a_admin, firm_b_admin, coordinator
):
    mine = _requested(project, firm_b, firm_b_admin)
    elsewhere = _requested(led_project(firm_b), FirmFactory(), None)
    # Not awaiting: decided, an invitation, a request on a cancelled project.
    ParticipationFactory(project=project, state="declined")
    _invited(project, FirmFactory(), firm_a_admin)
    _requested(led_project(firm_a, state=Project.State.CANCELLED), FirmFactory(), None)

    assert list(join_requests_awaiting_decision(coordinator)) == [mine, elsewhere]
    assert list(join_requests_awaiting_decision(firm_a_admin)) == [mine]
    assert list(join_requests_awaiting_decision(firm_b_admin)) == [elsewhere]


@pytest.mark.django_db
def test_join_requests_for_an_editor_or_outsider_are_none(
    project, firm_b, firm_b_admin, firm_a_editor, outsider
):
    _requested(project, firm_b, firm_b_admin)

    assert list(join_requests_awaiting_decision(firm_a_editor)) == []
    assert list(join_requests_awaiting_decision(outsider)) == []


@pytest.mark.django_db
def test_invitations_awaiting_answer_are_those_of_the_users_admin_firms(
    project, firm_a, firm_b, firm_a_admin, firm_b_admin, firm_b_editor, coordinator
):
    invitation = _invited(project, firm_b, firm_a_admin)
    _invited(led_project(firm_a, state=Project.State.COMPLETED), firm_b, firm_a_admin)
    _invited(project, FirmFactory(), firm_a_admin)

    assert list(invitations_awaiting_answer(firm_b_admin)) == [invitation]
    assert list(invitations_awaiting_answer(firm_b_editor)) == []
    assert list(invitations_awaiting_answer(coordinator)) == []


def _panel(user, project):
    project = Project.objects.prefetch_related("participations").get(pk=project.pk)
    panel = panel_context(user, project)
    return {
        "show": panel["show"],
        "own": [
            (item["participation"].firm.slug, item["can_withdraw"], item["can_answer"])
            for item in panel.get("own", [])
        ],
        "join_firms": [firm.slug for firm in panel.get("join_firms", [])],
        "manages": panel.get("manages"),
        "requests": panel.get("requests"),
    }


@pytest.mark.django_db
def test_panel_for_each_member_of_the_cast(
    project,
    firm_b,
    firm_a_admin,
    firm_a_editor,
    firm_b_admin,
    firm_b_editor,
    outsider,
    coordinator,
):
    from django.contrib.auth.models import AnonymousUser

    quiet = {"show": False, "own": [], "join_firms": [], "manages": False, "requests": 0}

    assert _panel(AnonymousUser(), project)["show"] is False
    assert _panel(outsider, project) == quiet
    assert _panel(firm_a_editor, project) == quiet
    assert _panel(firm_b_editor, project) == quiet
    assert _panel(firm_b_admin, project) == {**quiet, "show": True, "join_firms": ["firma-b"]}
    assert _panel(firm_a_admin, project) == {**quiet, "show": True, "manages": True}
    assert _panel(coordinator, project) == {**quiet, "show": True, "manages": True}

    _requested(project, firm_b, firm_b_admin)

    assert _panel(firm_b_admin, project) == {
        **quiet,
        "show": True,
        "own": [("firma-b", True, False)],
    }
    assert _panel(firm_b_editor, project) == {
        **quiet,
        "show": True,
        "own": [("firma-b", False, False)],
    }
    assert _panel(firm_a_admin, project) == {**quiet, "show": True, "manages": True, "requests": 1}


@pytest.mark.django_db
def test_panel_offers_answers_to_an_invitation_and_nothing_on_a_closed_project(
    project, firm_a, firm_b, firm_a_admin, firm_b_admin
):
    _invited(project, firm_b, firm_a_admin)
    closed = led_project(firm_a, state=Project.State.COMPLETED)

    assert _panel(firm_b_admin, project)["own"] == [("firma-b", False, True)]
    assert _panel(firm_b_admin, closed)["join_firms"] == []
    assert _panel(firm_b_admin, closed)["show"] is False


@pytest.mark.django_db
def test_panel_of_a_draft_shows_nothing(firm_a, firm_a_admin):
    draft = ProjectFactory(firm=firm_a, state=Project.State.DRAFT)

    assert panel_context(firm_a_admin, draft) == {"show": False}
