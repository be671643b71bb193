"""The outbox, consents and opt-outs in the Django admin: read-only."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from newsletters.models import Campaign, Consent, ConsentText, OptOut, OutboundMessage
from newsletters.services import queue_mail, request_consent
from tests.factories import UserFactory


@pytest.fixture
def superuser(db):
    user = UserFactory(email="root@chemster.pl", is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


@pytest.mark.parametrize("model", [OutboundMessage, ConsentText, Consent, OptOut, Campaign])
def test_newsletters_models_are_read_only_in_the_admin(superuser, model):
    request = RequestFactory().get("/")
    request.user = superuser
    model_admin = admin.site._registry[model]

    allowed = (
        model_admin.has_add_permission(request),
        model_admin.has_change_permission(request),
        model_admin.has_delete_permission(request),
        model_admin.has_view_permission(request),
    )

    assert allowed == (False, False, False, True)


@pytest.mark.parametrize("rows", [1, 4])
def test_outbox_and_consent_lists_open_with_a_state_filter(client, superuser, rows):
    for index in range(rows):
        queue_mail(
            to=f"o{index}@example.org",
            language="pl",
            template="notice",
            context={"subject": "S", "body": "B"},
            category="service",
            dedupe_key=f"k{index}",
        )
        request_consent(
            email=f"c{index}@example.org",
            purpose="newsletter",
            text="T",
            version="1",
            method="form",
            language="pl",
        )
    client.force_login(superuser)

    outbox = client.get(reverse("admin:newsletters_outboundmessage_changelist") + "?state=pending")
    consents = client.get(reverse("admin:newsletters_consent_changelist"))

    assert outbox.status_code == 200
    assert consents.status_code == 200
    assert outbox.content.count(b"@example.org") >= rows * 2
    assert b"o0@example.org" in outbox.content
    assert b"c0@example.org" in consents.content
