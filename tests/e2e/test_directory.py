"""A visitor searches the directory in a real browser and opens a firm."""

import re

import pytest

from members.models import Competence
from members.services import reindex_firms
from tests.e2e.test_shell import _problems, _serious_violations
from tests.factories import FirmFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_visitor_searches_without_diacritics_and_opens_a_firm(live_server, watched_page):
    firm = FirmFactory(
        name="Zakłady Azotowe Kędzierzyn S.A.",
        slug="zaklady-azotowe",
        description_pl="Nawozy azotowe i chemikalia specjalistyczne.",
        description_en="",
        public_fields=["description"],
    )
    firm.competences.set(Competence.objects.filter(code__in=["agrochemicals", "catalysts"]))
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
    catalysts = Competence.objects.get(code="catalysts")
    firm = FirmFactory(name="Katalizatory Opole Sp. z o.o.", slug="katalizatory")
    firm.competences.set([catalysts])
    reindex_firms([firm.pk])
    FirmFactory(name="Borowe Laboratoria S.A.", slug="borowe")
    page = watched_page
    page.goto(f"{live_server.url}/en/firms/")

    page.locator(".competence-filter summary").focus()
    page.keyboard.press("Enter")
    page.get_by_label("Catalysts", exact=True).focus()
    page.keyboard.press("Space")
    page.locator(".competence-filter button").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf".*competence={catalysts.pk}.*"))

    assert page.locator(".firm-entry h3").all_inner_texts() == ["Katalizatory Opole Sp. z o.o."]
    assert page.get_by_label("Catalysts", exact=True).is_checked()
    assert _problems(page) == []
    assert _serious_violations(page) == []
