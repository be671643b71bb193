"""Partner matching: the ranking, its explanations, the consortium's gaps,
the firm's recommendations, and the matching page."""

import math
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from members.models import Competence, Firm
from projects.matching import (
    consortium_gaps,
    rank_firms_for_competences,
    rank_firms_for_project,
    recommendations_for_firms,
    recommended_opportunities_for,
    recommended_projects_for,
)
from projects.models import ExternalPartner, Participation, Project
from tests.factories import FirmFactory
from tests.projects.factories import (
    InterestFactory,
    OpportunityFactory,
    ParticipationFactory,
    led_project,
)

pytestmark = pytest.mark.django_db

NEEDED = ("hydrogenation", "solvents", "analytical-lab", "scale-up")


def _ids(*codes):
    return list(Competence.objects.filter(code__in=codes).values_list("pk", flat=True))


def _firm(name, codes=(), **fields):
    firm = FirmFactory(name=name, **fields)
    firm.competences.set(_ids(*codes))
    return firm


def _weight(active_firms, holders):
    return math.log((1 + active_firms) / (1 + holders)) + 1


@pytest.fixture
def cluster():
    """Six active firms and a suspended one. Among the active: solvents is
    common (4 firms), analytical lab less so (2), hydrogenation and pilot-plant
    scale-up rare (1 each); catalysts is not needed by anyone here."""
    return {
        "alfa": _firm("Alfa Chemia", ["solvents"]),
        "beta": _firm("Beta Katalizy", ["hydrogenation"]),
        "gamma": _firm("Gamma Labs", ["solvents", "analytical-lab", "scale-up"]),
        "delta": _firm("Delta Analityka", ["solvents", "analytical-lab"]),
        "epsilon": _firm("Epsilon Rozpuszczalniki", ["solvents", "catalysts"]),
        "zeta": _firm("Zeta Katalizatory", ["catalysts"]),
        "omega": _firm("Omega Zawieszona", NEEDED, status=Firm.Status.SUSPENDED),
    }


def test_ranking_weighs_rare_competences_more_and_explains_each_row(cluster):
    matches = rank_firms_for_competences(_ids(*NEEDED))

    with translation.override("en"):
        rows = [(m.firm.name, m.explanation) for m in matches]
    assert rows == [
        (
            "Gamma Labs",
            "covers 3 of 4: Solvents, Pilot-plant scale-up, Analytical laboratory (accredited)",
        ),
        ("Delta Analityka", "covers 2 of 4: Solvents, Analytical laboratory (accredited)"),
        # One rare competence beats one every other firm has.
        ("Beta Katalizy", "covers 1 of 4: Hydrogenation"),
        # Equal score and count: by name.
        ("Alfa Chemia", "covers 1 of 4: Solvents"),
        ("Epsilon Rozpuszczalniki", "covers 1 of 4: Solvents"),
    ]
    # The suspended firm counts neither as a match nor among the holders.
    solvents, lab, rare = _weight(6, 4), _weight(6, 2), _weight(6, 1)
    assert [float(m.score) for m in matches] == pytest.approx(
        [solvents + lab + rare, solvents + lab, rare, solvents, solvents], abs=1e-6
    )
    assert [m.needed_count for m in matches] == [4] * 5


def test_explanation_names_competences_in_the_active_language(cluster):
    (match,) = rank_firms_for_competences(_ids("hydrogenation"))

    with translation.override("pl"):
        polish = match.explanation
    with translation.override("en"):
        english = match.explanation

    assert "Uwodornienie" in polish
    assert english == "covers 1 of 1: Hydrogenation"


def test_ranking_leaves_out_excluded_firms_and_respects_the_limit(cluster):
    ranked = rank_firms_for_competences(
        _ids(*NEEDED), exclude_firm_ids=[cluster["gamma"].pk], limit=2
    )

    assert [m.firm.name for m in ranked] == ["Delta Analityka", "Beta Katalizy"]


def test_ranking_of_nothing_needs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert rank_firms_for_competences([]) == []


