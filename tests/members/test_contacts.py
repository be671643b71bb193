"""The firm's contacts: its editors add, change and remove them."""

import pytest

from chemster.models import AuditEntry
from members.models import Contact
from tests.factories import ContactFactory, UserFactory

MARKUP = '<img src=x onerror="alert(1)">'
ESCAPED = "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"


def _list_url(firm, language="pl"):
    return f"/{language}/firms/{firm.slug}/contacts/"


def _edit_url(firm, contact, language="pl"):
    return f"/{language}/firms/{firm.slug}/contacts/{contact.pk}/edit/"


def _delete_url(firm, contact, language="pl"):
    return f"/{language}/firms/{firm.slug}/contacts/{contact.pk}/delete/"


def _contact(**changes):
    return {
        "name": "Jan Kowalski",
        "function": "Dyrektor handlowy",
        "email": "jan.kowalski@firma-a.pl",
        "phone": "+48 77 481 20 00",
        "language": "pl",
        "user": "",
        **changes,
    }


def _database():
    return (
        sorted(
            Contact.objects.values_list(
                "pk", "firm_id", "name", "function", "email", "phone", "user_id"
            )
        ),
        AuditEntry.objects.count(),
    )


@pytest.mark.django_db
def test_editor_adds_a_contact_linked_to_a_firm_user(
    client_as, firm_a, firm_a_editor, firm_a_admin
):
    response = client_as("firm_a_editor").post(_list_url(firm_a), _contact(user=firm_a_admin.pk))

    contact = firm_a.contacts.get()
    assert (response.status_code, response["Location"]) == (302, _list_url(firm_a))
    assert (contact.name, contact.email, contact.user, contact.source) == (
        "Jan Kowalski",
        "jan.kowalski@firma-a.pl",
        firm_a_admin,
        "firm",
    )
    entry = AuditEntry.objects.get(code="members.contact.added")
    assert (entry.actor, entry.object_id) == (firm_a_editor, str(contact.pk))


@pytest.mark.django_db
def test_contact_can_be_linked_only_to_the_firms_own_users(
    client_as, firm_a, firm_a_editor, firm_b_admin
):
    response = client_as("firm_a_editor").post(
        _list_url(firm_a, "en"), _contact(user=firm_b_admin.pk)
    )

    assert response.context["form"].errors == {
        "user": ["Select a valid choice. That choice is not one of the available choices."]
    }
    assert not firm_a.contacts.exists()


@pytest.mark.django_db
def test_user_choices_are_the_firms_users(
    client_as, firm_a, firm_a_editor, firm_a_admin, firm_b_admin
):
    page = client_as("firm_a_editor").get(_list_url(firm_a)).content.decode()

    assert f'<option value="{firm_a_admin.pk}">' in page
    assert f'<option value="{firm_a_editor.pk}">' in page
    assert f'<option value="{firm_b_admin.pk}">' not in page


@pytest.mark.django_db
def test_duplicate_email_within_the_firm_is_a_field_error(client_as, firm_a, firm_b, firm_a_editor):
    ContactFactory(firm=firm_a, email="biuro@firma-a.pl")
    ContactFactory(firm=firm_b, email="wspolny@example.pl")
    client = client_as("firm_a_editor")

    duplicate = client.post(_list_url(firm_a, "en"), _contact(email="BIURO@firma-a.pl"))
    other_firms_address = client.post(_list_url(firm_a, "en"), _contact(email="wspolny@example.pl"))

    assert duplicate.context["form"].errors == {
        "email": ["The firm has a contact with this e-mail address already."]
    }
    assert other_firms_address.status_code == 302
    assert sorted(firm_a.contacts.values_list("email", flat=True)) == [
        "biuro@firma-a.pl",
        "wspolny@example.pl",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"name": ""}, {"name": ["This field is required."]}),
        ({"email": "not-an-address"}, {"email": ["Enter a valid email address."]}),
        (
            {"name": "N" * 151},
            {"name": ["Ensure this value has at most 150 characters (it has 151)."]},
        ),
        (
            {"function": "F" * 151},
            {"function": ["Ensure this value has at most 150 characters (it has 151)."]},
        ),
        (
            {"phone": "7" * 41},
            {"phone": ["Ensure this value has at most 40 characters (it has 41)."]},
        ),
        (
            {"language": "de"},
            {"language": ["Select a valid choice. de is not one of the available choices."]},
        ),
    ],
)
def test_bad_contact_input_gives_field_errors(client_as, firm_a, firm_a_editor, changes, errors):
    response = client_as("firm_a_editor").post(_list_url(firm_a, "en"), _contact(**changes))

    assert response.status_code == 200
    assert response.context["form"].errors == errors
    assert not firm_a.contacts.exists()


