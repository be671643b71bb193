"""Reads of the events app, shared by pages, the API, feeds and dashboards."""

from datetime import timedelta

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from events.models import Event, Registration
from members.permissions import is_coordinator, sees_members_content

SEATED_STATES = (Registration.State.CONFIRMED, Registration.State.ATTENDED)


def events_visible_to(user) -> QuerySet[Event]:
    """Events the user may see.

    Everyone sees published and cancelled public events; members and the
    coordinator also members-only ones; drafts are the coordinator's only.
    """
    if is_coordinator(user):
        return Event.objects.all()
    announced = Q(state__in=(Event.State.PUBLISHED, Event.State.CANCELLED))
    if not sees_members_content(user):
        announced &= Q(audience=Event.Audience.PUBLIC)
    return Event.objects.filter(announced)


def with_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    """Annotate ``seats_taken``, ``waitlisted_count``, ``pending_count`` and
    ``seats_left`` (``None`` for unlimited seats, never below 0), in the
    same query."""
    return events.annotate(
        seats_taken=Count("registrations", filter=Q(registrations__state__in=SEATED_STATES)),
        waitlisted_count=Count(
            "registrations", filter=Q(registrations__state=Registration.State.WAITLISTED)
        ),
        pending_count=Count(
            "registrations", filter=Q(registrations__state=Registration.State.PENDING)
        ),
    ).annotate(
        # PostgreSQL's GREATEST skips NULLs, so unlimited seats need a Case.
        seats_left=Case(
            When(capacity__isnull=True, then=Value(None)),
            default=Greatest(F("capacity") - F("seats_taken"), Value(0)),
            output_field=IntegerField(),
        ),
    )


def upcoming_events(user, kind: str | None = None) -> QuerySet[Event]:
    """Events the user may see that have not ended, soonest first, with
    counts; optionally of one kind."""
    events = events_visible_to(user).filter(ends_at__gt=timezone.now())
    if kind:
        events = events.filter(kind=kind)
    return with_counts(events).order_by("starts_at", "id")


def past_events(user) -> QuerySet[Event]:
    """Ended events the user may see (drafts excluded), newest first."""
    return (
        events_visible_to(user)
        .exclude(state=Event.State.DRAFT)
        .filter(ends_at__lte=timezone.now())
        .order_by("-starts_at", "-id")
    )


def event_with_counts(user, slug: str) -> QuerySet[Event]:
    """The one event of ``slug`` the user may see, with counts (a queryset
    for ``get_object_or_404``)."""
    return with_counts(events_visible_to(user).filter(slug=slug))


def registration_of(user, event: Event) -> Registration | None:
    """The user's live registration for the event (any live state), or
    ``None``; a cancelled one counts as none."""
    if not user.is_authenticated:
        return None
    return (
        event.registrations.filter(state__in=Registration.LIVE_STATES)
        .filter(Q(user=user) | Q(user__isnull=True, email__iexact=user.email))
        .order_by("-created_at")
        .first()
    )


def my_registrations(user) -> QuerySet[Registration]:
    """The user's live registrations with their events, soonest first."""
    if not user.is_authenticated:
        return Registration.objects.none()
    return (
        Registration.objects.filter(user=user, state__in=Registration.LIVE_STATES)
        .select_related("event")
        .order_by("event__starts_at", "id")
    )


def registrations_for_event(event: Event) -> QuerySet[Registration]:
    """All registrations of an event for the coordinator: seated and
    pending by name, then the waitlist in order, cancelled last."""
    return event.registrations.select_related("firm", "user").order_by(
        Coalesce("waitlist_position", Value(0)),
        "state",
        "name",
        "id",
    )


def check_in_list(event: Event, query: str = "") -> QuerySet[Registration]:
    """The people who can be checked in (confirmed or attended), by name;
    ``query`` filters by a part of the name, e-mail or organisation."""
    registrations = event.registrations.filter(state__in=SEATED_STATES).select_related("firm")
    query = query.strip()
    if query:
        registrations = registrations.filter(
            Q(name__icontains=query) | Q(email__icontains=query) | Q(organisation__icontains=query)
        )
    return registrations.order_by("name", "id")


# --- The coordinator's dashboard ---------------------------------------------


def upcoming_events_with_counts() -> QuerySet[Event]:
    """Published events that have not ended, with seats, waitlist and
    pending counts, soonest first."""
    return with_counts(
        Event.objects.filter(state=Event.State.PUBLISHED, ends_at__gt=timezone.now())
    ).order_by("starts_at", "id")


def events_closing_registration_soon(days: int = 7) -> QuerySet[Event]:
    """Published events whose registration closes within ``days`` (closing
    time, or the start when none is set), soonest first, with counts."""
    now = timezone.now()
    events = Event.objects.filter(state=Event.State.PUBLISHED).annotate(
        closes_at=Coalesce("registration_closes_at", "starts_at")
    )
    events = events.filter(closes_at__gt=now, closes_at__lte=now + timedelta(days=days))
    return with_counts(events).order_by("closes_at", "id")
