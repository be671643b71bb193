"""The newsletters API: a person's own subscription and the public sign-up."""

import pytest
from django.urls import reverse

from chemster.models import AuditEntry
from newsletters.models import Consent, OptOut, OutboundMessage, address_digest
from newsletters.services import opt_out
from tests.factories import ContactFactory
from tests.newsletters.campaign_data import subscribe


@pytest.fixture(autouse=True)
def _english(settings):
    # DRF's and the services' messages in English (the site's default is Polish).
    settings.LANGUAGE_CODE = "en"


SUBSCRIPTION = reverse("api:subscription")
SIGNUPS = reverse("api:newsletter-signups")


def _opted_out(email):
    return OptOut.objects.filter(email_sha256=address_digest(email)).exists()


# --- Reading one's own subscription ----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "patch", "post"])
def test_visitor_has_no_subscription(api_client_as, method):
    response = getattr(api_client_as("visitor"), method)(SUBSCRIPTION, {"receive_campaigns": False})

    assert response.status_code == 401
    assert not OptOut.objects.exists()


@pytest.mark.django_db
def test_member_contact_receives_campaigns_without_consent(api_client_as, firm_a, firm_a_admin):
    ContactFactory(firm=firm_a, email="Admin@Firma-A.pl")

    response = api_client_as("firm_a_admin").get(SUBSCRIPTION)

    assert response.status_code == 200
    assert response.json() == {
        "email": "admin@firma-a.pl",
        "is_member_contact": True,
        "newsletter_consent": "none",
        "opted_out": False,
        "receive_campaigns": True,
    }


@pytest.mark.django_db
def test_user_without_consent_receives_no_campaigns(api_client_as, outsider):
    response = api_client_as("outsider").get(SUBSCRIPTION)

    assert response.json() == {
        "email": outsider.email,
        "is_member_contact": False,
        "newsletter_consent": "none",
        "opted_out": False,
        "receive_campaigns": False,
    }


@pytest.mark.django_db
def test_confirmed_subscriber_receives_campaigns(api_client_as, outsider):
    subscribe(outsider.email)

    data = api_client_as("outsider").get(SUBSCRIPTION).json()

    assert (data["newsletter_consent"], data["receive_campaigns"]) == ("confirmed", True)


@pytest.mark.django_db
def test_a_person_sees_only_their_own_subscription(api_client_as, firm_a_admin, firm_b_admin):
    # What could leak: firm B's admin opted out and subscribed before.
    subscribe(firm_b_admin.email)
    opt_out(email=firm_b_admin.email, source="link")

    data = api_client_as("firm_a_admin").get(SUBSCRIPTION).json()

    assert data["email"] == firm_a_admin.email
    assert data["opted_out"] is False
    assert data["newsletter_consent"] == "none"


# --- Changing it ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["patch", "post"])
def test_opting_out_stops_campaigns_to_ones_own_address_only(
    api_client_as, firm_a, firm_a_admin, firm_b_admin, method
):
    ContactFactory(firm=firm_a, email=firm_a_admin.email)
    subscribe(firm_b_admin.email)

    response = getattr(api_client_as("firm_a_admin"), method)(
        SUBSCRIPTION, {"receive_campaigns": False}
    )

    assert response.status_code == 200
    assert response.json()["opted_out"] is True
    assert response.json()["receive_campaigns"] is False
    assert _opted_out(firm_a_admin.email)
    assert not _opted_out(firm_b_admin.email)
    entry = AuditEntry.objects.get(code="newsletters.optout.created")
    assert entry.actor == firm_a_admin


@pytest.mark.django_db
def test_opting_back_in_lifts_the_opt_out(api_client_as, firm_a, firm_a_admin):
    ContactFactory(firm=firm_a, email=firm_a_admin.email)
    opt_out(email=firm_a_admin.email, source="link")

    response = api_client_as("firm_a_admin").patch(SUBSCRIPTION, {"receive_campaigns": True})

    assert response.status_code == 200
    assert response.json()["receive_campaigns"] is True
    assert not _opted_out(firm_a_admin.email)
    # A member contact needs no consent: no confirmation mail.
    assert not OutboundMessage.objects.exists()


