"""The members API: membership applications and the coordinator's decisions."""

import pytest
from django.urls import reverse

from chemster.models import AuditEntry
from members.applications import submit_application
from members.content import INFORMATION_CLAUSE_VERSION
from members.models import Competence, Firm, FirmRole, Invitation, MembershipApplication
from newsletters.models import Consent, OutboundMessage
from tests.conftest import CAST
from tests.factories import FirmFactory, application_data, valid_nip

COORDINATOR_ONLY = [
    ("visitor", 401),
    ("outsider", 403),
    ("firm_a_admin", 403),
    ("firm_a_editor", 403),
    ("firm_b_admin", 403),
    ("firm_b_editor", 403),
    ("coordinator", 200),
]


def _body(**overrides):
    return application_data(**overrides)


def _submitted(n: int = 0, **overrides) -> MembershipApplication:
    data = _body(nip=valid_nip(8000 + n), contact_email=f"a{n}@barwniki.pl", **overrides)
    competences = data.pop("competences")
    data.pop("clause_read")
    return submit_application(data=data, competences=competences, newsletter=False)


@pytest.fixture
def application(db):
    return _submitted()


def _decide(client, application, **data):
    return client.post(reverse("api:application-decision", kwargs={"pk": application.pk}), data)


# --- POST /api/v1/applications/ -------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("member", CAST)
def test_anyone_may_apply(api_client_as, member):
    response = api_client_as(member).post(reverse("api:applications"), _body())

    assert response.status_code == 201
    application = MembershipApplication.objects.get()
    assert response.json() == {
        "id": application.pk,
        "state": "submitted",
        "submitted_at": response.json()["submitted_at"],
        "clause_version": INFORMATION_CLAUSE_VERSION,
    }


@pytest.mark.django_db
def test_application_is_recorded_through_the_service_with_its_mails(api_client_as, coordinator):
    coatings = Competence.objects.get(code="coatings")

    response = api_client_as("visitor").post(
        reverse("api:applications"),
        _body(nip="749-200-00-08", vat_number="DE136695976", newsletter=True),
        headers={"Accept-Language": "en"},
    )

    assert response.status_code == 201
    application = MembershipApplication.objects.get()
    assert (application.nip, application.vat_number, application.language) == (
        "7492000008",
        "",
        "en",
    )
    assert (application.clause_version, application.contact_email) == (
        INFORMATION_CLAUSE_VERSION,
        "marta@barwniki-opole.pl",
    )
    assert list(application.competences.all()) == [coatings]
    assert set(OutboundMessage.objects.values_list("recipient", flat=True)) == {
        "marta@barwniki-opole.pl",
        "koordynator@chemster.pl",
    }
    consent = Consent.objects.get()
    assert (consent.email, consent.purpose, consent.confirmed_at) == (
        "marta@barwniki-opole.pl",
        Consent.Purpose.NEWSLETTER,
        None,
    )
    assert AuditEntry.objects.filter(code="members.application.submitted").count() == 1


@pytest.mark.django_db
def test_application_without_newsletter_asks_no_consent(api_client_as):
    api_client_as("visitor").post(reverse("api:applications"), _body())

    assert not Consent.objects.exists()


@pytest.mark.django_db
def test_application_from_abroad_gives_a_vat_number(api_client_as):
    response = api_client_as("visitor").post(
        reverse("api:applications"),
        _body(country="de", nip=valid_nip(1), vat_number="DE136695976", postcode="10115"),
    )

    assert response.status_code == 201
    application = MembershipApplication.objects.get()
    assert (application.country, application.nip, application.vat_number) == (
        "DE",
        "",
        "DE136695976",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        (
            {"clause_read": False},
            {"clause_read": ["Confirm that the applicant has read the information clause."]},
        ),
        ({"clause_read": None}, {"clause_read": ["This field may not be null."]}),
        (
            {"nip": "1234567890"},
            {"nip": ["This is not a valid NIP: it needs ten digits with a correct check digit."]},
        ),
        ({"nip": ""}, {"nip": ["Polish firms give their NIP."]}),
        (
            {"country": "DE", "vat_number": ""},
            {"vat_number": ["Firms outside Poland give their EU VAT number."]},
        ),
        ({"size_class": ""}, {"size_class": ["Choose the size class of the enterprise."]}),
        ({"kind": "school"}, {"size_class": ["Only enterprises have a size class."]}),
        ({"postcode": "45052"}, {"postcode": ["A Polish postcode looks like 47-220."]}),
        ({"competences": [999_999]}, {"competences": ["No competence has the id 999999."]}),
        ({"contact_email": "marta"}, {"contact_email": ["Enter a valid email address."]}),
        ({"motivation": ""}, {"motivation": ["This field may not be blank."]}),
        ({"language": "de"}, {"language": ['"de" is not a valid choice.']}),
    ],
)
def test_application_refuses_bad_input_with_400_by_field(api_client_as, overrides, errors):
    response = api_client_as("visitor").post(reverse("api:applications"), _body(**overrides))

    assert response.status_code == 400
    assert response.json() == {
        "detail": "The request was not accepted; see the messages by field.",
        "errors": errors,
    }
    assert not MembershipApplication.objects.exists()
    assert not OutboundMessage.objects.exists()


