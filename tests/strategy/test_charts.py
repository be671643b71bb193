"""The indicator chart is valid SVG with its title, description and data."""

import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from strategy.charts import format_number, indicator_chart
from tests.strategy.factories import IndicatorFactory, MeasurementFactory

SVG = "{http://www.w3.org/2000/svg}"
pytestmark = pytest.mark.django_db


def _indicator(values):
    indicator = IndicatorFactory(
        name_pl="Aktywni członkowie",
        name_en="Active members",
        unit="%",
        target=Decimal("48.5"),
        target_date=date(2027, 12, 31),
    )
    for year, value in values:
        MeasurementFactory(
            indicator=indicator, value=Decimal(value), measured_on=date(year, 12, 31)
        )
    return indicator


def _parse(svg: str):
    return ET.fromstring(str(svg))  # noqa: S314 - our own output


def test_chart_is_svg_with_title_desc_and_every_point():
    indicator = _indicator([(2022, "20"), (2023, "30.5"), (2024, "41")])

    with translation.override("en"):
        root = _parse(indicator_chart(indicator))

    prefix = f"indicator-{indicator.pk}"
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{prefix}-title {prefix}-desc"
    assert root.get("viewBox") == "0 0 480 240"
    assert root.find(f"{SVG}title").text == "Active members"
    assert root.find(f"{SVG}title").get("id") == f"{prefix}-title"
    desc = root.find(f"{SVG}desc").text
    assert "3 measurements from Dec. 31, 2022 to Dec. 31, 2024; latest 41 %." in desc
    assert "Target 48.5 % by Dec. 31, 2027." in desc
    points = [(c.get("data-date"), c.get("data-value")) for c in root.iter(f"{SVG}circle")]
    assert points == [("2022-12-31", "20.00"), ("2023-12-31", "30.50"), ("2024-12-31", "41.00")]
    assert len(root.findall(f".//{SVG}polyline")) == 1
    assert root.find(f".//{SVG}line[@class='chart-trend']") is not None


def test_chart_has_no_style_attributes_or_scripts():
    indicator = _indicator([(2022, "20"), (2023, "30")])

    root = _parse(indicator_chart(indicator))

    assert all("style" not in element.attrib for element in root.iter())
    assert not list(root.iter(f"{SVG}script"))
    assert not list(root.iter(f"{SVG}style"))


def test_chart_in_polish_formats_numbers_and_dates_for_the_locale():
    indicator = _indicator([(2023, "30.5"), (2024, "41")])

    with translation.override("pl"):
        root = _parse(indicator_chart(indicator))

    assert root.find(f"{SVG}title").text == "Aktywni członkowie"
    desc = root.find(f"{SVG}desc").text
    assert "48,5 %" in desc
    assert "31 grudnia 2024" in desc


def test_chart_with_one_measurement_says_there_is_no_trend():
    indicator = _indicator([(2024, "41")])

    with translation.override("en"):
        root = _parse(indicator_chart(indicator))

    assert "Not enough data for a trend." in root.find(f"{SVG}desc").text
    assert root.find(f".//{SVG}line[@class='chart-trend']") is None
    assert len(list(root.iter(f"{SVG}circle"))) == 1


def test_chart_without_measurements_still_parses():
    indicator = _indicator([])

    with translation.override("en"):
        root = _parse(indicator_chart(indicator))

    assert "No measurements yet." in root.find(f"{SVG}desc").text
    assert not list(root.iter(f"{SVG}circle"))


def test_chart_escapes_the_indicators_name():
    indicator = _indicator([(2024, "1"), (2025, "2")])
    indicator.name_pl = indicator.name_en = '<script>alert("x")</script> & co'

    root = _parse(indicator_chart(indicator))

    assert root.find(f"{SVG}title").text == '<script>alert("x")</script> & co'


@pytest.mark.parametrize(
    ("value", "language", "text"),
    [
        (Decimal("12.00"), "en", "12"),
        (Decimal("48.50"), "pl", "48,5"),
        (Decimal("1234.25"), "en", "1,234.25"),
        (None, "en", ""),
    ],
)
def test_format_number_drops_needless_decimals(value, language, text):
    with translation.override(language):
        assert format_number(value) == text
