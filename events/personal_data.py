"""Personal data held by the events app."""

from chemster.lib.personal_data import register
from events.models import Registration


def _anonymise_registrations(registrations, email):
    # Counts of who registered and attended stay for the reports; who it
    # was goes.
    for registration in registrations:
        registration.name = ""
        registration.email = f"erased-{registration.pk}@invalid"
        registration.organisation = ""
        registration.save(update_fields=["name", "email", "organisation"])


register(
    Registration,
    fields=("name", "email", "organisation"),
    rows_for=lambda email: Registration.objects.filter(email__iexact=email),
    erasure="anonymise",
    anonymise=_anonymise_registrations,
)
