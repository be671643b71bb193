"""Write attempts on the route matrix's routes (tests/test_write_matrix.py).

Every route of tests/route_matrix.py whose URL names an object (it has
kwargs) is declared here: either with the writes to attempt on it, or with
``NoWrite(reason)`` when nothing there can be written (a one-time link's
token, not an object). Every write method of every API route is declared
for the whole cast. The pages' writes are tried by firm B's admin (the
other firm's admin, ``ATTACKER``) against firm A's objects and, on firms'
objects, by someone allowed, whose success proves that the body is a real
write; on the coordinator's objects firm B's admin is refused first (403).

A ``Write``'s ``data`` and ``kwargs`` may be callables that get the cast
(``cast.firm_a``, ``cast.firm_a_editor``, ...) and return the body or the
URL's kwargs (the route's kwargs by default); ``setup`` makes objects the
route's part of the matrix does not. Statuses follow DESIGN.md's table;
``(200, "changed")`` is a page's answer to a POST it accepted without
redirecting.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.route_matrix import everyone, visitor_and_users

ATTACKER = "firm_b_admin"
API_SUCCESS = {200, 201, 202, 204}
HTML_SUCCESS = {302}


@dataclass(frozen=True)
class Write:
    method: str
    statuses: dict
    data: Any = field(default_factory=dict)
    kwargs: Any = None
    setup: Callable | None = None


@dataclass(frozen=True)
class NoWrite:
    reason: str


def form_data(form, **changes) -> dict:
    """The body a browser sends for an unbound ``form`` as its page shows
    it (the initial values), with ``changes``."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is not None:
            data[name] = value
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def _coordinator_page(**kwargs) -> tuple:
    """A coordinator's page about the coordinator's own object: the other
    firm's admin is refused before anything is read (403)."""
    return (Write("POST", {ATTACKER: 403}, kwargs=kwargs or None),)


def _read_only(status: int) -> tuple:
    """A route that only shows an object: a POST changes nothing (pages
    that allow only GET answer 405 before anything else)."""
    return (Write("POST", {ATTACKER: status}),)


# --- Objects the matrix's parts do not make ---------------------------------------

CONTACT_PK = 900_011
TOKEN_PK = 900_021
INVITATION_PK = 900_031
APPLICATION_PK = 900_041


def _firm_a_contact(cast):
    from members.models import Contact

    Contact.objects.create(
        pk=CONTACT_PK,
        firm=cast.firm_a,
        name="Jan Kowalski",
        function="Dyrektor handlowy",
        email="jan.kowalski@firma-a.pl",
        language="pl",
    )


def _firm_a_editor_role(cast) -> int:
    return cast.firm_a_editor.firm_roles.get(firm=cast.firm_a).pk


def _firm_a_admin_token(cast):
    from members.models import ApiToken
    from members.services import create_api_token

    token, _secret = create_api_token(user=cast.firm_a_admin, name="firm A's export")
    ApiToken.objects.filter(pk=token.pk).update(id=TOKEN_PK)


def _firm_a_invitation(cast):
    from members.models import Invitation
    from members.services import invite_to_firm

    invitation = invite_to_firm(
        firm=cast.firm_a,
        email="nowy@firma-a.pl",
        name="Nowy Pracownik",
        role="editor",
        language="pl",
        invited_by=cast.firm_a_admin,
    )
    Invitation.objects.filter(pk=invitation.pk).update(id=INVITATION_PK)


def _profile(cast):
    from members.forms import FirmProfileForm

    return form_data(
        FirmProfileForm(firm=cast.firm_a), description_pl="Przejęty opis firmy.", phone="+48 1"
    )


def _contact_body(**changes):
    return {
        "name": "Anna Nowak",
        "function": "Kierownik laboratorium",
        "email": "anna.nowak@firma-a.pl",
        "phone": "+48 77 481 20 00",
        "language": "pl",
        "user": "",
        **changes,
    }


# --- Members -------------------------------------------------------------------------

