"""Unsubscribing and undoing it, and a person's preferences on their account."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from chemster.models import AuditEntry
from newsletters.campaigns import audience
from newsletters.models import Consent, OptOut, OutboundMessage
from newsletters.selectors import is_opted_out
from newsletters.services import opt_out, undo_opt_out
from newsletters.tokens import unsubscribe_token
from tests.factories import ContactFactory
from tests.newsletters.campaign_data import subscribe

pytestmark = pytest.mark.django_db

EVERYONE = [
    {"code": "members.active", "params": {}},
    {"code": "newsletters.subscribers", "params": {}},
]


def _recipients():
    return sorted(address for address, _language in audience(EVERYONE).recipients)


def _unsubscribe_url(email, language="en"):
    return reverse(
        "unsubscribe", kwargs={"token": unsubscribe_token(email=email, language=language)}
    )


def _preferences_url():
    with translation.override("en"):
        return reverse("newsletters:preferences")


# --- Unsubscribing and undo -----------------------------------------------------


def test_unsubscribe_then_undo_through_the_link_brings_a_subscriber_back(client):
    subscribe("s1@example.org")
    url = _unsubscribe_url("s1@example.org")

    client.post(url)
    while_opted_out = _recipients()
    opted_out_page = client.get(url).content.decode()
    response = client.post(url, {"undo": "1"})
    page = client.get(response["Location"]).content.decode()

    assert while_opted_out == []
    assert "will receive no more newsletters or other campaign mail" in opted_out_page
    assert 'name="undo" value="1"' in opted_out_page
    assert (response.status_code, response["Location"]) == (302, f"{url}?undone=1")
    assert "Campaign mail from CHEM-STER may reach s1@example.org again." in page
    assert OptOut.objects.count() == 0
    assert _recipients() == ["s1@example.org"]
    # The withdrawn consent stays on record beside the renewed one.
    assert sorted(
        (c.withdrawn_at is None, c.confirmed_at is not None)
        for c in Consent.objects.filter(email="s1@example.org")
    ) == [(False, True), (True, True)]


def test_one_click_unsubscribe_then_undo_for_a_member_contact(firm_a):
    ContactFactory(firm=firm_a, email="kontakt@firma-a.pl")
    client = Client(enforce_csrf_checks=True)
    url = _unsubscribe_url("kontakt@firma-a.pl")

    client.post(
        url, data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    while_opted_out = _recipients()
    client.post(url, {"undo": "1"})

    assert while_opted_out == []
    assert _recipients() == ["kontakt@firma-a.pl"]
    assert Consent.objects.count() == 0


def test_one_click_post_never_counts_as_undo(client):
    opt_out(email="s1@example.org", source="link")

    client.post(
        _unsubscribe_url("s1@example.org"),
        data="List-Unsubscribe=One-Click&undo=1",
        content_type="application/x-www-form-urlencoded",
    )

    assert is_opted_out(email="s1@example.org")


def test_undo_opt_out_without_an_opt_out_changes_nothing():
    subscribe("s1@example.org")

    result = undo_opt_out(email="s1@example.org")

    assert result is None
    assert Consent.objects.count() == 1
    assert AuditEntry.objects.filter(code__startswith="newsletters.optout").count() == 0


def test_undo_opt_out_audits_and_renews_the_consent():
    subscribe("S1@example.org", language="en")
    opt_out(email="s1@example.org", source="link")

    renewed = undo_opt_out(email=" S1@Example.org ")

    assert (renewed.email, renewed.language, renewed.withdrawn_at) == ("s1@example.org", "en", None)
    assert list(
        AuditEntry.objects.filter(
            code__in=["newsletters.optout.lifted", "newsletters.consent.renewed"]
        )
        .order_by("pk")
        .values_list("code", flat=True)
    ) == ["newsletters.optout.lifted", "newsletters.consent.renewed"]


def test_undo_with_a_forged_link_changes_nothing(client):
    opt_out(email="s1@example.org", source="link")
    token = unsubscribe_token(email="s1@example.org", language="en")

    response = client.post(
        reverse("unsubscribe", kwargs={"token": token[:-2] + "zz"}), {"undo": "1"}
    )

    assert response.status_code == 404
    assert is_opted_out(email="s1@example.org")


# --- Preferences on the account ----------------------------------------------------


def test_account_page_links_to_the_preferences(client_as):
    page = client_as("outsider").get("/en/accounts/").content.decode()

    assert f'href="{_preferences_url()}"' in page


def test_preferences_need_a_login(client):
    response = client.get(_preferences_url())

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


def test_member_contact_sees_it_receives_and_opts_out_and_back_in(client_as, firm_a):
    ContactFactory(firm=firm_a, email="admin@firma-a.pl")
    client = client_as("firm_a_admin")

    before = client.get(_preferences_url())
    client.post(_preferences_url(), {"action": "opt-out"})
    opted_out = client.get(_preferences_url())
    recorded_source = OptOut.objects.get().source
    client.post(_preferences_url(), {"action": "opt-in"})
    after = client.get(_preferences_url())

    assert (before.context["is_member_contact"], before.context["receives"]) == (True, True)
    assert "as a contact of a member firm" in before.content.decode()
    assert (opted_out.context["opted_out"], opted_out.context["receives"]) == (True, False)
    assert "you opted out" in opted_out.content.decode()
    assert recorded_source == OptOut.Source.ACCOUNT
    assert (after.context["opted_out"], after.context["receives"]) == (False, True)
    assert _recipients() == ["admin@firma-a.pl"]


def test_user_who_is_no_contact_subscribes_with_double_opt_in(client_as):
    client = client_as("outsider")

    before = client.get(_preferences_url())
    client.post(_preferences_url(), {"action": "subscribe"})
    pending = client.get(_preferences_url())

    assert (before.context["receives"], before.context["pending"]) == (False, False)
    assert "has not subscribed" in before.content.decode()
    assert (pending.context["receives"], pending.context["pending"]) == (False, True)
    mail = OutboundMessage.objects.get()
    assert (mail.recipient, mail.category, mail.language) == (
        "outsider@example-firm.pl",
        "service",
        "en",
    )
    assert _recipients() == []


def test_confirmed_subscriber_sees_it_receives(client_as, outsider):
    subscribe(outsider.email)

    response = client_as("outsider").get(_preferences_url())

    assert (response.context["receives"], response.context["is_member_contact"]) == (True, False)
    assert "you subscribed and confirmed it" in response.content.decode()


def test_preferences_ignore_an_unknown_action(client_as):
    response = client_as("outsider").post(_preferences_url(), {"action": "everything"})

    assert response.status_code == 200
    assert (OptOut.objects.count(), Consent.objects.count()) == (0, 0)


def test_preferences_query_count(client_as, firm_a, django_assert_num_queries):
    for index in range(5):
        ContactFactory(firm=firm_a, email=f"k{index}@firma-a.pl")
    client = client_as("outsider")

    # session, user, the live consent, the opt-out, the members' contacts;
    # the menu's coordinator and membership checks, the footer's texts.
    with django_assert_num_queries(8):
        response = client.get(_preferences_url())

    assert response.status_code == 200