def test_project_ranking_leaves_out_firms_with_a_live_participation(cluster):
    leader = _firm("Lider Projektu", ["hydrogenation"])
    project = led_project(leader)
    project.needed_competences.set(_ids(*NEEDED))
    states = {
        "alfa": Participation.State.INVITED,
        "beta": Participation.State.REQUESTED,
        "gamma": Participation.State.ACCEPTED,
        "delta": Participation.State.DECLINED,
        "epsilon": Participation.State.WITHDRAWN,
    }
    for key, state in states.items():
        ParticipationFactory(project=project, firm=cluster[key], state=state)

    ranked = rank_firms_for_project(project)

    assert [m.firm.name for m in ranked] == ["Delta Analityka", "Epsilon Rozpuszczalniki"]


def test_project_ranking_query_count(django_assert_num_queries, cluster):
    project = led_project(cluster["zeta"])
    project.needed_competences.set(_ids(*NEEDED))

    # the ranking (one CTE), the covered competences' names
    with django_assert_num_queries(2):
        ranked = rank_firms_for_project(project)

    assert len(ranked) == 5


def _bulk_firms(count, codes):
    """``count`` active firms, each with the competences ``codes`` (fast)."""
    firms = Firm.objects.bulk_create(
        Firm(
            name=f"Firma masowa {n:04d}",
            slug=f"firma-masowa-{n:04d}",
            kind=Firm.Kind.ENTERPRISE,
            size_class=Firm.SizeClass.SMALL,
            city="Opole",
        )
        for n in range(count)
    )
    competence_ids = _ids(*codes)
    Firm.competences.through.objects.bulk_create(
        Firm.competences.through(firm_id=firm.pk, competence_id=competence_id)
        for firm in firms
        for competence_id in competence_ids
    )
    return firms


@pytest.mark.parametrize("count", [10, 300])
def test_project_ranking_query_count_is_constant(django_assert_num_queries, count):
    firms = _bulk_firms(count, ["hydrogenation", "solvents"])
    project = led_project(firms[0])
    project.needed_competences.set(_ids(*NEEDED))

    # the ranking (one CTE), the covered competences' names
    with django_assert_num_queries(2):
        ranked = rank_firms_for_project(project, limit=20)

    assert len(ranked) == min(count - 1, 20)


# --- The consortium's gaps ---------------------------------------------------


def test_gaps_name_needed_competences_no_accepted_participant_covers():
    leader = _firm("Lider", ["solvents"])
    project = led_project(leader)
    project.needed_competences.set(_ids(*NEEDED))
    ParticipationFactory(project=project, firm=_firm("Partner", ["scale-up"]))
    ParticipationFactory(
        project=project,
        firm=_firm("Zaproszony", ["hydrogenation"]),
        state=Participation.State.INVITED,
    )

    gaps = consortium_gaps(project)

    assert [c.code for c in gaps.needed] == [
        "solvents",
        "hydrogenation",
        "scale-up",
        "analytical-lab",
    ]
    assert [c.code for c in gaps.uncovered] == ["hydrogenation", "analytical-lab"]


def test_gaps_say_an_enterprise_consortium_lacks_research_and_university():
    project = led_project(_firm("Lider", ["solvents"]))
    ParticipationFactory(
        project=project,
        firm=_firm("Instytut zaproszony", kind=Firm.Kind.RESEARCH, size_class=""),
        state=Participation.State.REQUESTED,
    )

    gaps = consortium_gaps(project)

    assert (gaps.lacks_research_institute, gaps.lacks_university) == (True, True)
    assert gaps.lacks_research_organisation is True
    assert gaps.needed == gaps.uncovered == []


def test_gaps_count_a_research_participant_and_a_foreign_university():
    project = led_project(_firm("Lider", ["solvents"]))
    ParticipationFactory(
        project=project, firm=_firm("Instytut", kind=Firm.Kind.RESEARCH, size_class="")
    )
    ExternalPartner.objects.create(
        project=project, name="Universität Leipzig", country="DE", kind="university"
    )

    gaps = consortium_gaps(project)

    assert (gaps.lacks_research_institute, gaps.lacks_university) == (False, False)
    assert gaps.lacks_research_organisation is False


def test_gaps_with_a_university_only_still_lack_a_research_institute():
    project = led_project(_firm("Uczelnia", kind=Firm.Kind.UNIVERSITY, size_class=""))

    gaps = consortium_gaps(project)

    assert (gaps.lacks_research_institute, gaps.lacks_university) == (True, False)
    assert gaps.lacks_research_organisation is False


