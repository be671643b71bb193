"""The strategy app's API: the current strategy and the archive, goals with
their progress, indicators with their values, trend and measurements.

Everything is public to read (DESIGN.md: the visitor reads the strategy and
its live figures); the linked projects and events are those the requester
may see. The coordinator enters and deletes measurements, changes an
indicator's definition and marks a strategy current; the rest of the
strategy (texts, goals, objectives, actions) is kept on the coordinator's
pages.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from chemster.lib.api import IsCoordinator, PortalAPIView, PortalPagination, error_responses
from strategy import trends
from strategy.models import Indicator, Measurement, Strategy
from strategy.selectors import assess, current_strategy, strategy_detail
from strategy.serializers import (
    IndicatorDetailSerializer,
    IndicatorUpdateSerializer,
    MeasurementCreateSerializer,
    MeasurementSerializer,
    StrategyDetailSerializer,
    StrategySerializer,
)
from strategy.services import add_measurement, delete_measurement, mark_current, update_indicator

# --- Helpers ------------------------------------------------------------------


def _strategy_data(strategy: Strategy) -> dict:
    assess(strategy)
    # A fresh context per response: each live source is computed once.
    return StrategyDetailSerializer(strategy, context={}).data


def _get_strategy(request, pk) -> Strategy:
    strategy = strategy_detail(pk, request.user)
    if strategy is None:
        raise NotFound(_("There is no strategy with this id."))
    return strategy


def _get_indicator(pk) -> Indicator:
    """The indicator with its goal, strategy and measurements (oldest first),
    its trend and latest measurement attached as ``assess`` attaches them."""
    indicator = (
        Indicator.objects.select_related("goal__strategy")
        .prefetch_related(
            Prefetch("measurements", queryset=Measurement.objects.order_by("measured_on", "id"))
        )
        .filter(pk=pk)
        .first()
    )
    if indicator is None:
        raise NotFound(_("There is no indicator with this id."))
    measurements = indicator.measurements.all()
    indicator.trend = trends.indicator_trend(indicator, measurements)
    indicator.latest = measurements[len(measurements) - 1] if measurements else None
    return indicator


def _indicator_data(pk) -> dict:
    return IndicatorDetailSerializer(_get_indicator(pk), context={}).data


# --- Views ----------------------------------------------------------------------


class CurrentStrategyView(PortalAPIView):
    """The current strategy: vision, regional documents, goals with progress,
    objectives and actions, indicators with values, trend and measurements."""

    permission_classes = [AllowAny]

    @extend_schema(
        summary="The current strategy with goals, progress and indicators",
        responses={200: StrategyDetailSerializer, **error_responses(404)},
    )
    def get(self, request):
        strategy = current_strategy(request.user)
        if strategy is None:
            raise NotFound(_("No strategy is current yet."))
        return Response(_strategy_data(strategy))


class StrategyListView(PortalAPIView):
    """Every strategy: the current one and the archive of past ones."""

    permission_classes = [AllowAny]
    pagination_class = PortalPagination

    @extend_schema(
        summary="Strategies, latest period first (the current one and the archive)",
        responses={200: StrategySerializer(many=True), **error_responses(400)},
    )
    def get(self, request):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            Strategy.objects.order_by("-period_start", "-id"), request, view=self
        )
        return paginator.get_paginated_response(StrategySerializer(page, many=True).data)


class StrategyDetailView(PortalAPIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="A strategy (current or archived) with goals, progress and indicators",
        responses={200: StrategyDetailSerializer, **error_responses(404)},
    )
    def get(self, request, pk):
        return Response(_strategy_data(_get_strategy(request, pk)))


class StrategyCurrentView(PortalAPIView):
    """Make a strategy the current one; the previous current one joins the
    archive. Marking the current one again changes nothing."""

    permission_classes = [IsCoordinator]

    @extend_schema(
        summary="Mark a strategy current (the coordinator)",
        request=None,
        responses={200: StrategyDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request, pk):
        strategy = Strategy.objects.filter(pk=pk).first()
        if strategy is None:
            raise NotFound(_("There is no strategy with this id."))
        mark_current(actor=request.user, strategy=strategy)
        return Response(_strategy_data(_get_strategy(request, pk)))


class IndicatorDetailView(PortalAPIView):
    """An indicator with its goal, value, trend and measurements; the
    coordinator changes its definition."""

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "GET" else [IsCoordinator()]

    @extend_schema(
        summary="An indicator with its measurements",
        responses={200: IndicatorDetailSerializer, **error_responses(404)},
    )
    def get(self, request, pk):
        return Response(_indicator_data(pk))

    @extend_schema(
        summary="Change an indicator's definition (the coordinator)",
        request=IndicatorUpdateSerializer,
        responses={200: IndicatorDetailSerializer, **error_responses(400, 401, 403, 404)},
        examples=[
            OpenApiExample(
                "A new target",
                value={"target": "120.00", "target_date": "2030-12-31"},
                request_only=True,
            )
        ],
    )
    def patch(self, request, pk):
        indicator = _get_indicator(pk)
        serializer = IndicatorUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        update_indicator(actor=request.user, indicator=indicator, **serializer.validated_data)
        return Response(_indicator_data(pk))


class MeasurementListView(PortalAPIView):
    """Enter an indicator's value on a day (one entered value per day)."""

    permission_classes = [IsCoordinator]

    @extend_schema(
        summary="Enter a measurement of an indicator (the coordinator)",
        request=MeasurementCreateSerializer,
        responses={201: MeasurementSerializer, **error_responses(400, 401, 403, 404)},
        examples=[
            OpenApiExample(
                "The year's count",
                value={
                    "value": "48",
                    "measured_on": "2025-12-31",
                    "source": "Sprawozdanie roczne klastra 2025",
                    "note": "Stan na koniec roku.",
                },
                request_only=True,
            )
        ],
    )
    def post(self, request, pk):
        indicator = _get_indicator(pk)
        serializer = MeasurementCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        measurement = add_measurement(
            actor=request.user, indicator=indicator, **serializer.validated_data
        )
        return Response(MeasurementSerializer(measurement).data, status=status.HTTP_201_CREATED)


class MeasurementDetailView(PortalAPIView):
    permission_classes = [IsCoordinator]

    @extend_schema(
        summary="Delete a measurement (the coordinator)",
        responses={204: None, **error_responses(401, 403, 404)},
    )
    def delete(self, request, pk):
        measurement = Measurement.objects.filter(pk=pk).first()
        if measurement is None:
            raise NotFound(_("There is no measurement with this id."))
        delete_measurement(actor=request.user, measurement=measurement)
        return Response(status=status.HTTP_204_NO_CONTENT)


current_strategy_view = CurrentStrategyView.as_view()
strategy_list = StrategyListView.as_view()
strategy_detail_view = StrategyDetailView.as_view()
strategy_current = StrategyCurrentView.as_view()
indicator_detail = IndicatorDetailView.as_view()
measurement_list = MeasurementListView.as_view()
measurement_detail = MeasurementDetailView.as_view()
