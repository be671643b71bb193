"""The API fuzzing targets of this app (tests/api/test_schema.py).

Each operation gets a campaign on which its documented example succeeds
for the member who calls it (the coordinator for campaigns); ``reset``
puts every row back before each case (a PATCH changes texts, sending and
cancelling move states, a POST creates campaigns, consents and opt-outs).
"""

from datetime import timedelta

from django.utils import timezone

from newsletters.models import Campaign, Consent, OptOut
from tests.api.schema_targets import SchemaTargets

# How many operations (method + path) this app's API documents: campaigns
# (list, create, detail, change, audience, test, schedule, unschedule,
# send, cancel, progress), the archive (list, detail), the subscription
# (read, PATCH, POST) and the public sign-up.
OPERATIONS = 17

DRAFT_PK = 900_911
SCHEDULED_PK = 900_912
SENT_PK = 900_913
ARCHIVE_SLUG = "schema-archive"

CAMPAIGN = "/api/v1/campaigns/{id}/"


def prepare(*, firm_a, firm_b, firm_a_admin, firm_a_editor, firm_b_admin, coordinator):
    """Create the objects the fuzzing should find; return the targets."""
    now = timezone.now()
    segments = [{"code": "newsletters.subscribers", "params": {}}]
    common = {"body_pl": "Treść **kampanii**.", "segments": segments}
    Campaign.objects.create(pk=DRAFT_PK, slug="schema-draft", subject_pl="Szkic", **common)
    Campaign.objects.create(
        pk=SCHEDULED_PK,
        slug="schema-scheduled",
        subject_pl="Zaplanowana",
        state=Campaign.State.SCHEDULED,
        scheduled_at=now + timedelta(days=7),
        **common,
    )
    Campaign.objects.create(
        pk=SENT_PK,
        slug=ARCHIVE_SLUG,
        subject_pl="W archiwum",
        subject_en="In the archive",
        body_en="News of the cluster.",
        state=Campaign.State.SENT,
        is_public=True,
        started_at=now,
        written_at=now,
        finished_at=now,
        **common,
    )
    campaigns = {
        pk: Campaign.objects.filter(pk=pk).values().get()
        for pk in (DRAFT_PK, SCHEDULED_PK, SENT_PK)
    }
    consents = set(Consent.objects.values_list("pk", flat=True))
    opt_outs = set(OptOut.objects.values_list("pk", flat=True))

    def reset():
        Campaign.objects.exclude(pk__in=campaigns).delete()
        for pk, values in campaigns.items():
            Campaign.objects.filter(pk=pk).update(**values)
        Consent.objects.exclude(pk__in=consents).delete()
        OptOut.objects.exclude(pk__in=opt_outs).delete()

    return SchemaTargets(
        paths={
            CAMPAIGN: {"id": DRAFT_PK},
            CAMPAIGN + "audience/": {"id": DRAFT_PK},
            CAMPAIGN + "test/": {"id": DRAFT_PK},
            CAMPAIGN + "schedule/": {"id": DRAFT_PK},
            CAMPAIGN + "send/": {"id": DRAFT_PK},
            CAMPAIGN + "unschedule/": {"id": SCHEDULED_PK},
            CAMPAIGN + "cancel/": {"id": SCHEDULED_PK},
            CAMPAIGN + "progress/": {"id": SENT_PK},
            "/api/v1/archive/{slug}/": {"slug": ARCHIVE_SLUG},
        },
        acting=dict.fromkeys(
            [
                ("GET", "/api/v1/campaigns/"),
                ("POST", "/api/v1/campaigns/"),
                ("GET", CAMPAIGN),
                ("PATCH", CAMPAIGN),
                ("GET", CAMPAIGN + "audience/"),
                ("POST", CAMPAIGN + "test/"),
                ("POST", CAMPAIGN + "schedule/"),
                ("POST", CAMPAIGN + "unschedule/"),
                ("POST", CAMPAIGN + "send/"),
                ("POST", CAMPAIGN + "cancel/"),
                ("GET", CAMPAIGN + "progress/"),
            ],
            "coordinator",
        ),
        reset=reset,
    )
