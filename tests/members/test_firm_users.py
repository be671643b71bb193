"""The firm's users: its admins invite colleagues, change roles and remove them."""

import pytest

from chemster.models import AuditEntry
from members.models import FirmRole, Invitation
from newsletters.models import OutboundMessage
from tests.factories import FirmFactory, UserFactory


def _users_url(firm, language="pl"):
    return f"/{language}/firms/{firm.slug}/users/"


def _role_url(firm, firm_role, language="pl"):
    return f"/{language}/firms/{firm.slug}/users/{firm_role.pk}/role/"


def _remove_url(firm, firm_role, language="pl"):
    return f"/{language}/firms/{firm.slug}/users/{firm_role.pk}/remove/"


def _roles():
    return sorted(FirmRole.objects.values_list("pk", "firm_id", "user_id", "role"))


def _messages(response):
    return [str(message) for message in response.context["messages"]]


@pytest.mark.django_db
def test_admin_sees_the_firms_users_with_their_roles(
    client_as, firm_a, firm_a_admin, firm_a_editor, firm_b_admin
):
    response = client_as("firm_a_admin").get(_users_url(firm_a, "en"))

    page = response.content.decode()
    assert [firm_role.user for firm_role in response.context["firm_roles"]] == sorted(
        [firm_a_admin, firm_a_editor], key=lambda user: user.name
    )
    assert firm_b_admin.email not in page
    assert '<option value="editor" selected>Editor</option>' in page
    assert '<option value="admin" selected>Administrator</option>' in page


@pytest.mark.django_db
def test_admin_invites_a_new_colleague_as_editor(client_as, firm_a, firm_a_admin):
    response = client_as("firm_a_admin").post(
        _users_url(firm_a, "en"),
        {"email": "nowa@firma-a.pl", "name": "Nowa Osoba", "role": "editor", "language": "en"},
        follow=True,
    )

    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.firm, invitation.role, invitation.invited_by) == (
        "nowa@firma-a.pl",
        firm_a,
        "editor",
        firm_a_admin,
    )
    assert OutboundMessage.objects.get().recipient == "nowa@firma-a.pl"
    assert _messages(response) == ["The invitation to nowa@firma-a.pl is on its way."]
    assert "nowa@firma-a.pl (Editor)" in response.content.decode()


@pytest.mark.django_db
def test_user_of_another_firm_gets_a_role_here_too(client_as, firm_a, firm_a_admin, firm_b_editor):
    response = client_as("firm_a_admin").post(
        _users_url(firm_a, "en"),
        {"email": firm_b_editor.email.upper(), "name": "", "role": "admin", "language": "pl"},
        follow=True,
    )

    assert sorted(
        FirmRole.objects.filter(user=firm_b_editor).values_list("firm__slug", "role")
    ) == [
        ("firma-a", "admin"),
        ("firma-b", "editor"),
    ]
    assert _messages(response) == [
        f"{firm_b_editor.email.upper()} has an account already and now has a role in the firm."
    ]
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_inviting_someone_who_has_a_role_is_a_field_error(
    client_as, firm_a, firm_a_admin, firm_a_editor
):
    before = _roles()

    response = client_as("firm_a_admin").post(
        _users_url(firm_a, "en"),
        {"email": firm_a_editor.email, "name": "", "role": "admin", "language": "pl"},
    )

    assert response.context["form"].errors == {
        "email": ["This person has a role in the firm already; change it in the list."]
    }
    assert _roles() == before


@pytest.mark.django_db
def test_admin_makes_an_editor_admin_with_audit(client_as, firm_a, firm_a_admin, firm_a_editor):
    firm_role = firm_a.roles.get(user=firm_a_editor)

    response = client_as("firm_a_admin").post(_role_url(firm_a, firm_role), {"role": "admin"})

    firm_role.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, _users_url(firm_a))
    assert firm_role.role == "admin"
    entry = AuditEntry.objects.get(code="members.role.changed")
    assert (entry.actor, entry.changes) == (
        firm_a_admin,
        {"user": firm_a_editor.email, "role": ["editor", "admin"]},
    )


@pytest.mark.django_db
def test_last_admin_cannot_be_demoted(client_as, firm_a, firm_a_admin, firm_a_editor):
    firm_role = firm_a.roles.get(user=firm_a_admin)
    before = (_roles(), AuditEntry.objects.count())

    response = client_as("firm_a_admin").post(
        _role_url(firm_a, firm_role, "en"), {"role": "editor"}, follow=True
    )

    assert response.redirect_chain == [(_users_url(firm_a, "en"), 302)]
    assert _messages(response) == [
        "Adam Azotowy is the firm's last administrator. Make someone else an administrator first."
    ]
    assert '<li class="message message-error">' in response.content.decode()
    assert (_roles(), AuditEntry.objects.count()) == before


