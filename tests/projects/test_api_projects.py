"""The projects API: /api/v1/projects/, a project, its submission, state
and external partners."""

import pytest
from django.urls import reverse

from chemster.models import AuditEntry
from members.models import Competence
from projects.models import ExternalPartner, Participation, Project
from tests.conftest import CAST
from tests.factories import FirmFactory
from tests.projects.factories import ParticipationFactory, ProjectFactory, led_project


@pytest.fixture(autouse=True)
def _english(settings):
    # DRF's and the services' messages in English (the site's default is Polish).
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def members_project(firm_a):
    return led_project(
        firm_a,
        slug="tajny",
        visibility=Project.Visibility.MEMBERS,
        title_pl="Projekt tylko dla członków",
    )


@pytest.fixture
def public_project(firm_a):
    return led_project(firm_a, slug="jawny", title_pl="Projekt publiczny")


@pytest.fixture
def draft(firm_a, firm_a_editor):
    return ProjectFactory(
        firm=firm_a, slug="szkic", state=Project.State.DRAFT, title_pl="Szkic projektu"
    )


def _url(name, **kwargs):
    return reverse(f"api:{name}", kwargs=kwargs)


def _slugs(response):
    return [row["slug"] for row in response.json()["results"]]


# --- The list ----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "slugs"),
    [
        ("visitor", ["jawny"]),
        ("outsider", ["jawny"]),
        ("firm_a_admin", ["jawny", "tajny"]),
        ("firm_b_editor", ["jawny", "tajny"]),
        ("coordinator", ["jawny", "tajny"]),
    ],
)
def test_list_shows_members_only_projects_to_members_and_never_drafts(
    api_client_as, members_project, public_project, draft, member, slugs
):
    response = api_client_as(member).get(_url("projects"))

    assert response.status_code == 200
    assert sorted(_slugs(response)) == slugs
    content = response.content.decode()
    assert ("Projekt tylko dla członków" in content) is ("tajny" in slugs)
    assert "Szkic projektu" not in content


@pytest.mark.django_db
def test_list_row_has_the_projects_fields(api_client_as, firm_a):
    project = led_project(
        firm_a, slug="surfaktanty", kind=Project.Kind.SOLUTION, budget="1500.50", title_en=""
    )
    project.needed_competences.set(Competence.objects.filter(code="coatings"))

    row = api_client_as("visitor").get(_url("projects")).json()["results"][0]

    assert row == {
        "slug": "surfaktanty",
        "kind": "solution",
        "state": "recruiting",
        "visibility": "public",
        "firm": {"slug": "firma-a", "name": firm_a.name},
        "title_pl": project.title_pl,
        "title_en": "",
        "summary_pl": project.summary_pl,
        "summary_en": project.summary_en,
        "needed_competences": [Competence.objects.get(code="coatings").pk],
        "funding_call": "",
        "funding_deadline": None,
        "budget": "1500.50",
        "starts_on": None,
        "ends_on": None,
        "submitted_at": row["submitted_at"],
    }
    assert row["submitted_at"] is not None


