"""The calendar, the archive and event pages, for the cast."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from events.models import Event, Registration
from tests.events.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _url(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


def _past(**fields):
    starts = timezone.now() - timedelta(days=30)
    return EventFactory(starts_at=starts, ends_at=starts + timedelta(hours=2), **fields)


@pytest.fixture
def events(db):
    return {
        "public": EventFactory(title_en="Public meeting"),
        "members": EventFactory(title_en="Members meeting", audience=Event.Audience.MEMBERS),
        "draft": EventFactory(title_en="Draft meeting", state=Event.State.DRAFT),
        "cancelled": EventFactory(title_en="Cancelled meeting", state=Event.State.CANCELLED),
        "past": _past(title_en="Past meeting"),
        "past_members": _past(title_en="Past members meeting", audience=Event.Audience.MEMBERS),
    }


def _titles(response):
    return sorted(
        title
        for title in (
            "Public meeting",
            "Members meeting",
            "Draft meeting",
            "Cancelled meeting",
            "Past meeting",
            "Past members meeting",
        )
        if f">{title}</a>" in response.content.decode()
    )


@pytest.mark.parametrize(
    ("member", "expected"),
    [
        ("visitor", ["Cancelled meeting", "Public meeting"]),
        ("outsider", ["Cancelled meeting", "Public meeting"]),
        ("firm_b_editor", ["Cancelled meeting", "Members meeting", "Public meeting"]),
        (
            "coordinator",
            ["Cancelled meeting", "Draft meeting", "Members meeting", "Public meeting"],
        ),
    ],
)
def test_calendar_shows_what_the_cast_may_see(client_as, events, member, expected):
    response = client_as(member).get(_url("events:calendar"))

    assert response.status_code == 200
    assert _titles(response) == expected


def test_calendar_filters_by_kind(client_as, events):
    EventFactory(title_en="Webinar one", kind=Event.Kind.WEBINAR)

    response = Client().get(_url("events:calendar"), {"kind": "webinar"})

    assert "Webinar one" in response.content.decode()
    assert _titles(response) == []


def test_calendar_ignores_an_unknown_kind(events):
    response = Client().get(_url("events:calendar"), {"kind": "<script>"})

    assert response.status_code == 200
    assert _titles(response) == ["Cancelled meeting", "Public meeting"]


@pytest.mark.parametrize(
    ("member", "expected"),
    [
        ("visitor", ["Past meeting"]),
        ("firm_a_admin", ["Past meeting", "Past members meeting"]),
    ],
)
def test_archive_shows_past_events(client_as, events, member, expected):
    response = client_as(member).get(_url("events:archive"))

    assert _titles(response) == expected


@pytest.mark.parametrize(
    ("member", "public", "members", "draft"),
    [
        ("visitor", 200, 302, 404),
        ("outsider", 200, 404, 404),
        ("firm_a_editor", 200, 200, 404),
        ("coordinator", 200, 200, 200),
    ],
)
def test_event_page_statuses(client_as, events, member, public, members, draft):
    client = client_as(member)

    statuses = [
        client.get(_url("events:detail", slug=events[name].slug)).status_code
        for name in ("public", "members", "draft")
    ]

    assert statuses == [public, members, draft]


def test_event_page_shows_seats_left(client_as, events):
    event = events["public"]
    RegistrationFactory.create_batch(3, event=event)

    response = Client().get(_url("events:detail", slug=event.slug))

    assert "7 seats left" in response.content.decode()


def test_full_event_says_so(client_as, events):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    RegistrationFactory(event=event, state=Registration.State.WAITLISTED, waitlist_position=1)

    response = client_as("firm_a_editor").get(_url("events:detail", slug=event.slug))

    content = response.content.decode()
    assert "Full: waitlist open (1 waiting)" in content
    assert "Join the waitlist" in content


def test_online_link_and_address_only_for_people_with_a_seat(
    client_as, firm_a_editor, firm_b_editor
):
    event = EventFactory(
        online_url="https://meet.example.pl/tajne", venue_address="ul. Tajna 1, Opole"
    )
    RegistrationFactory(event=event, user=firm_a_editor, email=firm_a_editor.email)
    RegistrationFactory(
        event=event,
        user=firm_b_editor,
        email=firm_b_editor.email,
        state=Registration.State.PENDING,
    )

    seated = client_as("firm_a_editor").get(_url("events:detail", slug=event.slug))
    pending = client_as("firm_b_editor").get(_url("events:detail", slug=event.slug))
    visitor = Client().get(_url("events:detail", slug=event.slug))

    assert "https://meet.example.pl/tajne" in seated.content.decode()
    assert "ul. Tajna 1" in seated.content.decode()
    for response in (pending, visitor):
        assert "meet.example.pl" not in response.content.decode()
        assert "ul. Tajna 1" not in response.content.decode()
        assert event.venue_name in response.content.decode()


def test_event_page_shows_the_waitlist_position(client_as, firm_a_editor):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    RegistrationFactory(
        event=event,
        user=firm_a_editor,
        email=firm_a_editor.email,
        state=Registration.State.WAITLISTED,
        waitlist_position=1,
    )

    response = client_as("firm_a_editor").get(_url("events:detail", slug=event.slug))

    content = response.content.decode()
    assert "You are on the waitlist, in place 1." in content
    assert "Cancel my registration" in content


def test_visitor_sees_the_guest_form_on_a_public_event(events):
    response = Client().get(_url("events:detail", slug=events["public"].slug))

    assert 'name="email"' in response.content.decode()


def test_member_sees_a_register_button_and_admin_the_colleagues_link(client_as, events):
    editor = client_as("firm_a_editor").get(_url("events:detail", slug=events["public"].slug))
    admin = client_as("firm_a_admin").get(_url("events:detail", slug=events["public"].slug))

    assert ">Register</button>" in editor.content.decode()
    assert "Register colleagues" not in editor.content.decode()
    assert "Register colleagues" in admin.content.decode()


def test_registration_refused_message_on_a_past_event(client_as, events):
    response = client_as("firm_a_editor").get(_url("events:detail", slug=events["past"].slug))

    assert ">Register</button>" not in response.content.decode()


def test_script_payloads_are_escaped(client_as):
    payload = "<script>alert(1)</script>"
    event = EventFactory(title_en=payload, description_en=payload, venue_name=payload)
    RegistrationFactory(event=event, name=payload, organisation=payload)

    pages = [
        Client().get(_url("events:calendar")),
        Client().get(_url("events:detail", slug=event.slug)),
        client_as("coordinator").get(_url("events:registrations", slug=event.slug)),
        client_as("coordinator").get(_url("events:check-in", slug=event.slug)),
        client_as("coordinator").get(_url("events:manage")),
    ]

    for response in pages:
        assert response.status_code == 200
        assert payload not in response.content.decode()


# --- Query counts ----------------------------------------------------------------


def _fill(count):
    for n in range(count):
        event = EventFactory(title_en=f"Meeting {n}", capacity=3)
        RegistrationFactory.create_batch(2, event=event)
        RegistrationFactory(event=event, state=Registration.State.WAITLISTED, waitlist_position=1)


@pytest.mark.parametrize("count", [1, 25])
def test_calendar_query_count_for_a_visitor(django_assert_num_queries, count):
    _fill(count)
    client = Client()
    client.get(_url("events:calendar"))

    with django_assert_num_queries(1):
        # 1. the upcoming events with their counts
        response = client.get(_url("events:calendar"))

    assert response.content.decode().count('class="event-item') == count


@pytest.mark.parametrize("count", [1, 25])
def test_calendar_query_count_for_a_member(client_as, django_assert_num_queries, count):
    _fill(count)
    client = client_as("firm_a_editor")
    client.get(_url("events:calendar"))

    with django_assert_num_queries(6):
        # 1. the session, 2. its user
        # 3. whether the user is the coordinator, 4. whether a member
        # 5. the upcoming events with their counts
        # 6. the user's registrations for them
        response = client.get(_url("events:calendar"))

    assert response.content.decode().count('class="event-item') == count


@pytest.mark.parametrize("count", [1, 30])
def test_archive_query_count(django_assert_num_queries, count):
    for n in range(count):
        _past(title_en=f"Past {n}")
    client = Client()
    client.get(_url("events:archive"))

    with django_assert_num_queries(2):
        # 1. the count for the paginator, 2. the page of events
        response = client.get(_url("events:archive"))

    assert response.content.decode().count('class="event-item') == min(count, 20)
