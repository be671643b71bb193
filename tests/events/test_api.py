"""The events API: /api/v1/events/..., my-registrations/ and registrations/..."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from chemster.models import AuditEntry
from events.models import Event, Registration
from tests.conftest import CAST
from tests.events.factories import EventFactory, RegistrationFactory

WARSAW = ZoneInfo("Europe/Warsaw")
ONLINE = "https://meet.example.com/api"


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    """DRF's messages in English (as tests/api/conftest.py sets)."""
    settings.LANGUAGE_CODE = "en"


def _slugs(response) -> list:
    return [row["slug"] for row in response.json()["results"]]


def _register(user, event, **fields):
    return RegistrationFactory(event=event, user=user, email=user.email, **fields)


@pytest.fixture
def events():
    return {
        "public": EventFactory(slug="publiczne", online_url=ONLINE),
        "members": EventFactory(slug="dla-czlonkow", audience=Event.Audience.MEMBERS),
        "draft": EventFactory(slug="szkic", state=Event.State.DRAFT),
        "cancelled": EventFactory(slug="odwolane", state=Event.State.CANCELLED),
    }


# --- The list -------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "expected"),
    [
        ("visitor", ["publiczne", "odwolane"]),
        ("outsider", ["publiczne", "odwolane"]),
        ("firm_a_editor", ["publiczne", "dla-czlonkow", "odwolane"]),
        ("firm_b_admin", ["publiczne", "dla-czlonkow", "odwolane"]),
        ("coordinator", ["publiczne", "dla-czlonkow", "szkic", "odwolane"]),
    ],
)
def test_list_shows_what_each_member_of_the_cast_may_see(api_client_as, events, member, expected):
    response = api_client_as(member).get(reverse("api:events"))

    assert response.status_code == 200
    assert sorted(_slugs(response)) == sorted(expected)


@pytest.mark.django_db
def test_list_rows_name_the_calendar_file_and_seats_left(api_client_as, events, firm_a_editor):
    _register(firm_a_editor, events["public"])
    RegistrationFactory(event=events["public"], state=Registration.State.PENDING)

    response = api_client_as("visitor").get(reverse("api:events"))

    row = next(row for row in response.json()["results"] if row["slug"] == "publiczne")
    assert row["calendar_url"] == "http://testserver/calendar/events/publiczne.ics"
    assert row["url"] == "http://testserver/pl/events/publiczne/"
    assert (row["capacity"], row["seats_left"]) == (10, 9)
    assert row["registration_open"] is True
    # The online link is never listed.
    assert "online_url" not in row
    assert ONLINE not in response.content.decode()


@pytest.mark.django_db
def test_list_filters_by_kind_and_dates(api_client_as):
    day = (timezone.now() + timedelta(days=20)).astimezone(WARSAW).date()

    def on(days, kind=Event.Kind.INTEGRATION):
        start = datetime.combine(day + timedelta(days=days), datetime.min.time(), WARSAW)
        return EventFactory(
            slug=f"{kind}-{days}",
            kind=kind,
            starts_at=start.replace(hour=10),
            ends_at=start.replace(hour=12),
        )

    on(0)
    on(1, Event.Kind.WORKSHOP)
    on(2)
    on(5, Event.Kind.WORKSHOP)
    EventFactory(
        slug="dawne",
        starts_at=timezone.now() - timedelta(days=3),
        ends_at=timezone.now() - timedelta(days=3) + timedelta(hours=1),
    )
    client = api_client_as("visitor")
    url = reverse("api:events")

    upcoming = client.get(url)
    workshops = client.get(url, {"kind": "workshop"})
    window = client.get(
        url, {"from": str(day + timedelta(days=1)), "to": str(day + timedelta(days=2))}
    )
    past = client.get(url, {"from": str(timezone.now().date() - timedelta(days=5)), "to": str(day)})

    assert _slugs(upcoming) == ["integration-0", "workshop-1", "integration-2", "workshop-5"]
    assert _slugs(workshops) == ["workshop-1", "workshop-5"]
    assert _slugs(window) == ["workshop-1", "integration-2"]
    assert _slugs(past) == ["dawne", "integration-0"]