@pytest.mark.django_db
def test_list_filters_by_kind_state_competence_and_words(api_client_as, firm_a):
    coatings = Competence.objects.get(code="coatings")
    research = led_project(firm_a, slug="badania", title_pl="Badania powłok")
    research.needed_competences.set([coatings])
    led_project(
        firm_a,
        slug="rynek",
        kind=Project.Kind.MARKET_ENTRY,
        state=Project.State.ACTIVE,
        title_pl="Wejście na rynek niemiecki",
    )
    client = api_client_as("visitor")

    assert _slugs(client.get(_url("projects"), {"kind": "market"})) == ["rynek"]
    assert _slugs(client.get(_url("projects"), {"state": "active"})) == ["rynek"]
    assert _slugs(client.get(_url("projects"), {"competence": coatings.pk})) == ["badania"]
    assert _slugs(client.get(_url("projects"), {"q": "niemiecki"})) == ["rynek"]
    assert _slugs(client.get(_url("projects"), {"kind": "", "q": ""})) == ["rynek", "badania"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"kind": "nope"}, "kind"),
        ({"state": "draft"}, "state"),
        ({"competence": "abc"}, "competence"),
        ({"competence": 999_999}, "competence"),
        ({"q": "x" * 101}, "q"),
        ({"page": 0}, "page"),
        ({"page_size": "abc"}, "page_size"),
    ],
)
def test_list_refuses_bad_filters_with_400_by_field(api_client_as, query, field):
    response = api_client_as("visitor").get(_url("projects"), query)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def _projects_with_competences(firm, count):
    competences = list(Competence.objects.all()[:3])
    for n in range(count):
        project = led_project(firm, slug=f"projekt-listy-{n}", visibility="members")
        project.needed_competences.set(competences)


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30])
def test_list_query_count_for_a_visitor(api_client_as, firm_a, django_assert_num_queries, count):
    _projects_with_competences(firm_a, count)
    led_project(firm_a, slug="publiczny").needed_competences.set(Competence.objects.all()[:2])
    client = api_client_as("visitor")

    # 1 the count, 2 the page with the firms, 3 the competences.
    with django_assert_num_queries(3):
        response = client.get(_url("projects"), {"page_size": 100})

    assert _slugs(response) == ["publiczny"]


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30, 120])
def test_list_query_count_for_a_member(api_client_as, firm_a, django_assert_num_queries, count):
    _projects_with_competences(firm_a, count)
    client = api_client_as("firm_b_editor")

    # 1 the token and its user, 2 UPDATE last_used_at, 3 whether the user
    # is a member, 4 the count, 5 the page with the firms, 6 the
    # competences.
    with django_assert_num_queries(6):
        response = client.get(_url("projects"), {"page_size": 100})

    assert len(response.json()["results"]) == min(count, 100)
    assert response.json()["count"] == count


# --- One project ---------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("visitor", 401),
        ("outsider", 404),
        ("firm_a_admin", 200),
        ("firm_a_editor", 200),
        ("firm_b_admin", 200),
        ("firm_b_editor", 200),
        ("coordinator", 200),
    ],
)
def test_members_only_project_statuses(api_client_as, members_project, member, status):
    response = api_client_as(member).get(_url("project", slug="tajny"))

    assert response.status_code == status
    if status != 200:
        assert set(response.json()) == {"detail"}
        assert "Projekt tylko dla członków" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("member", CAST)
def test_public_project_is_for_everyone(api_client_as, public_project, member):
    response = api_client_as(member).get(_url("project", slug="jawny"))

    assert response.status_code == 200
    assert response.json()["title_pl"] == "Projekt publiczny"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("visitor", 404),
        ("outsider", 404),
        ("firm_a_admin", 200),
        ("firm_a_editor", 200),
        ("firm_b_admin", 404),
        ("coordinator", 404),
    ],
)
def test_draft_is_its_firms_only(api_client_as, draft, member, status):
    assert api_client_as(member).get(_url("project", slug="szkic")).status_code == status


@pytest.mark.django_db
def test_unknown_project_is_404_even_for_a_visitor(api_client_as):
    assert api_client_as("visitor").get(_url("project", slug="nie-ma")).status_code == 404


@pytest.mark.django_db
def test_detail_shows_participants_partners_and_what_the_user_may_do(
    api_client_as, members_project, firm_b
):
    ParticipationFactory(
        project=members_project, firm=firm_b, contribution_pl="Analizy", message="Tajne"
    )
    ParticipationFactory(project=members_project, state=Participation.State.REQUESTED)
    ExternalPartner.objects.create(
        project=members_project, name="Fraunhofer IGB", country="DE", kind="research"
    )

    body = api_client_as("firm_b_editor").get(_url("project", slug="tajny")).json()
    manager = api_client_as("firm_a_admin").get(_url("project", slug="tajny")).json()

    assert body["participants"] == [
        {
            "firm": {"slug": "firma-a", "name": members_project.firm.name},
            "role": "leader",
            "contribution_pl": "",
            "contribution_en": "",
        },
        {
            "firm": {"slug": "firma-b", "name": firm_b.name},
            "role": "partner",
            "contribution_pl": "Analizy",
            "contribution_en": "",
        },
    ]
    assert [p["name"] for p in body["external_partners"]] == ["Fraunhofer IGB"]
    assert (body["can_manage"], body["is_participant"]) == (False, True)
    assert (manager["can_manage"], manager["is_participant"]) == (True, True)


