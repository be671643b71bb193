"""Campaign audiences offered by events: an event's registrants.

Registered with ``newsletters.segments`` in ``EventsConfig.ready()``.
Registrants who are not contacts of an active member firm (guests, for
instance) get campaigns only with a confirmed newsletter consent.
"""

from django.utils.translation import gettext_lazy as _

from chemster.lib.i18n import localized
from events.models import Event, Registration
from members.segments import member_contact_addresses
from newsletters.segments import Param, register


def _registrants(params: dict):
    members = member_contact_addresses()
    return (
        (email, language, email.strip().lower() in members)
        for email, language in Registration.objects.filter(
            event_id=int(params["event"]),
            state__in=(Registration.State.CONFIRMED, Registration.State.ATTENDED),
        )
        .order_by("pk")
        .values_list("email", "language")
    )


def _event_choices():
    return [
        (event.pk, localized(event, "title").text)
        for event in Event.objects.exclude(state=Event.State.DRAFT).order_by("-starts_at", "-pk")
    ]


register(
    "events.registrants",
    label=_("Registrants of an event (confirmed or attended)"),
    addresses=_registrants,
    params=[Param("event", _("Event"), "choice", _event_choices)],
)
