"""Pages of the cooperation offers and requests: the public board, a
posting's page, the firm's list, drafting, review, renewal, withdrawal and
expressions of interest.

Statuses follow DESIGN.md: a posting the user may not see is 404 (anything
but a published one is seen by its firm's users and the coordinator only);
one they may see but not change is 403. POST-only views check access before
the method, so that only those who may act learn that the URL wants a POST.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from members.models import Firm
from members.permissions import (
    coordinator_required,
    get_firm_for_editor,
    get_firm_for_user,
    is_coordinator,
    members_only,
)
from members.selectors import competence_groups
from projects import opportunities as services
from projects.models import Opportunity
from projects.opportunity_forms import (
    BoardFilterForm,
    DecisionForm,
    InterestForm,
    OpportunityForm,
)
from projects.permissions import member_firm_ids

BOARD_PAGE_SIZE = 20
LIST_PAGE_SIZE = 50


def _post_only(request):
    """A 405 answer unless the request is a POST (after the access check)."""
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


def _data(request):
    return request.POST if request.method == "POST" else None


def _get_opportunity_for_user(request, pk) -> Opportunity:
    """The posting with its firm and competences, if the user may see it."""
    opportunity = services.opportunity_for_page(pk)
    if opportunity is None or not services.can_see(request.user, opportunity):
        raise Http404
    return opportunity


def _get_opportunity_for_firm(request, pk) -> Opportunity:
    """The posting for its firm's editors and admins (403 for others who
    may see it)."""
    opportunity = _get_opportunity_for_user(request, pk)
    if not services.is_firm_user(request.user, opportunity):
        raise PermissionDenied
    return opportunity


def _get_opportunity_for_admin(request, pk, *, coordinator=False) -> Opportunity:
    """The posting for its firm's admins (and the coordinator when
    ``coordinator``); 403 for others who may see it."""
    opportunity = _get_opportunity_for_user(request, pk)
    allowed = services.is_firm_admin(request.user, opportunity) or (
        coordinator and is_coordinator(request.user)
    )
    if not allowed:
        raise PermissionDenied
    return opportunity


def _error(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _competence_choices(groups, selected) -> list:
    """(group, [(competence, checked)]) for the board's competence filter."""
    return [
        (group, [(competence, competence.pk in selected) for competence in group.competences.all()])
        for group in groups
    ]


def _selected(bound_field) -> set[str]:
    return {str(value) for value in bound_field.value() or []}


@login_not_required
@require_GET
def opportunity_list(request):
    groups = list(competence_groups())
    form = BoardFilterForm(
        request.GET or None,
        competence_ids=[c.pk for group in groups for c in group.competences.all()],
    )
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    board = services.opportunities_board(
        request.user,
        kind=data.get("kind") or None,
        competence=data.get("competence") or None,
        q=data.get("q") or None,
    )
    page = Paginator(board, BOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "projects/opportunity_list.html",
        {
            "form": form,
            "page": page,
            "competence_groups": _competence_choices(groups, set(data.get("competence", ()))),
            "filtered": bool(data.get("kind") or data.get("competence") or data.get("q")),
            "query": params.urlencode(),
        },
    )


@login_not_required
@require_GET
def opportunity_detail(request, pk):
    opportunity = _get_opportunity_for_user(request, pk)
    user = request.user
    is_firm_user = services.is_firm_user(user, opportunity)
    sees_responses = is_firm_user or is_coordinator(user)
    interests = list(services.interests_received(opportunity)) if sees_responses else []
    # The user's firms that answered already are told so; the button shows
    # while one of their other firms may still answer.
    firm_ids = services.interest_firm_ids(user, opportunity)
    answered = dict(
        opportunity.interests.filter(firm_id__in=firm_ids).values_list("firm_id", "firm__name")
    )
    is_admin = services.is_firm_admin(user, opportunity)
    return render(
        request,
        "projects/opportunity_detail.html",
        {
            "opportunity": opportunity,
            "on_board": services.is_on_board(opportunity),
            "full_text": services.can_read_full_text(user, opportunity),
            "answered_firms": sorted(answered.values()),
            "can_express_interest": services.is_on_board(opportunity)
            and bool(firm_ids - set(answered)),
            "sees_responses": sees_responses,
            "interests": interests,
            "suggestions": services.suggested_firms_for(opportunity) if sees_responses else [],
            "can_edit": services.can_edit(user, opportunity),
            "can_submit": is_admin and opportunity.can_move_to(Opportunity.State.SUBMITTED),
            "can_renew": is_admin and opportunity.state in services.RENEWABLE_STATES,
            "can_withdraw": (is_admin or is_coordinator(user))
            and opportunity.can_move_to(Opportunity.State.WITHDRAWN),
            "can_review": is_coordinator(user) and opportunity.state == Opportunity.State.SUBMITTED,
        },
    )


def firm_opportunities(request, firm):
    firm = get_firm_for_editor(request, firm)
    page = Paginator(services.firm_opportunities(firm), LIST_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "projects/opportunity_firm_list.html",
        {
            "firm": firm,
            "page": page,
            "can_create": firm.pk in member_firm_ids(request.user),
        },
    )