def test_gaps_query_count(django_assert_num_queries):
    project = led_project(_firm("Lider", ["solvents"]))
    project.needed_competences.set(_ids(*NEEDED))
    for n in range(5):
        ParticipationFactory(project=project, firm=_firm(f"Partner {n}", ["scale-up"]))

    # the needed competences with their coverage, the consortium's kinds
    with django_assert_num_queries(2):
        consortium_gaps(project)


# --- What a firm is recommended ------------------------------------------------


def test_recommended_projects_need_the_firms_competences_and_leave_out_its_own():
    firm = _firm("Nasza Firma", ["hydrogenation", "scale-up", "solvents"])
    other = _firm("Lider Inny", ["catalysts"])
    best = led_project(other, title_en="Best fit")
    best.needed_competences.set(_ids("hydrogenation", "scale-up", "catalysts"))
    idea = led_project(other, title_en="Idea", state=Project.State.IDEA)
    idea.needed_competences.set(_ids("solvents", "catalysts"))
    unrelated = led_project(other, title_en="Unrelated")
    unrelated.needed_competences.set(_ids("catalysts"))
    active = led_project(other, title_en="Already running", state=Project.State.ACTIVE)
    active.needed_competences.set(_ids("hydrogenation"))
    joined = led_project(other, title_en="Already asked")
    joined.needed_competences.set(_ids("hydrogenation"))
    ParticipationFactory(project=joined, firm=firm, state=Participation.State.REQUESTED)
    declined = led_project(other, title_en="Declined once")
    declined.needed_competences.set(_ids("solvents"))
    ParticipationFactory(project=declined, firm=firm, state=Participation.State.DECLINED)
    own = led_project(firm, title_en="Our own")
    own.needed_competences.set(_ids("hydrogenation"))

    recommended = recommended_projects_for(firm)

    with translation.override("en"):
        rows = [(r.project.title_en, r.explanation) for r in recommended]
    assert rows == [
        ("Best fit", "your firm covers 2 of 3: Hydrogenation, Pilot-plant scale-up"),
        ("Declined once", "your firm covers 1 of 1: Solvents"),
        ("Idea", "your firm covers 1 of 2: Solvents"),
    ]


def test_recommended_opportunities_are_other_firms_published_unexpired_overlapping():
    firm = _firm("Nasza Firma", ["hydrogenation", "solvents"])
    other = _firm("Inna Firma", ["catalysts"])
    suspended = _firm("Zawieszona", ["catalysts"], status=Firm.Status.SUSPENDED)

    def posting(title, codes, **fields):
        opportunity = OpportunityFactory(title_en=title, **fields)
        opportunity.competences.set(_ids(*codes))
        return opportunity

    posting("Two of ours", ["hydrogenation", "solvents", "catalysts"], firm=other)
    posting("One of ours", ["solvents"], firm=other)
    posting("Not ours", ["catalysts"], firm=other)
    posting("Our own", ["hydrogenation"], firm=firm)
    posting("Draft", ["hydrogenation"], firm=other, state="draft")
    posting(
        "Past its date",
        ["hydrogenation"],
        firm=other,
        expires_on=timezone.localdate() - timedelta(days=1),
    )
    posting("Of a suspended firm", ["hydrogenation"], firm=suspended)
    answered = posting("Already answered", ["hydrogenation"], firm=other)
    InterestFactory(opportunity=answered, firm=firm)

    recommended = recommended_opportunities_for(firm)

    with translation.override("en"):
        rows = [(r.opportunity.title_en, r.explanation) for r in recommended]
    assert rows == [
        ("Two of ours", "matches 2 of 3: Solvents, Hydrogenation"),
        ("One of ours", "matches 1 of 1: Solvents"),
    ]


def test_recommendations_for_several_firms_take_a_fixed_number_of_queries(
    django_assert_num_queries,
):
    firms = [_firm(f"Firma {n}", ["hydrogenation", "solvents"]) for n in range(4)]
    leader = _firm("Lider", ["catalysts"])
    for _n in range(6):
        led_project(leader).needed_competences.set(_ids("hydrogenation"))
        OpportunityFactory(firm=leader).competences.set(_ids("solvents"))

    # the firms' competences, candidate projects, candidate postings with
    # their firms, the covered competences' names
    with django_assert_num_queries(4):
        recommendations = recommendations_for_firms(firms, limit=5)

    assert [len(recommendations[f.pk].projects) for f in firms] == [5] * 4
    assert [len(recommendations[f.pk].opportunities) for f in firms] == [5] * 4


