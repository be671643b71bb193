"""The coordinator enters a measurement; the public strategy page shows the
new progress in Polish and in English, in a real browser."""

from datetime import date
from decimal import Decimal

import pytest

from strategy.models import Goal, Indicator, Measurement, Strategy
from tests.conftest import PASSWORD, totp_code
from tests.e2e.test_shell import _problems, _serious_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _current_strategy_with_one_value() -> Indicator:
    """G1 with one hand-entered indicator that has one value: not enough data."""
    strategy = Strategy.objects.create(
        title_pl="Strategia rozwoju 2021-2027",
        title_en="Development strategy 2021-2027",
        period_start=2021,
        period_end=2027,
        vision_pl="Silna pozycja klastra w chemii specjalistycznej.",
        vision_en="A strong position of the cluster in specialty chemistry.",
        is_current=True,
    )
    goal = Goal.objects.create(
        strategy=strategy,
        code="G1",
        title_pl="Integracja członków",
        title_en="Integration of members",
    )
    indicator = Indicator.objects.create(
        goal=goal,
        name_pl="Spotkania integracyjne w roku",
        name_en="Integration meetings a year",
        target=Decimal(40),
        target_date=date(2027, 12, 31),
    )
    Measurement.objects.create(indicator=indicator, value=Decimal(20), measured_on=date(2024, 1, 1))
    return indicator


def _public_state(page, url) -> dict:
    """What the strategy page says about G1, read from data, not UI text."""
    page.goto(url)
    goal = page.locator("#goal-g1")
    meter = goal.locator("meter")
    return {
        "lang": page.locator("html").get_attribute("lang"),
        "goal_title": goal.locator("h2").inner_text(),
        "progress": meter.get_attribute("value") if meter.count() else None,
        "track": goal.locator(".track-state").get_attribute("class"),
        "values": [
            row.locator("td").nth(1).text_content().strip()
            for row in goal.locator(".indicator-data tbody tr").all()
        ],
    }


def test_coordinator_enters_a_measurement_and_the_public_page_shows_the_progress(
    live_server, watched_page, browser, coordinator
):
    base = live_server.url
    indicator = _current_strategy_with_one_value()
    visitor = browser.new_page()
    before = _public_state(visitor, f"{base}/en/strategy/")

    # 1. The coordinator logs in with a password and a code.
    office = watched_page
    entry_url = f"{base}/en/coordinator/strategy/indicators/{indicator.pk}/measurements/"
    office.goto(entry_url)
    office.fill("#id_login", coordinator.email)
    office.fill("#id_password", PASSWORD)
    office.locator("form.form button[type=submit]").click()
    office.wait_for_url("**/accounts/2fa/authenticate/**")
    office.fill("#id_code", totp_code())
    office.locator("form button[type=submit]").first.click()
    office.wait_for_url(entry_url)
    form_violations = _serious_violations(office)

    # 2. ... and enters this year's value.
    office.fill("#id_value", "30")
    office.fill("#id_measured_on", "2025-01-01")
    office.fill("#id_source", "Rejestr spotkań biura klastra")
    office.get_by_role("button", name="Add the value").click()
    office.wait_for_url(entry_url)
    recorded = office.locator(".message-success").inner_text()
    rows = office.locator("#measurements tbody tr").count()
    office_problems = _problems(office)

    # 3. The public page shows the new progress in both languages.
    polish = _public_state(visitor, f"{base}/pl/strategy/")
    english = _public_state(visitor, f"{base}/en/strategy/")
    visitor.close()

    assert form_violations == []
    assert office_problems == []
    assert "30" in recorded
    assert rows == 2
    assert before == {
        "lang": "en",
        "goal_title": "G1 Integration of members",
        "progress": None,
        "track": "track-state track-not_enough_data",
        "values": ["20"],
    }
    assert polish == {
        "lang": "pl",
        "goal_title": "G1 Integracja członków",
        "progress": "100",
        "track": "track-state track-on_track",
        "values": ["20", "30"],
    }
    assert english == {**polish, "lang": "en", "goal_title": "G1 Integration of members"}


def test_coordinators_strategy_pages_pass_the_accessibility_check(
    live_server, watched_page, coordinator
):
    base = live_server.url
    indicator = _current_strategy_with_one_value()
    goal = indicator.goal
    page = watched_page
    page.goto(f"{base}/en/coordinator/strategy/")
    page.fill("#id_login", coordinator.email)
    page.fill("#id_password", PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url("**/accounts/2fa/authenticate/**")
    page.fill("#id_code", totp_code())
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(f"{base}/en/coordinator/strategy/")
    objective = goal.objectives.create(title_pl="Spotkania członków")
    action = objective.actions.create(title_pl="Dzień otwarty", phase="integration")
    paths = [
        "",
        "attention/",
        "facts/",
        f"{goal.strategy_id}/",
        f"{goal.strategy_id}/goals/new/",
        f"goals/{goal.pk}/",
        f"goals/{goal.pk}/indicators/new/",
        f"objectives/{objective.pk}/",
        f"actions/{action.pk}/",
        f"indicators/{indicator.pk}/",
    ]

    violations = {}
    for path in paths:
        page.goto(f"{base}/en/coordinator/strategy/{path}")
        violations[path] = _serious_violations(page)
    problems = _problems(page)

    assert violations == dict.fromkeys(paths, [])
    assert problems == []
