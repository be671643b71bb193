"""Joining projects: the request form, the participations page, invitations
and decisions, for the whole cast."""

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from newsletters.models import OutboundMessage
from projects.models import Participation, Project
from projects.participations import panel_context
from tests.factories import FirmFactory, UserFactory
from tests.projects.factories import ParticipationFactory, led_project

SCRIPT = '<script>alert("x")</script>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"


@pytest.fixture
def project(firm_a):
    return led_project(
        firm_a,
        slug="wodor-zielony",
        title_pl="Zielony wodór",
        title_en="Green hydrogen",
        visibility=Project.Visibility.MEMBERS,
    )


@pytest.fixture
def join_request(project, firm_b, firm_b_admin):
    return ParticipationFactory(
        project=project,
        firm=firm_b,
        state=Participation.State.REQUESTED,
        created_by=firm_b_admin,
        message="Mamy reaktor.",
    )


def _url(name, project, pk=None, language="en"):
    kwargs = {"slug": project.slug} if pk is None else {"slug": project.slug, "pk": pk}
    with translation.override(language):
        return reverse(f"projects:{name}", kwargs=kwargs)


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def _last_message(response):
    """The message of this response (earlier ones stay unread in the session)."""
    return _messages(response)[-1]


# --- Asking to join -----------------------------------------------------------


@pytest.mark.django_db
def test_join_form_offers_the_admins_firms(client_as, project, firm_b_admin):
    response = client_as("firm_b_admin").get(_url("join", project))

    assert response.status_code == 200
    assert list(response.context["form"].fields["firm"].choices) == [
        ("firma-b", "Borowe Laboratoria S.A.")
    ]
    assert "Green hydrogen" in response.content.decode()


@pytest.mark.django_db
def test_joining_creates_a_request_and_goes_back_to_the_project(
    client_as, project, firm_b, firm_b_admin, firm_a_admin
):
    response = client_as("firm_b_admin").post(
        _url("join", project),
        {
            "firm": "firma-b",
            "role": "observer",
            "message": "Chcemy obserwować.",
            "contribution_pl": "Analizy",
            "contribution_en": "Analyses",
        },
    )

    assert (response.status_code, response["Location"]) == (302, project.get_absolute_url())
    participation = Participation.objects.get(firm=firm_b)
    assert (participation.state, participation.role, participation.contribution_en) == (
        "requested",
        "observer",
        "Analyses",
    )
    assert _messages(response) == [
        "Borowe Laboratoria S.A. has asked to join; the project's leader decides."
    ]
    assert [m.recipient for m in OutboundMessage.objects.all()] == ["admin@firma-a.pl"]


@pytest.mark.django_db
def test_joining_twice_shows_that_the_firm_has_asked(client_as, project, join_request):
    response = client_as("firm_b_admin").post(
        _url("join", project), {"firm": "firma-b", "role": "partner"}
    )

    assert response.status_code == 200
    assert "Borowe Laboratoria S.A." not in str(response.context["form"].fields["firm"].choices)
    assert "take part in it already or are on their way in" in response.content.decode()
    assert Participation.objects.filter(firm=join_request.firm).count() == 1


@pytest.mark.django_db
def test_joining_a_cancelled_project_is_refused_clearly(client_as, firm_a, firm_b, firm_b_admin):
    project = led_project(firm_a, state=Project.State.CANCELLED)

    response = client_as("firm_b_admin").post(
        _url("join", project), {"firm": "firma-b", "role": "partner"}
    )

    assert response.status_code == 200
    assert "This project is cancelled: nobody can join it any more." in response.content.decode()
    assert not Participation.objects.filter(firm=firm_b).exists()


@pytest.mark.django_db
def test_joining_for_a_firm_the_user_does_not_administer_is_refused(
    client_as, project, firm_b_admin, firm_a
):
    other = FirmFactory(slug="obca")

    response = client_as("firm_b_admin").post(
        _url("join", project), {"firm": "obca", "role": "partner"}
    )

    assert response.status_code == 200
    assert "firm" in response.context["form"].errors
    assert not Participation.objects.filter(firm=other).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("outsider", 403),
        ("firm_a_editor", 403),
        ("firm_b_editor", 403),
        ("coordinator", 403),
        ("firm_a_admin", 200),
        ("firm_b_admin", 200),
    ],
)
def test_join_statuses_for_the_cast(client_as, project, member, status):
    assert client_as(member).get(_url("join", project)).status_code == status