@pytest.mark.django_db
def test_detail_query_count(api_client_as, members_project, django_assert_num_queries):
    for _n in range(5):
        ParticipationFactory(project=members_project)
    members_project.needed_competences.set(Competence.objects.all()[:4])
    client = api_client_as("firm_b_admin")

    # 1 the token, 2 last_used_at, 3 whether the user is a member, 4 the
    # project and its firm, 5 competences, 6 participations with firms,
    # 7 external partners, 8 whether the user is the coordinator, 9 the
    # user's firm roles (can_manage, is_participant).
    with django_assert_num_queries(9):
        response = client.get(_url("project", slug="tajny"))

    assert len(response.json()["participants"]) == 6


# --- Creating a draft ---------------------------------------------------------------

NEW_PROJECT = {
    "firm": "firma-a",
    "kind": "research",
    "title_pl": "Nowe katalizatory",
    "title_en": "New catalysts",
    "budget": "250000.00",
    "starts_on": "2027-01-01",
    "ends_on": "2028-12-31",
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("visitor", 401),
        ("outsider", 403),
        ("firm_a_admin", 201),
        ("firm_a_editor", 201),
        ("firm_b_admin", 403),
        ("firm_b_editor", 403),
        ("coordinator", 403),
    ],
)
def test_create_is_for_the_firms_editors_and_admins(api_client_as, firm_a, firm_b, member, status):
    response = api_client_as(member).post(_url("projects"), NEW_PROJECT)

    assert response.status_code == status
    assert Project.objects.exists() is (status == 201)


@pytest.mark.django_db
def test_create_makes_an_audited_draft(api_client_as, firm_a, firm_a_editor):
    coatings = Competence.objects.get(code="coatings")

    response = api_client_as("firm_a_editor").post(
        _url("projects"), {**NEW_PROJECT, "needed_competences": [coatings.pk]}
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["slug"], body["state"], body["visibility"]) == (
        "nowe-katalizatory",
        "draft",
        "members",
    )
    assert (body["needed_competences"], body["can_manage"]) == ([coatings.pk], True)
    project = Project.objects.get()
    assert (project.firm, project.created_by, project.submitted_at) == (
        firm_a,
        firm_a_editor,
        None,
    )
    assert AuditEntry.objects.filter(code="projects.project.created").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"firm": "nie-ma"}, "firm"),
        ({"kind": "other"}, "kind"),
        ({"title_pl": ""}, "title_pl"),
        ({"title_pl": "x" * 201}, "title_pl"),
        ({"ends_on": "2026-12-31"}, "ends_on"),
        ({"budget": "-1"}, "budget"),
        ({"budget": "1e20"}, "budget"),
        ({"needed_competences": [999_999]}, "needed_competences"),
        ({"needed_competences": ["abc"]}, "needed_competences"),
        ({"visibility": "secret"}, "visibility"),
        ({"description_pl": "x\x00y"}, "description_pl"),
        ({"funding_deadline": "2026-02-30"}, "funding_deadline"),
    ],
)
def test_create_refuses_bad_input_with_400_by_field(api_client_as, firm_a, overrides, field):
    response = api_client_as("firm_a_editor").post(_url("projects"), {**NEW_PROJECT, **overrides})

    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert list(body["errors"]) == [field]
    assert not Project.objects.exists()


@pytest.mark.django_db
def test_create_keeps_script_as_text(api_client_as, firm_a):
    script = "<script>alert(1)</script>"
    fields = ("title_pl", "title_en", "summary_pl", "description_pl", "offer_pl", "funding_call")

    response = api_client_as("firm_a_editor").post(
        _url("projects"), {**NEW_PROJECT, **dict.fromkeys(fields, script)}
    )

    assert response.status_code == 201
    assert all(response.json()[name] == script for name in fields)


# --- Changing a project ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("visitor", 401),
        ("outsider", 404),
        ("firm_a_admin", 200),
        ("firm_a_editor", 403),
        ("firm_b_admin", 403),
        ("firm_b_editor", 403),
        ("coordinator", 200),
    ],
)
def test_patch_is_for_the_leaders_admins_and_the_coordinator(
    api_client_as, members_project, member, status
):
    response = api_client_as(member).patch(
        _url("project", slug="tajny"), {"funding_call": "Horyzont Europa"}
    )

    assert response.status_code == status
    members_project.refresh_from_db()
    assert (members_project.funding_call == "Horyzont Europa") is (status == 200)


