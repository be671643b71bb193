"""A visitor searches the directory in a real browser and opens a firm."""

import re

import pytest

from members.models import Competence, CompetenceGroup
from members.services import reindex_firms
from tests.e2e.test_shell import _problems, _serious_violations
from tests.factories import FirmFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _competence(code, name_pl, name_en):
    """A competence of the test's own (a transactional test elsewhere in the
    suite may have flushed the taxonomy the migrations load)."""
    group, _created = CompetenceGroup.objects.get_or_create(
        code="e2e-group", defaults={"name_pl": "Grupa", "name_en": "Group"}
    )
    return Competence.objects.create(
        group=group, code=f"e2e-{code}", name_pl=name_pl, name_en=name_en
    )


def test_visitor_searches_without_diacritics_and_opens_a_firm(live_server, watched_page):
    firm = FirmFactory(
        name="Zakłady Azotowe Kędzierzyn S.A.",
        slug="zaklady-azotowe",
        description_pl="Nawozy azotowe i chemikalia specjalistyczne.",
        description_en="",
        public_fields=["description"],
    )
    firm.competences.set(
        [
            _competence("agro", "Agrochemikalia", "Agrochemicals"),
            _competence("catalysts", "Katalizatory", "Catalysts"),
        ]
    )
    reindex_firms([firm.pk])
    FirmFactory(name="Borowe Laboratoria S.A.", slug="borowe")
    page = watched_page

    page.goto(f"{live_server.url}/en/firms/")
    page.get_by_label("Search", exact=True).fill("zaklady azot")
    page.get_by_label("Search", exact=True).press("Enter")
    page.wait_for_url(re.compile(r".*\?q=zaklady\+azot.*"))
    results = page.locator(".firm-entry h3").all_inner_texts()
    count = page.get_by_role("status").inner_text()
    directory_problems = _problems(page)
    directory_violations = _serious_violations(page)
    page.get_by_role("link", name="Zakłady Azotowe Kędzierzyn S.A.").click()
    page.wait_for_url(f"{live_server.url}/en/firms/zaklady-azotowe/")

    assert results == ["Zakłady Azotowe Kędzierzyn S.A."]
    assert count.strip() == "1 member found."
    assert page.locator("h1").inner_text() == "Zakłady Azotowe Kędzierzyn S.A."
    assert page.locator('div[lang="pl"]').inner_text() == (
        "Nawozy azotowe i chemikalia specjalistyczne."
    )
    assert (directory_problems, _problems(page)) == ([], [])
    assert (directory_violations, _serious_violations(page)) == ([], [])


def test_competence_filter_works_from_the_keyboard(live_server, watched_page):
    catalysts = _competence("catalysis", "Kataliza testowa", "Test catalysis")
    firm = FirmFactory(name="Katalizatory Opole Sp. z o.o.", slug="katalizatory")
    firm.competences.set([catalysts])
    reindex_firms([firm.pk])
    FirmFactory(name="Borowe Laboratoria S.A.", slug="borowe")
    page = watched_page
    page.goto(f"{live_server.url}/en/firms/")

    page.locator(".competence-filter summary").focus()
    page.keyboard.press("Enter")
    page.get_by_label("Test catalysis", exact=True).focus()
    page.keyboard.press("Space")
    page.locator(".competence-filter button").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf".*competence={catalysts.pk}.*"))

    assert page.locator(".firm-entry h3").all_inner_texts() == ["Katalizatory Opole Sp. z o.o."]
    assert page.get_by_label("Test catalysis", exact=True).is_checked()
    assert _problems(page) == []
    assert _serious_violations(page) == []
