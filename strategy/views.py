"""The public strategy pages: the current strategy, the archive, a past one."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from chemster.lib.i18n import localized
from strategy.charts import indicator_chart
from strategy.selectors import assess, current_strategy, strategy_archive, strategy_detail


def _documents(strategy) -> list:
    """The regional documents, one a line (a leading list mark is dropped)."""
    text = localized(strategy, "regional_documents")
    lines = (line.strip().lstrip("-*").strip() for line in text.text.splitlines())
    return [line for line in lines if line]


def _prepare(strategy) -> None:
    """Trends, progress and a chart for every indicator (no queries)."""
    assess(strategy)
    for goal in strategy.goals.all():
        for indicator in goal.indicators.all():
            indicator.chart = indicator_chart(indicator, indicator.trend)


def _render_strategy(request, strategy):
    _prepare(strategy)
    return render(
        request,
        "strategy/strategy_detail.html",
        {
            "strategy": strategy,
            "documents": _documents(strategy),
            "documents_lang": localized(strategy, "regional_documents").lang,
        },
    )


@login_not_required
@require_GET
def strategy_current(request):
    strategy = current_strategy(request.user)
    if strategy is None:
        return render(request, "strategy/strategy_none.html", {})
    return _render_strategy(request, strategy)


@login_not_required
@require_GET
def strategy_past(request, pk):
    strategy = strategy_detail(pk, request.user)
    if strategy is None:
        raise Http404
    if strategy.is_current:
        return redirect("strategy:current")
    return _render_strategy(request, strategy)


@login_not_required
@require_GET
def archive(request):
    return render(
        request,
        "strategy/archive.html",
        {
            "strategies": strategy_archive(),
        },
    )