_CONTACT = {"slug": "firma-a", "pk": CONTACT_PK}
# Firm A's contact asked for through firm B's own URL: children are fetched
# through their parent, so it does not exist there.
_CONTACT_VIA_B = {"slug": "firma-b", "pk": CONTACT_PK}


def _role_kwargs(slug):
    return lambda cast: {"slug": slug, "pk": _firm_a_editor_role(cast)}


MEMBERS = {
    "members:firm": _read_only(405),
    # A logo is a file under a random name, served read-only to everyone.
    "firm-logo": _read_only(405),
    "members:firm-edit": (Write("POST", {ATTACKER: 403, "firm_a_editor": 302}, data=_profile),),
    "members:firm-contacts": (
        Write("POST", {ATTACKER: 403, "firm_a_editor": 302}, data=_contact_body()),
    ),
    "members:contact-edit": (
        Write(
            "POST",
            {ATTACKER: 403, "firm_a_editor": 302},
            data=_contact_body(name="Przejęty Kontakt"),
            kwargs=_CONTACT,
            setup=_firm_a_contact,
        ),
        Write(
            "POST",
            {ATTACKER: 404},
            data=_contact_body(name="Przejęty Kontakt"),
            kwargs=_CONTACT_VIA_B,
            setup=_firm_a_contact,
        ),
    ),
    "members:contact-delete": (
        Write(
            "POST", {ATTACKER: 403, "firm_a_editor": 302}, kwargs=_CONTACT, setup=_firm_a_contact
        ),
        Write("POST", {ATTACKER: 404}, kwargs=_CONTACT_VIA_B, setup=_firm_a_contact),
    ),
    "members:firm-users": (
        Write(
            "POST",
            {ATTACKER: 403, "firm_a_admin": 302},
            data={
                "email": "wtyczka@firma-b.pl",
                "name": "Wtyczka",
                "role": "admin",
                "language": "pl",
            },
        ),
    ),
    "members:firm-user-role": (
        Write(
            "POST",
            {ATTACKER: 403, "firm_b_editor": 403, "firm_a_admin": 302},
            data={"role": "admin"},
            kwargs=_role_kwargs("firma-a"),
        ),
        Write("POST", {ATTACKER: 404}, data={"role": "admin"}, kwargs=_role_kwargs("firma-b")),
    ),
    "members:firm-user-remove": (
        Write(
            "POST",
            {ATTACKER: 403, "firm_b_editor": 403, "firm_a_admin": 302},
            kwargs=_role_kwargs("firma-a"),
        ),
        Write("POST", {ATTACKER: 404}, kwargs=_role_kwargs("firma-b")),
    ),
    "members:firm-status": (
        Write(
            "POST",
            {ATTACKER: 403, "firm_a_admin": 403, "coordinator": 302},
            data={"action": "suspend", "reason": "Zaległe składki"},
        ),
    ),
    "members:invitation-revoke": (
        Write(
            "POST",
            {ATTACKER: 403, "firm_a_admin": 403, "coordinator": 302},
            kwargs={"pk": INVITATION_PK},
            setup=_firm_a_invitation,
        ),
    ),
    # Another user's token: it does not exist for anyone but its owner.
    "account_token_revoke": (
        Write(
            "POST",
            {ATTACKER: 404, "firm_a_editor": 404, "coordinator": 404, "firm_a_admin": 302},
            kwargs={"pk": TOKEN_PK},
            setup=_firm_a_admin_token,
        ),
    ),
    "members:application": _coordinator_page(),
    "members:competence-edit": _coordinator_page(),
    "members:invitation-accept": NoWrite("a one-time link's token, not an object"),
    "account_confirm_email": NoWrite("allauth's e-mail confirmation key, not an object"),
    "account_reset_password_from_key": NoWrite("allauth's password reset key, not an object"),
}


def _application(cast):
    from members.applications import submit_application
    from members.models import MembershipApplication

    data = _new_application(cast)
    for name in ("competences", "clause_read"):
        data.pop(name)
    application = submit_application(data=data, competences=[], newsletter=False)
    MembershipApplication.objects.filter(pk=application.pk).update(id=APPLICATION_PK)


