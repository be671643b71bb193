from django import template

from strategy.charts import format_number, state_label

register = template.Library()


@register.filter
def indicator_number(value):
    """``{{ value|indicator_number }}``: a value in the page's locale,
    without needless decimals (12, 48,5)."""
    return format_number(value)


@register.filter
def track_state(state):
    """``{{ indicator.trend.state|track_state }}``: on track, off track, …"""
    return state_label(state)


@register.simple_tag
def goals_of(obj):
    """``{% goals_of project as goals %}``: the strategic goals a project or
    event serves, current strategy first, in one query."""
    return list(
        obj.goals.select_related("strategy").order_by(
            "-strategy__is_current", "-strategy__period_start", "position", "code"
        )
    )
