"""The events app (calendar and API)'s part of the route matrix (tests/route_matrix.py)."""

from datetime import timedelta

from django.utils import timezone

from events.feeds import feed_token_digest
from events.models import CalendarFeed, Event, Registration
from tests.route_matrix import LOGIN, Route, everyone, visitor_and_users

# The secret of firm A's admin's private feed (its address is public to
# whoever knows it, so everyone gets 200).
FEED_SECRET = "matrix-cal-feed-secret"
MEMBERS_EVENT = "matrix-cal-members-event"
REGISTRATION_PK = 900_501

# Members see a members-only event; a visitor is asked to log in (401 in
# the API), an outsider may not see it (404).
_MEMBERS_OBJECT_API = {**visitor_and_users(401, 200), "outsider": 404}
# The coordinator's API operations: 401 without credentials, else 403.
_COORDINATOR_API = {**visitor_and_users(401, 403), "coordinator": 200}

ROUTES = {
    # --- Calendar files and feeds (no language prefix) ------------------------
    # A file has no login page to send a visitor to: 404 to whoever may not
    # see the members-only event.
    "calendar:event": Route(
        {**everyone(200), "visitor": 404, "outsider": 404},
        kwargs={"slug": MEMBERS_EVENT},
        language=False,
    ),
    "calendar:feed": Route(everyone(200), language=False),
    "calendar:private-feed": Route(everyone(200), kwargs={"token": FEED_SECRET}, language=False),
    # --- The account page of the private feed ---------------------------------
    "events:private-feed": Route(visitor_and_users(LOGIN, 200)),
    # POST only: GET is refused with 405 after the login.
    "events:private-feed-revoke": Route(visitor_and_users(LOGIN, 405)),
    # --- API ---------------------------------------------------------------------
    "api:events": Route(everyone(200), language=False),
    "api:event": Route(_MEMBERS_OBJECT_API, kwargs={"slug": MEMBERS_EVENT}, language=False),
    # POST only: the coordinator's GET is refused with 405.
    "api:event-publish": Route(
        {**_COORDINATOR_API, "coordinator": 405}, kwargs={"slug": MEMBERS_EVENT}, language=False
    ),
    "api:event-cancel": Route(
        {**_COORDINATOR_API, "coordinator": 405}, kwargs={"slug": MEMBERS_EVENT}, language=False
    ),
    "api:event-registrations": Route(
        _COORDINATOR_API, kwargs={"slug": MEMBERS_EVENT}, language=False
    ),
    "api:my-registrations": Route(visitor_and_users(401, 200), language=False),
    # POST only: every user's GET is refused with 405 (the registration is
    # looked up only for a POST).
    "api:registration-cancel": Route(
        visitor_and_users(401, 405), kwargs={"pk": REGISTRATION_PK}, language=False
    ),
    "api:registration-attendance": Route(
        {**_COORDINATOR_API, "coordinator": 405},
        kwargs={"pk": REGISTRATION_PK},
        language=False,
    ),
}


def create_objects(*, firm_a, firm_b, firm_a_admin, firm_b_admin):
    """Create the objects this app's routes name in their kwargs."""
    starts_at = (timezone.now() + timedelta(days=30)).replace(minute=0, second=0, microsecond=0)
    common = {
        "kind": Event.Kind.INTEGRATION,
        "state": Event.State.PUBLISHED,
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=3),
        "venue_name": "Park Przemysłowy",
        "online_url": "https://meet.example.com/matrix",
        "capacity": 20,
        "published_at": timezone.now(),
    }
    public = Event.objects.create(
        pk=900_501,
        slug="matrix-cal-event",
        audience=Event.Audience.PUBLIC,
        title_pl="Spotkanie kalendarza",
        **common,
    )
    Event.objects.create(
        pk=900_502,
        slug=MEMBERS_EVENT,
        audience=Event.Audience.MEMBERS,
        title_pl="Spotkanie członków (kalendarz)",
        **common,
    )
    Registration.objects.create(
        pk=REGISTRATION_PK,
        event=public,
        user=firm_a_admin,
        firm=firm_a,
        name=firm_a_admin.name,
        email=firm_a_admin.email,
        state=Registration.State.CONFIRMED,
        confirmed_at=timezone.now(),
    )
    CalendarFeed.objects.create(user=firm_a_admin, token_digest=feed_token_digest(FEED_SECRET))
