"""The public calendar, event pages, and registering for events.

Event pages follow DESIGN.md's statuses: a visitor asking for a
members-only event logs in first; a user who may not see an event (a
draft, or members-only for an outsider) gets 404. POST-only views check
access first, then answer other methods with 405.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from events.content import guest_clause
from events.forms import CalendarFilterForm, ColleaguesForm, ConfirmForm, GuestRegistrationForm
from events.models import Event, Registration
from events.selectors import (
    event_with_counts,
    events_visible_to,
    my_registrations,
    past_events,
    registration_of,
    upcoming_events,
)
from events.services import (
    can_cancel_registration,
    cancel_guest_registration,
    cancel_registration,
    confirm_guest,
    register_member,
    registration_closes_at,
    registration_for_token,
    registration_refusal,
)
from events.services import (
    register_guest as register_guest_service,
)
from members.models import Firm, FirmRole, User
from members.permissions import is_coordinator

ARCHIVE_PAGE_SIZE = 20


def _post_only(request):
    """A 405 answer unless the request is a POST (after the access check)."""
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


def _get_event(request, slug, events=None):
    """The event if the user may see it; a visitor asking for a
    members-only event is sent to log in; 404 otherwise."""
    events = events if events is not None else events_visible_to(request.user)
    event = events.filter(slug=slug).first()
    if event is not None:
        return event
    if (
        not request.user.is_authenticated
        and Event.objects.filter(slug=slug, audience=Event.Audience.MEMBERS)
        .exclude(state=Event.State.DRAFT)
        .exists()
    ):
        raise _LoginFirst
    raise Http404


class _LoginFirst(Exception):
    pass


def _event_or_login(view):
    """Turn ``_LoginFirst`` into the redirect to the login page."""

    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _LoginFirst:
            return redirect_to_login(request.get_full_path())

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    wrapper.__dict__.update(view.__dict__)
    return wrapper


def _admin_firms(user):
    return (
        Firm.objects.active().filter(roles__user=user, roles__role=FirmRole.Role.ADMIN)
        if user.is_authenticated
        else Firm.objects.none()
    )


def _colleagues(user):
    """Users of the active firms ``user`` administers (themself included)."""
    return (
        User.objects.filter(is_active=True, firm_roles__firm__in=_admin_firms(user))
        .distinct()
        .order_by("name", "id")
    )


def _invalid_link(request, error):
    return render(request, "events/link_invalid.html", {"error": error.messages[0]}, status=404)


@login_not_required
@require_safe
def calendar(request):
    form = CalendarFilterForm(request.GET or None)
    kind = form.cleaned_data["kind"] if form.is_valid() else ""
    events = list(upcoming_events(request.user, kind=kind or None))
    states = {}
    if request.user.is_authenticated:
        states = {
            registration.event_id: registration
            for registration in my_registrations(request.user).filter(
                event__in=[event.pk for event in events]
            )
        }
    return render(
        request,
        "events/calendar.html",
        {
            "form": form,
            "events": [(event, states.get(event.pk)) for event in events],
            "kind": kind,
        },
    )


@login_not_required
@require_safe
def archive(request):
    page = Paginator(past_events(request.user), ARCHIVE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "events/archive.html",
        {
            "page": page,
        },
    )


@login_not_required
@require_safe
@_event_or_login
def event_detail(request, slug):
    event = _get_event(request, slug, event_with_counts(request.user, slug))
    registration = registration_of(request.user, event)
    # The online link and the full address: for people with a seat (and
    # the coordinator).
    seated = is_coordinator(request.user) or (
        registration is not None
        and registration.state in (Registration.State.CONFIRMED, Registration.State.ATTENDED)
    )
    now = timezone.now()
    refusal = registration_refusal(event)
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "registration": registration,
            "seated": seated,
            "is_past": event.ends_at <= now,
            "refusal": refusal,
            "closes_at": registration_closes_at(event),
            "can_register": refusal is None and registration is None,
            "can_cancel": registration is not None
            and registration.state != Registration.State.ATTENDED
            and event.state == Event.State.PUBLISHED
            and event.starts_at > now,
            "guest_form": GuestRegistrationForm()
            if refusal is None
            and not request.user.is_authenticated
            and event.audience == Event.Audience.PUBLIC
            else None,
            "can_register_colleagues": refusal is None and _admin_firms(request.user).exists(),
            "is_coordinator": is_coordinator(request.user),
        },
    )


@_event_or_login
def register(request, slug):
    event = _get_event(request, slug)
    if refused := _post_only(request):
        return refused
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            registration = register_member(actor=request.user, event=event, user=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            if registration.state == Registration.State.WAITLISTED:
                messages.warning(
                    request,
                    _("The event is full: you are on the waitlist, in place %(position)s.")
                    % {"position": registration.waitlist_position},
                )
            else:
                messages.success(request, _("You are registered. See you there!"))
    return redirect(event)


@require_http_methods(["GET", "POST"])
@_event_or_login
def register_colleagues(request, slug):
    event = _get_event(request, slug)
    if not _admin_firms(request.user).exists():
        raise PermissionDenied
    colleagues = _colleagues(request.user).exclude(
        pk__in=event.registrations.filter(
            state__in=Registration.LIVE_STATES, user__isnull=False
        ).values("user_id")
    )
    form = ColleaguesForm(request.POST if request.method == "POST" else None, colleagues=colleagues)
    if form.is_valid():
        done, failed = [], []
        for user in form.cleaned_data["users"]:
            try:
                register_member(actor=request.user, event=event, user=user)
            except ValidationError as error:
                failed.append(f"{user.name}: {error.messages[0]}")
            else:
                done.append(user.name)
        if done:
            messages.success(request, _("Registered: %(names)s.") % {"names": ", ".join(done)})
        for failure in failed:
            messages.error(request, failure)
        return redirect(event)
    return render(
        request,
        "events/register_colleagues.html",
        {
            "event": event,
            "form": form,
            "refusal": registration_refusal(event),
            "registered": event.registrations.filter(
                state__in=Registration.LIVE_STATES,
                firm__in=_admin_firms(request.user),
            ).order_by("name", "id"),
        },
    )


@login_not_required
@require_http_methods(["GET", "POST"])
@_event_or_login
def register_guest(request, slug):
    event = _get_event(request, slug)
    if event.audience != Event.Audience.PUBLIC:
        raise Http404
    form = GuestRegistrationForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            register_guest_service(
                event=event, clause_language=request.LANGUAGE_CODE, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return render(
                request,
                "events/guest_check_mail.html",
                {
                    "event": event,
                    "email": form.cleaned_data["email"],
                },
            )
    return render(
        request,
        "events/register_guest.html",
        {
            "event": event,
            "form": form,
            "refusal": registration_refusal(event),
            "clause": guest_clause(request.LANGUAGE_CODE),
        },
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def guest_confirm(request, token):
    try:
        registration = registration_for_token(token=token, action="confirm")
    except ValidationError as error:
        return _invalid_link(request, error)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            registration = confirm_guest(token=token)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            if registration.state == Registration.State.WAITLISTED:
                messages.warning(
                    request,
                    _("The event is full: you are on the waitlist, in place %(position)s.")
                    % {"position": registration.waitlist_position},
                )
            else:
                messages.success(request, _("Thank you: your registration is confirmed."))
        return redirect(request.path)
    return render(
        request,
        "events/guest_confirm.html",
        {
            "registration": registration,
            "event": registration.event,
            "form": form,
        },
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def guest_cancel(request, token):
    try:
        registration = registration_for_token(token=token, action="cancel")
    except ValidationError as error:
        return _invalid_link(request, error)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            cancel_guest_registration(token=token)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Your registration is cancelled."))
        return redirect(request.path)
    return render(
        request,
        "events/guest_cancel.html",
        {
            "registration": registration,
            "event": registration.event,
            "form": form,
        },
    )


@_event_or_login
def registration_cancel(request, slug, pk):
    event = _get_event(request, slug)
    registration = get_object_or_404(event.registrations.all(), pk=pk)
    if not can_cancel_registration(request.user, registration):
        raise Http404
    if refused := _post_only(request):
        return refused
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            cancel_registration(actor=request.user, registration=registration)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            if registration.user_id == request.user.pk:
                messages.success(request, _("Your registration is cancelled."))
            else:
                messages.success(
                    request,
                    _("The registration of %(name)s is cancelled.") % {"name": registration.name},
                )
    if is_coordinator(request.user) and registration.user_id != request.user.pk:
        return redirect("events:registrations", slug=event.slug)
    return redirect(event)
