"""Routes of the newsletters app (campaigns, archive, sign-up, preferences)
in the route matrix."""

from django.utils import timezone

from newsletters.models import Campaign
from tests.route_matrix import COORDINATOR_ONLY, LOGIN, Route, everyone, visitor_and_users

# A draft for the coordinator's pages; a sent public one for the archive.
DRAFT_PK = 900_601
SENT_PK = 900_602

_POST_ONLY = {**COORDINATOR_ONLY, "coordinator": 405}

ROUTES: dict = {
    "newsletters:signup": Route(everyone(200)),
    "newsletters:archive": Route(everyone(200)),
    "newsletters:archive-detail": Route(everyone(200), kwargs={"slug": "matrix-campaign"}),
    "newsletters:preferences": Route(visitor_and_users(LOGIN, 200)),
    "newsletters:campaigns": Route(COORDINATOR_ONLY),
    "newsletters:campaign-create": Route(COORDINATOR_ONLY),
    "newsletters:campaign-audience": Route(COORDINATOR_ONLY),
    "newsletters:campaign": Route(COORDINATOR_ONLY, kwargs={"pk": DRAFT_PK}),
    "newsletters:campaign-edit": Route(COORDINATOR_ONLY, kwargs={"pk": DRAFT_PK}),
    "newsletters:campaign-preview": Route(COORDINATOR_ONLY, kwargs={"pk": DRAFT_PK}),
    "newsletters:campaign-preview-html": Route(
        COORDINATOR_ONLY, kwargs={"pk": DRAFT_PK, "language": "en"}
    ),
    "newsletters:campaign-progress": Route(COORDINATOR_ONLY, kwargs={"pk": SENT_PK}),
    # POST only: access first, then the coordinator's GET is refused with 405.
    "newsletters:campaign-test": Route(_POST_ONLY, kwargs={"pk": DRAFT_PK}),
    "newsletters:campaign-schedule": Route(_POST_ONLY, kwargs={"pk": DRAFT_PK}),
    "newsletters:campaign-send": Route(_POST_ONLY, kwargs={"pk": DRAFT_PK}),
    "newsletters:campaign-cancel": Route(_POST_ONLY, kwargs={"pk": DRAFT_PK}),
}


def create_objects(*, firm_a, firm_b, firm_a_admin, firm_b_admin):
    """Create the objects these routes name in their kwargs."""
    now = timezone.now()
    Campaign.objects.create(
        pk=DRAFT_PK,
        slug="matrix-draft",
        subject_pl="Szkic newslettera",
        body_pl="Treść **szkicu**.",
        segments=[{"code": "newsletters.subscribers", "params": {}}],
    )
    Campaign.objects.create(
        pk=SENT_PK,
        slug="matrix-campaign",
        subject_pl="Newsletter w archiwum",
        subject_en="Newsletter in the archive",
        body_pl="Wiadomości klastra.",
        body_en="News of the cluster.",
        segments=[{"code": "newsletters.subscribers", "params": {}}],
        state=Campaign.State.SENT,
        is_public=True,
        started_at=now,
        written_at=now,
        finished_at=now,
        recipient_count=0,
        no_consent_count=0,
        opted_out_count=0,
    )