def _new_application(cast):
    from tests.factories import application_data

    return application_data()


_USERS_401 = visitor_and_users(401, 200)
_COORDINATOR_API = {**visitor_and_users(401, 403), "coordinator": 200}
_FIRM_A_EDITORS_API = {
    **visitor_and_users(401, 403),
    "firm_a_admin": 200,
    "firm_a_editor": 200,
    "coordinator": 200,
}

MEMBERS_API = {
    "api:me": (Write("PATCH", _USERS_401, data={"name": "Zmienione Imię"}),),
    "api:tokens": (Write("POST", visitor_and_users(401, 201), data={"name": "nowy token"}),),
    "api:token-detail": (
        Write(
            "DELETE",
            {**visitor_and_users(401, 404), "firm_a_admin": 204},
            kwargs={"pk": TOKEN_PK},
            setup=_firm_a_admin_token,
        ),
    ),
    "api:firm": (
        Write(
            "PATCH",
            _FIRM_A_EDITORS_API,
            data={"phone": "+48 77 000 00 00", "description_pl": "Przejęty opis."},
        ),
    ),
    "api:firm-contacts": _read_only(405),
    "api:applications": (Write("POST", everyone(201), data=_new_application),),
    "api:application": _read_only(403),
    "api:application-decision": (
        Write(
            "POST",
            _COORDINATOR_API,
            data={"decision": "reject", "reason": "Profil poza specjalizacją klastra."},
            kwargs={"pk": APPLICATION_PK},
            setup=_application,
        ),
    ),
}


# --- Projects ------------------------------------------------------------------------
# matrix-project: members-only, recruiting, led by firm A; matrix-draft: firm
# A's draft; REQUEST_PK: firm B's request to join matrix-project; postings:
# firm A's published, draft and submitted ones (tests/projects/routes_*.py).

_DRAFT_PROJECT = {"slug": "matrix-draft"}
PARTNER_PK = 900_001
DOCUMENT_PK = 900_001
REQUEST_PK = 900_101
DRAFT_POSTING_PK = 900_202
MATRIX_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _firm_c(cast):
    from tests.factories import FirmFactory

    FirmFactory(name="Celuloza Cieszyn S.A.", slug="firma-c", city="Cieszyn")


def _project_body(cast):
    from projects.forms import ProjectForm
    from projects.models import Project

    project = Project.objects.get(slug="matrix-project")
    return form_data(ProjectForm(project=project), title_pl="Przejęty projekt")


def _new_project_body(cast):
    from projects.forms import ProjectForm

    return form_data(
        ProjectForm(), kind="research", title_pl="Projekt podrzucony", visibility="members"
    )


def _document(cast):
    return {
        "title": "Podrzucony dokument",
        "file": SimpleUploadedFile("plan.pdf", MATRIX_PDF, content_type="application/pdf"),
    }


def _posting_body(cast):
    from projects.models import Opportunity
    from projects.opportunity_forms import OpportunityForm

    posting = Opportunity.objects.get(pk=DRAFT_POSTING_PK)
    return {**OpportunityForm.initial_for(posting), "title_pl": "Przejęta oferta"}


_NEW_POSTING = {
    "kind": "technology_offer",
    "title_pl": "Destylacja molekularna",
    "summary_pl": "Oczyszczanie w wysokiej próżni.",
    "description_pl": "Pełny opis.",
}


def _interest_for(firm):
    return lambda cast: {"firm": getattr(cast, firm).pk, "message": "Chętnie porozmawiamy."}


def _firm_a_editor_pk(cast):
    return {"users": [cast.firm_a_editor.pk]}


