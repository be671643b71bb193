"""The home page in a real browser: languages, CSP, console and accessibility."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [
    pytest.mark.browser,
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _serious_violations(page):
    results = Axe().run(page)
    return [
        f"{violation['id']}: {violation['help']}"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def _problems(page):
    return page.console_errors + page.evaluate("window.__cspViolations")


def test_home_page_switches_language_and_back_without_errors(live_server, watched_page):
    page = watched_page

    page.goto(f"{live_server.url}/pl/")
    polish_heading = page.locator("h1").inner_text()
    polish_problems = _problems(page)
    polish_violations = _serious_violations(page)
    page.get_by_role("link", name="English").click()
    page.wait_for_url(f"{live_server.url}/en/")
    english_heading = page.locator("h1").inner_text()
    english_problems = _problems(page)
    english_violations = _serious_violations(page)
    page.get_by_role("link", name="Polski").click()
    page.wait_for_url(f"{live_server.url}/pl/")

    assert polish_heading == "Klaster Chemii Specjalistycznej CHEM-STER"
    assert english_heading == "CHEM-STER Specialty Chemistry Cluster"
    assert page.locator("html").get_attribute("lang") == "pl"
    assert (polish_problems, english_problems, _problems(page)) == ([], [], [])
    assert (polish_violations, english_violations) == ([], [])


def test_keyboard_user_reaches_content_through_the_skip_link(live_server, watched_page):
    page = watched_page
    page.goto(f"{live_server.url}/en/about/")

    page.keyboard.press("Tab")
    skip_link = page.locator(".skip-link")
    outline = skip_link.evaluate("element => getComputedStyle(element).outlineStyle")
    page.keyboard.press("Enter")

    assert skip_link.inner_text() == "Skip to content"
    assert outline == "solid"
    assert page.url.endswith("#content")
    assert _problems(page) == []


def test_inline_script_would_be_blocked_by_the_policy(live_server, watched_page):
    """The policy is enforced: a script injected into the page does not run."""
    page = watched_page
    page.goto(f"{live_server.url}/pl/")

    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.__injected = true";
            document.body.appendChild(script);
        }"""
    )

    assert page.evaluate("window.__injected === true") is False
    assert any("script-src" in v for v in page.evaluate("window.__cspViolations"))