@pytest.mark.django_db
def test_opting_back_in_renews_a_subscribers_consent(api_client_as, outsider):
    subscribe(outsider.email)
    opt_out(email=outsider.email, source="link")

    response = api_client_as("outsider").patch(SUBSCRIPTION, {"receive_campaigns": True})

    assert response.json()["newsletter_consent"] == "confirmed"
    assert response.json()["receive_campaigns"] is True


@pytest.mark.django_db
def test_opting_in_without_consent_asks_for_confirmation(api_client_as, outsider):
    response = api_client_as("outsider").patch(SUBSCRIPTION, {"receive_campaigns": True})

    assert response.status_code == 200
    assert response.json()["newsletter_consent"] == "pending"
    assert response.json()["receive_campaigns"] is False
    consent = Consent.objects.get()
    assert (consent.email, consent.confirmed_at) == (outsider.email, None)
    mail = OutboundMessage.objects.get()
    assert (mail.recipient, mail.category) == (outsider.email, "service")


@pytest.mark.django_db
def test_a_pending_consent_is_not_asked_for_again(api_client_as, outsider):
    subscribe(outsider.email, confirmed=False)

    response = api_client_as("outsider").patch(SUBSCRIPTION, {"receive_campaigns": True})

    assert response.json()["newsletter_consent"] == "pending"
    assert not OutboundMessage.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("body", [{}, {"receive_campaigns": "perhaps"}])
def test_subscription_change_needs_a_boolean(api_client_as, outsider, body):
    response = api_client_as("outsider").patch(SUBSCRIPTION, body, format="json")

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"receive_campaigns"}


# --- The public sign-up ------------------------------------------------------------------------


@pytest.mark.django_db
def test_signup_records_an_unconfirmed_consent_and_mails_the_link(api_client_as):
    response = api_client_as("visitor").post(
        SIGNUPS, {"email": " Anna@Example.org ", "language": "en", "consent": True}
    )

    assert response.status_code == 202
    assert set(response.json()) == {"detail"}
    consent = Consent.objects.get()
    assert (consent.email, consent.language, consent.confirmed_at) == (
        "anna@example.org",
        "en",
        None,
    )
    assert consent.text.version.endswith("-en")
    mail = OutboundMessage.objects.get()
    assert (mail.recipient, mail.language, mail.category) == ("anna@example.org", "en", "service")


@pytest.mark.django_db
def test_signup_answers_the_same_for_a_subscriber(api_client_as):
    subscribe("anna@example.org")
    client = api_client_as("visitor")

    known = client.post(SIGNUPS, {"email": "anna@example.org", "consent": True})
    new = client.post(SIGNUPS, {"email": "nowa@example.org", "consent": True})

    assert (known.status_code, known.json()) == (new.status_code, new.json())
    # Only the new address is mailed; the subscriber's consent stays.
    assert [m.recipient for m in OutboundMessage.objects.all()] == ["nowa@example.org"]
    assert Consent.objects.get(email="anna@example.org").confirmed_at is not None


@pytest.mark.django_db
def test_signup_language_follows_the_request(api_client_as):
    api_client_as("visitor").post(
        SIGNUPS, {"email": "anna@example.org", "consent": True}, HTTP_ACCEPT_LANGUAGE="pl"
    )

    assert Consent.objects.get().language == "pl"


@pytest.mark.django_db
def test_signup_input_is_checked(api_client_as):
    response = api_client_as("visitor").post(
        SIGNUPS, {"email": "not-an-address", "language": "de", "consent": False}
    )

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"email", "language", "consent"}
    assert response.json()["errors"]["consent"] == [
        "The person must agree to receive the newsletter."
    ]
    assert not Consent.objects.exists()


@pytest.mark.django_db
def test_signups_are_limited_per_client_address(api_client_as):
    client = api_client_as("visitor")
    for number in range(10):
        assert (
            client.post(SIGNUPS, {"email": f"osoba{number}@example.org", "consent": True})
        ).status_code == 202

    response = client.post(SIGNUPS, {"email": "jedenasta@example.org", "consent": True})

    assert response.status_code == 429
    assert response["Retry-After"]
    assert Consent.objects.count() == 10
