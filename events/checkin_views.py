"""The coordinator's registrations list, check-in on a phone, and exports."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from chemster.lib.spreadsheets import csv_bytes, guard_cell, xlsx_bytes
from events.forms import AttendanceForm, CheckInSearchForm, ConfirmForm
from events.models import Event, Registration
from events.selectors import check_in_list, registrations_for_event, with_counts
from events.services import mark_attended as mark_attended_service
from members.permissions import coordinator_required


def _export_rows(registrations) -> list[list]:
    """A header and one row per registration, each cell guarded against
    spreadsheet formulas (CSV injection)."""
    rows = [
        [
            _("Name"),
            _("E-mail"),
            _("Organisation"),
            _("Firm"),
            _("Kind"),
            _("State"),
            _("Place on the waitlist"),
            _("Registered"),
            _("Confirmed"),
            _("Attended"),
            _("Cancelled"),
        ]
    ]
    for registration in registrations:
        rows.append(
            [
                guard_cell(value)
                for value in (
                    registration.name,
                    registration.email,
                    registration.organisation,
                    registration.firm.name if registration.firm else "",
                    _("member") if registration.user_id else _("guest"),
                    registration.get_state_display(),
                    registration.waitlist_position or "",
                    _when(registration.created_at),
                    _when(registration.confirmed_at),
                    _when(registration.attended_at),
                    _when(registration.cancelled_at),
                )
            ]
        )
    return rows


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _export_csv(registrations) -> bytes:
    return csv_bytes(_export_rows(registrations))


def _export_xlsx(registrations) -> bytes:
    rows = ([str(value) for value in row] for row in _export_rows(registrations))
    return xlsx_bytes(rows, sheet="registrations")


_SEATED_OR_PENDING = (
    Registration.State.PENDING,
    Registration.State.CONFIRMED,
    Registration.State.ATTENDED,
)


def _post_only(request):
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


@coordinator_required
@require_safe
def registration_list(request, slug):
    event = get_object_or_404(with_counts(Event.objects.all()), slug=slug)
    registrations = list(registrations_for_event(event))
    return render(
        request,
        "events/registration_list.html",
        {
            "event": event,
            "live": [r for r in registrations if r.state in _SEATED_OR_PENDING],
            "waitlist": [r for r in registrations if r.state == Registration.State.WAITLISTED],
            "cancelled": [r for r in registrations if r.state == Registration.State.CANCELLED],
            "cancel_form": ConfirmForm(),
        },
    )


@coordinator_required
@require_safe
def check_in(request, slug):
    event = get_object_or_404(with_counts(Event.objects.all()), slug=slug)
    form = CheckInSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    context = {
        "event": event,
        "form": form,
        "query": query,
        "registrations": check_in_list(event, query),
    }
    if request.htmx:
        # Live filtering replaces the results only.
        return render(request, "events/check_in.html#results", context)
    return render(request, "events/check_in.html", context)


@coordinator_required
def mark_attended(request, slug, pk):
    event = get_object_or_404(Event, slug=slug)
    registration = get_object_or_404(event.registrations.all(), pk=pk)
    if refused := _post_only(request):
        return refused
    form = AttendanceForm(request.POST)
    if form.is_valid():
        try:
            registration = mark_attended_service(
                actor=request.user,
                registration=registration,
                attended=form.cleaned_data["attended"],
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            if registration.state == Registration.State.ATTENDED:
                messages.success(
                    request, _("%(name)s is checked in.") % {"name": registration.name}
                )
            else:
                messages.success(
                    request, _("%(name)s is no longer checked in.") % {"name": registration.name}
                )
    else:
        messages.error(request, _("Choose whether the person attended."))
    query = CheckInSearchForm(request.GET)
    url = reverse("events:check-in", kwargs={"slug": event.slug})
    if query.is_valid() and query.cleaned_data["q"]:
        url += "?" + urlencode({"q": query.cleaned_data["q"]})
    return redirect(f"{url}#registration-{registration.pk}")


@coordinator_required
@require_safe
def export(request, slug, file_format):
    event = get_object_or_404(Event, slug=slug)
    registrations = registrations_for_event(event)
    filename = f"{event.slug}-registrations"
    if file_format == "csv":
        response = HttpResponse(_export_csv(registrations), content_type="text/csv; charset=utf-8")
    elif file_format == "xlsx":
        response = HttpResponse(
            _export_xlsx(registrations),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    return response
