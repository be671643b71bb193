"""Routes of the newsletters app (api) in the route matrix.

Campaigns are the coordinator's: visitors get 401 (DRF asks for a token),
everyone else 403; the POST-only actions check access first and then
answer the coordinator's GET with 405. The archive is public; the
subscription is the requester's own (visitors 401); the public sign-up is
POST only (405 to a GET).
"""

from django.utils import timezone

from newsletters.models import Campaign
from tests.route_matrix import Route, everyone, visitor_and_users

DRAFT_PK = 900_901
SENT_PK = 900_902
ARCHIVE_SLUG = "matrix-api-archive"

_COORDINATOR = {**visitor_and_users(401, 403), "coordinator": 200}
_COORDINATOR_POST_ONLY = {**_COORDINATOR, "coordinator": 405}


def _api(statuses, **kwargs):
    return Route(statuses, kwargs=kwargs, language=False)


ROUTES: dict = {
    "api:campaigns": _api(_COORDINATOR),
    "api:campaign": _api(_COORDINATOR, pk=DRAFT_PK),
    "api:campaign-audience": _api(_COORDINATOR, pk=DRAFT_PK),
    "api:campaign-test": _api(_COORDINATOR_POST_ONLY, pk=DRAFT_PK),
    "api:campaign-schedule": _api(_COORDINATOR_POST_ONLY, pk=DRAFT_PK),
    "api:campaign-unschedule": _api(_COORDINATOR_POST_ONLY, pk=DRAFT_PK),
    "api:campaign-send": _api(_COORDINATOR_POST_ONLY, pk=DRAFT_PK),
    "api:campaign-cancel": _api(_COORDINATOR_POST_ONLY, pk=DRAFT_PK),
    "api:campaign-progress": _api(_COORDINATOR, pk=SENT_PK),
    "api:archive": _api(everyone(200)),
    "api:archive-campaign": _api(everyone(200), slug=ARCHIVE_SLUG),
    "api:subscription": _api(visitor_and_users(401, 200)),
    "api:newsletter-signups": _api(everyone(405)),
}


def create_objects(*, firm_a, firm_b, firm_a_admin, firm_b_admin):
    """A draft campaign and a sent one in the archive."""
    segments = [{"code": "newsletters.subscribers", "params": {}}]
    Campaign.objects.create(
        pk=DRAFT_PK,
        slug="matrix-api-draft",
        subject_pl="Szkic w API",
        body_pl="Treść szkicu.",
        segments=segments,
    )
    now = timezone.now()
    Campaign.objects.create(
        pk=SENT_PK,
        slug=ARCHIVE_SLUG,
        subject_pl="Newsletter w archiwum API",
        subject_en="Newsletter in the API archive",
        body_pl="Wiadomości klastra.",
        body_en="News of the cluster.",
        segments=segments,
        state=Campaign.State.SENT,
        is_public=True,
        started_at=now,
        written_at=now,
        finished_at=now,
    )
