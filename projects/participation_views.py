"""Joining projects: the request form, the managers' participations page,
invitations and decisions.

Access goes through ``projects.permissions`` (404 for a project the user may
not see, 403 for one they may see but not act on) and the rules of
``projects.participations``; participations are fetched through their
project. POST-only views check access before the method.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from members.permissions import members_only
from projects.models import Participation
from projects.participation_forms import DeclineForm, InviteForm, JoinForm
from projects.participations import (
    LIVE_STATES,
    PENDING_STATES,
    accept_participation,
    can_decide,
    can_invite,
    decline_participation,
    firms_that_may_join,
    invite_firm,
    is_party,
    participations_of,
    request_to_join,
    withdraw_participation,
)
from projects.permissions import (
    admin_firm_ids,
    can_manage_project,
    get_project_for_manager,
    get_project_for_user,
    leader_firm_id,
)


def _post_only(request):
    """A 405 answer unless the request is a POST (after the access check)."""
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


def _data(request):
    return request.POST if request.method == "POST" else None


def _error(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _participation_in(project, pk) -> Participation:
    participation = get_object_or_404(
        Participation.objects.select_related("firm").filter(project=project), pk=pk
    )
    participation.project = project
    return participation


def _for_decision(request, project, pk) -> Participation:
    """The participation for the side that decides it; a party to one
    decided already goes on to be told so (403 for anyone else)."""
    participation = _participation_in(project, pk)
    if can_decide(request.user, participation):
        return participation
    if participation.state not in PENDING_STATES and is_party(request.user, participation):
        return participation
    raise PermissionDenied


@members_only
def join(request, slug):
    project = get_project_for_user(request, slug)
    if not admin_firm_ids(request.user):
        raise PermissionDenied
    firms = firms_that_may_join(request.user, project)
    form = JoinForm(_data(request), firms=firms)
    if request.method == "POST" and firms and form.is_valid():
        try:
            participation = request_to_join(
                actor=request.user, project=project, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(firm)s has asked to join; the project's leader decides.")
                % {"firm": participation.firm.name},
            )
            return redirect(project)
    return render(
        request,
        "projects/participation_join.html",
        {
            "project": project,
            "form": form,
            "firms": firms,
        },
    )


def participation_list(request, slug):
    project = get_project_for_manager(request, slug)
    rows = list(participations_of(project))
    for row in rows:
        row.project = project
    leader_id = leader_firm_id(project)
    taken = [row.firm_id for row in rows if row.state in LIVE_STATES]
    invite_form = (
        InviteForm(exclude_ids=[*taken, leader_id]) if can_invite(request.user, project) else None
    )
    return render(
        request,
        "projects/participation_list.html",
        {
            "project": project,
            "requests": [row for row in rows if row.state == Participation.State.REQUESTED],
            "invitations": [row for row in rows if row.state == Participation.State.INVITED],
            "participants": [row for row in rows if row.state == Participation.State.ACCEPTED],
            "former": [
                row
                for row in rows
                if row.state in (Participation.State.DECLINED, Participation.State.WITHDRAWN)
            ],
            "invite_form": invite_form,
        },
    )


def invite(request, slug):
    project = get_project_for_manager(request, slug)
    if refused := _post_only(request):
        return refused
    form = InviteForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("projects:participations", slug=project.slug)
    try:
        participation = invite_firm(
            actor=request.user,
            project=project,
            firm=form.cleaned_data["firm"],
            role=form.cleaned_data["role"],
            message=form.cleaned_data["message"],
        )
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(
            request,
            _("%(firm)s is invited; its administrators have a mail.")
            % {"firm": participation.firm.name},
        )
    if form.cleaned_data["next"]:
        return redirect(form.cleaned_data["next"])
    return redirect("projects:participations", slug=project.slug)


def participation_accept(request, slug, pk):
    project = get_project_for_user(request, slug)
    participation = _for_decision(request, project, pk)
    if refused := _post_only(request):
        return refused
    was = participation.state
    try:
        participation = accept_participation(actor=request.user, participation=participation)
    except ValidationError as error:
        _error(request, error)
    else:
        if was == Participation.State.REQUESTED:
            message = _("%(firm)s takes part in the project now; its administrators have a mail.")
        else:
            message = _("%(firm)s has accepted the invitation and takes part in the project.")
        messages.success(request, message % {"firm": participation.firm.name})
    return _back(request, project, was)


def participation_decline(request, slug, pk):
    project = get_project_for_user(request, slug)
    participation = _for_decision(request, project, pk)
    if refused := _post_only(request):
        return refused
    was = participation.state
    form = DeclineForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return _back(request, project, was)
    try:
        participation = decline_participation(
            actor=request.user, participation=participation, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        _error(request, error)
    else:
        if was == Participation.State.REQUESTED:
            message = _("The request of %(firm)s is declined; the firm is told why.")
        else:
            message = _("%(firm)s has declined the invitation.")
        messages.success(request, message % {"firm": participation.firm.name})
    return _back(request, project, was)


def participation_withdraw(request, slug, pk):
    project = get_project_for_user(request, slug)
    participation = _participation_in(project, pk)
    if participation.firm_id not in admin_firm_ids(request.user):
        raise PermissionDenied
    if refused := _post_only(request):
        return refused
    left = participation.state == Participation.State.ACCEPTED
    try:
        participation = withdraw_participation(actor=request.user, participation=participation)
    except ValidationError as error:
        _error(request, error)
    else:
        if left:
            message = _("%(firm)s has left the project.")
        else:
            message = _("The request of %(firm)s to join is withdrawn.")
        messages.success(request, message % {"firm": participation.firm.name})
    return redirect(project)


def _back(request, project, was):
    """Managers decide requests on the participations page; a firm answers
    its invitation on the project page."""
    if was == Participation.State.REQUESTED or (
        was not in PENDING_STATES and can_manage_project(request.user, project)
    ):
        return redirect("projects:participations", slug=project.slug)
    return redirect(project)
