"""Membership applications (public form, coordinator review) and the
coordinator's changes of a member's status."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from chemster.lib.ratelimit import allow
from members.application_forms import (
    ApplicationFilterForm,
    ApplicationForm,
    DecisionForm,
    StatusForm,
)
from members.applications import (
    accept_application,
    applications_for_review,
    clause_text,
    record_leaving,
    reinstate_member,
    reject_application,
    submit_application,
    suspend_member,
)
from members.models import Firm, MembershipApplication
from members.permissions import coordinator_required
from members.selectors import competence_groups

# The public form, like the API, takes this many applications an hour from
# one address.
APPLICATIONS_PER_HOUR = 10


def _client_ip(request):
    return request.META.get("REMOTE_ADDR")


@login_not_required
def application_create(request):
    language = get_language()
    form = ApplicationForm(request.POST or None, initial={"country": "PL", "language": language})
    status = 200
    if request.method == "POST" and not allow(
        f"apply:{_client_ip(request)}", limit=APPLICATIONS_PER_HOUR, window_seconds=3600
    ):
        form.add_error(
            None, _("Too many applications from your network in the last hour; try again later.")
        )
        status = 429
    elif request.method == "POST" and form.is_valid():
        data = {
            k: v
            for k, v in form.cleaned_data.items()
            if k not in ("competences", "clause_read", "newsletter")
        }
        try:
            submit_application(
                data=data,
                competences=form.cleaned_data["competences"],
                newsletter=form.cleaned_data["newsletter"],
                ip=_client_ip(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("members:application-thanks")
    return render(
        request,
        "members/application_form.html",
        {
            "form": form,
            "clause": clause_text(language),
            "groups": competence_groups(),
        },
        status=status,
    )


@login_not_required
def application_thanks(request):
    return render(request, "members/application_thanks.html", {})


@coordinator_required
def application_list(request):
    form = ApplicationFilterForm(request.GET or None)
    if form.is_valid():
        applications = applications_for_review(
            state=form.cleaned_data["state"], query=form.cleaned_data["q"]
        )
    else:
        applications = applications_for_review()
    page = Paginator(applications, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "members/application_list.html",
        {
            "form": form,
            "page": page,
        },
    )


@coordinator_required
def application_detail(request, pk):
    application = get_object_or_404(
        MembershipApplication.objects.select_related("firm", "decided_by").prefetch_related(
            "competences"
        ),
        pk=pk,
    )
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "accept":
                firm = accept_application(application=application, actor=request.user)
                messages.success(
                    request,
                    _("%(firm)s is a member now; its contact has an invitation.")
                    % {"firm": firm.name},
                )
            else:
                reject_application(
                    application=application, actor=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(
                    request, _("The application is rejected; the applicant is told why.")
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("members:application", pk=application.pk)
    return render(
        request,
        "members/application_detail.html",
        {
            "application": application,
            "form": form,
            "can_decide": application.state == MembershipApplication.State.SUBMITTED,
        },
    )


@coordinator_required
def firm_status(request, slug):
    firm = get_object_or_404(Firm, slug=slug)
    form = StatusForm(request.POST or None)
    if request.method != "POST":
        return render(
            request,
            "members/firm_status.html",
            {
                "firm": firm,
                "form": form,
            },
        )
    if form.is_valid():
        action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
        try:
            if action == "suspend":
                suspend_member(firm=firm, actor=request.user, reason=reason)
            elif action == "reinstate":
                reinstate_member(firm=firm, actor=request.user, reason=reason)
            else:
                record_leaving(
                    firm=firm,
                    actor=request.user,
                    left_on=form.cleaned_data["left_on"],
                    reason=reason,
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("The membership of %(firm)s is changed.") % {"firm": firm.name}
            )
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect("members:firm-status", slug=firm.slug)
