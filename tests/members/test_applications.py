"""Membership applications and the member lifecycle."""

import hashlib
import re
import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from chemster.models import AuditEntry
from members.applications import (
    accept_application,
    record_leaving,
    reinstate_member,
    reject_application,
    suspend_member,
)
from members.content import INFORMATION_CLAUSE, INFORMATION_CLAUSE_VERSION
from members.models import (
    Contact,
    Firm,
    FirmRole,
    Invitation,
    MembershipApplication,
    User,
)
from members.permissions import is_member
from members.services import accept_invitation
from newsletters.models import Consent, OutboundMessage
from tests.factories import FirmFactory, application_data, valid_nip


def _form(**overrides):
    # The page's form also asks for a VAT number and a language.
    return application_data(
        **{"vat_number": "", "language": "pl", "clause_read": "on", **overrides}
    )


@pytest.fixture
def application(db, coordinator):
    from members.applications import submit_application

    data = _form()
    competences = data.pop("competences")
    data.pop("clause_read")
    return submit_application(data=data, competences=competences, newsletter=False)


@pytest.mark.django_db
def test_public_form_records_the_application_and_its_clause(client, coordinator):
    response = client.post(reverse("members:apply"), _form())

    application = MembershipApplication.objects.get()
    assert (response.status_code, response["Location"]) == (
        302,
        reverse("members:application-thanks"),
    )
    assert application.state == "submitted"
    assert application.clause_version == INFORMATION_CLAUSE_VERSION
    assert (
        application.clause_sha256 == hashlib.sha256(INFORMATION_CLAUSE["pl"].encode()).hexdigest()
    )
    assert list(application.competences.values_list("code", flat=True)) == ["coatings"]
    assert sorted(OutboundMessage.objects.values_list("recipient", "category")) == [
        ("koordynator@chemster.pl", "notification"),
        ("marta@barwniki-opole.pl", "service"),
    ]
    assert Consent.objects.count() == 0


@pytest.mark.django_db
def test_newsletter_consent_is_asked_separately_with_double_opt_in(client, coordinator):
    client.post(reverse("members:apply"), _form(newsletter="on"))

    consent = Consent.objects.get()
    assert (consent.email, consent.purpose, consent.confirmed_at) == (
        "marta@barwniki-opole.pl",
        "newsletter",
        None,
    )
    assert OutboundMessage.objects.filter(recipient="marta@barwniki-opole.pl").count() == 2


@pytest.mark.django_db
def test_newsletter_consent_works_for_applicants_in_both_languages(client, coordinator):
    client.post("/pl/join/", _form(newsletter="on"))
    english = _form(
        newsletter="on", contact_email="anna@coatings.pl", nip=valid_nip(77), language="en"
    )

    response = client.post("/en/join/", english)

    assert response.status_code == 302
    assert sorted(Consent.objects.values_list("language", "text__version")) == [
        ("en", "2026-11-application-en"),
        ("pl", "2026-11-application-pl"),
    ]


@pytest.mark.django_db
def test_form_shows_the_information_clause(client):
    html = client.get("/en/join/").content.decode()

    assert "Kędzierzyńsko-Kozielski Park Przemysłowy" in html
    assert "President of the Personal Data Protection" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"nip": "1234567890"}, "nip"),
        ({"nip": ""}, "nip"),
        ({"country": "DE", "nip": "", "vat_number": "DE123"}, "vat_number"),
        ({"postcode": "47220"}, "postcode"),
        ({"kind": "school"}, "size_class"),
        ({"contact_email": "not-an-address"}, "contact_email"),
        ({"clause_read": ""}, "clause_read"),
        ({"name": "x" * 300}, "name"),
    ],
)
def test_bad_input_gets_a_field_error(client, overrides, field):
    response = client.post(reverse("members:apply"), _form(**overrides))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert MembershipApplication.objects.count() == 0


@pytest.mark.django_db
def test_nip_of_an_active_member_is_refused_with_a_clear_error(client):
    firm = FirmFactory()

    response = client.post("/en/join/", _form(nip=firm.nip))

    assert "This NIP belongs to a current member of the cluster." in response.content.decode()
    assert MembershipApplication.objects.count() == 0


