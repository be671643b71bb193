"""Calendar files and feeds (no language prefix), and the account page of a
member's private feed."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from events.calendar import ICS_CONTENT_TYPE, build_calendar, event_ics_file
from events.feeds import (
    create_calendar_feed,
    feed_for_token,
    mark_calendar_feed_used,
    private_feed_events,
    public_feed_events,
    revoke_calendar_feed,
)
from events.models import CalendarFeed, Event
from members.models import User
from members.permissions import sees_members_content


class _CalendarQueryForm(forms.Form):
    """``?lang=en`` and ``?kind=workshop&kind=webinar`` (or ``kind=a,b``)."""

    lang = forms.ChoiceField(choices=User.Language.choices, required=False)
    kind = forms.MultipleChoiceField(choices=Event.Kind.choices, required=False)

    def __init__(self, query, *args, **kwargs):
        data = query.copy()
        data.setlist(
            "kind",
            [part.strip() for item in query.getlist("kind") for part in item.split(",") if part],
        )
        super().__init__(data, *args, **kwargs)


def _calendar_query(request):
    form = _CalendarQueryForm(request.GET)
    if not form.is_valid():
        return None
    return form.cleaned_data


def _bad_query():
    return HttpResponseBadRequest(
        _("Give lang as pl or en, and kind as one or more kinds of event."),
        content_type="text/plain; charset=utf-8",
    )


def _ics_response(content: bytes, filename: str, *, attachment: bool) -> HttpResponse:
    response = HttpResponse(content, content_type=ICS_CONTENT_TYPE)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def _request_language(request, query) -> str:
    return query["lang"] or ("en" if translation.get_language() == "en" else "pl")


@login_not_required
@require_safe
def event_ics(request, slug):
    query = _calendar_query(request)
    if query is None:
        return _bad_query()
    event = get_object_or_404(
        Event.objects.filter(state__in=(Event.State.PUBLISHED, Event.State.CANCELLED)), slug=slug
    )
    # A file download has no login page to send a visitor to: whoever may
    # not see the event learns nothing of it.
    if event.audience == Event.Audience.MEMBERS and not sees_members_content(request.user):
        raise Http404
    content = event_ics_file(event, language=_request_language(request, query))
    return _ics_response(content, f"{event.slug}.ics", attachment=True)


@login_not_required
@require_safe
def public_feed(request):
    query = _calendar_query(request)
    if query is None:
        return _bad_query()
    language = _request_language(request, query)
    with translation.override(language):
        name = _("CHEM-STER events")
    content = build_calendar(public_feed_events(kinds=query["kind"]), language=language, name=name)
    return _ics_response(content, "chemster.ics", attachment=False)


@login_not_required
@require_safe
def private_feed_ics(request, token):
    query = _calendar_query(request)
    if query is None:
        return _bad_query()
    feed = feed_for_token(token)
    if feed is None:
        raise Http404
    mark_calendar_feed_used(feed=feed)
    user = feed.user
    language = query["lang"] or user.preferred_language
    events, online_link_for = private_feed_events(user, kinds=query["kind"])
    with translation.override(language):
        name = _("CHEM-STER events (private)")
    content = build_calendar(events, language=language, name=name, online_link_for=online_link_for)
    return _ics_response(content, "chemster-private.ics", attachment=False)


def private_feed(request):
    # The secret address is shown on the response to the POST itself (no
    # redirect), so that it is never stored in the session or a cache.
    feed_url = None
    if request.method == "POST":
        _feed, secret = create_calendar_feed(user=request.user)
        feed_url = request.build_absolute_uri(
            reverse("calendar:private-feed", kwargs={"token": secret})
        )
        messages.success(request, _("Your private calendar address is ready."))
    feed = CalendarFeed.objects.filter(user=request.user).first()
    return render(
        request,
        "events/calendar_private_feed.html",
        {
            "feed": feed,
            "feed_url": feed_url,
            "webcal_url": feed_url and "webcal://" + feed_url.split("://", 1)[1],
            "public_feed_url": request.build_absolute_uri(reverse("calendar:feed")),
            "kinds": Event.Kind.choices,
        },
    )


@require_POST
def private_feed_revoke(request):
    if revoke_calendar_feed(user=request.user) is None:
        messages.warning(request, _("You have no private calendar address."))
    else:
        messages.success(
            request,
            _("Your private calendar address is revoked; calendars that use it get no events."),
        )
    return redirect("events:private-feed")
