"""The API token services and the personal-data registration."""

import pytest

from chemster.lib.personal_data import registered
from chemster.models import AuditEntry
from members.models import ApiToken
from members.services import api_token_digest, create_api_token, revoke_api_token


@pytest.mark.django_db
def test_create_api_token_stores_only_the_digest(outsider):
    token, secret = create_api_token(user=outsider, name="script")

    stored = ApiToken.objects.filter(pk=token.pk).values()[0]
    assert secret not in {str(value) for value in stored.values()}
    assert stored["digest"] == api_token_digest(secret)
    assert secret.startswith(f"chm_{token.prefix}_")


@pytest.mark.django_db
def test_secrets_differ_between_tokens(outsider):
    secrets = {create_api_token(user=outsider, name=f"t{n}")[1] for n in range(5)}

    assert len(secrets) == 5


@pytest.mark.django_db
def test_same_name_is_fine_for_another_user(outsider, firm_a_admin):
    create_api_token(user=outsider, name="script")

    token, _secret = create_api_token(user=firm_a_admin, name="script")

    assert token.user == firm_a_admin


@pytest.mark.django_db
def test_revoking_twice_audits_once(outsider):
    token, _secret = create_api_token(user=outsider, name="script")
    first = revoke_api_token(token=token, actor=outsider).revoked_at

    revoke_api_token(token=ApiToken.objects.get(pk=token.pk), actor=outsider)

    assert ApiToken.objects.get(pk=token.pk).revoked_at == first
    assert AuditEntry.objects.filter(code="members.api_token.revoked").count() == 1


@pytest.mark.django_db
def test_api_tokens_are_registered_as_personal_data(outsider, firm_a_admin):
    create_api_token(user=outsider, name="script")
    create_api_token(user=firm_a_admin, name="other")
    entry = registered()[ApiToken]

    exported = entry.export("OUTSIDER@example-firm.pl")
    erased = entry.erase("outsider@example-firm.pl")

    assert [row["name"] for row in exported] == ["script"]
    assert "digest" not in exported[0]
    assert erased == 1
    assert list(ApiToken.objects.values_list("name", flat=True)) == ["other"]