def _form_context(form) -> dict:
    return {
        "form": form,
        "competence_groups": competence_groups(),
        "selected_competences": _selected(form["competences"]),
    }


def opportunity_create(request, firm):
    firm = get_firm_for_user(request, firm)
    if firm.pk not in member_firm_ids(request.user):
        raise PermissionDenied
    form = OpportunityForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            opportunity = services.create_opportunity(
                actor=request.user, firm=firm, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The draft is saved. The firm's admin submits it for review."),
            )
            return redirect(opportunity)
    return render(
        request,
        "projects/opportunity_form.html",
        {
            **_form_context(form),
            "firm": firm,
            "opportunity": None,
        },
    )


def opportunity_edit(request, pk):
    opportunity = _get_opportunity_for_firm(request, pk)
    if opportunity.state not in services.EDITABLE_STATES:
        messages.error(
            request,
            _("Only a draft or a returned posting can be changed; this one is %(state)s.")
            % {"state": opportunity.get_state_display()},
        )
        return redirect(opportunity)
    form = OpportunityForm(_data(request), initial=OpportunityForm.initial_for(opportunity))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_opportunity(
                actor=request.user, opportunity=opportunity, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The posting is saved."))
            return redirect(opportunity)
    return render(
        request,
        "projects/opportunity_form.html",
        {
            **_form_context(form),
            "firm": opportunity.firm,
            "opportunity": opportunity,
        },
    )


def opportunity_submit(request, pk):
    opportunity = _get_opportunity_for_admin(request, pk)
    if refused := _post_only(request):
        return refused
    try:
        services.submit_opportunity(actor=request.user, opportunity=opportunity)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("The posting is sent to the cluster office for review."))
    return redirect(opportunity)


@coordinator_required
def opportunity_review(request, pk):
    opportunity = services.opportunity_for_page(pk)
    if opportunity is None:
        raise Http404
    form = DecisionForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == DecisionForm.APPROVE:
                services.approve_opportunity(actor=request.user, opportunity=opportunity)
                messages.success(request, _("The posting is published; the firm is told."))
            else:
                services.return_opportunity(
                    actor=request.user,
                    opportunity=opportunity,
                    reason=form.cleaned_data["reason"],
                )
                messages.success(request, _("The posting is returned; the firm is told why."))
        except ValidationError as error:
            _error(request, error)
            return redirect("projects:opportunity-review", pk=opportunity.pk)
        return redirect("projects:opportunity-queue")
    return render(
        request,
        "projects/opportunity_review.html",
        {
            "opportunity": opportunity,
            "form": form,
            "can_decide": opportunity.state == Opportunity.State.SUBMITTED,
        },
    )


@coordinator_required
def opportunity_queue(request):
    page = Paginator(services.opportunities_awaiting_review(), LIST_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "projects/opportunity_queue.html",
        {
            "page": page,
            "expiring": services.opportunities_expiring_within(),
        },
    )


def opportunity_renew(request, pk):
    opportunity = _get_opportunity_for_admin(request, pk)
    if refused := _post_only(request):
        return refused
    try:
        opportunity = services.renew_opportunity(actor=request.user, opportunity=opportunity)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(
            request,
            _("The posting stays on the board until %(date)s.")
            % {"date": date_format(opportunity.expires_on, "SHORT_DATE_FORMAT")},
        )
    return redirect(opportunity)


def opportunity_withdraw(request, pk):
    opportunity = _get_opportunity_for_admin(request, pk, coordinator=True)
    if refused := _post_only(request):
        return refused
    try:
        services.withdraw_opportunity(actor=request.user, opportunity=opportunity)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("The posting is withdrawn."))
    return redirect(opportunity)


@members_only
def opportunity_interest(request, pk):
    opportunity = _get_opportunity_for_user(request, pk)
    firm_ids = services.interest_firm_ids(request.user, opportunity)
    if not firm_ids:
        # The posting's own firm, the coordinator without a firm.
        raise PermissionDenied
    if not services.is_on_board(opportunity):
        messages.error(request, _("Interest can be expressed only in a published posting."))
        return redirect(opportunity)
    firms = (
        Firm.objects.filter(pk__in=firm_ids)
        .exclude(interests__opportunity=opportunity)
        .order_by("name", "pk")
    )
    if not firms.exists():
        messages.info(request, _("Your firm has expressed interest in this posting already."))
        return redirect(opportunity)
    form = InterestForm(_data(request), firms=firms)
    if request.method == "POST" and form.is_valid():
        try:
            services.express_interest(
                actor=request.user,
                opportunity=opportunity,
                firm=form.cleaned_data["firm"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your interest is sent. You and the firm have each other's contact by e-mail."),
            )
            return redirect(opportunity)
    return render(
        request,
        "projects/opportunity_interest.html",
        {
            "opportunity": opportunity,
            "form": form,
        },
    )