@pytest.mark.django_db
def test_join_sends_a_visitor_to_log_in(client_as, project):
    response = client_as("visitor").get(_url("join", project))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_join_a_draft_of_another_firm_is_not_found(client_as, firm_a, firm_b_admin):
    draft = led_project(firm_a, state=Project.State.DRAFT)

    assert client_as("firm_b_admin").get(_url("join", draft)).status_code == 404


# --- The participations page ---------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("outsider", 404),
        ("firm_a_editor", 403),
        ("firm_b_admin", 403),
        ("firm_b_editor", 403),
        ("firm_a_admin", 200),
        ("coordinator", 200),
    ],
)
def test_participations_page_statuses_for_the_cast(
    client_as, project, join_request, member, status
):
    assert client_as(member).get(_url("participations", project)).status_code == status


@pytest.mark.django_db
def test_participations_page_lists_requests_invitations_participants_and_former(
    client_as, project, join_request, firm_a_admin
):
    invited = ParticipationFactory(
        project=project, firm=FirmFactory(name="Zaproszona S.A."), state="invited"
    )
    partner = ParticipationFactory(project=project, firm=FirmFactory(name="Partner Sp. z o.o."))
    gone = ParticipationFactory(
        project=project,
        firm=FirmFactory(name="Odrzucona Sp. z o.o."),
        state="declined",
        decision_reason="Brak kompetencji.",
    )

    response = client_as("firm_a_admin").get(_url("participations", project))

    context = response.context
    assert context["requests"] == [join_request]
    assert context["invitations"] == [invited]
    assert [p.firm.slug for p in context["participants"]] == ["firma-a", partner.firm.slug]
    assert context["former"] == [gone]
    page = response.content.decode()
    assert "Mamy reaktor." in page
    assert "Brak kompetencji." in page
    # Firms in the project or on their way in are not offered for invitation.
    offered = {firm.slug for firm in context["invite_form"].fields["firm"].queryset}
    assert offered.isdisjoint({"firma-a", "firma-b", invited.firm.slug, partner.firm.slug})
    assert gone.firm.slug in offered


@pytest.mark.django_db
def test_script_in_message_and_contribution_is_escaped(
    client_as, project, firm_b, firm_b_admin, firm_a_admin
):
    client_as("firm_b_admin").post(
        _url("join", project),
        {
            "firm": "firma-b",
            "role": "partner",
            "message": SCRIPT,
            "contribution_pl": SCRIPT,
            "contribution_en": SCRIPT,
        },
    )

    page = client_as("firm_a_admin").get(_url("participations", project)).content.decode()

    assert SCRIPT not in page
    assert page.count(ESCAPED) == 2


@pytest.mark.django_db
def test_script_in_an_invitation_message_is_escaped_on_the_panel(
    project, firm_b, firm_a_admin, firm_b_admin, rf
):
    ParticipationFactory(
        project=project, firm=firm_b, state="invited", message=SCRIPT, created_by=firm_a_admin
    )
    project = Project.objects.prefetch_related("participations").get(pk=project.pk)
    request = rf.get("/")
    request.user = firm_b_admin

    html = render_to_string(
        "projects/_participation_panel.html",
        {"panel": panel_context(firm_b_admin, project)},
        request=request,
    )

    assert SCRIPT not in html
    assert ESCAPED in html
    assert (
        _url("participation-accept", project, Participation.objects.get(firm=firm_b).pk, "pl")
        in html
    )


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 12])
def test_participations_page_query_count_is_constant(
    client_as, project, firm_a_admin, django_assert_num_queries, count
):
    client = client_as("firm_a_admin")
    states = ["requested", "invited", "accepted", "declined"]
    for n in range(count):
        ParticipationFactory(
            project=project,
            state=states[n % 4],
            created_by=UserFactory(),
            decided_by=UserFactory() if n % 4 == 3 else None,
        )

    # session, user, the project with its participations (2), firm roles
    # (admin check), coordinators' group, the participations with firms and
    # people, the invite form's firms, the menu's membership check, the
    # footer's texts
    with django_assert_num_queries(10):
        response = client.get(_url("participations", project))

    assert response.status_code == 200
    shown = [response.context[key] for key in ("requests", "invitations", "participants", "former")]
    assert sum(map(len, shown)) == count + 1  # and the leader


# --- Inviting ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_leader_invites_a_firm_by_slug(client_as, project, firm_b, firm_b_admin):
    response = client_as("firm_a_admin").post(
        _url("invite", project), {"firm": "firma-b", "role": "partner", "message": "Zapraszamy"}
    )

    assert (response.status_code, response["Location"]) == (
        302,
        _url("participations", project, language="en"),
    )
    assert Participation.objects.get(firm=firm_b).state == "invited"
    assert _messages(response) == [
        "Borowe Laboratoria S.A. is invited; its administrators have a mail."
    ]
    assert [m.recipient for m in OutboundMessage.objects.all()] == ["admin@firma-b.pl"]


