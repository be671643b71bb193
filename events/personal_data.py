"""Personal data held by the events app."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from chemster.lib.personal_data import ConsentRecord, register
from chemster.services import redact_audit_entries_of
from events.content import guest_clause_text_for
from events.models import CalendarFeed, Event, Registration
from events.services import CANCELLABLE_STATES, cancel_registration_of_erased


def _anonymise_registrations(registrations, email):
    # Counts of who registered and attended stay for the reports (and the
    # strategy's indicators); who it was goes. A place the person still
    # holds at a coming event is cancelled first, so that it goes to the
    # waitlist rather than to nobody.
    now = timezone.now()
    for registration in registrations.select_related("event"):
        if (
            registration.state in CANCELLABLE_STATES
            and registration.event.state != Event.State.CANCELLED
            and registration.event.starts_at > now
        ):
            try:
                cancel_registration_of_erased(registration=registration)
            except ValidationError:
                pass  # Changed meanwhile: nothing to free any more.
            else:
                redact_audit_entries_of(Registration, {registration.pk: registration.email})
        registration.name = ""
        registration.email = f"erased-{registration.pk}@invalid"
        registration.organisation = ""
        registration.save(update_fields=["name", "email", "organisation"])


def _clauses_shown(email):
    registrations = (
        Registration.objects.filter(email__iexact=email)
        .exclude(clause_version="")
        .select_related("event")
        .order_by("created_at", "id")
    )
    return [
        ConsentRecord(
            kind="clause",
            subject=_("Event registration: %(event)s") % {"event": registration.event.title_pl},
            version=registration.clause_version,
            sha256=registration.clause_sha256,
            at=registration.created_at,
            language=registration.language,
            method=_("guest registration form"),
            text=guest_clause_text_for(registration.clause_version, registration.clause_sha256),
        )
        for registration in registrations
    ]


register(
    Registration,
    fields=(
        "event",
        "name",
        "email",
        "organisation",
        "language",
        "state",
        "created_at",
        "confirmed_at",
        "cancelled_at",
        "attended_at",
        "clause_version",
    ),
    rows_for=lambda email: Registration.objects.filter(email__iexact=email),
    erasure="anonymise",
    anonymise=_anonymise_registrations,
    records=_clauses_shown,
)
# The private feed's secret is the person's; its row goes with the account.
register(
    CalendarFeed,
    fields=("created_at", "last_used_at"),
    rows_for=lambda email: CalendarFeed.objects.filter(user__email__iexact=email),
    erasure="delete",
)
