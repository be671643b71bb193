"""The coordinator logs in with a password and a TOTP code in a real browser."""

import pytest

from tests.conftest import PASSWORD, totp_code
from tests.e2e.test_shell import _problems, _serious_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_coordinator_logs_in_with_password_and_totp(live_server, watched_page, coordinator):
    page = watched_page
    page.goto(f"{live_server.url}/pl/coordinator/audit/")

    page.get_by_label("Adres e-mail").fill(coordinator.email)
    page.get_by_label("Hasło").fill(PASSWORD)
    login_violations = _serious_violations(page)
    page.get_by_role("button", name="Zaloguj się").click()
    page.wait_for_url("**/accounts/2fa/authenticate/**")
    code_violations = _serious_violations(page)
    page.get_by_label("Kod").fill(totp_code())
    page.get_by_role("button", name="Zaloguj", exact=True).click()
    page.wait_for_url(f"{live_server.url}/pl/coordinator/audit/")

    assert page.locator("h1").inner_text() == "Dziennik zmian"
    assert (login_violations, code_violations) == ([], [])
    assert _problems(page) == []
