"""Seats hold under concurrent registrations on parallel connections."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from events.models import Registration
from events.services import cancel_registration, register_member
from newsletters.models import OutboundMessage
from tests.events.factories import EventFactory
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _forget_content_types():
    """The flush after each test removes the content types the audit log
    cached; a later test must not reuse their ids."""
    yield
    ContentType.objects.clear_cache()


PEOPLE = 50
SEATS = 10


def _in_parallel(function, items):
    """Run ``function(item)`` for every item at once, each in a thread with
    its own database connection; return results or exceptions."""
    barrier = threading.Barrier(len(items))

    def run(item):
        try:
            barrier.wait()
            return function(item)
        except Exception as error:  # noqa: BLE001 - reported to the test
            return error
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(items)) as pool:
        return list(pool.map(run, items))


def test_fifty_concurrent_registrations_for_ten_seats():
    event = EventFactory(capacity=SEATS)
    users = UserFactory.create_batch(PEOPLE)

    results = _in_parallel(lambda u: register_member(actor=u, event=event, user=u), users)

    assert [r for r in results if isinstance(r, Exception)] == []
    rows = Registration.objects.filter(event=event)
    assert rows.filter(state=Registration.State.CONFIRMED).count() == SEATS
    positions = sorted(
        rows.filter(state=Registration.State.WAITLISTED).values_list("waitlist_position", flat=True)
    )
    assert positions == list(range(1, PEOPLE - SEATS + 1))
    assert OutboundMessage.objects.filter(dedupe_key__startswith="registration-").count() == PEOPLE


def test_concurrent_duplicates_leave_one_registration():
    event = EventFactory(capacity=SEATS)
    user = UserFactory()

    results = _in_parallel(lambda _n: register_member(actor=user, event=event, user=user), range(8))

    assert sum(isinstance(r, Registration) for r in results) == 1
    errors = [r for r in results if not isinstance(r, Registration)]
    assert {getattr(e, "code", None) for e in errors} == {"duplicate"}
    assert Registration.objects.filter(event=event).count() == 1


def test_concurrent_cancellations_promote_in_order():
    event = EventFactory(capacity=5)
    users = UserFactory.create_batch(10)
    registrations = [register_member(actor=u, event=event, user=u) for u in users]
    seated = [r for r in registrations if r.state == Registration.State.CONFIRMED]

    results = _in_parallel(lambda r: cancel_registration(actor=r.user, registration=r), seated)

    assert [r for r in results if isinstance(r, Exception)] == []
    rows = Registration.objects.filter(event=event)
    assert set(
        rows.filter(state=Registration.State.CONFIRMED).values_list("user_id", flat=True)
    ) == {u.pk for u in users[5:]}
    assert not rows.filter(state=Registration.State.WAITLISTED).exists()