def _recruiting_project(firm, slug: str, title: str) -> None:
    """A recruiting, members-only project that ``firm`` leads."""
    from projects.models import Participation, Project

    project = Project.objects.create(
        slug=slug,
        firm=firm,
        title_pl=title,
        kind=Project.Kind.RESEARCH,
        state=Project.State.RECRUITING,
        visibility=Project.Visibility.MEMBERS,
        submitted_at=timezone.now(),
    )
    Participation.objects.create(
        project=project,
        firm=firm,
        role=Participation.Role.LEADER,
        state=Participation.State.ACCEPTED,
        decided_at=timezone.now(),
    )


def _firm_b_project(cast):
    """A project firm B leads and manages: its admin asks for firm A's
    project's children through it (children are fetched through their
    parent, so they do not exist there)."""
    _recruiting_project(cast.firm_b, "matrix-b-project", "Projekt firmy B")


def _via_firm_b_project(pk):
    return {"slug": "matrix-b-project", "pk": pk}


def _join_project(cast):
    """A second recruiting project of firm A that nobody asked to join."""
    _recruiting_project(cast.firm_a, "matrix-join", "Projekt do dołączenia")


def _join_form(firm_slug):
    return {"firm": firm_slug, "role": "partner", "message": "Chętnie dołączymy."}


PROJECTS = {
    "projects:firm-projects": _read_only(403),
    "projects:create": (
        Write("POST", {ATTACKER: 403, "firm_a_editor": 302}, data=_new_project_body),
    ),
    "projects:detail": _read_only(200),
    "projects:offer": _read_only(200),
    "projects:edit": (Write("POST", {ATTACKER: 403, "firm_a_admin": 302}, data=_project_body),),
    # A draft is its firm's only: firm B does not see it.
    "projects:submit": (
        Write(
            "POST",
            {ATTACKER: 404, "firm_a_editor": 403, "firm_a_admin": 302},
            data={"state": "idea"},
            kwargs=_DRAFT_PROJECT,
        ),
    ),
    "projects:state": (
        Write("POST", {ATTACKER: 403, "firm_a_admin": 302}, data={"state": "active"}),
    ),
    "projects:external-partners": (
        Write(
            "POST",
            {ATTACKER: 403, "firm_a_admin": 302},
            data={"name": "Podstawiony partner", "country": "DE", "kind": "research"},
        ),
    ),
    "projects:external-partner-delete": (
        Write("POST", {ATTACKER: 403, "firm_a_admin": 302}),
        Write(
            "POST", {ATTACKER: 404}, kwargs=_via_firm_b_project(PARTNER_PK), setup=_firm_b_project
        ),
    ),
    "projects:documents": (Write("POST", {ATTACKER: 403, "firm_a_admin": 302}, data=_document),),
    "projects:document": _read_only(403),
    "projects:document-delete": (
        Write("POST", {ATTACKER: 403, "firm_a_admin": 302}),
        Write(
            "POST", {ATTACKER: 404}, kwargs=_via_firm_b_project(DOCUMENT_PK), setup=_firm_b_project
        ),
    ),
    "projects:update-add": (
        Write("POST", {ATTACKER: 403, "firm_a_admin": 302}, data={"body": "Podrzucona wiadomość"}),
    ),
    # On a project nobody asked to join: firm B's admin asks for firm B;
    # asking in the name of firm A, which they do not administer, is no
    # choice of the form (the page shows the error).
    "projects:join": (
        Write(
            "POST",
            {ATTACKER: 302},
            data=_join_form("firma-b"),
            kwargs={"slug": "matrix-join"},
            setup=_join_project,
        ),
        Write(
            "POST",
            {ATTACKER: 200},
            data=_join_form("firma-a"),
            kwargs={"slug": "matrix-join"},
            setup=_join_project,
        ),
    ),
    "projects:participations": _read_only(403),
    "projects:invite": (
        Write(
            "POST",
            {ATTACKER: 403, "firm_a_editor": 403, "firm_a_admin": 302},
            data={"firm": "firma-c", "role": "partner", "message": "Zapraszamy."},
            setup=_firm_c,
        ),
    ),
    # Firm B's own request: firm B may not decide it, firm A's admin may.
    "projects:participation-accept": (
        Write("POST", {ATTACKER: 403, "firm_a_admin": 302}),
        Write(
            "POST", {ATTACKER: 404}, kwargs=_via_firm_b_project(REQUEST_PK), setup=_firm_b_project
        ),
    ),
    "projects:participation-decline": (
        Write("POST", {ATTACKER: 403, "firm_a_admin": 302}, data={"reason": "Brak miejsc."}),
    ),
    # Only the firm that asked withdraws: firm A's admin is the other firm here.
    "projects:participation-withdraw": (
        Write("POST", {ATTACKER: 302, "firm_a_admin": 403, "firm_a_editor": 403}),
    ),
    "projects:matching": _read_only(405),
    "projects:firm-opportunities": _read_only(403),
    "projects:opportunity-create": (
        Write("POST", {ATTACKER: 403, "firm_a_editor": 302}, data=_NEW_POSTING),
    ),
    "projects:opportunity-detail": _read_only(405),
    "projects:opportunity-edit": (
        Write(
            "POST",
            {ATTACKER: 404, "firm_a_editor": 302},
            data=_posting_body,
            kwargs={"pk": DRAFT_POSTING_PK},
        ),
    ),
    "projects:opportunity-submit": (
        Write(
            "POST",
            {ATTACKER: 404, "firm_a_editor": 403, "firm_a_admin": 302},
            kwargs={"pk": DRAFT_POSTING_PK},
        ),
    ),
    "projects:opportunity-review": (
        Write(
            "POST",
            {ATTACKER: 403, "firm_a_admin": 403, "coordinator": 302},
            data={"decision": "approve"},
        ),
    ),
    "projects:opportunity-renew": (Write("POST", {ATTACKER: 403, "firm_a_admin": 302}),),
    "projects:opportunity-withdraw": (Write("POST", {ATTACKER: 403, "firm_a_admin": 302}),),
    # Firm B answers for itself; on behalf of firm A it has no such choice.
    "projects:opportunity-interest": (
        Write("POST", {ATTACKER: 302}, data=_interest_for("firm_b")),
        Write("POST", {ATTACKER: 200}, data=_interest_for("firm_a")),
    ),
}

