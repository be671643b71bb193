"""A firm editor changes the offer in a real browser; visitors see it in both languages."""

import pytest

from members.models import Competence
from tests.conftest import PASSWORD
from tests.e2e.test_shell import _problems, _serious_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_editor_changes_the_offer_and_visitors_see_it_in_both_languages(
    live_server, watched_page, browser, firm_a, firm_a_editor
):
    page = watched_page
    page.goto(f"{live_server.url}/pl/firms/firma-a/edit/")
    page.get_by_label("Adres e-mail").fill(firm_a_editor.email)
    page.get_by_label("Hasło").fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()
    page.wait_for_url(f"{live_server.url}/pl/firms/firma-a/edit/")

    # The competence filter (competence-picker.js) narrows the list.
    page.locator("#competence-filter").fill("uwodor")
    visible_competences = page.locator("[data-competence-item]:visible").all_inner_texts()
    page.locator("#competence-filter").fill("")
    all_competences = page.locator("[data-competence-item]:visible").count()
    edit_violations = _serious_violations(page)

    page.locator('textarea[name="offer_pl"]').fill("Uwodornienie na zlecenie w skali pilotażowej.")
    page.locator('textarea[name="offer_en"]').fill("Toll hydrogenation at pilot scale.")
    page.locator('input[name="public_fields"][value="offer"]').check()
    page.locator("form.profile-form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/pl/firms/firma-a/edit/")
    saved_message = page.locator(".message-success").inner_text()
    editor_problems = _problems(page)

    visitor = browser.new_page()
    visitor.goto(f"{live_server.url}/pl/firms/firma-a/")
    polish_offer = visitor.locator("#offer-title + div").inner_text()
    visitor.goto(f"{live_server.url}/en/firms/firma-a/")
    english_offer = visitor.locator("#offer-title + div").inner_text()
    visitor.close()

    assert [text.strip() for text in visible_competences] == ["Uwodornienie"]
    assert all_competences == Competence.objects.count()
    assert saved_message
    assert polish_offer == "Uwodornienie na zlecenie w skali pilotażowej."
    assert english_offer == "Toll hydrogenation at pilot scale."
    assert edit_violations == []
    assert editor_problems == []
