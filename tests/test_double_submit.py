"""The same form sent twice at the same moment creates one object and one mail.

Each test fires one POST from two threads at once (a barrier releases
them together), each thread with its own test client and its own database
connection, as two browser tabs or a double click would. Both answers must
be clean: the normal success, or a clear "already sent" answer.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation
from zeal import zeal_ignore

from events.models import Registration
from members.models import Competence, MembershipApplication
from newsletters.models import Consent, OutboundMessage
from projects.models import Participation
from tests.events.factories import EventFactory
from tests.factories import valid_nip
from tests.projects.factories import led_project

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _forget_content_types():
    """The flush after each test removes the content types the audit log
    cached; a later test must not reuse their ids."""
    yield
    ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The public forms' rate limits count in the database cache, whose
    table a transactional test commits to and the flush does not empty."""
    cache.clear()
    yield
    cache.clear()


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        with zeal_ignore():
            client.force_login(user)
    return client


def _post_twice(url: str, data: dict, *, user=None) -> list:
    """POST ``data`` to ``url`` from two clients at once; both responses."""
    clients = [_client(user), _client(user)]
    barrier = threading.Barrier(len(clients))

    def post(client):
        try:
            barrier.wait()
            return client.post(url, data)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        return list(pool.map(post, clients))


def _url(name: str, **kwargs) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


def _statuses(responses) -> list[int]:
    return sorted(response.status_code for response in responses)


def _html(response) -> str:
    return response.content.decode()


def test_membership_application_sent_twice_is_recorded_once(coordinator):
    data = {
        "name": "Opolskie Barwniki Sp. z o.o.",
        "kind": "enterprise",
        "size_class": "small",
        "country": "PL",
        "nip": valid_nip(7301),
        "city": "Opole",
        "postcode": "45-052",
        "competences": [Competence.objects.get(code="coatings").pk],
        "motivation": "Szukamy partnerów do wspólnego projektu badawczego.",
        "contact_name": "Marta Zielińska",
        "contact_email": "marta@barwniki-opole.pl",
        "language": "pl",
        "clause_read": "on",
    }

    first, second = sorted(_post_twice(_url("members:apply"), data), key=lambda r: r.status_code)

    assert MembershipApplication.objects.count() == 1
    assert (first.status_code, second.status_code) == (200, 302)
    assert second["Location"] == _url("members:application-thanks")
    assert "already awaiting the cluster office&#x27;s decision" in _html(first)
    # One mail to the applicant, one to the coordinator.
    assert sorted(OutboundMessage.objects.values_list("recipient", flat=True)) == [
        "koordynator@chemster.pl",
        "marta@barwniki-opole.pl",
    ]


def test_guest_registration_sent_twice_is_recorded_once():
    event = EventFactory(capacity=10)
    data = {
        "name": "Jan Gość",
        "email": "jan.gosc@example.pl",
        "organisation": "",
        "language": "pl",
        "clause_read": "on",
    }

    responses = _post_twice(_url("events:register-guest", slug=event.slug), data)

    assert Registration.objects.filter(event=event).count() == 1
    assert _statuses(responses) == [200, 200]
    pages = sorted(_html(response) for response in responses)
    assert sum("jan.gosc@example.pl is already registered" in page for page in pages) == 1
    assert OutboundMessage.objects.filter(recipient="jan.gosc@example.pl").count() == 1


def test_member_registration_sent_twice_is_recorded_once(firm_a_editor):
    event = EventFactory(capacity=10)

    responses = _post_twice(
        _url("events:register", slug=event.slug), {"confirm": "on"}, user=firm_a_editor
    )

    assert _statuses(responses) == [302, 302]
    assert list(Registration.objects.filter(event=event).values_list("email", "state")) == [
        ("redaktor@firma-a.pl", "confirmed")
    ]
    assert OutboundMessage.objects.filter(recipient="redaktor@firma-a.pl").count() == 1


def test_project_join_request_sent_twice_is_recorded_once(firm_a, firm_a_admin, firm_b_admin):
    project = led_project(firm_a)
    data = {"firm": "firma-b", "role": "partner", "message": "Chętnie dołączymy."}

    first, second = sorted(
        _post_twice(_url("projects:join", slug=project.slug), data, user=firm_b_admin),
        key=lambda r: r.status_code,
    )

    assert list(
        Participation.objects.filter(project=project, firm__slug="firma-b").values_list(
            "state", flat=True
        )
    ) == ["requested"]
    assert (first.status_code, second.status_code) == (200, 302)
    # The second saw the first's row: either before the form (no firm left
    # to ask for) or in the service (a form error).
    assert (
        "take part in it already or are on their way in" in _html(first)
        or "has asked to join this project already" in _html(first)
        or "on its way in" in _html(first)
    )
    assert list(OutboundMessage.objects.values_list("recipient", flat=True)) == ["admin@firma-a.pl"]


def test_newsletter_signup_sent_twice_is_recorded_once():
    # The first sign-up ever stores the consent's wording; made here so that
    # the two requests race on the subscription itself (django-zeal would
    # call get_or_create's second get after a lost race an N+1).
    Client().post(_url("newsletters:signup"), {"email": "pierwsza@example.org", "consent": "on"})
    data = {"email": "nowa@example.org", "consent": "on"}

    responses = _post_twice(_url("newsletters:signup"), data)

    assert _statuses(responses) == [302, 302]
    assert Consent.objects.filter(email="nowa@example.org").count() == 1
    assert OutboundMessage.objects.filter(recipient="nowa@example.org").count() == 1