_MEMBERS_PROJECT_API = {**visitor_and_users(401, 403), "outsider": 404}
_PROJECT_MANAGERS_API = {**_MEMBERS_PROJECT_API, "firm_a_admin": 200, "coordinator": 200}


def _join_as(firm_slug):
    return {
        "firm": firm_slug,
        "role": "partner",
        "message": "Chętnie dołączymy.",
        "contribution_pl": "Analizy chromatograficzne",
    }


PROJECTS_API = {
    "api:projects": (
        Write(
            "POST",
            {
                **visitor_and_users(401, 403),
                "firm_a_admin": 201,
                "firm_a_editor": 201,
            },
            data={
                "firm": "firma-a",
                "kind": "research",
                "title_pl": "Nowe katalizatory",
                "budget": "250000.00",
                "starts_on": "2027-01-01",
                "ends_on": "2028-12-31",
            },
        ),
    ),
    "api:project": (Write("PATCH", _PROJECT_MANAGERS_API, data={"title_pl": "Przejęty projekt"}),),
    "api:project-submit": (
        Write(
            "POST",
            {**visitor_and_users(401, 404), "firm_a_admin": 200, "firm_a_editor": 403},
            data={"state": "idea"},
            kwargs=_DRAFT_PROJECT,
        ),
    ),
    "api:project-state": (Write("POST", _PROJECT_MANAGERS_API, data={"state": "active"}),),
    "api:project-participations": (
        Write(
            "POST",
            {**_MEMBERS_PROJECT_API, "firm_b_admin": 201},
            data=_join_as("firma-b"),
            kwargs={"slug": "matrix-join"},
            setup=_join_project,
        ),
        # Firm B's admin asking in firm A's name.
        Write(
            "POST",
            {ATTACKER: 403},
            data=_join_as("firma-a"),
            kwargs={"slug": "matrix-join"},
            setup=_join_project,
        ),
    ),
    "api:project-invitations": (
        Write(
            "POST",
            {**_MEMBERS_PROJECT_API, "firm_a_admin": 201, "coordinator": 201},
            data={"firm": "firma-c", "role": "partner", "message": "Zapraszamy."},
            setup=_firm_c,
        ),
    ),
    # A request to join is visible to the project's managers and to the
    # firm that asked; firm A's editor (no manager) does not see it: 404.
    "api:participation-decision": (
        Write(
            "POST",
            {**_PROJECT_MANAGERS_API, "firm_a_editor": 404},
            data={"decision": "accept"},
        ),
        Write(
            "POST",
            {ATTACKER: 404},
            data={"decision": "accept"},
            kwargs=_via_firm_b_project(REQUEST_PK),
            setup=_firm_b_project,
        ),
    ),
    "api:participation-withdraw": (
        Write("POST", {**_MEMBERS_PROJECT_API, "firm_a_editor": 404, "firm_b_admin": 200}),
    ),
    "api:project-external-partners": (
        Write(
            "POST",
            {**_MEMBERS_PROJECT_API, "firm_a_admin": 201, "coordinator": 201},
            data={"name": "Podstawiony partner", "country": "DE", "kind": "research"},
        ),
    ),
    "api:project-external-partner": (
        Write("DELETE", {**_MEMBERS_PROJECT_API, "firm_a_admin": 204, "coordinator": 204}),
        Write(
            "DELETE",
            {ATTACKER: 404},
            kwargs=_via_firm_b_project(PARTNER_PK),
            setup=_firm_b_project,
        ),
    ),
    "api:opportunities": (
        Write(
            "POST",
            {**visitor_and_users(401, 403), "firm_a_admin": 201, "firm_a_editor": 201},
            data={**_NEW_POSTING, "firm": "firma-a"},
        ),
    ),
    "api:opportunity": (
        Write(
            "PATCH",
            {
                **visitor_and_users(401, 404),
                "firm_a_admin": 200,
                "firm_a_editor": 200,
                "coordinator": 403,
            },
            data={"title_pl": "Przejęta oferta"},
        ),
    ),
    "api:opportunity-submit": (
        Write(
            "POST",
            {
                **visitor_and_users(401, 404),
                "firm_a_admin": 200,
                "firm_a_editor": 403,
                "coordinator": 403,
            },
        ),
    ),
    "api:opportunity-review": (Write("POST", _COORDINATOR_API, data={"decision": "approve"}),),
    "api:opportunity-renew": (Write("POST", {**visitor_and_users(401, 403), "firm_a_admin": 200}),),
    "api:opportunity-withdraw": (
        Write("POST", {**visitor_and_users(401, 403), "firm_a_admin": 200, "coordinator": 200}),
    ),
    "api:opportunity-interests": (
        Write(
            "POST",
            {**visitor_and_users(401, 403), "firm_b_admin": 201, "firm_b_editor": 201},
            data={"firm": "firma-b", "message": "Chętnie porozmawiamy."},
        ),
        Write("POST", {ATTACKER: 403}, data={"firm": "firma-a", "message": "W imieniu firmy A."}),
    ),
}


