"""Routes of the projects app (projects) in the route matrix.

``matrix-project`` is members-only and recruiting, led by firm A: visitors
log in, the outsider gets 404 (it may not see it), firm B may see it but
not manage it (403) and is no participant (documents 403). ``matrix-public``
is a public combined offer, so its offer page answers everyone.
``matrix-draft`` is firm A's draft: only firm A's users see it, and only its
admin may submit (editors 403). POST-only routes answer a GET with 405
after the access check.
"""

from django.core.files.base import ContentFile
from django.utils import timezone

from projects.models import ExternalPartner, Participation, Project, ProjectDocument
from tests.route_matrix import LOGIN, Route, everyone, visitor_and_users

MATRIX_DOCUMENT = "projects/matrix/matrix-document.pdf"
MATRIX_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _manage(get_status):
    """A manage page of matrix-project: firm A's admin and the coordinator."""
    return {
        **visitor_and_users(LOGIN, 403),
        "outsider": 404,
        "firm_a_admin": get_status,
        "coordinator": get_status,
    }


def _participants(get_status):
    """A participants' page of matrix-project: firm A's users and the coordinator."""
    return {
        **_manage(get_status),
        "firm_a_editor": get_status,
    }


_PROJECT = {"slug": "matrix-project"}

ROUTES: dict = {
    "projects:list": Route(everyone(200)),
    # The firm's users and the coordinator; others who may see the firm 403.
    "projects:firm-projects": Route(
        {
            **visitor_and_users(LOGIN, 403),
            "firm_a_admin": 200,
            "firm_a_editor": 200,
            "coordinator": 200,
        },
        kwargs={"firm": "firma-a"},
    ),
    # Drafting is for the firm's own editors and admins (not the coordinator).
    "projects:create": Route(
        {**visitor_and_users(LOGIN, 403), "firm_a_admin": 200, "firm_a_editor": 200},
        kwargs={"firm": "firma-a"},
    ),
    # A members-only project: visitors log in, the outsider may not see it.
    "projects:detail": Route({**visitor_and_users(LOGIN, 200), "outsider": 404}, kwargs=_PROJECT),
    "projects:offer": Route(everyone(200), kwargs={"slug": "matrix-public"}),
    "projects:edit": Route(_manage(200), kwargs=_PROJECT),
    "projects:submit": Route(
        {
            **visitor_and_users(LOGIN, 404),
            "firm_a_admin": 405,
            "firm_a_editor": 403,
        },
        kwargs={"slug": "matrix-draft"},
    ),
    "projects:state": Route(_manage(405), kwargs=_PROJECT),
    "projects:external-partners": Route(_manage(200), kwargs=_PROJECT),
    "projects:external-partner-delete": Route(_manage(405), kwargs={**_PROJECT, "pk": 900_001}),
    "projects:documents": Route(_participants(200), kwargs=_PROJECT),
    "projects:document": Route(_participants(200), kwargs={**_PROJECT, "pk": 900_001}),
    "projects:document-delete": Route(_manage(405), kwargs={**_PROJECT, "pk": 900_001}),
    "projects:update-add": Route(_manage(405), kwargs=_PROJECT),
}


def _project(slug, firm, **fields) -> Project:
    now = timezone.now()
    project = Project.objects.create(
        slug=slug,
        firm=firm,
        title_pl=fields.pop("title_pl"),
        submitted_at=None if fields.get("state") == Project.State.DRAFT else now,
        **fields,
    )
    if project.state != Project.State.DRAFT:
        Participation.objects.create(
            project=project,
            firm=firm,
            role=Participation.Role.LEADER,
            state=Participation.State.ACCEPTED,
            decided_at=now,
        )
    return project


def create_objects(*, firm_a, firm_b, firm_a_admin, firm_b_admin):
    """Create the objects these routes name in their kwargs."""
    project = _project(
        "matrix-project",
        firm_a,
        kind=Project.Kind.RESEARCH,
        state=Project.State.RECRUITING,
        visibility=Project.Visibility.MEMBERS,
        title_pl="Katalizatory uwodornienia nowej generacji",
        title_en="Next-generation hydrogenation catalysts",
    )
    _project(
        "matrix-public",
        firm_a,
        kind=Project.Kind.COMBINED_OFFER,
        state=Project.State.RECRUITING,
        visibility=Project.Visibility.PUBLIC,
        title_pl="Wspólna oferta syntezy kontraktowej",
        title_en="Joint toll-synthesis offer",
        offer_pl="Od próby laboratoryjnej do partii produkcyjnej.",
    )
    _project(
        "matrix-draft",
        firm_a,
        kind=Project.Kind.SOLUTION,
        state=Project.State.DRAFT,
        visibility=Project.Visibility.MEMBERS,
        title_pl="Szkic wspólnego rozwiązania",
    )
    ExternalPartner.objects.create(
        pk=900_001,
        project=project,
        name="Leibniz-Institut für Katalyse",
        country="DE",
        kind=ExternalPartner.Kind.RESEARCH,
    )
    # The field's own storage: the one the download view reads.
    storage = ProjectDocument._meta.get_field("file").storage
    if not storage.exists(MATRIX_DOCUMENT):
        storage.save(MATRIX_DOCUMENT, ContentFile(MATRIX_PDF))
    ProjectDocument.objects.create(
        pk=900_001,
        project=project,
        title="Harmonogram prac",
        file=MATRIX_DOCUMENT,
        original_name="harmonogram.pdf",
        content_type="application/pdf",
        size=len(MATRIX_PDF),
    )