@pytest.mark.django_db
def test_list_refuses_bad_filters_with_400(api_client_as):
    response = api_client_as("visitor").get(
        reverse("api:events"), {"kind": "party", "from": "yesterday"}
    )

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"kind", "from"}


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30])
def test_list_query_count(api_client_as, django_assert_num_queries, count):
    EventFactory.create_batch(count)
    client = api_client_as("visitor")

    # 1 the count of the page, 2 the page's events with their seat counts.
    with django_assert_num_queries(2):
        response = client.get(reverse("api:events"), {"page_size": 100})

    assert len(response.json()["results"]) == count


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30])
def test_list_query_count_for_a_member(api_client_as, django_assert_num_queries, count):
    EventFactory.create_batch(count, audience=Event.Audience.MEMBERS)
    client = api_client_as("firm_a_editor")

    # 1 the token with its user, 2 the token's last use, 3 whether the user
    # is the coordinator, 4 whether they are a member, 5 the count, 6 the
    # page's events.
    with django_assert_num_queries(6):
        response = client.get(reverse("api:events"), {"page_size": 100})

    assert len(response.json()["results"]) == count


# --- One event --------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("slug", "statuses"),
    [
        ("publiczne", dict.fromkeys(CAST, 200)),
        (
            "dla-czlonkow",
            {**dict.fromkeys(CAST, 200), "visitor": 401, "outsider": 404},
        ),
        ("szkic", {**dict.fromkeys(CAST, 404), "coordinator": 200}),
        ("nie-ma-takiego", dict.fromkeys(CAST, 404)),
    ],
)
def test_event_detail_statuses(api_client_as, events, slug, statuses):
    seen = {
        member: api_client_as(member).get(reverse("api:event", kwargs={"slug": slug})).status_code
        for member in CAST
    }

    assert seen == statuses


@pytest.mark.django_db
def test_event_detail_gives_the_online_link_to_a_seat_holder_only(
    api_client_as, events, firm_a_editor, firm_b_admin
):
    registration = _register(firm_a_editor, events["public"])
    _register(
        firm_b_admin,
        events["public"],
        state=Registration.State.WAITLISTED,
        waitlist_position=1,
        confirmed_at=None,
    )
    url = reverse("api:event", kwargs={"slug": "publiczne"})

    seated = api_client_as("firm_a_editor").get(url).json()
    waitlisted = api_client_as("firm_b_admin").get(url).json()
    visitor = api_client_as("visitor").get(url).json()
    coordinator = api_client_as("coordinator").get(url).json()

    assert seated["online_url"] == ONLINE
    assert seated["your_registration"] == {
        "id": registration.pk,
        "state": "confirmed",
        "waitlist_position": None,
    }
    assert waitlisted["online_url"] is None
    assert waitlisted["your_registration"]["waitlist_position"] == 1
    assert (visitor["online_url"], visitor["your_registration"]) == (None, None)
    assert coordinator["online_url"] == ONLINE
    assert seated["calendar_url"] == "http://testserver/calendar/events/publiczne.ics"
    assert seated["reminder_lead_hours"] == 24


# --- The coordinator's management ---------------------------------------------------


_NEW_EVENT = {
    "kind": "workshop",
    "title_pl": "Warsztaty z chemii powłok",
    "starts_at": "2030-05-14T10:00:00+02:00",
    "ends_at": "2030-05-14T14:00:00+02:00",
    "capacity": 30,
    "reminder_lead_hours": 48,
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "status"),
    [("visitor", 401), ("outsider", 403), ("firm_a_admin", 403), ("coordinator", 201)],
)
def test_only_the_coordinator_creates_events(api_client_as, member, status):
    response = api_client_as(member).post(reverse("api:events"), _NEW_EVENT)

    assert response.status_code == status
    assert Event.objects.filter(title_pl=_NEW_EVENT["title_pl"]).count() == (status == 201)


@pytest.mark.django_db
def test_created_event_is_a_draft_with_its_fields(api_client_as, coordinator):
    response = api_client_as("coordinator").post(reverse("api:events"), _NEW_EVENT)

    body = response.json()
    event = Event.objects.get(slug=body["slug"])
    assert body["state"] == "draft"
    assert event.state == Event.State.DRAFT
    assert event.starts_at == datetime(2030, 5, 14, 10, tzinfo=WARSAW)
    assert event.reminder_lead == timedelta(hours=48)
    assert event.created_by == coordinator
    assert AuditEntry.objects.filter(code="events.event.created", object_id=str(event.pk)).exists()


@pytest.mark.django_db
def test_create_refuses_bad_input_with_400(api_client_as):
    response = api_client_as("coordinator").post(
        reverse("api:events"),
        {**_NEW_EVENT, "ends_at": "2030-05-14T09:00:00+02:00", "capacity": 0},
    )

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"capacity"}
    response = api_client_as("coordinator").post(
        reverse("api:events"), {**_NEW_EVENT, "ends_at": "2030-05-14T09:00:00+02:00"}
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"ends_at"}


