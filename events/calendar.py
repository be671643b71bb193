"""Calendar files (iCalendar, RFC 5545) of events: one event's and feeds.

Times are written in Europe/Warsaw with its VTIMEZONE, so calendar apps
show the right hour on both sides of a daylight-saving change. Each event
keeps one UID for life and its ``sequence`` as SEQUENCE, so a subscriber's
calendar replaces the old copy after a change; a cancelled event stays in
files and feeds with STATUS:CANCELLED, which removes it from calendars.

The online meeting link goes only into files for a registered person (the
reminder's attachment, the private feed); public files never carry it.
"""

from collections.abc import Collection, Iterable
from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from chemster.lib.i18n import localized
from events.models import Event

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"
# A constant, not the site's address: a UID must outlive a change of domain,
# or every subscriber would see each event twice.
UID_DOMAIN = "chemster"
PRODID = "-//CHEM-STER//Portal//PL"
WARSAW = ZoneInfo("Europe/Warsaw")
# Calendar apps poll subscribed feeds; hint at how often.
REFRESH_INTERVAL = timedelta(hours=1)


def event_uid(event: Event) -> str:
    return f"event-{event.pk}@{UID_DOMAIN}"


def event_page_url(event: Event, language: str) -> str:
    """The absolute address of the event's page in ``language``."""
    with translation.override(language):
        path = event.get_absolute_url()
    return settings.SITE_URL.rstrip("/") + path


def _vevent(event: Event, *, language: str, with_online_link: bool) -> icalendar.Event:
    url = event_page_url(event, language)
    summary = localized(event, "title", language).text
    if event.state == Event.State.CANCELLED:
        summary = _("Cancelled: %(title)s") % {"title": summary}
    description = [localized(event, "description", language).text.strip()]
    location = ", ".join(part for part in (event.venue_name, event.venue_address) if part)
    if with_online_link and event.online_url:
        description.append(_("Online meeting: %(url)s") % {"url": event.online_url})
        location = location or event.online_url
    description.append(url)

    vevent = icalendar.Event()
    vevent.add("uid", event_uid(event))
    vevent.add("sequence", event.sequence)
    # The time the event last changed, so that an unchanged event gives the
    # same file on every request.
    vevent.add("dtstamp", event.updated_at.astimezone(UTC))
    vevent.add("dtstart", event.starts_at.astimezone(WARSAW))
    vevent.add("dtend", event.ends_at.astimezone(WARSAW))
    vevent.add("summary", summary)
    vevent.add("description", "\n\n".join(part for part in description if part))
    if location:
        vevent.add("location", location)
    vevent.add("url", url)
    vevent.add("status", "CANCELLED" if event.state == Event.State.CANCELLED else "CONFIRMED")
    return vevent


def build_calendar(
    events: Iterable[Event],
    *,
    language: str,
    name: str = "",
    online_link_for: Collection[int] = (),
) -> bytes:
    """An iCalendar file of ``events`` with titles and texts in ``language``.

    ``online_link_for`` holds the ids of the events whose online link may be
    shown (those the reader is registered for); ``name`` names a feed.
    """
    events = list(events)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", "Europe/Warsaw")
        calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", icalendar.vDuration(REFRESH_INTERVAL))
    with translation.override(language):
        for event in events:
            calendar.add_component(
                _vevent(event, language=language, with_online_link=event.pk in online_link_for)
            )
    if events:
        # Only the transitions around the events: the full history of the
        # zone would make every file several kilobytes longer.
        first = min(event.starts_at for event in events).astimezone(WARSAW).date()
        last = max(event.ends_at for event in events).astimezone(WARSAW).date()
        calendar.add_missing_timezones(
            first_date=first - timedelta(days=366), last_date=last + timedelta(days=366)
        )
    return calendar.to_ical()


def event_ics_file(event: Event, *, language: str, with_online_link: bool = False) -> bytes:
    """The .ics file of one event (the online link only when asked for)."""
    return build_calendar(
        [event], language=language, online_link_for={event.pk} if with_online_link else ()
    )


def ics_attachment(event: Event, *, language: str, with_online_link: bool) -> dict:
    """The event's .ics as a ``queue_mail`` attachment."""
    return {
        "filename": f"{event.slug}.ics",
        "content_type": ICS_CONTENT_TYPE,
        "content": event_ics_file(event, language=language, with_online_link=with_online_link),
    }