@pytest.mark.django_db
def test_dashed_nip_is_accepted_and_stored_compact(client, coordinator):
    nip = valid_nip(7002)
    client.post(reverse("members:apply"), _form(nip=f"{nip[:3]}-{nip[3:6]}-{nip[6:8]}-{nip[8:]}"))

    assert MembershipApplication.objects.get().nip == nip


@pytest.mark.django_db
def test_accepting_creates_firm_contact_and_admin_invitation(application, coordinator):
    firm = accept_application(application=application, actor=coordinator)

    application.refresh_from_db()
    contact = Contact.objects.get(firm=firm)
    invitation = Invitation.objects.get(email="marta@barwniki-opole.pl")
    assert (application.state, application.firm, application.decided_by) == (
        "accepted",
        firm,
        coordinator,
    )
    assert (firm.status, firm.nip, firm.city) == ("active", application.nip, "Opole")
    assert list(firm.competences.values_list("code", flat=True)) == ["coatings"]
    assert (contact.name, contact.source) == ("Marta Zielińska", "application")
    assert (invitation.firm, invitation.role) == (firm, "admin")
    assert OutboundMessage.objects.filter(
        dedupe_key=f"application:{application.pk}:accepted"
    ).exists()
    assert AuditEntry.objects.filter(code="members.application.accepted").count() == 1


@pytest.mark.django_db
def test_accepted_contact_becomes_the_firms_admin_through_the_invitation(application, coordinator):
    firm = accept_application(application=application, actor=coordinator)
    link = OutboundMessage.objects.get(dedupe_key__startswith="invitation:").body_text
    token = re.search(r"/invitation/(\S+?)/", link).group(1)

    user = accept_invitation(token=token, name="Marta Zielińska", password="Barwniki-Opole-2026")

    assert FirmRole.objects.get(user=user).firm == firm
    assert FirmRole.objects.get(user=user).role == "admin"
    assert is_member(user)


@pytest.mark.django_db
def test_former_members_application_reinstates_the_firm(coordinator, client):
    former = FirmFactory(
        status="former", left_on=date(2022, 12, 31), left_reason="Zawieszenie produkcji"
    )
    client.post(reverse("members:apply"), _form(nip=former.nip, name="Nowa nazwa"))

    firm = accept_application(application=MembershipApplication.objects.get(), actor=coordinator)

    former.refresh_from_db()
    assert firm == former
    assert (former.status, former.left_on, former.left_reason) == ("active", None, "")
    assert Firm.objects.filter(nip=former.nip).count() == 1


@pytest.mark.django_db
def test_rejecting_tells_the_applicant_why(application, coordinator):
    reject_application(application=application, actor=coordinator, reason="Brak związku z chemią.")

    message = OutboundMessage.objects.get(dedupe_key=f"application:{application.pk}:rejected")
    assert "Brak związku z chemią." in message.body_text
    assert MembershipApplication.objects.get().state == "rejected"
    assert Firm.objects.count() == 0


@pytest.mark.django_db
def test_an_application_is_decided_once(client_as, application, coordinator):
    client = client_as("coordinator")
    url = reverse("members:application", kwargs={"pk": application.pk})
    client.post(url, {"decision": "accept"})

    response = client.post("/en" + url[3:], {"decision": "reject", "reason": "x"}, follow=True)

    assert "This application was decided already" in response.content.decode()
    assert MembershipApplication.objects.get().state == "accepted"
    assert Firm.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_decisions_at_once_leave_one(coordinator):
    from members.applications import submit_application

    data = _form()
    competences = data.pop("competences")
    data.pop("clause_read")
    application = submit_application(data=data, competences=competences, newsletter=False)
    results, barrier = [], threading.Barrier(2)

    def decide(kind):
        barrier.wait()
        try:
            if kind == "accept":
                accept_application(application=application, actor=coordinator)
            else:
                reject_application(application=application, actor=coordinator, reason="Nie.")
            results.append("decided")
        except ValidationError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(kind,)) for kind in ("accept", "reject")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == ["decided", "refused"]
    assert MembershipApplication.objects.get().state in ("accepted", "rejected")