@pytest.mark.django_db
def test_patch_changes_the_event_and_raises_its_sequence(api_client_as, events):
    url = reverse("api:event", kwargs={"slug": "publiczne"})

    response = api_client_as("coordinator").patch(url, {"capacity": 40, "title_en": "Open day"})
    refused = api_client_as("firm_a_admin").patch(url, {"capacity": 50})

    assert response.status_code == 200
    assert (response.json()["capacity"], response.json()["sequence"]) == (40, 1)
    assert refused.status_code == 403
    events["public"].refresh_from_db()
    assert (events["public"].capacity, events["public"].title_en) == (40, "Open day")


@pytest.mark.django_db
def test_publish_and_cancel_answer_409_the_second_time(api_client_as, events):
    client = api_client_as("coordinator")
    publish = reverse("api:event-publish", kwargs={"slug": "szkic"})
    cancel = reverse("api:event-cancel", kwargs={"slug": "szkic"})

    published = client.post(publish)
    published_again = client.post(publish)
    cancelled = client.post(cancel, {"reason": "Choroba prelegenta"})
    cancelled_again = client.post(cancel, {})

    assert (published.status_code, published.json()["state"]) == (200, "published")
    assert published_again.status_code == 409
    assert (cancelled.status_code, cancelled.json()["state"]) == (200, "cancelled")
    assert cancelled_again.status_code == 409


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "status"),
    [("visitor", 401), ("firm_a_admin", 403), ("coordinator", 404)],
)
def test_publish_statuses_for_an_unknown_event(api_client_as, member, status):
    response = api_client_as(member).post(
        reverse("api:event-publish", kwargs={"slug": "nie-ma-takiego"})
    )

    assert response.status_code == status


# --- Registering --------------------------------------------------------------------


@pytest.mark.django_db
def test_member_registers_themself_and_a_second_time_is_a_409(api_client_as, events, firm_a_editor):
    client = api_client_as("firm_a_editor")
    url = reverse("api:event-registrations", kwargs={"slug": "publiczne"})

    first = client.post(url, {})
    second = client.post(url, {})

    assert first.status_code == 201
    assert first.json()["state"] == "confirmed"
    assert first.json()["email"] == firm_a_editor.email
    assert first.json()["firm"] == "firma-a"
    assert second.status_code == 409
    assert Registration.objects.filter(event=events["public"]).count() == 1


@pytest.mark.django_db
def test_full_event_puts_the_member_on_the_waitlist(api_client_as, firm_b_admin):
    EventFactory(slug="pelne", capacity=1)
    url = reverse("api:event-registrations", kwargs={"slug": "pelne"})
    api_client_as("firm_a_editor").post(url, {})

    response = api_client_as("firm_b_admin").post(url, {})

    assert response.status_code == 201
    assert (response.json()["state"], response.json()["waitlist_position"]) == ("waitlisted", 1)


@pytest.mark.django_db
def test_firm_admin_registers_a_colleague_not_a_stranger(
    api_client_as, events, firm_a_editor, firm_b_editor
):
    client = api_client_as("firm_a_admin")
    url = reverse("api:event-registrations", kwargs={"slug": "publiczne"})

    colleague = client.post(url, {"user_email": firm_a_editor.email.upper()})
    stranger = client.post(url, {"user_email": firm_b_editor.email})
    by_an_editor = api_client_as("firm_b_editor").post(url, {"user_email": "admin@firma-b.pl"})

    assert colleague.status_code == 201
    assert colleague.json()["email"] == firm_a_editor.email
    registration = Registration.objects.get(pk=colleague.json()["id"])
    assert registration.registered_by.email == "admin@firma-a.pl"
    assert stranger.status_code == 400
    assert set(stranger.json()["errors"]) == {"user_email"}
    assert by_an_editor.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "slug", "status"),
    [
        ("visitor", "publiczne", 401),
        ("visitor", "dla-czlonkow", 401),
        ("outsider", "dla-czlonkow", 404),
        ("outsider", "publiczne", 201),
        ("firm_a_editor", "szkic", 404),
        ("firm_a_editor", "odwolane", 400),
        ("firm_a_editor", "dla-czlonkow", 201),
    ],
)
def test_registering_statuses(api_client_as, events, member, slug, status):
    response = api_client_as(member).post(
        reverse("api:event-registrations", kwargs={"slug": slug}), {}
    )

    assert response.status_code == status


@pytest.mark.django_db
def test_coordinator_lists_an_events_registrations(api_client_as, events, firm_a_editor):
    _register(firm_a_editor, events["public"])
    RegistrationFactory(event=events["public"], email="gosc@example.pl")
    url = reverse("api:event-registrations", kwargs={"slug": "publiczne"})

    response = api_client_as("coordinator").get(url)
    refused = api_client_as("firm_a_editor").get(url)

    assert response.status_code == 200
    assert sorted(
        (row["email"], row["guest"], row["event"]) for row in response.json()["results"]
    ) == [
        ("gosc@example.pl", True, "publiczne"),
        (firm_a_editor.email, False, "publiczne"),
    ]
    assert refused.status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30])
