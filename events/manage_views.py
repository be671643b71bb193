"""The coordinator's management of events: list, create, edit, publish,
cancel. Every page needs the coordinator with two-factor login."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from events.forms import CancelEventForm, ConfirmForm, EventForm
from events.models import Event
from events.selectors import with_counts
from events.services import cancel_event, create_event, publish_event, update_event
from members.permissions import coordinator_required


def _post_only(request):
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


def _data(request):
    return request.POST if request.method == "POST" else None


@coordinator_required
@require_safe
def event_manage_list(request):
    events = with_counts(Event.objects.all()).order_by("-starts_at", "-id")
    return render(
        request,
        "events/manage_list.html",
        {
            "events": events,
        },
    )


@coordinator_required
@require_http_methods(["GET", "POST"])
def event_create(request):
    form = EventForm(_data(request))
    if form.is_valid():
        try:
            event = create_event(actor=request.user, **form.event_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The draft is saved. Publish it when it is ready."))
            return redirect("events:edit", slug=event.slug)
    return render(
        request,
        "events/event_form.html",
        {
            "form": form,
            "event": None,
        },
    )


@coordinator_required
@require_http_methods(["GET", "POST"])
def event_edit(request, slug):
    event = get_object_or_404(with_counts(Event.objects.all()), slug=slug)
    form = EventForm(_data(request), initial=EventForm.initial_for(event))
    if form.is_valid():
        try:
            event = update_event(actor=request.user, event=event, **form.event_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The event is saved."))
            return redirect("events:edit", slug=event.slug)
    return render(
        request,
        "events/event_form.html",
        {
            "form": form,
            "event": event,
            "publish_form": ConfirmForm(),
        },
    )


@coordinator_required
def event_publish(request, slug):
    event = get_object_or_404(Event, slug=slug)
    if refused := _post_only(request):
        return refused
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            publish_event(actor=request.user, event=event)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("The event is published in the calendar."))
    return redirect("events:edit", slug=event.slug)


@coordinator_required
@require_http_methods(["GET", "POST"])
def event_cancel(request, slug):
    event = get_object_or_404(with_counts(Event.objects.all()), slug=slug)
    form = CancelEventForm(_data(request))
    if form.is_valid():
        try:
            cancel_event(actor=request.user, event=event, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request, _("The event is cancelled; everyone registered is told by e-mail.")
            )
        return redirect("events:manage")
    return render(
        request,
        "events/event_cancel.html",
        {
            "event": event,
            "form": form,
        },
    )
