"""The frame's pages: home, about, the site's texts, health and errors."""

import sys

import redis
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from rest_framework.exceptions import APIException

from chemster.forms import AuditFilterForm
from chemster.lib.api import RETRY_AFTER_SECONDS, DatabaseUnavailable
from chemster.lib.cache import cached
from chemster.models import SiteText
from chemster.selectors import audit_entries
from chemster.selectors import site_text as get_site_text
from events.selectors import (
    events_closing_registration_soon,
    my_registrations,
    upcoming_events_with_counts,
)
from members.applications import (
    applications_awaiting_decision,
    invitations_never_used,
    recent_status_changes,
)
from members.permissions import coordinator_required, is_coordinator, members_only
from members.selectors import firms_of, firms_without_admin
from newsletters.campaigns import campaigns_in_progress, recent_failed_deliveries
from projects.matching import recommendations_for_firms
from projects.opportunities import opportunities_awaiting_review, opportunities_expiring_within
from projects.participations import invitations_awaiting_answer, join_requests_awaiting_decision
from projects.selectors import projects_with_funding_deadline_within
from strategy.attention import strategy_attention
from strategy.selectors import (
    headline_figures,
    strategy_goals,
    strategy_source_text,
    strategy_vision,
)


def _postgres_is_up() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except (OperationalError, InterfaceError):
        return False
    return True


def _redis_is_up() -> bool:
    client = redis.Redis.from_url(
        settings.REDIS_URL, socket_connect_timeout=0.5, socket_timeout=0.5
    )
    try:
        return bool(client.ping())
    except (redis.RedisError, OSError):
        return False
    finally:
        client.close()


@login_not_required
@require_GET
def home(request):
    figures = cached("home:figures", lambda: headline_figures(timezone.localdate()))
    return render(
        request,
        "chemster/home.html",
        {
            "figures": figures,
            "goals": strategy_goals(),
        },
    )


@login_not_required
@require_GET
def about(request):
    return render(
        request,
        "chemster/about.html",
        {
            "vision": strategy_vision(),
            "goals": strategy_goals(),
            "strategy_text": strategy_source_text(),
        },
    )


@login_not_required
@require_GET
def site_text(request, key):
    text = get_site_text(key)
    return render(
        request,
        "chemster/site_text.html",
        {
            "text": text,
            "is_contact": text.key == SiteText.Key.CONTACT,
        },
    )


@coordinator_required
@require_GET
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    paginator = Paginator(audit_entries(**filters), 50)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "chemster/audit_log.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
        },
    )


@members_only
@require_GET
def dashboard(request):
    """The firms a member acts for, what waits for them; for the coordinator
    also the office's work."""
    coordinator = is_coordinator(request.user)
    firm_roles = list(firms_of(request.user))
    # One go for all the user's firms, so the query count does not grow with them.
    recommendations = recommendations_for_firms([firm_role.firm for firm_role in firm_roles])
    # Lists are cut at 20 rows: each section links to the full list.
    return render(
        request,
        "chemster/dashboard.html",
        {
            "firm_roles": firm_roles,
            "firm_cards": [
                {"role": firm_role, "recommendations": recommendations[firm_role.firm_id]}
                for firm_role in firm_roles
            ],
            "join_requests": join_requests_awaiting_decision(request.user)[:20],
            "project_invitations": invitations_awaiting_answer(request.user)[:20],
            "my_registrations": my_registrations(request.user).filter(
                event__ends_at__gt=timezone.now()
            )[:20],
            "firms_without_admin": firms_without_admin() if coordinator else [],
            "applications": applications_awaiting_decision()[:20] if coordinator else [],
            "status_changes": recent_status_changes()[:20] if coordinator else [],
            "unused_invitations": invitations_never_used()[:20] if coordinator else [],
            "postings_to_review": opportunities_awaiting_review()[:20] if coordinator else [],
            "postings_expiring": opportunities_expiring_within()[:20] if coordinator else [],
            "funding_deadlines": (
                projects_with_funding_deadline_within(30)[:20] if coordinator else []
            ),
            "upcoming_events": upcoming_events_with_counts()[:20] if coordinator else [],
            "events_closing": events_closing_registration_soon(7)[:20] if coordinator else [],
            "campaigns": campaigns_in_progress() if coordinator else [],
            "failed_deliveries": recent_failed_deliveries() if coordinator else [],
            "strategy_attention": strategy_attention() if coordinator else None,
        },
    )


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """PostgreSQL down is 503; Redis down is reported, since pages serve without it."""
    postgres_up = _postgres_is_up()
    redis_up = _redis_is_up()
    return JsonResponse(
        {
            "status": "ok" if postgres_up else "unavailable",
            "postgresql": "up" if postgres_up else "down",
            "redis": "up" if redis_up else "down",
        },
        status=200 if postgres_up else 503,
    )


@login_not_required
@never_cache
@require_GET
def ping(request):
    """One PostgreSQL query through every middleware, and nothing else: the
    one-query baseline of the HTTP benchmark (bench/http.py). /healthz also
    opens a Redis connection (a handshake of several round trips), which
    under load costs more than the query."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("pong", content_type="text/plain")


def server_error(request):
    """Answer an unhandled error without touching the database.

    A lost database connection is an outage, not a bug: 503 with a page that
    asks to come back later. The API answers in JSON, as its own views do
    (``chemster.lib.api.exception_handler``), also for an error raised
    outside them, e.g. by a middleware reading the session.
    """
    error = sys.exc_info()[1]
    outage = isinstance(error, (OperationalError, InterfaceError))
    if request.path_info.startswith("/api/"):
        if outage:
            return JsonResponse(
                {"detail": str(DatabaseUnavailable.default_detail)},
                status=503,
                headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
            )
        return JsonResponse({"detail": str(APIException.default_detail)}, status=500)
    if outage:
        return HttpResponse(
            render_to_string("503.html"),
            status=503,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    return HttpResponse(render_to_string("500.html"), status=500)
