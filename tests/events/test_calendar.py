"""Calendar files and feeds: events/calendar.py, events/feeds.py and their views."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from chemster.models import AuditEntry
from events.calendar import event_ics_file
from events.feeds import create_calendar_feed, feed_token_digest, revoke_calendar_feed
from events.models import CalendarFeed, Event, Registration
from events.services import cancel_event, update_event
from tests.events.factories import EventFactory, RegistrationFactory

WARSAW = ZoneInfo("Europe/Warsaw")
ONLINE = "https://meet.example.com/tajne-spotkanie"


def _parse(content: bytes) -> list:
    return icalendar.Calendar.from_ical(content).walk("VEVENT")


def _by_uid(content: bytes) -> dict:
    return {str(vevent["uid"]): vevent for vevent in _parse(content)}


def _summaries(content: bytes) -> set:
    return {str(vevent["summary"]) for vevent in _parse(content)}


def _last_sunday_of_march(year: int) -> date:
    day = date(year, 3, 31)
    return day - timedelta(days=(day.weekday() + 1) % 7)


def _private_url(secret: str) -> str:
    return reverse("calendar:private-feed", kwargs={"token": secret})


# --- The .ics of one event ---------------------------------------------------------


@pytest.mark.django_db
def test_ics_times_are_in_warsaw_on_both_sides_of_a_dst_change():
    change = _last_sunday_of_march(timezone.now().year + 1)
    before = datetime.combine(change - timedelta(days=1), datetime.min.time(), WARSAW)
    after = datetime.combine(change + timedelta(days=1), datetime.min.time(), WARSAW)
    winter = EventFactory(
        starts_at=before.replace(hour=10), ends_at=before.replace(hour=12, minute=30)
    )
    summer = EventFactory(starts_at=after.replace(hour=10), ends_at=after.replace(hour=12))

    winter_event = _parse(event_ics_file(winter, language="pl"))[0]
    summer_event = _parse(event_ics_file(summer, language="pl"))[0]

    assert winter_event["dtstart"].params["TZID"] == "Europe/Warsaw"
    assert winter_event.decoded("dtstart") == before.replace(hour=10)
    assert winter_event.decoded("dtend") == before.replace(hour=12, minute=30)
    assert summer_event.decoded("dtstart") == after.replace(hour=10)
    # The same wall-clock hour is a different UTC hour: +01:00, then +02:00.
    assert winter_event.decoded("dtstart").utcoffset() == timedelta(hours=1)
    assert summer_event.decoded("dtstart").utcoffset() == timedelta(hours=2)
    assert summer_event.decoded("dtstart").astimezone(ZoneInfo("UTC")).hour == 8
    calendar = icalendar.Calendar.from_ical(event_ics_file(summer, language="pl"))
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Warsaw"]


@pytest.mark.django_db
def test_ics_has_stable_uid_sequence_status_and_url(coordinator):
    event = EventFactory(slug="spotkanie-wiosenne", title_pl="Spotkanie wiosenne")

    first = _parse(event_ics_file(event, language="pl"))[0]
    updated = update_event(
        actor=coordinator,
        event=event,
        starts_at=event.starts_at + timedelta(days=1),
        ends_at=event.ends_at + timedelta(days=1),
    )
    second = _parse(event_ics_file(updated, language="pl"))[0]
    cancelled = cancel_event(actor=coordinator, event=updated, reason="Choroba prelegenta")
    third = _parse(event_ics_file(cancelled, language="pl"))[0]

    assert (
        str(first["uid"]) == str(second["uid"]) == str(third["uid"]) == f"event-{event.pk}@chemster"
    )
    assert (first["sequence"], second["sequence"], third["sequence"]) == (0, 1, 2)
    assert (str(first["status"]), str(second["status"]), str(third["status"])) == (
        "CONFIRMED",
        "CONFIRMED",
        "CANCELLED",
    )
    assert second.decoded("dtstart") == first.decoded("dtstart") + timedelta(days=1)
    assert str(first["url"]) == "http://127.0.0.1:8000/pl/events/spotkanie-wiosenne/"
    assert str(first["location"]) == f"{event.venue_name}, {event.venue_address}"
    assert "dtstamp" in first


@pytest.mark.django_db
def test_ics_is_in_the_requested_language(client):
    event = EventFactory(title_pl="Spotkanie", title_en="Meeting", description_en="In English.")
    url = reverse("calendar:event", kwargs={"slug": event.slug})

    english = _parse(client.get(url, {"lang": "en"}).content)[0]
    polish = _parse(client.get(url, {"lang": "pl"}).content)[0]
    # English falls back to Polish where there is no English text.
    event.title_en = ""
    event.save(update_fields=["title_en"])
    fallback = _parse(client.get(url, {"lang": "en"}).content)[0]

    assert str(english["summary"]) == "Meeting"
    assert str(english["description"]).startswith("In English.")
    assert str(english["url"]).endswith(f"/en/events/{event.slug}/")
    assert str(polish["summary"]) == "Spotkanie"
    assert str(fallback["summary"]) == "Spotkanie"


@pytest.mark.django_db
def test_event_ics_view_answers_with_a_calendar_attachment(client):
    event = EventFactory(slug="dzien-otwarty")

    response = client.get(reverse("calendar:event", kwargs={"slug": "dzien-otwarty"}))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="dzien-otwarty.ics"'
    assert list(_by_uid(response.content)) == [f"event-{event.pk}@chemster"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("visitor", 404),
        ("outsider", 404),
        ("firm_a_editor", 200),
        ("firm_b_admin", 200),
        ("coordinator", 200),
    ],
)
def test_members_only_event_ics_is_for_members_and_the_coordinator(client_as, member, status):
    event = EventFactory(audience=Event.Audience.MEMBERS)

    response = client_as(member).get(reverse("calendar:event", kwargs={"slug": event.slug}))

    assert response.status_code == status


@pytest.mark.django_db
@pytest.mark.parametrize("member", ["visitor", "coordinator"])
def test_draft_event_has_no_ics(client_as, member):
    event = EventFactory(state=Event.State.DRAFT)

    response = client_as(member).get(reverse("calendar:event", kwargs={"slug": event.slug}))

    assert response.status_code == 404


@pytest.mark.django_db
def test_bad_language_or_kind_is_a_400(client):
    event = EventFactory()

    responses = [
        client.get(reverse("calendar:event", kwargs={"slug": event.slug}), {"lang": "de"}),
        client.get(reverse("calendar:feed"), {"kind": "party"}),
        client.get(reverse("calendar:feed"), {"lang": "\x00"}),
    ]

    assert [response.status_code for response in responses] == [400, 400, 400]


# --- The public feed ----------------------------------------------------------------


@pytest.mark.django_db
def test_public_feed_has_public_published_and_cancelled_events_only(client):
    EventFactory(title_en="Publiczne")
    EventFactory(title_en="Odwołane", state=Event.State.CANCELLED)
    EventFactory(title_en="Szkic", state=Event.State.DRAFT)
    EventFactory(title_en="Dla członków", audience=Event.Audience.MEMBERS)
    EventFactory(
        title_en="Dawne",
        starts_at=timezone.now() - timedelta(days=200),
        ends_at=timezone.now() - timedelta(days=199),
    )
    EventFactory(
        title_en="Niedawne",
        starts_at=timezone.now() - timedelta(days=10),
        ends_at=timezone.now() - timedelta(days=10) + timedelta(hours=2),
    )

    response = client.get(reverse("calendar:feed"), {"lang": "en"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert _summaries(response.content) == {"Publiczne", "Cancelled: Odwołane", "Niedawne"}
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["x-wr-calname"]) == "CHEM-STER events"


@pytest.mark.django_db
def test_public_feed_is_filtered_by_kind(client):
    EventFactory(title_pl="Warsztat", kind=Event.Kind.WORKSHOP)
    EventFactory(title_pl="Webinarium", kind=Event.Kind.WEBINAR)
    EventFactory(title_pl="Konferencja", kind=Event.Kind.CONFERENCE)
    url = reverse("calendar:feed")

    workshops = client.get(url, {"kind": "workshop"})
    two_kinds = client.get(url, {"kind": ["workshop", "webinar"]})
    comma_separated = client.get(f"{url}?kind=workshop,conference")
    every_kind = client.get(url)

    assert _summaries(workshops.content) == {"Warsztat"}
    assert _summaries(two_kinds.content) == {"Warsztat", "Webinarium"}
    assert _summaries(comma_separated.content) == {"Warsztat", "Konferencja"}
    assert _summaries(every_kind.content) == {"Warsztat", "Webinarium", "Konferencja"}


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 12])
def test_public_feed_query_count(client, django_assert_num_queries, count):
    EventFactory.create_batch(count)

    # 1 the events of the feed.
    with django_assert_num_queries(1):
        response = client.get(reverse("calendar:feed"))

    assert len(_parse(response.content)) == count


# --- The online link is never in a public file -------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("member", ["visitor", "firm_a_editor", "coordinator"])
def test_online_link_is_never_in_public_files(client_as, request, member):
    public = EventFactory(online_url=ONLINE, kind=Event.Kind.WEBINAR)
    members_only = EventFactory(online_url=ONLINE, audience=Event.Audience.MEMBERS)
    if member != "visitor":
        user = request.getfixturevalue(member)
        for event in (public, members_only):
            RegistrationFactory(event=event, user=user, email=user.email)
    client = client_as(member)

    files = [
        client.get(reverse("calendar:event", kwargs={"slug": public.slug})),
        client.get(reverse("calendar:feed")),
        client.get(reverse("calendar:feed"), {"kind": "webinar"}),
    ]
    if member != "visitor":
        files.append(client.get(reverse("calendar:event", kwargs={"slug": members_only.slug})))

    for response in files:
        assert response.status_code == 200
        assert b"meet.example.com" not in response.content


# --- Private feeds ----------------------------------------------------------------


@pytest.mark.django_db
def test_private_feed_page_shows_the_secret_address_once(client_as, firm_a_editor):
    client = client_as("firm_a_editor")
    url = reverse("events:private-feed")

    before = client.get(url)
    made = client.post(url)
    after = client.get(url)

    assert before.status_code == 200
    assert before.context["feed"] is None
    assert made.status_code == 200
    feed = CalendarFeed.objects.get(user=firm_a_editor)
    feed_url = made.context["feed_url"]
    secret = feed_url.rsplit("/", 1)[1].removesuffix(".ics")
    assert feed_url == f"http://testserver/calendar/private/{secret}.ics"
    assert feed.token_digest == feed_token_digest(secret)
    assert secret in made.content.decode()
    assert made.context["webcal_url"] == f"webcal://testserver/calendar/private/{secret}.ics"
    assert after.context["feed"] == feed
    assert after.context["feed_url"] is None
    assert secret not in after.content.decode()
    assert AuditEntry.objects.filter(code="events.calendar_feed.created").count() == 1


@pytest.mark.django_db
def test_private_feed_holds_members_only_events_and_own_registrations_details(
    client, firm_a_editor
):
    EventFactory(title_pl="Publiczne", online_url=ONLINE)
    members_only = EventFactory(
        title_pl="Dla członków", audience=Event.Audience.MEMBERS, online_url=ONLINE
    )
    EventFactory(title_pl="Szkic", state=Event.State.DRAFT)
    waitlisted = EventFactory(title_pl="Pełne", online_url="https://meet.example.com/pelne")
    RegistrationFactory(event=members_only, user=firm_a_editor, email=firm_a_editor.email)
    RegistrationFactory(
        event=waitlisted,
        user=firm_a_editor,
        email=firm_a_editor.email,
        state=Registration.State.WAITLISTED,
        waitlist_position=1,
        confirmed_at=None,
    )
    _feed, secret = create_calendar_feed(user=firm_a_editor)

    response = client.get(_private_url(secret))

    assert response.status_code == 200
    events = {str(vevent["summary"]): vevent for vevent in _parse(response.content)}
    assert set(events) == {"Publiczne", "Dla członków", "Pełne"}
    # The online link only where the user holds a seat.
    assert ONLINE in str(events["Dla członków"]["description"])
    assert ONLINE not in str(events["Publiczne"]["description"])
    assert "meet.example.com" not in str(events["Pełne"]["description"])


@pytest.mark.django_db
def test_outsiders_private_feed_has_no_members_only_events(client, outsider):
    EventFactory(title_pl="Publiczne")
    EventFactory(title_pl="Dla członków", audience=Event.Audience.MEMBERS)
    _feed, secret = create_calendar_feed(user=outsider)

    response = client.get(_private_url(secret))

    assert _summaries(response.content) == {"Publiczne"}


@pytest.mark.django_db
def test_private_feed_is_in_the_users_language_unless_asked(client, firm_a_editor):
    EventFactory(title_pl="Spotkanie", title_en="Meeting")
    firm_a_editor.preferred_language = "en"
    firm_a_editor.save(update_fields=["preferred_language"])
    _feed, secret = create_calendar_feed(user=firm_a_editor)

    english = client.get(_private_url(secret))
    polish = client.get(_private_url(secret), {"lang": "pl"})

    assert _summaries(english.content) == {"Meeting"}
    assert _summaries(polish.content) == {"Spotkanie"}


@pytest.mark.django_db
def test_revoked_or_rotated_or_unknown_token_is_a_404(client, client_as, firm_a_editor):
    _feed, old_secret = create_calendar_feed(user=firm_a_editor)
    _feed, new_secret = create_calendar_feed(user=firm_a_editor)

    rotated = client.get(_private_url(old_secret))
    current = client.get(_private_url(new_secret))
    response = client_as("firm_a_editor").post(reverse("events:private-feed-revoke"))
    revoked = client.get(_private_url(new_secret))
    unknown = client.get(_private_url("no-such-token"))

    assert (rotated.status_code, current.status_code) == (404, 200)
    assert response.status_code == 302
    assert response["Location"] == reverse("events:private-feed")
    assert (revoked.status_code, unknown.status_code) == (404, 404)
    assert not CalendarFeed.objects.filter(user=firm_a_editor).exists()
    assert list(
        AuditEntry.objects.filter(code__startswith="events.calendar_feed.")
        .order_by("id")
        .values_list("code", flat=True)
    ) == [
        "events.calendar_feed.created",
        "events.calendar_feed.rotated",
        "events.calendar_feed.revoked",
    ]


@pytest.mark.django_db
def test_inactive_users_feed_is_a_404(client, firm_a_editor):
    _feed, secret = create_calendar_feed(user=firm_a_editor)
    firm_a_editor.is_active = False
    firm_a_editor.save(update_fields=["is_active"])

    assert client.get(_private_url(secret)).status_code == 404


@pytest.mark.django_db
def test_revoking_without_a_feed_changes_nothing(client_as, firm_a_editor):
    response = client_as("firm_a_editor").post(reverse("events:private-feed-revoke"))

    assert response.status_code == 302
    assert revoke_calendar_feed(user=firm_a_editor) is None
    assert not AuditEntry.objects.filter(code="events.calendar_feed.revoked").exists()


@pytest.mark.django_db
def test_private_feed_use_is_recorded_at_most_once_an_hour(client, firm_a_editor):
    feed, secret = create_calendar_feed(user=firm_a_editor)

    client.get(_private_url(secret))
    feed.refresh_from_db()
    first_use = feed.last_used_at
    client.get(_private_url(secret))
    feed.refresh_from_db()
    second_use = feed.last_used_at
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=first_use - timedelta(hours=2))
    client.get(_private_url(secret))
    feed.refresh_from_db()

    assert first_use is not None
    assert second_use == first_use
    assert feed.last_used_at > first_use


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 12])
def test_private_feed_query_count(client, django_assert_num_queries, firm_a_editor, count):
    events = EventFactory.create_batch(count, audience=Event.Audience.MEMBERS)
    for event in events:
        RegistrationFactory(event=event, user=firm_a_editor, email=firm_a_editor.email)
    _feed, secret = create_calendar_feed(user=firm_a_editor)
    client.get(_private_url(secret))  # the first use is recorded

    # 1 the feed and its user, 2 whether the user is a member, 3 the events,
    # 4 the events with the user's seat.
    with django_assert_num_queries(4):
        response = client.get(_private_url(secret))

    assert len(_parse(response.content)) == count


@pytest.mark.django_db
def test_private_feed_revoke_answers_get_with_405(client_as):
    response = client_as("firm_a_editor").get(reverse("events:private-feed-revoke"))

    assert response.status_code == 405


@pytest.mark.django_db
def test_private_feed_page_in_english(client_as):
    with translation.override("en"):
        url = reverse("events:private-feed")

    response = client_as("firm_a_editor").get(url)

    assert "Make my private calendar address" in response.content.decode()
