"""The coordinator keeps the competence taxonomy."""

import pytest
from django.contrib.postgres.search import SearchQuery

from chemster.models import AuditEntry
from members.models import Competence, CompetenceGroup, Firm
from members.services import reindex_firms

LIST_URL = "/pl/coordinator/competences/"


def _edit_url(competence, language="pl"):
    return f"/{language}/coordinator/competences/{competence.pk}/edit/"


def _found(word):
    return list(Firm.objects.filter(search_vector=SearchQuery(word, config="chemster_unaccent")))


@pytest.mark.django_db
def test_coordinator_sees_the_taxonomy_grouped(client_as, coordinator):
    response = client_as("coordinator").get("/en/coordinator/competences/")

    page = response.content.decode()
    assert [group.code for group in response.context["competence_groups"]] == list(
        CompetenceGroup.objects.values_list("code", flat=True)
    )
    for heading in ("Product areas", "Processes", "Services"):
        assert f'lang="en">{heading}</h2>' in page
    assert page.count('<td lang="pl">') == Competence.objects.count()


@pytest.mark.django_db
def test_renamed_competence_keeps_its_firms_findable(client_as, firm_a, coordinator):
    competence = Competence.objects.get(code="catalysts")
    firm_a.competences.add(competence)
    reindex_firms([firm_a.pk])

    response = client_as("coordinator").post(
        _edit_url(competence),
        {"name_pl": "Katalizatory heterogeniczne", "name_en": "Heterogeneous catalysts"},
    )

    competence.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, LIST_URL)
    assert (competence.name_pl, competence.name_en) == (
        "Katalizatory heterogeniczne",
        "Heterogeneous catalysts",
    )
    assert _found("heterogeniczne") == [firm_a]
    assert _found("heterogeneous") == [firm_a]
    entry = AuditEntry.objects.get(code="members.competence.renamed")
    assert entry.changes == {
        "name_pl": ["Katalizatory", "Katalizatory heterogeniczne"],
        "name_en": ["Catalysts", "Heterogeneous catalysts"],
    }


@pytest.mark.django_db
def test_edit_page_says_how_many_firms_have_the_competence(client_as, firm_a, firm_b, coordinator):
    competence = Competence.objects.get(code="catalysts")
    competence.firms.add(firm_a, firm_b)

    page = client_as("coordinator").get(_edit_url(competence, "en")).content.decode()

    assert "2 firms have this competence" in page


@pytest.mark.django_db
def test_coordinator_adds_a_competence_at_the_end_of_a_group(client_as, coordinator):
    group = CompetenceGroup.objects.get(code="services")
    last = group.competences.order_by("position").last()

    response = client_as("coordinator").post(
        LIST_URL,
        {
            "group": group.pk,
            "name_pl": "Badania ekotoksykologiczne",
            "name_en": "Ecotoxicology testing",
        },
    )

    competence = Competence.objects.get(name_en="Ecotoxicology testing")
    assert (response.status_code, response["Location"]) == (302, LIST_URL)
    assert (competence.group, competence.code, competence.position) == (
        group,
        "ecotoxicology-testing",
        last.position + 1,
    )
    entry = AuditEntry.objects.get(code="members.competence.added")
    assert (entry.actor, entry.changes) == (
        coordinator,
        {
            "group": "services",
            "name_pl": "Badania ekotoksykologiczne",
            "name_en": "Ecotoxicology testing",
        },
    )


@pytest.mark.django_db
def test_competence_names_are_unique(client_as, coordinator):
    count = Competence.objects.count()
    catalysts = Competence.objects.get(code="catalysts")

    added = client_as("coordinator").post(
        "/en/coordinator/competences/",
        {"group": catalysts.group_id, "name_pl": "katalizatory", "name_en": "New one"},
    )
    renamed = client_as("coordinator").post(
        _edit_url(Competence.objects.get(code="solvents"), "en"),
        {"name_pl": "Nowa", "name_en": "CATALYSTS"},
    )

    assert added.context["form"].errors == {
        "name_pl": ["Another competence has this name already."]
    }
    assert renamed.context["form"].errors == {
        "name_en": ["Another competence has this name already."]
    }
    assert Competence.objects.count() == count


@pytest.mark.django_db
def test_overlong_name_is_a_field_error(client_as, coordinator):
    response = client_as("coordinator").post(
        _edit_url(Competence.objects.get(code="catalysts"), "en"),
        {"name_pl": "K" * 161, "name_en": "Catalysts"},
    )

    assert response.context["form"].errors == {
        "name_pl": ["Ensure this value has at most 160 characters (it has 161)."]
    }


@pytest.mark.django_db
@pytest.mark.parametrize("member", ["firm_a_admin", "outsider"])
def test_others_change_nothing_in_the_taxonomy(client_as, firm_a, member):
    competence = Competence.objects.get(code="catalysts")
    client = client_as(member)

    renamed = client.post(_edit_url(competence), {"name_pl": "X", "name_en": "X"})
    added = client.post(LIST_URL, {"group": competence.group_id, "name_pl": "Y", "name_en": "Y"})

    competence.refresh_from_db()
    assert (renamed.status_code, added.status_code) == (403, 403)
    assert competence.name_pl == "Katalizatory"
    assert not Competence.objects.filter(name_pl="Y").exists()


@pytest.mark.django_db
def test_competence_list_query_count(client_as, coordinator, django_assert_num_queries):
    client = client_as("coordinator")

    # session, user, coordinators' group check, TOTP check, the taxonomy
    # (groups, competences), the add form's group choices (Django's form
    # rendering reads them twice), the footer's texts
    with django_assert_num_queries(9):
        response = client.get(LIST_URL)

    assert response.status_code == 200