@pytest.mark.django_db
def test_inviting_goes_back_to_a_local_page_only(client_as, project, firm_b):
    client = client_as("coordinator")
    matching = _url("matching", project)

    back = client.post(
        _url("invite", project), {"firm": "firma-b", "role": "partner", "next": matching}
    )
    Participation.objects.filter(firm=firm_b).update(state="declined")
    away = client.post(
        _url("invite", project),
        {"firm": "firma-b", "role": "partner", "next": "https://evil.example/"},
    )

    assert back["Location"] == matching
    assert away["Location"] == _url("participations", project)


@pytest.mark.django_db
def test_inviting_an_unknown_or_present_firm_is_refused_clearly(client_as, project, join_request):
    client = client_as("firm_a_admin")

    unknown = client.post(_url("invite", project), {"firm": "nie-ma", "role": "partner"})
    present = client.post(_url("invite", project), {"firm": "firma-b", "role": "partner"})

    assert _messages(unknown) == ["Choose an active member firm."]
    assert _last_message(present) == (
        "Borowe Laboratoria S.A. has asked to join this project already; wait for the decision."
    )
    assert Participation.objects.get(pk=join_request.pk).state == "requested"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "status"),
    [("firm_b_admin", 403), ("firm_a_editor", 403), ("outsider", 404)],
)
def test_others_cannot_invite(client_as, project, firm_b, member, status):
    response = client_as(member).post(
        _url("invite", project), {"firm": "firma-b", "role": "partner"}
    )

    assert response.status_code == status
    assert not Participation.objects.filter(firm=firm_b).exists()


@pytest.mark.django_db
def test_invite_answers_get_with_405_after_the_access_check(client_as, project):
    assert client_as("firm_a_admin").get(_url("invite", project)).status_code == 405
    assert client_as("firm_b_admin").get(_url("invite", project)).status_code == 403


# --- Deciding ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_leader_accepts_a_request_on_the_participations_page(client_as, project, join_request):
    response = client_as("firm_a_admin").post(
        _url("participation-accept", project, join_request.pk)
    )

    assert (response.status_code, response["Location"]) == (
        302,
        _url("participations", project),
    )
    join_request.refresh_from_db()
    assert join_request.state == "accepted"
    assert _messages(response) == [
        "Borowe Laboratoria S.A. takes part in the project now; its administrators have a mail."
    ]


@pytest.mark.django_db
def test_deciding_twice_tells_it_was_decided_already(client_as, project, join_request):
    client = client_as("firm_a_admin")
    client.post(_url("participation-accept", project, join_request.pk))

    response = client.post(
        _url("participation-decline", project, join_request.pk), {"reason": "Nie."}, follow=True
    )

    assert response.status_code == 200
    assert "This was decided already (participant)." in response.content.decode()
    join_request.refresh_from_db()
    assert join_request.state == "accepted"


@pytest.mark.django_db
def test_declining_a_request_without_a_reason_is_refused(client_as, project, join_request):
    client = client_as("firm_a_admin")

    empty = client.post(_url("participation-decline", project, join_request.pk), {"reason": ""})
    join_request.refresh_from_db()
    state_after_empty = join_request.state
    given = client.post(
        _url("participation-decline", project, join_request.pk), {"reason": "Mamy partnera."}
    )

    assert _messages(empty) == ["Give the reason the firm will read."]
    assert state_after_empty == "requested"
    assert _last_message(given) == (
        "The request of Borowe Laboratoria S.A. is declined; the firm is told why."
    )
    join_request.refresh_from_db()
    assert (join_request.state, join_request.decision_reason) == ("declined", "Mamy partnera.")


@pytest.mark.django_db
def test_a_reason_too_long_is_refused(client_as, project, join_request):
    response = client_as("firm_a_admin").post(
        _url("participation-decline", project, join_request.pk), {"reason": "x" * 2001}
    )

    assert response.status_code == 302
    assert Participation.objects.get(pk=join_request.pk).state == "requested"


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["participation-accept", "participation-decline"])
@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("firm_b_admin", 403),
        ("firm_b_editor", 403),
        ("firm_a_editor", 403),
        ("outsider", 404),
        ("firm_a_admin", 405),
        ("coordinator", 405),
    ],
)
def test_decision_statuses_on_get_for_the_cast(
    client_as, project, join_request, name, member, status
):
    assert client_as(member).get(_url(name, project, join_request.pk)).status_code == status