def test_firm_without_competences_is_recommended_nothing(django_assert_num_queries):
    firm = _firm("Bez kompetencji")
    led_project(_firm("Lider")).needed_competences.set(_ids("hydrogenation"))

    # only the firm's competences
    with django_assert_num_queries(1):
        recommendations = recommendations_for_firms([firm])

    assert recommendations[firm.pk].projects == []
    assert recommendations[firm.pk].opportunities == []


# --- The matching page -----------------------------------------------------------


def _url(project, language="en"):
    with translation.override(language):
        return reverse("projects:matching", kwargs={"slug": project.slug})


@pytest.fixture
def members_project(firm_a):
    """A members-only recruiting project led by firm A."""
    project = led_project(firm_a, visibility=Project.Visibility.MEMBERS, slug="katalizator")
    project.needed_competences.set(_ids(*NEEDED))
    return project


@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("firm_a_admin", 200),
        ("coordinator", 200),
        ("firm_a_editor", 403),
        ("firm_b_admin", 403),
        ("firm_b_editor", 403),
        ("outsider", 404),
    ],
)
def test_matching_page_answers_the_cast(
    client_as, members_project, firm_b_admin, firm_b_editor, firm_a_editor, member, status
):
    response = client_as(member).get(_url(members_project))

    assert response.status_code == status


def test_matching_page_sends_a_visitor_to_log_in(client, members_project):
    response = client.get(_url(members_project))

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


def test_matching_page_of_an_unknown_project_is_404(client_as, firm_a_admin):
    response = client_as("firm_a_admin").get("/en/projects/no-such-project/matching/")

    assert response.status_code == 404


def test_matching_page_refuses_post(client_as, firm_a_admin, members_project):
    response = client_as("firm_a_admin").post(_url(members_project))

    assert response.status_code == 405


def test_matching_page_lists_explained_matches_with_invite_forms_and_gaps(
    client_as, firm_a_admin, members_project, cluster
):
    ParticipationFactory(project=members_project, firm=cluster["gamma"])

    response = client_as("firm_a_admin").get(_url(members_project))

    page = response.content.decode()
    assert [m.firm.name for m in response.context["matches"]] == [
        "Delta Analityka",
        "Beta Katalizy",
        "Alfa Chemia",
        "Epsilon Rozpuszczalniki",
    ]
    assert "covers 2 of 4: Solvents, Analytical laboratory (accredited)" in page
    delta = cluster["delta"]
    assert f'<a href="/en/firms/{delta.slug}/">Delta Analityka</a>' in page
    assert f'<form method="post" action="/en/projects/{members_project.slug}/invite/"' in page
    assert f'<input type="hidden" name="firm" value="{delta.slug}">' in page
    assert '<option value="subcontr">Subcontractor</option>' in page
    assert "Gamma Labs" not in page  # already a participant
    # Gamma (accepted) covers solvents, the lab and scale-up; nobody in covers hydrogenation.
    assert [c.code for c in response.context["gaps"].uncovered] == ["hydrogenation"]
    assert "No research institute in the consortium." in page
    assert "No university in the consortium." in page


def test_matching_page_of_a_draft_offers_no_invitation(client_as, firm_a, firm_a_editor, cluster):
    draft = led_project(firm_a, state=Project.State.DRAFT, slug="szkic")
    Participation.objects.filter(project=draft).delete()
    draft.needed_competences.set(_ids("hydrogenation"))

    response = client_as("firm_a_editor").get(_url(draft))

    assert response.status_code == 200
    assert [m.firm.name for m in response.context["matches"]] == ["Beta Katalizy"]
    assert "/invite/" not in response.content.decode()


@pytest.mark.parametrize("count", [10, 300])
def test_matching_page_query_count_is_constant(
    client_as, firm_a_admin, members_project, django_assert_num_queries, count
):
    _bulk_firms(count, ["hydrogenation", "solvents"])
    client = client_as("firm_a_admin")

    # session, user, membership check, the project, its participations,
    # coordinators' group check, the user's firm roles, the ranking, the
    # covered competences' names, the needed competences with their
    # coverage, the consortium's kinds, the footer's texts
    with django_assert_num_queries(12):
        response = client.get(_url(members_project))

    assert len(response.context["matches"]) == min(count, 20)