# --- Events --------------------------------------------------------------------------
# matrix-event (public), matrix-members-event, matrix-draft-event and
# registration 900401 (firm A's admin at matrix-event), from
# tests/events/routes_pages.py; matrix-cal-members-event and registration
# 900501 (firm A's admin at matrix-cal-event) from routes_calendar.py.

EVENTS = {
    "events:detail": _read_only(405),
    "calendar:event": _read_only(405),
    "calendar:private-feed": NoWrite("a calendar feed's secret, not an object"),
    "events:guest-confirm": NoWrite("a guest's one-time link, not an object"),
    "events:guest-cancel": NoWrite("a guest's one-time link, not an object"),
    # A member registers themself for the (coordinator's) event.
    "events:register": (Write("POST", {ATTACKER: 302}),),
    # Firm B's admin may register firm B's users only.
    "events:register-colleagues": (
        Write("POST", {ATTACKER: 200, "firm_a_admin": 302}, data=_firm_a_editor_pk),
    ),
    # The public guest form answers with a "check your mail" page.
    "events:register-guest": (
        Write(
            "POST",
            {ATTACKER: (200, "changed")},
            data={
                "name": "Gość Testowy",
                "email": "gosc@example.org",
                "organisation": "Instytut",
                "language": "pl",
            },
        ),
    ),
    "events:registration-cancel": (
        Write(
            "POST",
            {ATTACKER: 404, "firm_a_editor": 404, "firm_a_admin": 302},
            kwargs={"slug": "matrix-event", "pk": 900_401},
        ),
        # The same registration asked for under another event.
        Write(
            "POST",
            {ATTACKER: 404, "firm_a_admin": 404},
            kwargs={"slug": "matrix-members-event", "pk": 900_401},
        ),
    ),
    "events:edit": _coordinator_page(),
    "events:publish": _coordinator_page(),
    "events:cancel": _coordinator_page(),
    "events:registrations": _coordinator_page(),
    "events:check-in": _coordinator_page(),
    "events:mark-attended": (
        Write("POST", {ATTACKER: 403, "coordinator": 302}, data={"attended": "1"}),
    ),
    "events:export": _coordinator_page(),
}