@pytest.mark.django_db
def test_application_needs_the_clause_acknowledged(api_client_as):
    body = _body()
    del body["clause_read"]

    response = api_client_as("visitor").post(reverse("api:applications"), body)

    assert response.status_code == 400
    assert response.json()["errors"] == {"clause_read": ["This field is required."]}


@pytest.mark.django_db
def test_application_with_an_active_members_nip_is_refused(api_client_as, firm_a):
    response = api_client_as("visitor").post(reverse("api:applications"), _body(nip=firm_a.nip))

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "nip": ["This NIP belongs to a current member of the cluster."]
    }
    assert not MembershipApplication.objects.exists()


@pytest.mark.django_db
def test_applications_are_limited_to_10_an_hour(api_client_as):
    client = api_client_as("visitor")

    statuses = [
        client.post(
            reverse("api:applications"),
            _body(nip=valid_nip(100 + n), contact_email=f"a{n}@firma.pl"),
        ).status_code
        for n in range(11)
    ]

    assert statuses == [201] * 10 + [429]
    response = client.post(reverse("api:applications"), _body(nip=valid_nip(200)))
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert set(response.json()) == {"detail"}
    assert MembershipApplication.objects.count() == 10


@pytest.mark.django_db
def test_the_application_limit_leaves_the_coordinators_list_alone(api_client_as, coordinator):
    client = api_client_as("coordinator")

    statuses = {client.get(reverse("api:applications")).status_code for _ in range(12)}

    assert statuses == {200}


# --- GET /api/v1/applications/ and /api/v1/applications/<id>/ -----------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("member", "status"), COORDINATOR_ONLY)
def test_application_list_is_the_coordinators(
    api_client_as, application, firm_a_admin, firm_b_admin, member, status
):
    response = api_client_as(member).get(reverse("api:applications"))

    assert response.status_code == status
    if status == 200:
        assert [row["id"] for row in response.json()["results"]] == [application.pk]
    else:
        assert set(response.json()) == {"detail"}


@pytest.mark.django_db
def test_application_list_filters_by_state_and_words(api_client_as, coordinator):
    first = _submitted(1, name="Alfa Chem")
    second = _submitted(2, name="Beta Chem")
    MembershipApplication.objects.filter(pk=second.pk).update(
        state="rejected", decided_at=second.submitted_at
    )
    client = api_client_as("coordinator")

    def ids(**query):
        return [
            row["id"] for row in client.get(reverse("api:applications"), query).json()["results"]
        ]

    assert ids() == [second.pk, first.pk]
    assert ids(state="submitted") == [first.pk]
    assert ids(state="rejected") == [second.pk]
    assert ids(q="alfa") == [first.pk]
    assert ids(q="a2@barwniki") == [second.pk]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field"),
    [({"state": "open"}, "state"), ({"page": "9"}, "page"), ({"q": "x" * 101}, "q")],
)
def test_application_list_refuses_bad_parameters(api_client_as, coordinator, query, field):
    response = api_client_as("coordinator").get(reverse("api:applications"), query)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 12])
def test_application_list_query_count(api_client_as, coordinator, django_assert_num_queries, count):
    for n in range(count):
        _submitted(n)
    client = api_client_as("coordinator")

    # 1 the token and its user, 2 UPDATE last_used_at, 3 the coordinators'
    # group, 4 the TOTP authenticator, 5 the count, 6 the page with the
    # firms.
    with django_assert_num_queries(6):
        response = client.get(reverse("api:applications"), {"page_size": 100})

    assert response.json()["count"] == count


@pytest.mark.django_db
def test_coordinator_without_two_factor_login_is_refused(api_client_as, coordinator_without_2fa):
    response = api_client_as("coordinator_without_2fa").get(reverse("api:applications"))

    assert response.status_code == 403
    assert response.json() == {
        "detail": "Only the cluster's coordinator, with two-factor login set up, may do this."
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("member", "status"), COORDINATOR_ONLY)
def test_application_detail_is_the_coordinators(
    api_client_as, application, firm_a_admin, member, status
):
    response = api_client_as(member).get(reverse("api:application", kwargs={"pk": application.pk}))

    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert (body["id"], body["state"], body["nip"], body["motivation"]) == (
            application.pk,
            "submitted",
            valid_nip(8000),
            "Szukamy partnerów do wspólnego projektu badawczego.",
        )
        assert body["competences"] == [Competence.objects.get(code="coatings").pk]
        assert (body["decided_by"], body["firm"], body["clause_version"]) == (
            None,
            None,
            INFORMATION_CLAUSE_VERSION,
        )