@pytest.mark.django_db
def test_patch_changes_the_given_fields_only_and_is_audited(api_client_as, members_project):
    coatings = Competence.objects.get(code="coatings")

    response = api_client_as("firm_a_admin").patch(
        _url("project", slug="tajny"),
        {"summary_en": "Catalysts", "needed_competences": [coatings.pk], "budget": None},
    )

    assert response.status_code == 200
    assert response.json()["summary_en"] == "Catalysts"
    members_project.refresh_from_db()
    assert members_project.visibility == Project.Visibility.MEMBERS
    assert list(members_project.needed_competences.all()) == [coatings]
    entry = AuditEntry.objects.get(code="projects.project.updated")
    assert set(entry.changes) == {"summary_en", "needed_competences"}


@pytest.mark.django_db
def test_patch_of_a_draft_is_for_the_firms_editors(api_client_as, draft):
    response = api_client_as("firm_a_editor").patch(
        _url("project", slug="szkic"), {"title_en": "Draft"}
    )

    assert response.status_code == 200
    assert response.json()["title_en"] == "Draft"


@pytest.mark.django_db
def test_patch_checks_the_end_against_the_stored_start(api_client_as, members_project):
    Project.objects.filter(pk=members_project.pk).update(starts_on="2027-06-01")

    response = api_client_as("firm_a_admin").patch(
        _url("project", slug="tajny"), {"ends_on": "2027-01-01"}
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["ends_on"]


@pytest.mark.django_db
def test_patch_of_a_completed_project_is_refused(api_client_as, firm_a):
    led_project(firm_a, slug="zakonczony", state=Project.State.COMPLETED)

    response = api_client_as("firm_a_admin").patch(
        _url("project", slug="zakonczony"), {"title_en": "X"}
    )

    assert response.status_code == 400
    assert "cannot be changed" in response.json()["errors"]["non_field_errors"][0]


# --- Submitting and states -----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("visitor", 401),
        ("outsider", 404),
        ("firm_a_admin", 200),
        ("firm_a_editor", 403),
        ("firm_b_admin", 404),
        ("coordinator", 404),
    ],
)
def test_submit_is_for_the_drafting_firms_admins(api_client_as, draft, member, status):
    response = api_client_as(member).post(
        _url("project-submit", slug="szkic"), {"state": "recruiting"}
    )

    assert response.status_code == status
    draft.refresh_from_db()
    assert (draft.state == Project.State.RECRUITING) is (status == 200)


@pytest.mark.django_db
def test_submit_makes_the_firm_the_leader_and_twice_is_409(api_client_as, draft, firm_a):
    client = api_client_as("firm_a_admin")

    first = client.post(_url("project-submit", slug="szkic"), {})
    second = client.post(_url("project-submit", slug="szkic"), {})

    assert first.status_code == 200
    assert first.json()["state"] == "idea"
    assert first.json()["participants"][0]["role"] == "leader"
    assert second.status_code == 409
    assert second.json() == {"detail": "This project is submitted already."}
    assert Participation.objects.get().firm == firm_a


@pytest.mark.django_db
def test_submit_refuses_a_state_other_than_idea_or_recruiting(api_client_as, draft):
    response = api_client_as("firm_a_admin").post(
        _url("project-submit", slug="szkic"), {"state": "active"}
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["state"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("visitor", 401),
        ("outsider", 404),
        ("firm_a_admin", 200),
        ("firm_a_editor", 403),
        ("firm_b_admin", 403),
        ("coordinator", 200),
    ],
)
def test_state_is_for_the_projects_managers(api_client_as, members_project, member, status):
    response = api_client_as(member).post(_url("project-state", slug="tajny"), {"state": "active"})

    assert response.status_code == status
    members_project.refresh_from_db()
    assert (members_project.state == Project.State.ACTIVE) is (status == 200)


@pytest.mark.django_db
def test_refused_state_move_is_400_naming_both_states(api_client_as, members_project):
    response = api_client_as("firm_a_admin").post(
        _url("project-state", slug="tajny"), {"state": "completed"}
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "state": ["A project in the state “Recruiting partners” cannot move to “Completed”."]
    }


