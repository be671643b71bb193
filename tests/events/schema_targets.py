"""The API fuzzing targets of this app (tests/api/test_schema.py)."""

from datetime import timedelta

from django.utils import timezone

from events.models import Event, Registration
from tests.api.schema_targets import SchemaTargets

# How many operations (method + path) this app's API documents: events
# (GET, POST), an event (GET, PATCH), publish, cancel, an event's
# registrations (GET, POST), my registrations, a registration's cancel and
# attendance.
OPERATIONS = 11

_EVENT_FIELDS = (
    "kind",
    "audience",
    "state",
    "title_pl",
    "title_en",
    "description_pl",
    "description_en",
    "starts_at",
    "ends_at",
    "venue_name",
    "venue_address",
    "online_url",
    "capacity",
    "registration_opens_at",
    "registration_closes_at",
    "reminder_lead",
    "published_at",
    "cancelled_at",
)


def _event(slug: str, **fields) -> Event:
    starts_at = (timezone.now() + timedelta(days=60)).replace(minute=0, second=0, microsecond=0)
    values = {
        "kind": Event.Kind.WORKSHOP,
        "audience": Event.Audience.PUBLIC,
        "state": Event.State.PUBLISHED,
        "title_pl": f"Wydarzenie testowe {slug}",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=4),
        "venue_name": "Park Przemysłowy",
        "published_at": timezone.now(),
        **fields,
    }
    return Event.objects.create(slug=slug, **values)


def prepare(*, firm_a, firm_b, firm_a_admin, firm_a_editor, firm_b_admin, coordinator):
    """Create the objects the fuzzing should find; return the targets."""
    # Open for registration with unlimited seats: the editor registers
    # themself on every case (their registration is removed before each).
    main = _event("api-fuzz-event")
    draft = _event("api-fuzz-draft", state=Event.State.DRAFT, published_at=None)
    to_cancel = _event("api-fuzz-cancel")
    with_registrations = _event("api-fuzz-registered")
    own = Registration.objects.create(
        event=with_registrations,
        user=firm_a_editor,
        firm=firm_a,
        name=firm_a_editor.name,
        email=firm_a_editor.email,
        state=Registration.State.CONFIRMED,
        confirmed_at=timezone.now(),
    )
    guest = Registration.objects.create(
        event=with_registrations,
        name="Gość Testowy",
        email="gosc-api@example.pl",
        state=Registration.State.CONFIRMED,
        confirmed_at=timezone.now(),
    )
    originals = {
        event.pk: {name: getattr(event, name) for name in _EVENT_FIELDS}
        for event in (main, draft, to_cancel, with_registrations)
    }

    def reset():
        # PATCH changes the event, publish and cancel change states, the
        # registration cases cancel or check in: each case starts afresh.
        for pk, fields in originals.items():
            Event.objects.filter(pk=pk).update(**fields)
        Registration.objects.filter(event=main).delete()
        Registration.objects.filter(pk__in=[own.pk, guest.pk]).update(
            state=Registration.State.CONFIRMED,
            waitlist_position=None,
            cancelled_at=None,
            attended_at=None,
        )

    return SchemaTargets(
        paths={
            "/api/v1/events/{slug}/": {"slug": main.slug},
            "/api/v1/events/{slug}/registrations/": {"slug": main.slug},
            "/api/v1/events/{slug}/publish/": {"slug": draft.slug},
            "/api/v1/events/{slug}/cancel/": {"slug": to_cancel.slug},
            "/api/v1/registrations/{id}/cancel/": {"id": own.pk},
            "/api/v1/registrations/{id}/attendance/": {"id": guest.pk},
        },
        acting={
            ("POST", "/api/v1/events/"): "coordinator",
            ("PATCH", "/api/v1/events/{slug}/"): "coordinator",
            ("POST", "/api/v1/events/{slug}/publish/"): "coordinator",
            ("POST", "/api/v1/events/{slug}/cancel/"): "coordinator",
            ("GET", "/api/v1/events/{slug}/registrations/"): "coordinator",
            ("POST", "/api/v1/registrations/{id}/attendance/"): "coordinator",
        },
        reset=reset,
    )