@pytest.mark.django_db
def test_reject_without_reason_is_refused_on_the_page(client_as, application, coordinator):
    response = client_as("coordinator").post(
        f"/en/coordinator/applications/{application.pk}/", {"decision": "reject", "reason": " "}
    )

    assert response.status_code == 200
    assert "Give the reason the applicant will read." in response.content.decode()


@pytest.mark.django_db
def test_suspended_and_former_members_users_become_outsiders(firm_a, firm_a_admin, coordinator):
    Firm.objects.filter(pk=firm_a.pk).update(joined_on=date(2015, 3, 1))

    def member_now():
        # A fresh object: the role check is cached on the user for a request.
        return is_member(User.objects.get(pk=firm_a_admin.pk))

    before = member_now()
    suspend_member(firm=firm_a, actor=coordinator, reason="Zaległe składki")
    suspended = member_now()
    reinstate_member(firm=firm_a, actor=coordinator)
    reinstated = member_now()
    record_leaving(
        firm=firm_a, actor=coordinator, left_on=date(2026, 6, 30), reason="Likwidacja spółki"
    )

    firm_a.refresh_from_db()
    assert (before, suspended, reinstated, member_now()) == (True, False, True, False)
    assert (firm_a.status, firm_a.left_on, firm_a.left_reason) == (
        "former",
        date(2026, 6, 30),
        "Likwidacja spółki",
    )
    codes = AuditEntry.objects.filter(
        object_id=str(firm_a.pk),
        code__in=["members.firm.suspended", "members.firm.reinstated", "members.firm.left"],
    )
    assert list(codes.values_list("code", flat=True).order_by("id")) == [
        "members.firm.suspended",
        "members.firm.reinstated",
        "members.firm.left",
    ]


@pytest.mark.django_db
def test_leaving_before_joining_is_refused(firm_a, coordinator):
    with pytest.raises(ValidationError):
        record_leaving(firm=firm_a, actor=coordinator, left_on=date(2001, 1, 1), reason="x")


@pytest.mark.django_db
def test_coordinator_records_leaving_on_the_status_page(client_as, firm_a, coordinator):
    Firm.objects.filter(pk=firm_a.pk).update(joined_on=date(2015, 3, 1))

    response = client_as("coordinator").post(
        reverse("members:firm-status", kwargs={"slug": firm_a.slug}),
        {"action": "leave", "left_on": "2026-10-31", "reason": "Zmiana profilu"},
    )

    firm_a.refresh_from_db()
    assert response.status_code == 302
    assert (firm_a.status, firm_a.left_on) == ("former", date(2026, 10, 31))


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 12])
def test_application_list_query_count_is_constant(
    client_as, coordinator, django_assert_num_queries, count
):
    from members.applications import submit_application

    for i in range(count):
        data = _form(nip=valid_nip(8000 + i), contact_email=f"a{i}@firma.pl")
        competences = data.pop("competences")
        data.pop("clause_read")
        submit_application(data=data, competences=competences, newsletter=False)
    client = client_as("coordinator")

    # 1 session, 2 user, 3 coordinator group, 4 TOTP authenticator, 5 count,
    # 6 the page of applications with their firms, 7 footer texts.
    with django_assert_num_queries(7):
        client.get(reverse("members:applications"))


@pytest.mark.django_db
def test_public_form_takes_ten_applications_an_hour_from_one_address(client, coordinator):
    statuses = [
        client.post(
            "/en/join/",
            _form(nip=valid_nip(9500 + i), contact_email=f"x{i}@firma.pl"),
            REMOTE_ADDR="203.0.113.7",
        ).status_code
        for i in range(11)
    ]
    other = client.post("/en/join/", _form(nip=valid_nip(9600)), REMOTE_ADDR="203.0.113.8")

    assert statuses == [302] * 10 + [429]
    assert other.status_code == 302
    assert MembershipApplication.objects.count() == 11