_MEMBERS_EVENT = {"slug": "matrix-cal-members-event"}

EVENTS_API = {
    "api:events": (
        Write(
            "POST",
            _COORDINATOR_API | {"coordinator": 201},
            data={
                "kind": "workshop",
                "title_pl": "Warsztaty z chemii powłok",
                "starts_at": "2030-05-14T10:00:00+02:00",
                "ends_at": "2030-05-14T14:00:00+02:00",
                "capacity": 30,
                "reminder_lead_hours": 48,
            },
        ),
    ),
    "api:event": (
        Write(
            "PATCH",
            _COORDINATOR_API,
            data={"capacity": 40},
            kwargs=_MEMBERS_EVENT,
        ),
    ),
    "api:event-publish": (Write("POST", _COORDINATOR_API, kwargs={"slug": "matrix-draft-event"}),),
    "api:event-cancel": (Write("POST", _COORDINATOR_API, data={"reason": "Choroba prelegenta"}),),
    # Registering someone else: only a firm admin, and only a colleague.
    "api:event-registrations": (
        Write(
            "POST",
            {
                **visitor_and_users(401, 400),
                "outsider": 404,
                "firm_a_admin": 201,
                # Their own address: they register themself.
                "firm_a_editor": 201,
            },
            data={"user_email": "redaktor@firma-a.pl"},
            setup=lambda cast: cast.firm_a_editor,
        ),
    ),
    # Firm A's admin's registration: it exists for them, their firm's
    # admins and the coordinator only.
    "api:registration-cancel": (
        Write("POST", {**visitor_and_users(401, 404), "firm_a_admin": 200, "coordinator": 200}),
    ),
    "api:registration-attendance": (Write("POST", _COORDINATOR_API, data={"attended": True}),),
}


# --- Newsletters ---------------------------------------------------------------------
# The coordinator's campaigns: a draft (900601 for the pages, 900901 for the
# API) and a sent one (tests/newsletters/routes_*.py).

CAMPAIGN_DRAFT_PK = 900_901


def _schedule_draft(cast):
    from newsletters.models import Campaign

    Campaign.objects.filter(pk=CAMPAIGN_DRAFT_PK).update(
        state=Campaign.State.SCHEDULED, scheduled_at=timezone.now() + timedelta(days=2)
    )


def _in_two_days(cast):
    return {"scheduled_at": (timezone.now() + timedelta(days=2)).isoformat()}


