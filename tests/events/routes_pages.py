"""The events app (pages)'s part of the route matrix (tests/route_matrix.py).

The matrix's events: ``matrix-event`` (public, published, in two weeks),
``matrix-members-event`` (members only, published) and
``matrix-draft-event`` (a public draft); registration 900401 is firm A's
admin's seat at ``matrix-event``.
"""

from events.models import Event, Registration
from tests.events.factories import EventFactory, RegistrationFactory
from tests.route_matrix import COORDINATOR_ONLY, LOGIN, Route, everyone, visitor_and_users

EVENT = {"slug": "matrix-event"}
REGISTRATION = {"slug": "matrix-event", "pk": 900401}

ROUTES: dict = {
    # --- The calendar and event pages (public) -----------------------------
    "events:calendar": Route(everyone(200)),
    "events:archive": Route(everyone(200)),
    # An unknown, bad or expired guest link.
    "events:guest-confirm": Route(everyone(404), kwargs={"token": "no-such-token"}),
    "events:guest-cancel": Route(everyone(404), kwargs={"token": "no-such-token"}),
    # A members-only event: visitors log in, the outsider may not see it.
    "events:detail": Route(
        {**visitor_and_users(LOGIN, 200), "outsider": 404},
        kwargs={"slug": "matrix-members-event"},
    ),
    # --- Registering ------------------------------------------------------
    # POST only: the method is refused after the access check.
    "events:register": Route(visitor_and_users(LOGIN, 405), kwargs=EVENT),
    # Firm admins register colleagues; others may see the event: 403.
    "events:register-colleagues": Route(
        {
            **visitor_and_users(LOGIN, 403),
            "firm_a_admin": 200,
            "firm_b_admin": 200,
        },
        kwargs=EVENT,
    ),
    "events:register-guest": Route(everyone(200), kwargs=EVENT),
    # The person, their firm's admin and the coordinator may cancel (POST);
    # for anyone else the registration does not exist.
    "events:registration-cancel": Route(
        {
            **visitor_and_users(LOGIN, 404),
            "firm_a_admin": 405,
            "coordinator": 405,
        },
        kwargs=REGISTRATION,
    ),
    # --- The coordinator's pages --------------------------------------------
    "events:manage": Route(COORDINATOR_ONLY),
    "events:create": Route(COORDINATOR_ONLY),
    "events:edit": Route(COORDINATOR_ONLY, kwargs={"slug": "matrix-draft-event"}),
    "events:publish": Route(
        {**COORDINATOR_ONLY, "coordinator": 405}, kwargs={"slug": "matrix-draft-event"}
    ),
    "events:cancel": Route(COORDINATOR_ONLY, kwargs=EVENT),
    "events:registrations": Route(COORDINATOR_ONLY, kwargs=EVENT),
    "events:check-in": Route(COORDINATOR_ONLY, kwargs=EVENT),
    "events:mark-attended": Route({**COORDINATOR_ONLY, "coordinator": 405}, kwargs=REGISTRATION),
    "events:export": Route(COORDINATOR_ONLY, kwargs={**EVENT, "file_format": "csv"}),
}


def create_objects(*, firm_a, firm_b, firm_a_admin, firm_b_admin):
    """Create the objects this app's routes name in their kwargs."""
    event = EventFactory(slug="matrix-event", title_pl="Spotkanie macierzy", capacity=10)
    EventFactory(slug="matrix-members-event", audience=Event.Audience.MEMBERS)
    EventFactory(slug="matrix-draft-event", state=Event.State.DRAFT)
    RegistrationFactory(
        pk=900401,
        event=event,
        user=firm_a_admin,
        firm=firm_a,
        name=firm_a_admin.name,
        email=firm_a_admin.email,
        state=Registration.State.CONFIRMED,
    )