@pytest.mark.django_db
def test_last_admin_cannot_be_removed(client_as, firm_a, firm_a_admin, coordinator):
    firm_role = firm_a.roles.get(user=firm_a_admin)
    before = (_roles(), AuditEntry.objects.count())

    response = client_as("coordinator").post(_remove_url(firm_a, firm_role, "en"), follow=True)

    assert _messages(response) == [
        "Adam Azotowy is the firm's last administrator and cannot be removed. "
        "Make someone else an administrator first."
    ]
    assert (_roles(), AuditEntry.objects.count()) == before


@pytest.mark.django_db
def test_admin_removes_an_editor_with_audit(client_as, firm_a, firm_a_admin, firm_a_editor):
    firm_role = firm_a.roles.get(user=firm_a_editor)

    response = client_as("firm_a_admin").post(_remove_url(firm_a, firm_role))

    assert response.status_code == 302
    assert list(firm_a.roles.values_list("user", flat=True)) == [firm_a_admin.pk]
    entry = AuditEntry.objects.get(code="members.role.removed")
    assert entry.changes == {"user": firm_a_editor.email, "role": "editor"}


@pytest.mark.django_db
def test_admin_who_removes_themselves_leaves_for_their_account(client_as, firm_a, firm_a_admin):
    FirmRole.objects.create(firm=firm_a, user=UserFactory(), role="admin")
    firm_role = firm_a.roles.get(user=firm_a_admin)

    response = client_as("firm_a_admin").post(_remove_url(firm_a, firm_role))

    assert response["Location"] == "/pl/accounts/"
    assert not firm_a.roles.filter(user=firm_a_admin).exists()


@pytest.mark.django_db
def test_admin_who_makes_themselves_editor_goes_on_to_the_profile(client_as, firm_a, firm_a_admin):
    FirmRole.objects.create(firm=firm_a, user=UserFactory(), role="admin")
    firm_role = firm_a.roles.get(user=firm_a_admin)

    response = client_as("firm_a_admin").post(_role_url(firm_a, firm_role), {"role": "editor"})

    assert response["Location"] == f"/pl/firms/{firm_a.slug}/edit/"


@pytest.mark.django_db
def test_unknown_role_changes_nothing(client_as, firm_a, firm_a_admin, firm_a_editor):
    firm_role = firm_a.roles.get(user=firm_a_editor)
    before = _roles()

    response = client_as("firm_a_admin").post(
        _role_url(firm_a, firm_role, "en"), {"role": "owner"}, follow=True
    )

    assert _messages(response) == ["Choose a role."]
    assert _roles() == before


@pytest.mark.django_db
def test_role_of_another_firm_is_not_found_through_this_firm(
    client_as, firm_a, firm_a_admin, firm_b_editor
):
    other = FirmRole.objects.get(user=firm_b_editor)
    before = _roles()

    change = client_as("firm_a_admin").post(_role_url(firm_a, other), {"role": "admin"})
    remove = client_as("firm_a_admin").post(_remove_url(firm_a, other))

    assert (change.status_code, remove.status_code) == (404, 404)
    assert _roles() == before


@pytest.mark.django_db
@pytest.mark.parametrize("member", ["firm_b_admin", "firm_a_editor", "outsider"])
def test_who_is_not_the_firms_admin_changes_nothing(
    client_as, firm_a, firm_a_admin, firm_a_editor, member
):
    client = client_as(member)
    editor_role = firm_a.roles.get(user=firm_a_editor)
    admin_role = firm_a.roles.get(user=firm_a_admin)
    before = (_roles(), AuditEntry.objects.count(), Invitation.objects.count())

    responses = [
        client.post(_role_url(firm_a, editor_role), {"role": "admin"}),
        client.post(_remove_url(firm_a, admin_role)),
        client.post(
            _users_url(firm_a), {"email": "x@example.pl", "role": "admin", "language": "pl"}
        ),
    ]

    assert [response.status_code for response in responses] == [403, 403, 403]
    assert (_roles(), AuditEntry.objects.count(), Invitation.objects.count()) == before


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 6])
def test_users_page_query_count_is_constant(
    client_as, firm_a, firm_a_admin, django_assert_num_queries, count
):
    client = client_as("firm_a_admin")
    for _n in range(count):
        FirmRole.objects.create(firm=firm_a, user=UserFactory(), role="editor")
        Invitation.objects.create(
            email=f"zaproszona{_n}@firma-a.pl",
            firm=firm_a,
            role="editor",
            token_digest=f"{count}-{_n}",
            expires_at="2099-01-01T00:00:00Z",
        )
    FirmFactory()

    # session, user, coordinators' group check, firm with its roles (2),
    # the roles with their users, the open invitations, membership check
    # for the menu, the footer's texts
    with django_assert_num_queries(9):
        response = client.get(_users_url(firm_a))

    assert response.status_code == 200
    assert len(response.context["firm_roles"]) == count + 1
    assert len(response.context["invitations"]) == count
