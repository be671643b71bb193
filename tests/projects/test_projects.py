"""Projects: drafting, submitting, editing, visibility, lists and pages."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from chemster.models import AuditEntry
from members.models import Competence
from projects.models import ExternalPartner, Participation, Project, ProjectUpdate
from projects.selectors import (
    firm_projects,
    participants_of,
    project_list,
    projects_with_funding_deadline_within,
)
from projects.services import (
    add_external_partner,
    create_project,
    post_update,
    remove_external_partner,
    submit_project,
    update_project,
)
from tests.factories import FirmFactory
from tests.projects.factories import ParticipationFactory, ProjectFactory, led_project

pytestmark = pytest.mark.django_db


def _url(name, **kwargs):
    with translation.override("en"):
        return reverse(f"projects:{name}", kwargs=kwargs)


def _draft(firm, actor, **fields):
    return create_project(
        actor=actor,
        firm=firm,
        kind=fields.pop("kind", Project.Kind.RESEARCH),
        visibility=fields.pop("visibility", Project.Visibility.PUBLIC),
        title_pl=fields.pop("title_pl", "Nowe surfaktanty z olejów roślinnych"),
        **fields,
    )


# --- Services -------------------------------------------------------------


def test_create_project_makes_a_draft_with_a_unique_slug(firm_a, firm_a_editor):
    hydrogenation = Competence.objects.get(code="hydrogenation")

    first = _draft(
        firm_a, firm_a_editor, title_pl="Uwodornienie żywic", needed_competences=[hydrogenation]
    )
    second = _draft(firm_a, firm_a_editor, title_pl="Uwodornienie żywic")

    assert (first.slug, second.slug) == ("uwodornienie-zywic", "uwodornienie-zywic-2")
    assert first.state == Project.State.DRAFT
    assert first.submitted_at is None
    assert first.created_by == firm_a_editor
    assert list(first.needed_competences.all()) == [hydrogenation]
    assert first.participations.count() == 0
    assert AuditEntry.objects.filter(
        code="projects.project.created", object_id=str(first.pk)
    ).exists()


def test_create_project_refuses_an_end_before_the_start(firm_a, firm_a_editor):
    today = timezone.localdate()

    with pytest.raises(ValidationError):
        _draft(firm_a, firm_a_editor, starts_on=today, ends_on=today - timedelta(days=1))

    assert Project.objects.count() == 0


def test_update_project_saves_only_the_given_fields_and_audits(firm_a, firm_a_editor):
    project = _draft(firm_a, firm_a_editor, summary_pl="Stary opis")
    catalysts = Competence.objects.get(code="catalysts")

    update_project(
        actor=firm_a_editor,
        project=project,
        summary_pl="Nowy opis",
        budget=Decimal("1000.00"),
        needed_competences=[catalysts],
    )

    project.refresh_from_db()
    assert (project.summary_pl, project.budget) == ("Nowy opis", Decimal("1000.00"))
    assert list(project.needed_competences.all()) == [catalysts]
    entry = AuditEntry.objects.get(code="projects.project.updated")
    assert entry.changes["summary_pl"] == ["Stary opis", "Nowy opis"]
    assert entry.changes["needed_competences"] == [[], [catalysts.pk]]


def test_update_project_without_changes_writes_nothing(firm_a, firm_a_editor):
    project = _draft(firm_a, firm_a_editor, summary_pl="Opis")

    update_project(actor=firm_a_editor, project=project, summary_pl="Opis")

    assert not AuditEntry.objects.filter(code="projects.project.updated").exists()


@pytest.mark.parametrize("state", [Project.State.COMPLETED, Project.State.CANCELLED])
def test_update_project_is_refused_for_a_closed_project(firm_a, coordinator, state):
    project = led_project(firm_a, state=state)

    with pytest.raises(ValidationError) as error:
        update_project(actor=coordinator, project=project, summary_pl="Zmiana")

    assert error.value.code == "closed"


def test_update_project_refuses_unknown_fields(firm_a, coordinator):
    project = led_project(firm_a)

    with pytest.raises(ValueError):
        update_project(actor=coordinator, project=project, state="active")


@pytest.mark.parametrize("state", [Project.State.IDEA, Project.State.RECRUITING])
def test_submit_makes_the_firm_the_accepted_leader(firm_a, firm_a_admin, state):
    project = _draft(firm_a, firm_a_admin)

    submitted = submit_project(actor=firm_a_admin, project=project, state=state)

    project.refresh_from_db()
    assert project.state == state
    assert project.submitted_at is not None
    assert submitted.state == state
    leaders = list(project.participations.values_list("firm_id", "role", "state"))
    assert leaders == [(firm_a.pk, "leader", "accepted")]
    assert AuditEntry.objects.filter(code="projects.project.submitted").count() == 1


def test_submitting_twice_keeps_one_leader(firm_a, firm_a_admin):
    project = _draft(firm_a, firm_a_admin)
    submit_project(actor=firm_a_admin, project=project)

    with pytest.raises(ValidationError) as error:
        submit_project(actor=firm_a_admin, project=Project.objects.get(pk=project.pk))

    assert error.value.code == "already_submitted"
    assert project.participations.count() == 1


def test_submit_refuses_a_state_other_than_idea_or_recruiting(firm_a, firm_a_admin):
    project = _draft(firm_a, firm_a_admin)

    with pytest.raises(ValidationError):
        submit_project(actor=firm_a_admin, project=project, state=Project.State.ACTIVE)

    project.refresh_from_db()
    assert project.state == Project.State.DRAFT


@pytest.mark.django_db(transaction=True)
def test_two_submissions_at_once_create_one_leader(firm_a, firm_a_admin):
    project = _draft(firm_a, firm_a_admin)
    barrier = threading.Barrier(2)
    outcomes = []

    def submit():
        try:
            barrier.wait()
            submit_project(actor=firm_a_admin, project=Project.objects.get(pk=project.pk))
            outcomes.append("submitted")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["already_submitted", "submitted"]
    assert Participation.objects.filter(project=project, role="leader").count() == 1


def test_external_partners_are_added_and_removed_with_audit(firm_a, coordinator):
    project = led_project(firm_a)

    partner = add_external_partner(
        actor=coordinator, project=project, name=" Ústav katalýzy ", country="cz", kind="research"
    )
    remove_external_partner(actor=coordinator, partner=partner)

    assert (partner.name, partner.country) == ("Ústav katalýzy", "CZ")
    assert ExternalPartner.objects.count() == 0
    codes = list(
        AuditEntry.objects.filter(code__startswith="projects.")
        .order_by("pk")
        .values_list("code", flat=True)
    )
    assert codes == ["projects.partner.added", "projects.partner.removed"]


def test_external_partner_with_an_unknown_country_is_refused(firm_a, coordinator):
    project = led_project(firm_a)

    with pytest.raises(ValidationError):
        add_external_partner(
            actor=coordinator, project=project, name="Instytut", country="XX", kind="research"
        )


def test_post_update_publishes_a_stripped_update(firm_a, firm_a_admin):
    project = led_project(firm_a)

    update = post_update(actor=firm_a_admin, project=project, body="  Próba w Kłodnicy.  ")

    assert update.body == "Próba w Kłodnicy."
    assert AuditEntry.objects.filter(code="projects.update.posted").count() == 1
    with pytest.raises(ValidationError):
        post_update(actor=firm_a_admin, project=project, body="   ")


# --- Selectors --------------------------------------------------------------


def test_participants_of_lists_accepted_firms_leader_first(firm_a, firm_b):
    project = ProjectFactory(firm=firm_a)
    partner = ParticipationFactory(project=project, firm=firm_b)
    ParticipationFactory(project=project, state="requested")
    leader = ParticipationFactory(project=project, firm=firm_a, role="leader")

    assert list(participants_of(project)) == [leader, partner]


def test_firm_projects_lists_drafts_lead_and_participations(firm_a, firm_b, firm_a_editor):
    draft = _draft(firm_a, firm_a_editor, title_pl="Szkic")
    led = led_project(firm_a)
    joined = led_project(firm_b)
    ParticipationFactory(project=joined, firm=firm_a, role="observer")
    invited = led_project(firm_b)
    ParticipationFactory(project=invited, firm=firm_a, state="invited")
    declined = led_project(firm_b)
    ParticipationFactory(project=declined, firm=firm_a, state="declined")
    led_project(firm_b)

    projects = list(firm_projects(firm_a))
    without_drafts = set(firm_projects(firm_a, include_drafts=False))

    assert set(projects) == {draft, led, joined, invited}
    assert without_drafts == {led, joined, invited}
    states = {p.pk: (p.firm_role, p.firm_state) for p in projects}
    assert states[joined.pk] == ("observer", "accepted")
    assert states[draft.pk] == (None, None)


def test_funding_deadlines_within_30_days(firm_a):
    today = timezone.localdate()
    soon = led_project(firm_a, funding_deadline=today + timedelta(days=10))
    today_one = led_project(firm_a, funding_deadline=today)
    led_project(firm_a, funding_deadline=today + timedelta(days=31))
    led_project(firm_a, funding_deadline=today - timedelta(days=1))
    led_project(firm_a, funding_deadline=today + timedelta(days=5), state="completed")
    ProjectFactory(firm=firm_a, state="draft", funding_deadline=today + timedelta(days=3))

    assert list(projects_with_funding_deadline_within()) == [today_one, soon]


def test_project_list_filters(firm_a, firm_b):
    hydrogenation = Competence.objects.get(code="hydrogenation")
    wanted = led_project(firm_a, kind="offer", title_pl="Uwodornienie w skali pilotażowej")
    wanted.needed_competences.add(hydrogenation)
    led_project(firm_b, kind="research", title_pl="Uwodornienie żywic")
    led_project(firm_b, kind="offer", title_pl="Powłoki", state="active")
    visitor = Client().get("/").wsgi_request.user

    by_kind = list(project_list(visitor, kind="offer", state="recruiting"))
    by_competence = list(project_list(visitor, competence=hydrogenation))
    by_words = list(project_list(visitor, q="uwodornienie pilotażowej"))

    assert by_kind == [wanted]
    assert by_competence == [wanted]
    assert by_words == [wanted]


# --- Visibility -----------------------------------------------------------------


def test_a_visitor_sees_public_projects_only(firm_a):
    public = led_project(firm_a, title_pl="Publiczny projekt uwodornienia")
    led_project(firm_a, visibility="members", title_pl="Tajny projekt katalizatorów")
    ProjectFactory(firm=firm_a, state="draft", title_pl="Szkic oksosyntezy")

    listing = Client().get(_url("list"))
    hidden = Client().get(_url("detail", slug=Project.objects.get(visibility="members").slug))

    assert listing.status_code == 200
    assert public.title_pl.encode() not in b"" and public.title_en in listing.text
    assert "Tajny" not in listing.text and "Szkic" not in listing.text
    assert hidden.status_code == 302
    assert hidden["Location"].startswith(reverse("account_login"))


def test_a_visitor_asking_for_a_missing_project_logs_in_too():
    response = Client().get(_url("detail", slug="no-such-project"))

    assert response.status_code == 302


def test_members_see_members_only_projects_and_outsiders_do_not(client_as, firm_a):
    members_only = led_project(firm_a, visibility="members", title_en="Secret catalysts")

    member = client_as("firm_b_editor").get(_url("list"))
    outsider = client_as("outsider").get(_url("list"))
    outsider_page = client_as("outsider").get(_url("detail", slug=members_only.slug))

    assert "Secret catalysts" in member.text
    assert "Secret catalysts" not in outsider.text
    assert outsider_page.status_code == 404


@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("firm_a_admin", 200),
        ("firm_a_editor", 200),
        ("firm_b_admin", 404),
        ("outsider", 404),
        ("coordinator", 404),
    ],
)
def test_a_draft_is_visible_to_its_firm_only(client_as, firm_a, firm_b_admin, member, status):
    draft = ProjectFactory(firm=firm_a, state="draft", title_en="Draft of firm A")

    detail = client_as(member).get(_url("detail", slug=draft.slug))
    listing = client_as(member).get(_url("list"))

    assert detail.status_code == status
    assert "Draft of firm A" not in listing.text


# --- Pages ------------------------------------------------------------------------


def test_an_editor_drafts_a_project(client_as, firm_a, firm_a_editor):
    catalysts = Competence.objects.get(code="catalysts")

    response = client_as("firm_a_editor").post(
        _url("create", firm=firm_a.slug),
        {
            "kind": "research",
            "visibility": "members",
            "title_pl": "Katalizatory dla oksosyntezy",
            "title_en": "Catalysts for oxo synthesis",
            "needed_competences": [catalysts.pk],
            "budget": "125000.50",
            "starts_on": "2027-01-01",
            "ends_on": "2027-12-31",
        },
    )

    project = Project.objects.get()
    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url()
    assert (project.firm, project.state, project.created_by) == (firm_a, "draft", firm_a_editor)
    assert project.budget == Decimal("125000.50")
    assert list(project.needed_competences.all()) == [catalysts]


def test_the_create_form_shows_field_errors(client_as, firm_a):
    response = client_as("firm_a_editor").post(
        _url("create", firm=firm_a.slug),
        {
            "kind": "nope",
            "visibility": "members",
            "title_pl": "",
            "starts_on": "2027-12-31",
            "ends_on": "2027-01-01",
        },
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"kind", "title_pl", "ends_on"}
    assert Project.objects.count() == 0


def test_the_coordinator_does_not_draft_for_a_firm(client_as, firm_a):
    response = client_as("coordinator").get(_url("create", firm=firm_a.slug))

    assert response.status_code == 403


def test_a_manager_edits_a_project(client_as, firm_a, firm_a_admin):
    project = led_project(firm_a, visibility="public")

    response = client_as("firm_a_admin").post(
        _url("edit", slug=project.slug),
        {
            "kind": "solution",
            "visibility": "members",
            "title_pl": "Nowy tytuł",
            "funding_call": "FENG SMART",
            "funding_deadline": "2027-03-31",
        },
    )

    project.refresh_from_db()
    assert response.status_code == 302
    assert (project.kind, project.visibility, project.title_pl) == (
        "solution",
        "members",
        "Nowy tytuł",
    )
    assert project.funding_call == "FENG SMART"


def test_editing_a_completed_project_is_refused_with_a_message(client_as, firm_a):
    project = led_project(firm_a, state="completed", title_pl="Stary tytuł")

    page = client_as("coordinator").get(_url("edit", slug=project.slug))
    response = client_as("coordinator").post(
        _url("edit", slug=project.slug),
        {"kind": "research", "visibility": "public", "title_pl": "Nowy"},
    )

    project.refresh_from_db()
    assert page.context["closed"] is True
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert project.title_pl == "Stary tytuł"


def test_the_firm_admin_submits_a_draft(client_as, firm_a, firm_a_admin):
    draft = ProjectFactory(firm=firm_a, state="draft")

    response = client_as("firm_a_admin").post(
        _url("submit", slug=draft.slug), {"state": "recruiting"}
    )

    draft.refresh_from_db()
    assert response.status_code == 302
    assert draft.state == "recruiting"
    assert list(draft.participations.values_list("role", "state")) == [("leader", "accepted")]


def test_an_editor_may_not_submit(client_as, firm_a):
    draft = ProjectFactory(firm=firm_a, state="draft")

    response = client_as("firm_a_editor").post(_url("submit", slug=draft.slug), {"state": "idea"})

    draft.refresh_from_db()
    assert response.status_code == 403
    assert draft.state == "draft"


def test_the_detail_page_shows_what_managers_and_participants_see(client_as, firm_a, firm_b):
    project = led_project(firm_a, title_en="Joint catalysts", funding_call="FENG SMART")
    ParticipationFactory(project=project, firm=firm_b, role="subcontr")
    ExternalPartner.objects.create(
        project=project, name="Ústav katalýzy", country="CZ", kind="research"
    )
    ProjectUpdate.objects.create(project=project, body="Pierwsza próba udana.")

    manager = client_as("firm_a_admin").get(_url("detail", slug=project.slug))
    visitor = Client().get(_url("detail", slug=project.slug))

    assert manager.context["can_manage"] is True
    assert [p.firm for p in manager.context["participants"]] == [firm_a, firm_b]
    assert "Pierwsza próba udana." in manager.text
    assert "Ústav katalýzy" in manager.text
    assert _url("matching", slug=project.slug) in manager.text
    assert visitor.context["can_manage"] is False
    assert firm_b.name in visitor.text
    assert "Pierwsza próba udana." not in visitor.text
    assert visitor.context["updates"] == []


def test_a_manager_posts_an_update_and_adds_and_removes_a_partner(client_as, firm_a):
    project = led_project(firm_a)
    client = client_as("firm_a_admin")

    client.post(_url("update-add", slug=project.slug), {"body": "Spotkanie w czwartek."})
    client.post(
        _url("external-partners", slug=project.slug),
        {"name": "Výskumný ústav aditív", "country": "SK", "kind": "research"},
    )
    partner = project.external_partners.get()
    client.post(_url("external-partner-delete", slug=project.slug, pk=partner.pk))

    assert list(project.updates.values_list("body", flat=True)) == ["Spotkanie w czwartek."]
    assert project.external_partners.count() == 0


def test_firm_b_may_not_post_updates_on_firm_as_project(client_as, firm_a):
    project = led_project(firm_a)

    response = client_as("firm_b_admin").post(
        _url("update-add", slug=project.slug), {"body": "Obcy wpis"}
    )

    assert response.status_code == 403
    assert project.updates.count() == 0


def test_firm_projects_page_lists_the_firms_projects(client_as, firm_a, firm_b):
    led_project(firm_a, title_en="Led by A")
    ProjectFactory(firm=firm_a, state="draft", title_en="Draft of A")
    led_project(firm_b, title_en="Led by B")

    own = client_as("firm_a_editor").get(_url("firm-projects", firm=firm_a.slug))
    coordinator = client_as("coordinator").get(_url("firm-projects", firm=firm_a.slug))
    other = client_as("firm_b_admin").get(_url("firm-projects", firm=firm_a.slug))
    missing = client_as("coordinator").get(_url("firm-projects", firm="no-such-firm"))

    assert "Led by A" in own.text and "Draft of A" in own.text and "Led by B" not in own.text
    assert "Led by A" in coordinator.text and "Draft of A" not in coordinator.text
    assert (other.status_code, missing.status_code) == (403, 404)


PAYLOAD = "<script>alert('x')</script>"


def test_script_in_every_text_field_is_rendered_escaped(client_as, firm_a, firm_a_admin):
    fields = dict.fromkeys(
        (
            "title_en",
            "summary_pl",
            "summary_en",
            "description_pl",
            "description_en",
            "offer_pl",
            "offer_en",
            "funding_call",
        ),
        PAYLOAD,
    )
    project = _draft(firm_a, firm_a_admin, kind="offer", title_pl=f"Projekt {PAYLOAD}", **fields)
    submit_project(actor=firm_a_admin, project=project)
    Participation.objects.filter(project=project).update(
        contribution_pl=PAYLOAD, contribution_en=PAYLOAD
    )
    add_external_partner(
        actor=firm_a_admin, project=project, name=PAYLOAD, country="DE", kind="research"
    )
    post_update(actor=firm_a_admin, project=project, body=PAYLOAD)
    client = client_as("firm_a_admin")

    pages = [
        client.get(_url("list")),
        client.get(_url("detail", slug=project.slug)),
        client.get(_url("offer", slug=project.slug)),
        client.get(_url("external-partners", slug=project.slug)),
        client.get(_url("edit", slug=project.slug)),
        client.get(_url("firm-projects", firm=firm_a.slug)),
        Client().get(f"/pl/projects/{project.slug}/"),
    ]

    for page in pages:
        assert page.status_code == 200
        assert "<script>alert" not in page.text


# --- Query counts -------------------------------------------------------------------


def _many_projects(firm, count, competences):
    for n in range(count):
        project = led_project(firm, title_pl=f"Projekt {n:02d}")
        project.needed_competences.set(competences)


@pytest.mark.parametrize(("projects", "competences"), [(1, 1), (25, 5)])
def test_list_query_count_is_constant_for_a_visitor(
    django_assert_num_queries, firm_a, projects, competences
):
    _many_projects(firm_a, projects, Competence.objects.all()[:competences])
    client = Client()
    client.get(_url("list"))  # fills the footer's fragment cache

    with django_assert_num_queries(4):
        # 1. the competences of the filter form's choices
        # 2. the count, 3. the page of projects with their firms
        # 4. the page's needed competences
        response = client.get(_url("list"))

    assert len(response.context["page"].object_list) == min(projects, 20)


@pytest.mark.parametrize(("projects", "competences"), [(1, 1), (25, 5)])
def test_list_query_count_is_constant_for_a_member(
    client_as, django_assert_num_queries, firm_a, projects, competences
):
    _many_projects(firm_a, projects, Competence.objects.all()[:competences])
    client = client_as("firm_b_editor")
    client.get(_url("list"))

    with django_assert_num_queries(8):
        # 1. the session, 2. its user, 3. whether the user is a member
        # 4. the count (the user's own drafts are a subquery)
        # 5. whether the user is the coordinator (the menu)
        # 6. the filter form's competences
        # 7. the page of projects with their firms, 8. their needed competences
        response = client.get(_url("list"), {"kind": "research"})

    assert len(response.context["page"].object_list) == min(projects, 20)


@pytest.mark.parametrize("partners", [1, 12])
def test_detail_query_count_is_constant(client_as, django_assert_num_queries, firm_a, partners):
    project = led_project(firm_a)
    project.needed_competences.set(Competence.objects.all()[:partners])
    for _ in range(partners):
        ParticipationFactory(project=project, firm=FirmFactory())
        ExternalPartner.objects.create(
            project=project, name="Instytut", country="DE", kind="research"
        )
        ProjectUpdate.objects.create(project=project, body="Wpis")
    client = client_as("firm_a_admin")
    client.get(_url("detail", slug=project.slug))

    with django_assert_num_queries(15):
        # 1. the session, 2. its user, 3. whether the user is a member
        # 4. the project, 5. its participations (the permission checks)
        # 6. whether the user is the coordinator, 7. the user's firm roles
        # 8. the participants with their firms, 9. the needed competences
        # 10. external partners, 11. updates with authors, 12. documents
        # 13.-14. the participation panel (projects.participations)
        # 15. the strategic goals it serves, with their strategies
        response = client.get(_url("detail", slug=project.slug))

    assert len(response.context["participants"]) == partners + 1


@pytest.mark.parametrize("projects", [1, 12])
def test_firm_projects_query_count_is_constant(
    client_as, django_assert_num_queries, firm_a, projects
):
    for _ in range(projects):
        led_project(firm_a)
    client = client_as("firm_a_admin")
    client.get(_url("firm-projects", firm=firm_a.slug))

    with django_assert_num_queries(8):
        # 1. the session, 2. its user, 3. whether the user is the coordinator
        # 4. the firm, 5. its roles, 6. the user's firm roles
        # 7. whether the user is a member (the menu)
        # 8. the projects with the firm's participation
        response = client.get(_url("firm-projects", firm=firm_a.slug))

    assert len(response.context["projects"]) == projects


def test_the_admin_shows_projects_read_only(client_as, coordinator, firm_a, firm_b):
    coordinator.is_superuser = True
    coordinator.save(update_fields=["is_superuser"])
    project = led_project(firm_a)
    ParticipationFactory(project=project, firm=firm_b)
    ExternalPartner.objects.create(project=project, name="Ústav", country="CZ", kind="research")
    client = client_as("coordinator")

    changelist = client.get(reverse("admin:projects_project_changelist"))
    page = client.get(reverse("admin:projects_project_change", args=[project.pk]))
    add = client.get(reverse("admin:projects_project_add"))

    assert (changelist.status_code, page.status_code, add.status_code) == (200, 200, 403)
    assert firm_b.name in page.text and "Ústav" in page.text