@pytest.mark.django_db
def test_application_detail_of_an_unknown_id_is_404(api_client_as, coordinator):
    response = api_client_as("coordinator").get(reverse("api:application", kwargs={"pk": 999_999}))

    assert response.status_code == 404


# --- POST /api/v1/applications/<id>/decision/ -----------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("member", "status"), COORDINATOR_ONLY)
def test_decision_is_the_coordinators(
    api_client_as, application, firm_a_admin, firm_b_admin, member, status
):
    response = _decide(api_client_as(member), application, decision="reject", reason="Nie.")

    assert response.status_code == status
    application.refresh_from_db()
    assert application.state == ("rejected" if status == 200 else "submitted")


@pytest.mark.django_db
def test_accepting_creates_the_firm_and_invites_the_contact(
    api_client_as, application, coordinator
):
    response = _decide(api_client_as("coordinator"), application, decision="accept")

    assert response.status_code == 200
    firm = Firm.objects.get(nip=valid_nip(8000))
    body = response.json()
    assert (body["state"], body["firm"], body["decided_by"]) == (
        "accepted",
        firm.slug,
        "koordynator@chemster.pl",
    )
    assert firm.status == Firm.Status.ACTIVE
    invitation = Invitation.objects.get(email="a0@barwniki.pl")
    assert (invitation.firm, invitation.role) == (firm, FirmRole.Role.ADMIN)


@pytest.mark.django_db
def test_rejecting_needs_a_reason(api_client_as, application, coordinator):
    response = _decide(api_client_as("coordinator"), application, decision="reject", reason=" ")

    assert response.status_code == 400
    assert response.json()["errors"] == {"reason": ["Give the reason the applicant will read."]}
    application.refresh_from_db()
    assert application.state == "submitted"


@pytest.mark.django_db
def test_rejecting_tells_the_applicant_why(api_client_as, application, coordinator):
    response = _decide(
        api_client_as("coordinator"), application, decision="reject", reason="Spoza branży."
    )

    assert response.status_code == 200
    assert (response.json()["state"], response.json()["decision_reason"]) == (
        "rejected",
        "Spoza branży.",
    )
    mail = OutboundMessage.objects.get(dedupe_key=f"application:{application.pk}:rejected")
    assert "Spoza branży." in mail.body_text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("first", "second"),
    [
        ({"decision": "accept"}, {"decision": "accept"}),
        ({"decision": "accept"}, {"decision": "reject", "reason": "Jednak nie."}),
        ({"decision": "reject", "reason": "Nie."}, {"decision": "accept"}),
    ],
)
def test_a_second_decision_is_refused_with_409(
    api_client_as, application, coordinator, first, second
):
    client = api_client_as("coordinator")
    assert _decide(client, application, **first).status_code == 200
    state = MembershipApplication.objects.get(pk=application.pk).state
    firms = Firm.objects.count()

    response = _decide(client, application, **second)

    assert response.status_code == 409
    assert response.json() == {"detail": f"This application was decided already ({state})."}
    assert MembershipApplication.objects.get(pk=application.pk).state == state
    assert Firm.objects.count() == firms


@pytest.mark.django_db
def test_accepting_a_former_members_application_reinstates_it(api_client_as, coordinator):
    former = FirmFactory(nip=valid_nip(8000), status=Firm.Status.FORMER)
    application = _submitted()

    response = _decide(api_client_as("coordinator"), application, decision="accept")

    assert response.json()["firm"] == former.slug
    former.refresh_from_db()
    assert former.status == Firm.Status.ACTIVE
    assert Firm.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({}, {"decision": ["This field is required."]}),
        ({"decision": "maybe"}, {"decision": ['"maybe" is not a valid choice.']}),
        ({"decision": "reject"}, {"reason": ["Give the reason the applicant will read."]}),
    ],
)
def test_decision_refuses_bad_input(api_client_as, application, coordinator, data, errors):
    response = _decide(api_client_as("coordinator"), application, **data)

    assert response.status_code == 400
    assert response.json()["errors"] == errors


@pytest.mark.django_db
def test_decision_on_an_unknown_application_is_404(api_client_as, coordinator):
    client = api_client_as("coordinator")

    response = client.post(
        reverse("api:application-decision", kwargs={"pk": 999_999}), {"decision": "accept"}
    )

    assert response.status_code == 404