def test_registrations_list_query_count(api_client_as, django_assert_num_queries, count):
    event = EventFactory(slug="duze", capacity=None)
    RegistrationFactory.create_batch(count, event=event)
    client = api_client_as("coordinator")

    # 1 the token with its user, 2 the token's last use, 3 the coordinator's
    # group, 4 their two-factor login, 5 the event, 6 the count, 7 the page
    # with firms and users.
    with django_assert_num_queries(7):
        response = client.get(
            reverse("api:event-registrations", kwargs={"slug": "duze"}), {"page_size": 100}
        )

    assert len(response.json()["results"]) == count


# --- A user's own registrations --------------------------------------------------------


@pytest.mark.django_db
def test_my_registrations_are_only_mine(api_client_as, events, firm_a_editor, firm_b_admin):
    mine = _register(firm_a_editor, events["public"])
    _register(firm_b_admin, events["public"])
    _register(
        firm_a_editor,
        events["members"],
        state=Registration.State.CANCELLED,
        cancelled_at=timezone.now(),
    )

    response = api_client_as("firm_a_editor").get(reverse("api:my-registrations"))
    visitor = api_client_as("visitor").get(reverse("api:my-registrations"))

    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["id"] == mine.pk
    assert row["event"]["slug"] == "publiczne"
    assert row["event"]["calendar_url"] == "http://testserver/calendar/events/publiczne.ics"
    assert row["online_url"] == ONLINE
    assert visitor.status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 20])
def test_my_registrations_query_count(
    api_client_as, django_assert_num_queries, firm_a_editor, count
):
    for event in EventFactory.create_batch(count):
        _register(firm_a_editor, event)
    client = api_client_as("firm_a_editor")

    # 1 the token with its user, 2 the token's last use, 3 the count, 4 the
    # page with the events.
    with django_assert_num_queries(4):
        response = client.get(reverse("api:my-registrations"), {"page_size": 100})

    assert len(response.json()["results"]) == count


# --- Cancelling and attendance ---------------------------------------------------------


@pytest.mark.django_db
def test_cancel_own_registration_then_409(api_client_as, events, firm_a_editor):
    registration = _register(firm_a_editor, events["public"])
    url = reverse("api:registration-cancel", kwargs={"pk": registration.pk})

    stranger = api_client_as("firm_b_admin").post(url)
    cancelled = api_client_as("firm_a_editor").post(url)
    again = api_client_as("firm_a_editor").post(url)

    assert stranger.status_code == 404
    assert (cancelled.status_code, cancelled.json()["state"]) == (200, "cancelled")
    assert again.status_code == 409


@pytest.mark.django_db
def test_coordinator_and_firm_admin_cancel_others_registrations(
    api_client_as, events, firm_a, firm_a_editor
):
    by_admin = _register(firm_a_editor, events["public"], firm=firm_a)
    guest = RegistrationFactory(event=events["public"])

    admin_response = api_client_as("firm_a_admin").post(
        reverse("api:registration-cancel", kwargs={"pk": by_admin.pk})
    )
    coordinator_response = api_client_as("coordinator").post(
        reverse("api:registration-cancel", kwargs={"pk": guest.pk})
    )

    assert (admin_response.status_code, coordinator_response.status_code) == (200, 200)


@pytest.mark.django_db
def test_attendance_is_marked_by_the_coordinator_only(api_client_as, events, firm_a_editor):
    seated = _register(firm_a_editor, events["public"])
    waiting = RegistrationFactory(
        event=events["public"],
        state=Registration.State.WAITLISTED,
        waitlist_position=1,
        confirmed_at=None,
    )
    url = reverse("api:registration-attendance", kwargs={"pk": seated.pk})

    refused = api_client_as("firm_a_editor").post(url, {"attended": True})
    attended = api_client_as("coordinator").post(url, {"attended": True})
    undone = api_client_as("coordinator").post(url, {"attended": False})
    not_seated = api_client_as("coordinator").post(
        reverse("api:registration-attendance", kwargs={"pk": waiting.pk}), {"attended": True}
    )
    bad = api_client_as("coordinator").post(url, {})
    unknown = api_client_as("coordinator").post(
        reverse("api:registration-attendance", kwargs={"pk": 999_999}), {"attended": True}
    )

    assert refused.status_code == 403
    assert (attended.status_code, attended.json()["state"]) == (200, "attended")
    assert (undone.status_code, undone.json()["state"]) == (200, "confirmed")
    assert not_seated.status_code == 409
    assert bad.status_code == 400
    assert unknown.status_code == 404