@pytest.mark.django_db
def test_state_of_a_draft_is_refused_it_is_submitted_instead(api_client_as, draft):
    response = api_client_as("firm_a_admin").post(
        _url("project-state", slug="szkic"), {"state": "idea"}
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "state": ["A draft is submitted by its firm's administrator, not moved."]
    }
    draft.refresh_from_db()
    assert draft.state == Project.State.DRAFT


# --- External partners ---------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "status"),
    [("visitor", 401), ("outsider", 404), ("firm_b_editor", 200), ("coordinator", 200)],
)
def test_external_partners_are_listed_to_those_who_see_the_project(
    api_client_as, members_project, member, status
):
    ExternalPartner.objects.create(project=members_project, name="Zeta", country="DE", kind="other")
    ExternalPartner.objects.create(project=members_project, name="Alfa", country="NO", kind="other")

    response = api_client_as(member).get(_url("project-external-partners", slug="tajny"))

    assert response.status_code == status
    if status == 200:
        assert [row["name"] for row in response.json()["results"]] == ["Alfa", "Zeta"]


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30])
def test_external_partners_query_count(
    api_client_as, public_project, django_assert_num_queries, count
):
    for n in range(count):
        ExternalPartner.objects.create(
            project=public_project, name=f"Partner {n}", country="DE", kind="other"
        )
    client = api_client_as("visitor")

    # 1 the project, 2 its competences, 3 participations, 4 external
    # partners (prefetched for the detail), 5 the count, 6 the page.
    with django_assert_num_queries(6):
        response = client.get(_url("project-external-partners", slug="jawny"), {"page_size": 100})

    assert response.json()["count"] == count


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("visitor", 401),
        ("outsider", 404),
        ("firm_a_admin", 201),
        ("firm_a_editor", 403),
        ("firm_b_admin", 403),
        ("coordinator", 201),
    ],
)
def test_adding_an_external_partner_is_for_the_managers(
    api_client_as, members_project, member, status
):
    response = api_client_as(member).post(
        _url("project-external-partners", slug="tajny"),
        {"name": " Fraunhofer IGB ", "country": "DE", "kind": "research"},
    )

    assert response.status_code == status
    if status == 201:
        partner = ExternalPartner.objects.get()
        assert response.json() == {
            "id": partner.pk,
            "name": "Fraunhofer IGB",
            "country": "DE",
            "kind": "research",
        }
        assert AuditEntry.objects.filter(code="projects.partner.added").count() == 1


@pytest.mark.django_db
def test_adding_an_external_partner_refuses_bad_input(api_client_as, members_project):
    response = api_client_as("firm_a_admin").post(
        _url("project-external-partners", slug="tajny"),
        {"name": "  ", "country": "XX", "kind": "alien"},
    )

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"name", "country", "kind"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("visitor", 401),
        ("outsider", 404),
        ("firm_a_admin", 204),
        ("firm_a_editor", 403),
        ("firm_b_admin", 403),
        ("coordinator", 204),
    ],
)
def test_removing_an_external_partner_is_for_the_managers(
    api_client_as, members_project, member, status
):
    partner = ExternalPartner.objects.create(
        project=members_project, name="Alfa", country="DE", kind="other"
    )

    response = api_client_as(member).delete(
        _url("project-external-partner", slug="tajny", pk=partner.pk)
    )

    assert response.status_code == status
    assert ExternalPartner.objects.exists() is (status != 204)


@pytest.mark.django_db
def test_another_projects_partner_is_404(api_client_as, members_project, firm_a):
    other = led_project(firm_a, slug="inny")
    partner = ExternalPartner.objects.create(project=other, name="B", country="DE", kind="other")

    response = api_client_as("firm_a_admin").delete(
        _url("project-external-partner", slug="tajny", pk=partner.pk)
    )

    assert response.status_code == 404
    assert ExternalPartner.objects.filter(pk=partner.pk).exists()


@pytest.mark.django_db
def test_an_inactive_firm_cannot_draft(api_client_as, firm_a_editor):
    FirmFactory(slug="zawieszona", status="suspended")

    response = api_client_as("firm_a_editor").post(
        _url("projects"), {**NEW_PROJECT, "firm": "zawieszona"}
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["firm"]
