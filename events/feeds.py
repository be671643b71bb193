"""Calendar feeds: the public one by kind, and members' private ones.

A private feed's address holds a secret; the database keeps only its
SHA-256 digest, so the address is shown once, when the feed is made, and
making it again (rotating) makes the old address stop working.
"""

import hashlib
import secrets
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from chemster.services import log_action
from events.models import CalendarFeed, Event, Registration
from members.models import User
from members.permissions import sees_members_content

# Feeds keep recently ended events, so a calendar does not drop an event
# the day after it happened; older ones live in the archive.
FEED_KEEPS_PAST = timedelta(days=90)
# Calendar apps poll every few minutes: record the use at most once an hour.
FEED_USE_PRECISION = timedelta(hours=1)
# Registrations whose holder gets the event's online link.
HOLDS_A_SEAT = (Registration.State.CONFIRMED, Registration.State.ATTENDED)


def feed_token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


# --- Selectors ----------------------------------------------------------------


def _feed_events(now=None) -> QuerySet:
    now = now or timezone.now()
    return Event.objects.filter(
        state__in=(Event.State.PUBLISHED, Event.State.CANCELLED),
        ends_at__gte=now - FEED_KEEPS_PAST,
    ).order_by("starts_at", "id")


def public_feed_events(*, kinds: list[str] | None = None) -> QuerySet:
    """Public events of the feed: published or cancelled, upcoming or ended
    in the last 90 days, of ``kinds`` when given (drafts never)."""
    events = _feed_events().filter(audience=Event.Audience.PUBLIC)
    if kinds:
        events = events.filter(kind__in=kinds)
    return events


def private_feed_events(user: User, *, kinds: list[str] | None = None) -> tuple[list, set]:
    """The events of ``user``'s private feed and the ids of those whose
    online link the user gets.

    The feed holds the public events; the members-only ones while the user
    is a member or the coordinator; and every event the user holds a live
    registration for. The online link is given for the events where the
    user holds a seat (confirmed or attended). Two queries.
    """
    registered = Registration.objects.filter(user=user, state__in=Registration.LIVE_STATES)
    audience = Q(audience=Event.Audience.PUBLIC) | Q(pk__in=registered.values("event_id"))
    if sees_members_content(user):
        audience |= Q(audience=Event.Audience.MEMBERS)
    events = _feed_events().filter(audience)
    if kinds:
        events = events.filter(kind__in=kinds)
    events = list(events)
    online_link_for = set(
        Registration.objects.filter(
            user=user, state__in=HOLDS_A_SEAT, event__in=[event.pk for event in events]
        ).values_list("event_id", flat=True)
    )
    return events, online_link_for


def feed_for_token(token: str) -> CalendarFeed | None:
    """The private feed whose secret is ``token``, if its user is active."""
    return (
        CalendarFeed.objects.select_related("user")
        .filter(token_digest=feed_token_digest(token), user__is_active=True)
        .first()
    )


# --- Services -----------------------------------------------------------------


def create_calendar_feed(*, user: User) -> tuple[CalendarFeed, str]:
    """Make ``user``'s private feed, or give it a new secret; return the feed
    and the secret (which exists only in this return value).

    A new secret stops the old address at once. Audited as
    ``events.calendar_feed.created`` or ``events.calendar_feed.rotated``.
    """
    secret = secrets.token_urlsafe(32)
    now = timezone.now()
    for _attempt in range(2):
        try:
            with transaction.atomic():
                feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
                if feed is None:
                    feed = CalendarFeed.objects.create(
                        user=user, token_digest=feed_token_digest(secret), created_at=now
                    )
                    log_action(user, feed, "events.calendar_feed.created")
                else:
                    feed.token_digest = feed_token_digest(secret)
                    feed.created_at = now
                    feed.last_used_at = None
                    feed.save(update_fields=["token_digest", "created_at", "last_used_at"])
                    log_action(user, feed, "events.calendar_feed.rotated")
            return feed, secret
        except IntegrityError:
            # Two first requests at once: the other one's feed now exists,
            # so the second attempt rotates it.
            continue
    raise RuntimeError("The calendar feed could not be created.")


def revoke_calendar_feed(*, user: User) -> CalendarFeed | None:
    """Delete ``user``'s private feed, so its address answers 404; return
    the deleted feed, or None when there was none.

    Audited as ``events.calendar_feed.revoked``.
    """
    with transaction.atomic():
        feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
        if feed is None:
            return None
        log_action(user, feed, "events.calendar_feed.revoked")
        feed.delete()
    return feed


def mark_calendar_feed_used(*, feed: CalendarFeed) -> CalendarFeed:
    """Record that a calendar app fetched ``feed``, at most once an hour.

    The conditional UPDATE lets one of several concurrent requests write.
    Not audited: it is bookkeeping, not a change anyone made.
    """
    now = timezone.now()
    stale = now - FEED_USE_PRECISION
    if feed.last_used_at is not None and feed.last_used_at > stale:
        return feed
    updated = (
        CalendarFeed.objects.filter(pk=feed.pk)
        .filter(Q(last_used_at__isnull=True) | Q(last_used_at__lte=stale))
        .update(last_used_at=now)
    )
    if updated:
        feed.last_used_at = now
    return feed
