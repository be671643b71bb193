"""Reminders: a mail to each confirmed person, the event's lead time before it."""

from django.db import transaction
from django.db.models import DateTimeField, ExpressionWrapper, F
from django.db.models.functions import Coalesce
from django.utils import timezone

from chemster.lib.i18n import localized
from events.calendar import event_page_url, ics_attachment
from events.models import Event, Registration
from newsletters.models import OutboundMessage
from newsletters.services import queue_mail


def reminder_dedupe_key(registration: Registration, event: Event) -> str:
    # The start is part of the key: a moved event is reminded of again.
    return f"reminder:{registration.pk}:{event.starts_at.isoformat()}"


def _language(registration: Registration) -> str:
    if registration.user is not None:
        return registration.user.preferred_language
    return registration.language


def due_reminders(now) -> list[Registration]:
    """Confirmed registrations whose reminder is due at ``now`` and not queued.

    Due: the event is published and ``start - reminder_lead <= now <
    start``, and the registration was confirmed (or, failing a confirmation
    time, made) before the window opened: whoever registers inside it has
    just seen the details. Two queries (the registrations with their events
    and users, then the outbox keys already used).
    """
    remind_at = ExpressionWrapper(
        F("event__starts_at") - F("event__reminder_lead"), output_field=DateTimeField()
    )
    registrations = list(
        Registration.objects.annotate(remind_at=remind_at)
        .filter(
            state=Registration.State.CONFIRMED,
            event__state=Event.State.PUBLISHED,
            event__starts_at__gt=now,
            remind_at__lte=now,
            # Inside the window: no reminder.
            remind_at__gte=Coalesce("confirmed_at", "created_at"),
        )
        .select_related("event", "user")
        .order_by("event__starts_at", "event_id", "id")
    )
    queued = set(
        OutboundMessage.objects.filter(
            dedupe_key__in=[reminder_dedupe_key(r, r.event) for r in registrations]
        ).values_list("dedupe_key", flat=True)
    )
    return [r for r in registrations if reminder_dedupe_key(r, r.event) not in queued]


def send_due_reminders(*, now=None) -> int:
    """Queue the reminders due at ``now`` (default: now); return how many.

    Each confirmed person gets one mail per start time of the event, in
    their language (the user's preferred one, a guest's registration
    language), with the event's .ics (and its online link) attached. The
    outbox's unique ``dedupe_key`` makes a second run, or two runs at once,
    queue nothing more. Each event's mail is queued in one transaction.
    """
    now = now or timezone.now()
    queued = 0
    by_event: dict[int, list[Registration]] = {}
    for registration in due_reminders(now):
        by_event.setdefault(registration.event_id, []).append(registration)
    for registrations in by_event.values():
        event = registrations[0].event
        attachments = {}
        with transaction.atomic():
            for registration in registrations:
                language = _language(registration)
                if language not in attachments:
                    attachments[language] = ics_attachment(
                        event, language=language, with_online_link=True
                    )
                queue_mail(
                    to=registration.email,
                    language=language,
                    template="events/reminder",
                    context={
                        "name": registration.name,
                        "title": localized(event, "title", language).text,
                        "starts_at": event.starts_at,
                        "ends_at": event.ends_at,
                        "venue_name": event.venue_name,
                        "venue_address": event.venue_address,
                        "online_url": event.online_url,
                        "event_url": event_page_url(event, language),
                    },
                    category=OutboundMessage.Category.NOTIFICATION,
                    dedupe_key=reminder_dedupe_key(registration, event),
                    attachments=[attachments[language]],
                )
                queued += 1
    return queued