NEWSLETTERS = {
    "newsletters:consent-confirm": NoWrite("a consent link's signed token, not an object"),
    "unsubscribe": NoWrite("an unsubscribe link's signed token, not an object"),
    "newsletters:archive-detail": _read_only(405),
    "newsletters:campaign": _coordinator_page(),
    "newsletters:campaign-edit": _coordinator_page(),
    "newsletters:campaign-preview": _coordinator_page(),
    "newsletters:campaign-preview-html": _coordinator_page(),
    "newsletters:campaign-progress": _coordinator_page(),
    "newsletters:campaign-test": _coordinator_page(),
    "newsletters:campaign-schedule": _coordinator_page(),
    "newsletters:campaign-send": _coordinator_page(),
    "newsletters:campaign-cancel": _coordinator_page(),
}

NEWSLETTERS_API = {
    "api:campaigns": (
        Write(
            "POST",
            _COORDINATOR_API | {"coordinator": 201},
            data={"subject_pl": "Podrzucony temat", "body_pl": "Podrzucona treść."},
        ),
    ),
    "api:campaign": (Write("PATCH", _COORDINATOR_API, data={"subject_pl": "Przejęty temat"}),),
    "api:campaign-audience": _read_only(403),
    "api:campaign-test": (Write("POST", _COORDINATOR_API),),
    "api:campaign-schedule": (Write("POST", _COORDINATOR_API, data=_in_two_days),),
    "api:campaign-unschedule": (Write("POST", _COORDINATOR_API, setup=_schedule_draft),),
    "api:campaign-send": (Write("POST", _COORDINATOR_API),),
    "api:campaign-cancel": (Write("POST", _COORDINATOR_API, setup=_schedule_draft),),
    "api:campaign-progress": _read_only(403),
    "api:archive-campaign": _read_only(405),
    # Each user's own address: stopping campaign mail records an opt-out.
    "api:subscription": (
        Write("PATCH", visitor_and_users(401, 200), data={"receive_campaigns": False}),
        Write("POST", visitor_and_users(401, 200), data={"receive_campaigns": False}),
    ),
    "api:newsletter-signups": (
        Write(
            "POST",
            everyone(202),
            data={"email": "nowy.czytelnik@example.org", "language": "pl", "consent": True},
        ),
    ),
}


# --- Strategy ------------------------------------------------------------------------
# The coordinator's strategies (pk 900701/900702 public, 900801 on the
# management pages, 900901 in the API; tests/strategy/routes_*.py).

STRATEGY = {
    "strategy:detail": _read_only(405),
    "strategy:readiness-export": _coordinator_page(),
    "strategy:readiness-detail": _coordinator_page(),
    **{
        name: _coordinator_page()
        for name in (
            "strategy:manage-strategy",
            "strategy:strategy-mark-current",
            "strategy:strategy-carry-over",
            "strategy:strategy-delete",
            "strategy:goal-add",
            "strategy:manage-goal",
            "strategy:goal-delete",
            "strategy:objective-add",
            "strategy:indicator-add",
            "strategy:manage-objective",
            "strategy:objective-delete",
            "strategy:action-add",
            "strategy:manage-action",
            "strategy:action-delete",
            "strategy:manage-indicator",
            "strategy:indicator-delete",
            "strategy:measurements",
            "strategy:measurement-delete",
        )
    },
}

STRATEGY_API = {
    "api:strategy": _read_only(405),
    "api:strategy-mark-current": (Write("POST", _COORDINATOR_API),),
    "api:indicator": (Write("PATCH", _COORDINATOR_API, data={"name_pl": "Przejęty wskaźnik"}),),
    "api:indicator-measurements": (
        Write(
            "POST",
            _COORDINATOR_API | {"coordinator": 201},
            data={"value": "15", "measured_on": "2011-06-30"},
        ),
    ),
    "api:measurement": (Write("DELETE", _COORDINATOR_API | {"coordinator": 204}),),
}


WRITES: dict = {}
for _part in (
    MEMBERS,
    MEMBERS_API,
    PROJECTS,
    PROJECTS_API,
    EVENTS,
    EVENTS_API,
    NEWSLETTERS,
    NEWSLETTERS_API,
    STRATEGY,
    STRATEGY_API,
):
    assert not set(_part) & set(WRITES), "a route's writes are declared twice"
    WRITES.update(_part)