@pytest.mark.django_db
def test_a_participation_of_another_project_is_not_found(client_as, project, firm_a, firm_b):
    other = ParticipationFactory(project=led_project(firm_a), firm=firm_b, state="requested")

    response = client_as("firm_a_admin").post(_url("participation-accept", project, other.pk))

    assert response.status_code == 404


@pytest.mark.django_db
def test_the_invited_firm_accepts_on_the_project_page(
    client_as, project, firm_b, firm_a_admin, firm_b_admin
):
    invitation = ParticipationFactory(project=project, firm=firm_b, state="invited")
    client = client_as("firm_b_admin")

    refused_to_leader = client_as("firm_a_admin").post(
        _url("participation-accept", project, invitation.pk)
    )
    response = client.post(_url("participation-accept", project, invitation.pk))

    assert refused_to_leader.status_code == 403
    assert (response.status_code, response["Location"]) == (302, project.get_absolute_url())
    invitation.refresh_from_db()
    assert invitation.state == "accepted"
    assert [m.recipient for m in OutboundMessage.objects.all()] == ["admin@firma-a.pl"]


@pytest.mark.django_db
def test_the_invited_firm_declines_without_a_reason(client_as, project, firm_b, firm_b_admin):
    invitation = ParticipationFactory(project=project, firm=firm_b, state="invited")

    response = client_as("firm_b_admin").post(
        _url("participation-decline", project, invitation.pk), {"reason": ""}
    )

    assert _messages(response) == ["Borowe Laboratoria S.A. has declined the invitation."]
    assert Participation.objects.get(pk=invitation.pk).state == "declined"


# --- Withdrawing ---------------------------------------------------------------


@pytest.mark.django_db
def test_the_firm_withdraws_its_request(client_as, project, join_request):
    response = client_as("firm_b_admin").post(
        _url("participation-withdraw", project, join_request.pk)
    )

    assert (response.status_code, response["Location"]) == (302, project.get_absolute_url())
    assert Participation.objects.get(pk=join_request.pk).state == "withdrawn"
    assert _messages(response) == ["The request of Borowe Laboratoria S.A. to join is withdrawn."]


@pytest.mark.django_db
def test_withdrawing_twice_is_refused_clearly(client_as, project, join_request):
    client = client_as("firm_b_admin")
    client.post(_url("participation-withdraw", project, join_request.pk))

    response = client.post(_url("participation-withdraw", project, join_request.pk))

    assert _last_message(response) == "This was decided already (withdrawn)."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("firm_a_admin", 403),
        ("coordinator", 403),
        ("firm_b_editor", 403),
        ("outsider", 404),
        ("firm_b_admin", 405),
    ],
)
def test_withdraw_statuses_on_get_for_the_cast(client_as, project, join_request, member, status):
    assert (
        client_as(member).get(_url("participation-withdraw", project, join_request.pk)).status_code
        == status
    )


@pytest.mark.django_db
def test_error_messages_follow_the_users_language(client_as, firm_a, firm_b, firm_b_admin):
    project = led_project(firm_a, state=Project.State.COMPLETED)

    english = client_as("firm_b_admin").get(_url("join", project, language="en"))

    assert "This project is completed: nobody can join it any more." in english.content.decode()


# --- The panel on the project page ---------------------------------------------


@pytest.mark.django_db
def test_project_page_panel_leads_from_asking_to_withdrawing(
    client_as, project, firm_b, firm_b_admin
):
    client = client_as("firm_b_admin")
    detail = _url("detail", project)

    before = client.get(detail).content.decode()
    client.post(_url("join", project), {"firm": "firma-b", "role": "partner"})
    after = client.get(detail).content.decode()

    assert f'href="{_url("join", project)}"' in before
    assert f'href="{_url("join", project)}"' not in after
    assert "Withdraw the request" in after
    withdraw = _url("participation-withdraw", project, Participation.objects.get(firm=firm_b).pk)
    assert f'action="{withdraw}"' in after


@pytest.mark.django_db
def test_project_page_panel_shows_the_leader_its_pending_requests(client_as, project, join_request):
    page = client_as("firm_a_admin").get(_url("detail", project)).content.decode()

    assert "1 request to join awaits your decision." in page
    assert f'href="{_url("participations", project)}"' in page


@pytest.mark.django_db
def test_the_join_page_of_the_firms_own_draft_says_it_is_a_draft(client_as, firm_a):
    draft = led_project(firm_a, state=Project.State.DRAFT)

    response = client_as("firm_a_admin").get(_url("join", draft))

    assert response.status_code == 200
    assert "This project is still a draft" in response.content.decode()
