"""The projects API: participations (requests to join, invitations,
decisions, withdrawals)."""

import threading

import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from chemster.models import AuditEntry
from members.services import create_api_token
from newsletters.models import OutboundMessage
from projects.models import Participation, Project
from tests.factories import FirmFactory
from tests.projects.factories import ParticipationFactory, led_project


@pytest.fixture(autouse=True)
def _english(settings):
    # DRF's and the services' messages in English (the site's default is Polish).
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def project(firm_a, firm_a_admin):
    """Members-only and recruiting, led by firm A."""
    return led_project(firm_a, slug="katalizatory", visibility=Project.Visibility.MEMBERS)


@pytest.fixture
def request_b(project, firm_b, firm_b_admin):
    """Firm B's request to join, awaiting the leader's decision."""
    return ParticipationFactory(
        project=project,
        firm=firm_b,
        state=Participation.State.REQUESTED,
        message="Prosimy o przyjęcie.",
        created_by=firm_b_admin,
    )


def _url(name, **kwargs):
    return reverse(f"api:{name}", kwargs={"slug": "katalizatory", **kwargs})


JOIN = {
    "firm": "firma-b",
    "role": "partner",
    "message": "Chętnie dołączymy.",
    "contribution_pl": "Analizy chromatograficzne",
}


# --- The list ------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "states"),
    [
        ("visitor", None),
        ("outsider", None),
        ("firm_a_admin", ["accepted", "requested", "invited"]),
        ("firm_a_editor", ["accepted"]),
        ("firm_b_admin", ["accepted", "requested"]),
        ("firm_b_editor", ["accepted", "requested"]),
        ("coordinator", ["accepted", "requested", "invited"]),
    ],
)
def test_list_shows_pending_ones_to_managers_and_the_firms_concerned(
    api_client_as, project, request_b, member, states
):
    ParticipationFactory(project=project, state=Participation.State.INVITED)

    response = api_client_as(member).get(_url("project-participations"))

    if states is None:
        assert response.status_code == (401 if member == "visitor" else 404)
        return
    assert response.status_code == 200
    assert [row["state"] for row in response.json()["results"]] == states


@pytest.mark.django_db
def test_list_hides_messages_from_other_firms(api_client_as, project, request_b, firm_b):
    request_b.state = Participation.State.ACCEPTED
    request_b.save(update_fields=["state"])

    rows = {
        member: api_client_as(member).get(_url("project-participations")).json()["results"][1]
        for member in ("firm_a_editor", "firm_b_editor", "coordinator")
    }

    assert rows["firm_a_editor"]["firm"] == {"slug": "firma-b", "name": firm_b.name}
    assert rows["firm_a_editor"]["message"] is None
    assert rows["firm_b_editor"]["message"] == "Prosimy o przyjęcie."
    assert rows["coordinator"]["message"] == "Prosimy o przyjęcie."


@pytest.mark.django_db
def test_list_of_a_public_project_shows_visitors_the_participants_only(
    api_client_as, firm_a, firm_b
):
    public = led_project(firm_a, slug="katalizatory")
    ParticipationFactory(project=public, firm=firm_b, state=Participation.State.REQUESTED)

    response = api_client_as("visitor").get(_url("project-participations"))

    assert response.status_code == 200
    [leader] = response.json()["results"]
    assert (leader["role"], leader["message"], leader["can_decide"]) == ("leader", None, False)


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30])
def test_list_query_count(api_client_as, project, django_assert_num_queries, count):
    for _n in range(count):
        ParticipationFactory(project=project, state=Participation.State.REQUESTED)
    client = api_client_as("firm_a_admin")

    # 1 the token, 2 last_used_at, 3 whether the user is a member, 4 the
    # project, 5 competences, 6 participations, 7 external partners,
    # 8 whether the user is the coordinator, 9 the user's firm roles,
    # 10 the count, 11 the page with firms and people.
    with django_assert_num_queries(11):
        response = client.get(_url("project-participations"), {"page_size": 100})

    assert response.json()["count"] == count + 1


# --- Asking to join --------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("visitor", 401),
        ("outsider", 404),
        ("firm_a_admin", 403),
        ("firm_b_admin", 201),
        ("firm_b_editor", 403),
        ("coordinator", 403),
    ],
)
def test_asking_to_join_is_for_the_firms_admins(api_client_as, project, firm_b, member, status):
    response = api_client_as(member).post(_url("project-participations"), JOIN)

    assert response.status_code == status
    assert Participation.objects.filter(firm=firm_b).exists() is (status == 201)