@pytest.mark.django_db
def test_editor_changes_a_contact_with_audit_of_old_and_new_values(
    client_as, firm_a, firm_a_editor
):
    contact = ContactFactory(
        firm=firm_a, name="Anna Nowak", function="Laborantka", email="anna@firma-a.pl"
    )

    response = client_as("firm_a_editor").post(
        _edit_url(firm_a, contact),
        _contact(
            name="Anna Nowak",
            function="Kierowniczka laboratorium",
            email="anna@firma-a.pl",
            phone=contact.phone,
        ),
    )

    contact.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, _list_url(firm_a))
    assert contact.function == "Kierowniczka laboratorium"
    entry = AuditEntry.objects.get(code="members.contact.updated")
    assert entry.changes == {"function": ["Laborantka", "Kierowniczka laboratorium"]}


@pytest.mark.django_db
def test_contact_keeps_its_own_address_when_edited(client_as, firm_a, firm_a_editor):
    contact = ContactFactory(firm=firm_a, email="anna@firma-a.pl")

    response = client_as("firm_a_editor").post(
        _edit_url(firm_a, contact), _contact(name="Anna", email="ANNA@firma-a.pl")
    )

    assert response.status_code == 302


@pytest.mark.django_db
def test_contact_of_another_firm_is_not_found_through_this_firm(
    client_as, firm_a, firm_b, firm_a_admin
):
    other = ContactFactory(firm=firm_b)
    client = client_as("firm_a_admin")
    before = _database()

    edit = client.post(_edit_url(firm_a, other), _contact())
    delete = client.post(_delete_url(firm_a, other))

    assert (edit.status_code, delete.status_code) == (404, 404)
    assert _database() == before


@pytest.mark.django_db
def test_editor_removes_a_contact_after_confirming(client_as, firm_a, firm_a_editor):
    contact = ContactFactory(firm=firm_a, name="Piotr Zieliński")
    client = client_as("firm_a_editor")

    page = client.get(_list_url(firm_a, "en")).content.decode()
    refused_get = client.get(_delete_url(firm_a, contact))
    response = client.post(_delete_url(firm_a, contact), follow=True)

    assert f'<form method="post" action="{_delete_url(firm_a, contact, "en")}">' in page
    assert "<p>Remove Piotr Zieliński from the firm's contacts?</p>" in page
    assert refused_get.status_code == 405
    assert response.redirect_chain == [(_list_url(firm_a), 302)]
    assert not Contact.objects.filter(pk=contact.pk).exists()
    assert AuditEntry.objects.filter(
        code="members.contact.removed", object_id=str(contact.pk)
    ).exists()


@pytest.mark.django_db
def test_other_firms_admin_changes_nothing(client_as, firm_a, firm_b_admin):
    contact = ContactFactory(firm=firm_a)
    client = client_as("firm_b_admin")
    before = _database()

    responses = [
        client.post(_list_url(firm_a), _contact()),
        client.post(_edit_url(firm_a, contact), _contact(name="Przejęty")),
        client.post(_delete_url(firm_a, contact)),
    ]

    assert [response.status_code for response in responses] == [403, 403, 403]
    assert _database() == before


@pytest.mark.django_db
def test_outsider_changes_nothing(client_as, firm_a, outsider):
    contact = ContactFactory(firm=firm_a)
    before = _database()

    response = client_as("outsider").post(_delete_url(firm_a, contact))

    assert response.status_code == 403
    assert _database() == before


@pytest.mark.django_db
def test_markup_in_contact_fields_is_shown_escaped(client_as, firm_a, firm_a_editor):
    client = client_as("firm_a_editor")
    client.post(_list_url(firm_a), _contact(name=MARKUP, function=MARKUP, phone="+48 <b>77</b>"))
    contact = firm_a.contacts.get()

    listing = client.get(_list_url(firm_a)).content.decode()
    edit_page = client.get(_edit_url(firm_a, contact)).content.decode()

    assert contact.name == MARKUP
    assert MARKUP not in listing and MARKUP not in edit_page
    assert ESCAPED in listing and ESCAPED in edit_page
    assert "+48 &lt;b&gt;77&lt;/b&gt;" in listing


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 6])
def test_contact_list_query_count_is_constant(
    client_as, firm_a, firm_a_editor, django_assert_num_queries, count
):
    client = client_as("firm_a_editor")
    for n in range(count):
        ContactFactory(firm=firm_a, user=UserFactory() if n % 2 == 0 else None)

    # session, user, coordinators' group check, firm with its roles (2),
    # the form's user choices, the contacts with their users, membership
    # check for the menu, the footer's texts
    with django_assert_num_queries(9):
        response = client.get(_list_url(firm_a))

    assert response.status_code == 200
    assert len(response.context["contacts"]) == count
