"""The API fuzzing targets of this app (tests/api/test_schema.py).

Each operation gets an object on which its documented example succeeds for
the member who calls it; ``reset`` puts every object back before each case
(a fuzzed PATCH changes texts, a decision decides, a POST creates rows).
"""

from datetime import timedelta

from django.utils import timezone

from projects.models import ExternalPartner, Interest, Opportunity, Participation, Project
from tests.api.schema_targets import SchemaTargets
from tests.projects.factories import OpportunityFactory, ProjectFactory, led_project

# How many operations (method + path) this app's API documents: projects
# (list, create, detail, change, submit, state), participations (list, ask,
# invite, decide, withdraw), external partners (list, add, remove),
# postings (list, create, detail, change, submit, review, renew, withdraw)
# and interests (list, express).
OPERATIONS = 24

PARTNER_PK = 900_401
PARTICIPATION_PK = 900_402

PROJECTS = "/api/v1/projects/{slug}/"
OPPORTUNITIES = "/api/v1/opportunities/{id}/"


def prepare(*, firm_a, firm_b, firm_a_admin, firm_a_editor, firm_b_admin, coordinator):
    """Create the objects the fuzzing should find; return the targets."""
    # Led by firm A and recruiting: firm B may ask to join or be invited.
    led = led_project(
        firm_a, slug="schema-led", visibility=Project.Visibility.MEMBERS, created_by=firm_a_admin
    )
    ExternalPartner.objects.create(
        pk=PARTNER_PK, project=led, name="Fraunhofer IGB", country="DE", kind="research"
    )
    draft = ProjectFactory(firm=firm_a, slug="schema-draft", state=Project.State.DRAFT)
    # Firm B's request to join, for the leader to decide and firm B to withdraw.
    decide = led_project(firm_a, slug="schema-decide")
    Participation.objects.create(
        pk=PARTICIPATION_PK,
        project=decide,
        firm=firm_b,
        role=Participation.Role.PARTNER,
        state=Participation.State.REQUESTED,
        message="Chętnie dołączymy.",
    )
    published = OpportunityFactory(
        firm=firm_a, expires_on=timezone.localdate() + timedelta(days=20)
    )
    draft_posting = OpportunityFactory(firm=firm_a, state=Opportunity.State.DRAFT)
    submitted = OpportunityFactory(firm=firm_a, state=Opportunity.State.SUBMITTED)

    projects = {p.pk: _row(Project, p.pk) for p in (led, draft, decide)}
    opportunities = {o.pk: _row(Opportunity, o.pk) for o in (published, draft_posting, submitted)}
    participations = {
        p.pk: _row(Participation, p.pk) for p in Participation.objects.filter(project__in=projects)
    }
    partner = _row(ExternalPartner, PARTNER_PK)

    def reset():
        Project.objects.exclude(pk__in=projects).delete()
        Opportunity.objects.exclude(pk__in=opportunities).delete()
        Participation.objects.exclude(pk__in=participations).delete()
        ExternalPartner.objects.exclude(pk=PARTNER_PK).delete()
        Interest.objects.all().delete()
        for model, rows in (
            (Project, projects),
            (Opportunity, opportunities),
            (Participation, participations),
        ):
            for pk, values in rows.items():
                model.objects.filter(pk=pk).update(**values)
        ExternalPartner.objects.update_or_create(pk=PARTNER_PK, defaults=partner)

    decision = "/api/v1/projects/{slug}/participations/{id}/"
    return SchemaTargets(
        paths={
            PROJECTS: {"slug": led.slug},
            PROJECTS + "state/": {"slug": led.slug},
            PROJECTS + "submit/": {"slug": draft.slug},
            PROJECTS + "participations/": {"slug": led.slug},
            PROJECTS + "invitations/": {"slug": led.slug},
            decision + "decision/": {"slug": decide.slug, "id": PARTICIPATION_PK},
            decision + "withdraw/": {"slug": decide.slug, "id": PARTICIPATION_PK},
            PROJECTS + "external-partners/": {"slug": led.slug},
            PROJECTS + "external-partners/{id}/": {"slug": led.slug, "id": PARTNER_PK},
            OPPORTUNITIES: {"id": draft_posting.pk},
            OPPORTUNITIES + "submit/": {"id": draft_posting.pk},
            OPPORTUNITIES + "review/": {"id": submitted.pk},
            OPPORTUNITIES + "renew/": {"id": published.pk},
            OPPORTUNITIES + "withdraw/": {"id": published.pk},
            OPPORTUNITIES + "interests/": {"id": published.pk},
        },
        acting={
            ("PATCH", PROJECTS): "firm_a_admin",
            ("POST", PROJECTS + "state/"): "firm_a_admin",
            ("POST", PROJECTS + "submit/"): "firm_a_admin",
            ("POST", PROJECTS + "participations/"): "firm_b_admin",
            ("POST", PROJECTS + "invitations/"): "firm_a_admin",
            ("POST", decision + "decision/"): "firm_a_admin",
            ("POST", decision + "withdraw/"): "firm_b_admin",
            ("POST", PROJECTS + "external-partners/"): "firm_a_admin",
            ("DELETE", PROJECTS + "external-partners/{id}/"): "firm_a_admin",
            ("POST", OPPORTUNITIES + "submit/"): "firm_a_admin",
            ("POST", OPPORTUNITIES + "review/"): "coordinator",
            ("POST", OPPORTUNITIES + "renew/"): "firm_a_admin",
            ("POST", OPPORTUNITIES + "withdraw/"): "firm_a_admin",
            ("GET", OPPORTUNITIES + "interests/"): "firm_a_admin",
            ("POST", OPPORTUNITIES + "interests/"): "firm_b_admin",
        },
        reset=reset,
    )


def _row(model, pk) -> dict:
    """The row's stored values, to write back."""
    values = model.objects.filter(pk=pk).values().get()
    values.pop("id")
    return values