@pytest.mark.django_db
def test_asking_to_join_records_the_request_mails_and_audits(
    api_client_as, project, firm_b, firm_a_admin
):
    response = api_client_as("firm_b_admin").post(_url("project-participations"), JOIN)

    body = response.json()
    participation = Participation.objects.get(firm=firm_b)
    assert (body["id"], body["state"], body["role"]) == (participation.pk, "requested", "partner")
    assert body["contribution_pl"] == "Analizy chromatograficzne"
    assert (body["can_withdraw"], body["can_decide"]) == (True, False)
    assert AuditEntry.objects.filter(code="projects.participation.requested").count() == 1
    assert list(OutboundMessage.objects.values_list("recipient", flat=True)) == [firm_a_admin.email]


@pytest.mark.django_db
def test_asking_twice_is_409(api_client_as, project, request_b):
    response = api_client_as("firm_b_admin").post(_url("project-participations"), JOIN)

    assert response.status_code == 409
    assert set(response.json()) == {"detail"}
    assert "asked to join this project already" in response.json()["detail"]


@pytest.mark.django_db(transaction=True)
def test_asking_from_two_tabs_at_once_gives_one_request(project, firm_b, firm_b_admin):
    _token, secret = create_api_token(user=firm_b_admin, name="tabs")
    statuses = []
    barrier = threading.Barrier(2)

    def ask():
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        barrier.wait()
        try:
            statuses.append(client.post(_url("project-participations"), JOIN).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask) for _n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses) == [201, 409]
    assert Participation.objects.filter(firm=firm_b).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("state", [Project.State.CANCELLED, Project.State.COMPLETED])
def test_nobody_joins_a_closed_project(api_client_as, project, state):
    Project.objects.filter(pk=project.pk).update(state=state)

    response = api_client_as("firm_b_admin").post(_url("project-participations"), JOIN)

    assert response.status_code == 400
    assert "nobody can join it any more" in response.json()["errors"]["non_field_errors"][0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"firm": "nie-ma"}, "firm"),
        ({"role": "leader"}, "role"),
        ({"message": "x" * 2001}, "message"),
        ({"contribution_en": "\x00"}, "contribution_en"),
    ],
)
def test_asking_refuses_bad_input_by_field(api_client_as, project, firm_b_admin, overrides, field):
    response = api_client_as("firm_b_admin").post(
        _url("project-participations"), {**JOIN, **overrides}
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


@pytest.mark.django_db
def test_the_leader_cannot_ask_to_join_its_own_project(api_client_as, project):
    response = api_client_as("firm_a_admin").post(
        _url("project-participations"), {**JOIN, "firm": "firma-a"}
    )

    assert response.status_code == 400
    assert "leads this project" in response.json()["errors"]["non_field_errors"][0]


@pytest.mark.django_db
def test_script_in_texts_is_kept_as_text(api_client_as, project):
    script = "<script>alert(1)</script>"
    texts = dict.fromkeys(("message", "contribution_pl", "contribution_en"), script)

    response = api_client_as("firm_b_admin").post(_url("project-participations"), {**JOIN, **texts})

    assert response.status_code == 201
    assert {name: response.json()[name] for name in texts} == texts


# --- Invitations ----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("visitor", 401),
        ("outsider", 404),
        ("firm_a_admin", 201),
        ("firm_a_editor", 403),
        ("firm_b_admin", 403),
        ("coordinator", 201),
    ],
)
def test_inviting_is_for_the_managers(api_client_as, project, firm_b, firm_b_admin, member, status):
    response = api_client_as(member).post(
        _url("project-invitations"), {"firm": "firma-b", "role": "observer"}
    )

    assert response.status_code == status
    if status == 201:
        assert (response.json()["state"], response.json()["role"]) == ("invited", "observer")
        assert list(OutboundMessage.objects.values_list("recipient", flat=True)) == [
            firm_b_admin.email
        ]


@pytest.mark.django_db
def test_inviting_a_firm_already_asking_is_409(api_client_as, project, request_b):
    response = api_client_as("firm_a_admin").post(
        _url("project-invitations"), {"firm": "firma-b", "role": "partner"}
    )

    assert response.status_code == 409


