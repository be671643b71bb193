"""An indicator's measurements as an SVG line chart, drawn on the server.

No script and no ``style`` attributes (the site's CSP forbids inline
styles): colours come from presentation attributes, which the classes in
static/strategy/strategy.css may override. The chart is an image with a
title and a description; the page puts the same data in a table beside it
for screen readers.
"""

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from strategy import trends

WIDTH, HEIGHT = 480, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 32


def format_number(value) -> str:
    """A value in the active locale, without needless decimals (12, 48,5)."""
    if value is None:
        return ""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else 1 if value * 10 % 1 == 0 else 2
    return number_format(
        round(value, places), decimal_pos=places, use_l10n=True, force_grouping=True
    )


def _scale(low, high, size, *, flip=False):
    span = (high - low) or 1

    def to_pixels(value):
        share = float(Fraction(value) - low) / float(span)
        return size * (1 - share) if flip else size * share

    return to_pixels


def _y_range(values):
    """The value axis: the data with a tenth of margin, never below zero
    for data that is not."""
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1
    pad = (high - low) / 10
    bottom = low - pad
    if min(values) >= 0:
        bottom = max(bottom, Fraction(0))
    return bottom, high + pad


def indicator_chart(indicator, trend: trends.Trend | None = None, *, id_prefix: str = "") -> str:
    """The SVG of ``indicator``'s measurements (prefetched), its trend line
    projected to the target date and the target, as safe HTML.

    ``id_prefix`` keeps the ids of several charts on one page apart.
    """
    measurements = list(indicator.measurements.all())
    trend = trend or trends.indicator_trend(indicator, measurements)
    prefix = id_prefix or f"indicator-{indicator.pk}"
    name = indicator.name_en if _is_english() and indicator.name_en else indicator.name_pl
    unit = indicator.unit

    days = [m.measured_on for m in measurements] + [indicator.target_date]
    first, last = min(days), max(days)
    if first == last:
        first = last - timedelta(days=365)
    values = [Fraction(m.value) for m in measurements] + [Fraction(indicator.target)]
    if trend.has_data:
        values += [trend.value_at(first), trend.value_at(last)]
    low, high = _y_range(values)

    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    to_x = _scale(first.toordinal(), last.toordinal(), plot_w)
    to_y = _scale(low, high, plot_h, flip=True)

    def x(day: date) -> str:
        return f"{LEFT + to_x(day.toordinal()):.1f}"

    def y(value) -> str:
        return f"{TOP + to_y(value):.1f}"

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="indicator-chart" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{prefix}-title {prefix}-desc" focusable="false">',
        f'<title id="{prefix}-title">{escape(name)}</title>',
        f'<desc id="{prefix}-desc">{escape(_describe(indicator, measurements, trend))}</desc>',
    ]
    # Axes and three horizontal grid lines labelled with their values.
    bottom, right = TOP + plot_h, LEFT + plot_w
    parts.append(
        f'<g class="chart-axes" stroke="#6b7280" stroke-width="1" fill="none">'
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{bottom}"/>'
        f'<line x1="{LEFT}" y1="{bottom}" x2="{right}" y2="{bottom}"/></g>'
    )
    parts.append('<g class="chart-labels" fill="#374151" font-size="11">')
    for share in (Fraction(0), Fraction(1, 2), Fraction(1)):
        value = low + (high - low) * share
        parts.append(
            f'<line class="chart-grid" x1="{LEFT}" y1="{y(value)}" x2="{right}" '
            f'y2="{y(value)}" stroke="#e5e7eb" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y(value)}" text-anchor="end" '
            f'dominant-baseline="middle">{escape(format_number(value))}</text>'
        )
    for day, anchor in ((first, "start"), (last, "end")):
        parts.append(
            f'<text x="{x(day)}" y="{bottom + 18}" text-anchor="{anchor}">'
            f"{escape(date_format(day, 'SHORT_DATE_FORMAT'))}</text>"
        )
    parts.append("</g>")
    # The target: a dashed line at its value and a mark at its date.
    parts.append(
        f'<g class="chart-target" stroke="#8a3b00" fill="#8a3b00">'
        f'<line x1="{LEFT}" y1="{y(indicator.target)}" x2="{right}" y2="{y(indicator.target)}" '
        f'stroke-width="1" stroke-dasharray="2 4"/>'
        f'<path d="M {x(indicator.target_date)} {y(indicator.target)} m -5 0 l 5 -5 l 5 5 '
        f'l -5 5 z"><title>{escape(_("Target"))}: {escape(format_number(indicator.target))} '
        f"{escape(unit)}, {escape(date_format(indicator.target_date))}</title></path></g>"
    )
    if trend.has_data:
        start = measurements[0].measured_on
        parts.append(
            f'<line class="chart-trend" x1="{x(start)}" y1="{y(trend.value_at(start))}" '
            f'x2="{x(indicator.target_date)}" y2="{y(trend.value_at(indicator.target_date))}" '
            f'stroke="#6b7280" stroke-width="1.5" stroke-dasharray="6 4"/>'
        )
    if measurements:
        points = " ".join(f"{x(m.measured_on)},{y(m.value)}" for m in measurements)
        parts.append(
            f'<polyline class="chart-line" points="{points}" fill="none" '
            f'stroke="#0b5563" stroke-width="2"/>'
        )
        parts.append('<g class="chart-points" fill="#0b5563">')
        for m in measurements:
            parts.append(
                f'<circle cx="{x(m.measured_on)}" cy="{y(m.value)}" r="3.5" '
                f'data-date="{m.measured_on.isoformat()}" data-value="{m.value}">'
                f"<title>{escape(date_format(m.measured_on))}: "
                f"{escape(format_number(m.value))} {escape(unit)}</title></circle>"
            )
        parts.append("</g>")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _is_english() -> bool:
    return (translation.get_language() or "pl").startswith("en")


def _describe(indicator, measurements, trend: trends.Trend) -> str:
    """One sentence a screen reader reads for the chart."""
    unit = f" {indicator.unit}" if indicator.unit else ""
    target = _("Target %(target)s%(unit)s by %(date)s.") % {
        "target": format_number(indicator.target),
        "unit": unit,
        "date": date_format(indicator.target_date),
    }
    if not measurements:
        return f"{_('No measurements yet.')} {target}"
    latest = measurements[-1]
    text = ngettext(
        "%(count)s measurement from %(first)s to %(last)s; latest %(value)s%(unit)s.",
        "%(count)s measurements from %(first)s to %(last)s; latest %(value)s%(unit)s.",
        len(measurements),
    ) % {
        "count": len(measurements),
        "first": date_format(measurements[0].measured_on),
        "last": date_format(latest.measured_on),
        "value": format_number(latest.value),
        "unit": unit,
    }
    if not trend.has_data:
        verdict = _("Not enough data for a trend.")
    else:
        verdict = _("The trend projects %(value)s%(unit)s by the target date: %(state)s.") % {
            "value": format_number(trend.projected),
            "unit": unit,
            "state": state_label(trend.state),
        }
    return f"{text} {target} {verdict}"


def state_label(state: str) -> str:
    return {
        trends.ON_TRACK: _("on track"),
        trends.OFF_TRACK: _("off track"),
        trends.NOT_ENOUGH_DATA: _("not enough data"),
    }[state]
