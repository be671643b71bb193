"""Routes of the projects app (cooperation offers and requests) in the
route matrix.

Objects: a published posting of firm A (900201), which everyone sees; a
draft of firm A (900202), which only firm A's users and the coordinator
see (others 404); a submitted posting of firm A (900203) for the review
page. POST-only views check access first, then answer a GET with 405.
"""

from datetime import timedelta

from django.utils import timezone

from members.models import Competence
from projects.models import Opportunity
from tests.route_matrix import COORDINATOR_ONLY, LOGIN, Route, everyone, visitor_and_users

PUBLISHED_PK = 900_201
DRAFT_PK = 900_202
SUBMITTED_PK = 900_203

FIRM_A_USERS = {"firm_a_admin": 200, "firm_a_editor": 200}

ROUTES: dict = {
    # The public board and a published posting's page.
    "projects:opportunities": Route(everyone(200)),
    "projects:opportunity-detail": Route(everyone(200), kwargs={"pk": PUBLISHED_PK}),
    # The coordinator's queue and review page.
    "projects:opportunity-queue": Route(COORDINATOR_ONLY),
    "projects:opportunity-review": Route(COORDINATOR_ONLY, kwargs={"pk": SUBMITTED_PK}),
    # The firm's own list: its users and the coordinator; others may see the
    # (active) firm but not its list.
    "projects:firm-opportunities": Route(
        {**visitor_and_users(LOGIN, 403), **FIRM_A_USERS, "coordinator": 200},
        kwargs={"firm": "firma-a"},
    ),
    # Only the firm's editors and admins draft (not the coordinator).
    "projects:opportunity-create": Route(
        {**visitor_and_users(LOGIN, 403), **FIRM_A_USERS},
        kwargs={"firm": "firma-a"},
    ),
    # A draft: others may not see it (404); the coordinator sees it but
    # does not edit or submit it (403); only the firm's admin submits.
    "projects:opportunity-edit": Route(
        {**visitor_and_users(LOGIN, 404), **FIRM_A_USERS, "coordinator": 403},
        kwargs={"pk": DRAFT_PK},
    ),
    "projects:opportunity-submit": Route(
        {
            **visitor_and_users(LOGIN, 404),
            "firm_a_admin": 405,
            "firm_a_editor": 403,
            "coordinator": 403,
        },
        kwargs={"pk": DRAFT_PK},
    ),
    # A published posting: everyone sees it; only firm A's admin renews it,
    # and the coordinator may also withdraw it.
    "projects:opportunity-renew": Route(
        {**visitor_and_users(LOGIN, 403), "firm_a_admin": 405},
        kwargs={"pk": PUBLISHED_PK},
    ),
    "projects:opportunity-withdraw": Route(
        {**visitor_and_users(LOGIN, 403), "firm_a_admin": 405, "coordinator": 405},
        kwargs={"pk": PUBLISHED_PK},
    ),
    # Users of other member firms answer; the posting's own firm, the
    # coordinator (no firm) and the outsider are refused.
    "projects:opportunity-interest": Route(
        {**visitor_and_users(LOGIN, 403), "firm_b_admin": 200, "firm_b_editor": 200},
        kwargs={"pk": PUBLISHED_PK},
    ),
}


def create_objects(*, firm_a, firm_b, firm_a_admin, firm_b_admin):
    """Create the objects these routes name in their kwargs."""
    now = timezone.now()
    common = {
        "firm": firm_a,
        "created_by": firm_a_admin,
        "kind": Opportunity.Kind.TECHNOLOGY_OFFER,
        "summary_pl": "Uwodornienie katalityczne w skali pilotażowej.",
        "description_pl": "Pełny opis dla członków klastra.",
    }
    published = Opportunity.objects.create(
        pk=PUBLISHED_PK,
        state=Opportunity.State.PUBLISHED,
        title_pl="Uwodornienie w skali pilotażowej",
        submitted_at=now,
        published_at=now,
        expires_on=timezone.localdate() + timedelta(days=300),
        **common,
    )
    published.competences.set(Competence.objects.filter(code__in=["hydrogenation", "scale-up"]))
    Opportunity.objects.create(
        pk=DRAFT_PK, state=Opportunity.State.DRAFT, title_pl="Szkic oferty", **common
    )
    Opportunity.objects.create(
        pk=SUBMITTED_PK,
        state=Opportunity.State.SUBMITTED,
        title_pl="Oferta do oceny",
        submitted_at=now,
        **common,
    )
