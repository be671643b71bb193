"""The coordinator keeps firms in the Django admin through the services."""

import pytest
from django.urls import reverse

from chemster.models import AuditEntry
from members.models import Competence, Firm
from tests.factories import valid_nip


def _form(**overrides):
    data = {
        "name": "Kłodnicka Chemia Sp. z o.o.",
        "slug": "klodnicka-chemia",
        "kind": "enterprise",
        "size_class": "medium",
        "country": "PL",
        "nip": valid_nip(4242),
        "city": "Kędzierzyn-Koźle",
        "postcode": "47-224",
        "status": "active",
        "joined_on": "2024-03-01",
        "public_fields": "[]",
        "member_contact_fields": "[]",
        "competences": [Competence.objects.get(code="catalysts").pk],
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_coordinator_creates_a_firm_that_is_searchable_and_audited(client_as, coordinator):
    response = client_as("coordinator").post(reverse("admin:members_firm_add"), _form())

    firm = Firm.objects.get(slug="klodnicka-chemia")
    assert response.status_code == 302
    assert list(firm.competences.values_list("code", flat=True)) == ["catalysts"]
    assert Firm.objects.filter(pk=firm.pk, search_vector__isnull=False).exists()
    assert (
        AuditEntry.objects.filter(code="members.firm.created", object_id=str(firm.pk)).count() == 1
    )


@pytest.mark.django_db
def test_coordinator_edits_a_firm_with_old_and_new_values_audited(client_as, coordinator, firm_a):
    client = client_as("coordinator")
    url = reverse("admin:members_firm_change", args=[firm_a.pk])

    response = client.post(
        url,
        _form(name=firm_a.name, slug=firm_a.slug, nip=firm_a.nip, city="Opole", postcode="45-001"),
    )

    firm_a.refresh_from_db()
    changes = {}
    for entry in AuditEntry.objects.filter(code="members.firm.updated", object_id=str(firm_a.pk)):
        changes.update(entry.changes)
    assert response.status_code == 302
    assert firm_a.city == "Opole"
    assert changes["city"] == ["Kędzierzyn-Koźle", "Opole"]
    assert changes["postcode"] == ["47-220", "45-001"]


@pytest.mark.django_db
def test_admin_refuses_a_bad_nip(client_as, coordinator):
    response = client_as("coordinator").post(
        reverse("admin:members_firm_add"), _form(nip="1234567890")
    )

    assert response.status_code == 200
    assert not Firm.objects.filter(slug="klodnicka-chemia").exists()