@pytest.mark.django_db
def test_inviting_an_inactive_firm_is_400(api_client_as, project):
    FirmFactory(slug="dawna", status="former", left_on="2026-01-01")

    response = api_client_as("firm_a_admin").post(
        _url("project-invitations"), {"firm": "dawna", "role": "partner"}
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["firm"]


# --- Decisions ------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("visitor", 401),
        ("outsider", 404),
        ("firm_a_admin", 200),
        ("firm_a_editor", 404),
        ("firm_b_admin", 403),
        ("firm_b_editor", 403),
        ("coordinator", 200),
    ],
)
def test_a_request_is_decided_by_the_managers(api_client_as, request_b, member, status):
    response = api_client_as(member).post(
        _url("participation-decision", pk=request_b.pk), {"decision": "accept"}
    )

    assert response.status_code == status
    request_b.refresh_from_db()
    assert (request_b.state == Participation.State.ACCEPTED) is (status == 200)


@pytest.mark.django_db
def test_deciding_twice_is_409(api_client_as, request_b):
    client = api_client_as("firm_a_admin")
    url = _url("participation-decision", pk=request_b.pk)

    first = client.post(url, {"decision": "accept"})
    second = client.post(url, {"decision": "decline", "reason": "Jednak nie."})

    assert first.status_code == 200
    assert first.json()["state"] == "accepted"
    assert second.status_code == 409
    assert second.json() == {"detail": "This was decided already (participant)."}


@pytest.mark.django_db
def test_declining_a_request_needs_a_reason(api_client_as, request_b):
    url = _url("participation-decision", pk=request_b.pk)

    refused = api_client_as("firm_a_admin").post(url, {"decision": "decline"})
    declined = api_client_as("firm_a_admin").post(
        url, {"decision": "decline", "reason": "Brak miejsc."}
    )

    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["reason"]
    assert declined.status_code == 200
    assert (declined.json()["state"], declined.json()["decision_reason"]) == (
        "declined",
        "Brak miejsc.",
    )


@pytest.mark.django_db
def test_an_invitation_is_answered_by_the_invited_firm(
    api_client_as, project, firm_b, firm_b_admin
):
    invitation = ParticipationFactory(
        project=project, firm=firm_b, state=Participation.State.INVITED
    )
    url = _url("participation-decision", pk=invitation.pk)

    leader = api_client_as("firm_a_admin").post(url, {"decision": "accept"})
    invited = api_client_as("firm_b_admin").post(url, {"decision": "accept"})

    assert (leader.status_code, invited.status_code) == (403, 200)
    assert invited.json()["state"] == "accepted"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body", [{}, {"decision": "maybe"}, {"decision": "accept", "reason": ["x"]}]
)
def test_decision_refuses_bad_input(api_client_as, request_b, body):
    response = api_client_as("firm_a_admin").post(
        _url("participation-decision", pk=request_b.pk), body
    )

    assert response.status_code == 400
    assert "errors" in response.json()


@pytest.mark.django_db
def test_a_participation_of_another_project_is_404(api_client_as, project, firm_a, firm_b):
    other = ParticipationFactory(
        project=led_project(firm_a, slug="inny"), firm=firm_b, state="requested"
    )

    response = api_client_as("firm_a_admin").post(
        _url("participation-decision", pk=other.pk), {"decision": "accept"}
    )

    assert response.status_code == 404


# --- Withdrawing -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("visitor", 401),
        ("outsider", 404),
        ("firm_a_admin", 403),
        ("firm_b_admin", 200),
        ("firm_b_editor", 403),
        ("coordinator", 403),
    ],
)
def test_withdrawing_is_for_the_firms_admins(api_client_as, request_b, member, status):
    response = api_client_as(member).post(_url("participation-withdraw", pk=request_b.pk))

    assert response.status_code == status
    request_b.refresh_from_db()
    assert (request_b.state == Participation.State.WITHDRAWN) is (status == 200)


@pytest.mark.django_db
def test_withdrawing_twice_is_409_and_the_leader_never_leaves(api_client_as, project, request_b):
    client = api_client_as("firm_b_admin")
    leader = project.participations.get(role=Participation.Role.LEADER)

    first = client.post(_url("participation-withdraw", pk=request_b.pk))
    second = client.post(_url("participation-withdraw", pk=request_b.pk))
    leaving = api_client_as("firm_a_admin").post(_url("participation-withdraw", pk=leader.pk))

    assert (first.status_code, second.status_code) == (200, 409)
    assert leaving.status_code == 400
    assert leaving.json()["errors"] == {
        "non_field_errors": ["The leader cannot leave its own project."]
    }
