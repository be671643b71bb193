"""The audit log: what log_action stores, the coordinator's page, redaction."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from chemster.lib.personal_data import registered
from chemster.models import AuditEntry, SiteText
from chemster.services import REDACTED, log_action
from tests.factories import UserFactory


@pytest.mark.django_db
def test_log_action_stores_actor_object_code_and_changes():
    actor = UserFactory(email="ewa@firma-a.pl")
    text = SiteText.objects.get(key="contact")

    entry = log_action(
        actor, text, "chemster.sitetext.updated", {"title_en": ["Contact", "Contact us"]}
    )

    entry.refresh_from_db()
    assert (entry.actor, entry.actor_email, entry.target, entry.code) == (
        actor,
        "ewa@firma-a.pl",
        text,
        "chemster.sitetext.updated",
    )
    assert entry.changes == {"title_en": ["Contact", "Contact us"]}
    assert entry.object_repr == "Kontakt" or entry.object_repr == str(text)


@pytest.mark.django_db
def test_log_action_by_the_system_has_no_actor():
    entry = log_action(
        None,
        SiteText.objects.get(key="privacy"),
        "chemster.sitetext.seeded",
        {"when": timezone.now()},
    )

    assert (entry.actor, entry.actor_email) == (None, "")
    assert isinstance(entry.changes["when"], str)


def _entries(count, actor, code="members.profile.updated"):
    for i in range(count):
        log_action(actor, actor, code, {"name": [f"Old {i}", f"New {i}"]})


@pytest.mark.django_db
def test_audit_page_lists_entries_newest_first(client_as, coordinator):
    actor = UserFactory(email="adam@firma-a.pl")
    _entries(3, actor)

    html = client_as("coordinator").get(reverse("audit-log")).content.decode()

    assert html.index("New 2") < html.index("New 1") < html.index("New 0")
    assert "adam@firma-a.pl" in html


@pytest.mark.django_db
def test_audit_page_filters_by_who_kind_code_and_date(client_as, coordinator):
    adam = UserFactory(email="adam@firma-a.pl")
    beata = UserFactory(email="beata@firma-b.pl")
    _entries(2, adam)
    _entries(1, beata, code="members.invitation.sent")
    old = log_action(
        adam, SiteText.objects.get(key="contact"), "chemster.sitetext.updated", {"x": 1}
    )
    AuditEntry.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=10))
    client = client_as("coordinator")
    today = timezone.localdate().isoformat()
    user_kind = ContentType.objects.get_for_model(adam).pk

    by_who = client.get(reverse("audit-log"), {"who": "beata"}).context["page"].object_list
    by_code = (
        client.get(reverse("audit-log"), {"code": "members.invitation.sent"})
        .context["page"]
        .object_list
    )
    by_kind = client.get(reverse("audit-log"), {"kind": user_kind}).context["page"].object_list
    by_date = (
        client.get(reverse("audit-log"), {"since": today, "until": today})
        .context["page"]
        .object_list
    )

    assert [e.actor_email for e in by_who] == ["beata@firma-b.pl"]
    assert [e.code for e in by_code] == ["members.invitation.sent"]
    assert {e.object_id for e in by_kind} == {str(adam.pk), str(beata.pk), str(coordinator.pk)}
    assert old.pk not in {e.pk for e in by_date}
    assert len(by_date) == 4  # with the coordinator's appointment


@pytest.mark.django_db
def test_audit_page_rejects_a_bad_filter_with_a_message(client_as, coordinator):
    response = client_as("coordinator").get(
        reverse("audit-log"), {"since": "2026-13-45", "until": "yesterday", "kind": "abc"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("Wpisz poprawną datę.") == 2
    assert "Wybierz poprawną wartość" in html


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 60])
def test_audit_page_query_count_stays_constant(
    client_as, coordinator, django_assert_num_queries, count
):
    actor = UserFactory()
    _entries(count, actor)
    client = client_as("coordinator")

    # 1 session, 2 user, 3 coordinator group check (decorator), 4 TOTP
    # authenticator, 5 entries count, 6 page of entries with content type and
    # actor, 7 object kinds for the filter, 8 action codes for the filter,
    # 9 site texts for the footer (cached after the first page).
    with django_assert_num_queries(9):
        client.get(reverse("audit-log"))


@pytest.mark.django_db
def test_audit_entries_are_registered_personal_data_and_redacted_on_erasure():
    person = UserFactory(email="Jan.Kowalski@firma-a.pl")
    other = UserFactory(email="inna@firma-b.pl")
    by_person = log_action(
        person, person, "members.profile.updated", {"email": ["jan.kowalski@firma-a.pl", "x@y.pl"]}
    )
    by_other = log_action(other, other, "members.profile.updated", {"name": ["A", "B"]})
    rule = registered()[AuditEntry]

    exported = rule.export("jan.kowalski@firma-a.pl")
    rule.erase("jan.kowalski@firma-a.pl")

    by_person.refresh_from_db()
    by_other.refresh_from_db()
    assert [row["pk"] for row in exported] == [by_person.pk]
    assert by_person.actor_email == ""
    assert by_person.changes == {"email": [REDACTED, "x@y.pl"]}
    assert REDACTED in by_person.object_repr
    assert by_other.actor_email == "inna@firma-b.pl"
