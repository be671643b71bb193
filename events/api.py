"""The events API: events with their calendar files, registering, a user's
own registrations, and the coordinator's management of both.

Who sees what follows the event pages (DESIGN.md, the status table):
public events are open to everyone; a visitor asking for a members-only
event gets 401, a user who may not see an event (a draft, or members-only
for an outsider) 404; the coordinator's operations answer 403 to others.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotAuthenticated, NotFound
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from chemster.lib.api import (
    Conflict,
    IsCoordinator,
    PortalAPIView,
    PortalPagination,
    call_service,
    error_responses,
)
from events.models import Event, Registration
from events.selectors import (
    events_visible_to,
    my_registrations,
    registration_of,
    registrations_for_event,
    with_counts,
)
from events.services import (
    can_cancel_registration,
    cancel_event,
    cancel_registration,
    create_event,
    mark_attended,
    publish_event,
    register_member,
    registration_refusal,
    update_event,
)
from members.models import FirmRole, User
from members.permissions import is_coordinator

WARSAW = ZoneInfo("Europe/Warsaw")
SEATED = (Registration.State.CONFIRMED, Registration.State.ATTENDED)
# A service's refusal by its code: a state that refuses the change is a
# conflict, a person who may not do it is forbidden, the rest is bad input.
CONFLICT_CODES = {"duplicate", "state"}
FORBIDDEN_CODES = {"forbidden"}
MAX_REMINDER_LEAD_HOURS = 24 * 14
EVENT_TEXT_MAX_LENGTH = 20_000


def _service_call(function, **kwargs):
    """Call a service; turn its refusal into 409, 403 or 400 by code."""
    return call_service(
        function, conflict_codes=CONFLICT_CODES, forbidden_codes=FORBIDDEN_CODES, **kwargs
    )


def _absolute(request, name: str, **kwargs) -> str:
    # Page addresses in Polish, the site's default, like the mails'.
    with translation.override("pl"):
        return request.build_absolute_uri(reverse(name, kwargs=kwargs))


def _get_event(request, slug: str, events=None) -> Event:
    """The event if the user may see it; 401 for a visitor asking for a
    members-only event, 404 otherwise."""
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
        raise NotAuthenticated(_("Log in to see members-only events."))
    raise NotFound(_("There is no event with this address."))


def _get_registration(request, pk: int) -> Registration:
    """A registration the user may act on (their own, their firm's as its
    admin, any for the coordinator); 404 for others."""
    registration = (
        Registration.objects.select_related("event", "firm", "user").filter(pk=pk).first()
    )
    if registration is None or not can_cancel_registration(request.user, registration):
        raise NotFound(_("You have no registration with this id."))
    return registration


# --- Serializers ------------------------------------------------------------


class EventSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    kind = serializers.ChoiceField(choices=Event.Kind.choices, read_only=True)
    audience = serializers.ChoiceField(choices=Event.Audience.choices, read_only=True)
    state = serializers.ChoiceField(
        choices=Event.State.choices,
        read_only=True,
        help_text=_("Drafts are listed for the coordinator only."),
    )
    title_pl = serializers.CharField(read_only=True)
    title_en = serializers.CharField(read_only=True)
    description_pl = serializers.CharField(read_only=True)
    description_en = serializers.CharField(read_only=True)
    starts_at = serializers.DateTimeField(read_only=True)
    ends_at = serializers.DateTimeField(read_only=True)
    venue_name = serializers.CharField(read_only=True)
    venue_address = serializers.CharField(read_only=True)
    capacity = serializers.IntegerField(
        read_only=True, allow_null=True, help_text=_("Null for unlimited seats.")
    )
    seats_left = serializers.IntegerField(
        read_only=True, allow_null=True, help_text=_("Null for unlimited seats.")
    )
    registration_opens_at = serializers.DateTimeField(read_only=True, allow_null=True)
    registration_closes_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text=_("Null: registration closes at the start.")
    )
    registration_open = serializers.SerializerMethodField(
        help_text=_("Whether registering is possible now.")
    )
    url = serializers.SerializerMethodField(help_text=_("The event's page."))
    calendar_url = serializers.SerializerMethodField(
        help_text=_("The event's calendar file (.ics), without the online link.")
    )

    def get_registration_open(self, event) -> bool:
        return registration_refusal(event) is None

    def get_url(self, event) -> str:
        return _absolute(self.context["request"], "events:detail", slug=event.slug)

    def get_calendar_url(self, event) -> str:
        return self.context["request"].build_absolute_uri(
            reverse("calendar:event", kwargs={"slug": event.slug})
        )


class OwnRegistrationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    state = serializers.ChoiceField(choices=Registration.State.choices, read_only=True)
    waitlist_position = serializers.IntegerField(
        read_only=True, allow_null=True, help_text=_("1 is next in line; null off the waitlist.")
    )


class EventDetailSerializer(EventSerializer):
    online_url = serializers.SerializerMethodField(
        help_text=_("The online meeting link: for people with a seat and the coordinator.")
    )
    reminder_lead_hours = serializers.SerializerMethodField(
        help_text=_("Hours before the start when registered people are reminded.")
    )
    sequence = serializers.IntegerField(
        read_only=True, help_text=_("The calendar revision, raised on every change.")
    )
    your_registration = serializers.SerializerMethodField(
        help_text=_("Your live registration for the event, or null.")
    )

    def _registration(self, event):
        if "registration" not in self.context:
            self.context["registration"] = registration_of(self.context["request"].user, event)
        return self.context["registration"]

    def get_online_url(self, event) -> str | None:
        registration = self._registration(event)
        seated = registration is not None and registration.state in SEATED
        if seated or is_coordinator(self.context["request"].user):
            return event.online_url
        return None

    def get_reminder_lead_hours(self, event) -> float:
        return event.reminder_lead.total_seconds() / 3600

    def get_your_registration(self, event) -> OwnRegistrationSerializer(allow_null=True):
        registration = self._registration(event)
        return OwnRegistrationSerializer(registration).data if registration else None


class EventFilterSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Event.Kind.choices, required=False, allow_blank=True)
    from_ = serializers.DateField(
        required=False,
        help_text=_("Events that end on or after this day (Europe/Warsaw); today unless given."),
    )
    to = serializers.DateField(
        required=False, help_text=_("Events that start on or before this day (Europe/Warsaw).")
    )

    def get_fields(self):
        # "from" is a Python keyword: the field is declared as from_.
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return fields


class EventWriteSerializer(serializers.Serializer):
    """An event's fields as the coordinator gives them (times with an offset,
    or in Europe/Warsaw)."""

    kind = serializers.ChoiceField(choices=Event.Kind.choices)
    audience = serializers.ChoiceField(choices=Event.Audience.choices, required=False)
    title_pl = serializers.CharField(max_length=200)
    title_en = serializers.CharField(max_length=200, required=False, allow_blank=True)
    description_pl = serializers.CharField(
        max_length=EVENT_TEXT_MAX_LENGTH, required=False, allow_blank=True
    )
    description_en = serializers.CharField(
        max_length=EVENT_TEXT_MAX_LENGTH, required=False, allow_blank=True
    )
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(help_text=_("After the start."))
    venue_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    venue_address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    online_url = serializers.URLField(
        max_length=200,
        required=False,
        allow_blank=True,
        help_text=_("Shown to people with a seat only."),
    )
    capacity = serializers.IntegerField(
        min_value=1,
        max_value=100_000,
        required=False,
        allow_null=True,
        help_text=_("Null for unlimited seats."),
    )
    registration_opens_at = serializers.DateTimeField(required=False, allow_null=True)
    registration_closes_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text=_("Null: registration closes at the start.")
    )
    reminder_lead_hours = serializers.IntegerField(
        min_value=1,
        max_value=MAX_REMINDER_LEAD_HOURS,
        required=False,
        help_text=_(
            "Hours before the start when registered people are reminded (24 unless given)."
        ),
    )

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        if "reminder_lead_hours" in values:
            values["reminder_lead"] = timedelta(hours=values.pop("reminder_lead_hours"))
        return values


class CancelEventSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=2_000,
        required=False,
        allow_blank=True,
        help_text=_("Told to everyone registered or waitlisted."),
    )


class RegistrationSerializer(serializers.Serializer):
    """A registration as the coordinator (and the person) sees it."""

    id = serializers.IntegerField(read_only=True)
    event = serializers.SlugField(source="event.slug", read_only=True)
    name = serializers.CharField(read_only=True)
    email = serializers.EmailField(read_only=True)
    organisation = serializers.CharField(read_only=True)
    firm = serializers.SlugField(source="firm.slug", read_only=True, allow_null=True)
    guest = serializers.SerializerMethodField(help_text=_("Registered without an account."))
    language = serializers.ChoiceField(choices=User.Language.choices, read_only=True)
    state = serializers.ChoiceField(choices=Registration.State.choices, read_only=True)
    waitlist_position = serializers.IntegerField(
        read_only=True, allow_null=True, help_text=_("1 is next in line; null off the waitlist.")
    )
    created_at = serializers.DateTimeField(read_only=True)
    confirmed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    cancelled_at = serializers.DateTimeField(read_only=True, allow_null=True)
    attended_at = serializers.DateTimeField(read_only=True, allow_null=True)

    def get_guest(self, registration) -> bool:
        return registration.user_id is None


class RegisterSerializer(serializers.Serializer):
    user_email = serializers.EmailField(
        required=False,
        help_text=_(
            "A firm admin registers a colleague of their firm by the colleague's login; "
            "leave it out to register yourself."
        ),
    )


class MyEventSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    kind = serializers.ChoiceField(choices=Event.Kind.choices, read_only=True)
    state = serializers.ChoiceField(choices=Event.State.choices, read_only=True)
    title_pl = serializers.CharField(read_only=True)
    title_en = serializers.CharField(read_only=True)
    starts_at = serializers.DateTimeField(read_only=True)
    ends_at = serializers.DateTimeField(read_only=True)
    venue_name = serializers.CharField(read_only=True)
    venue_address = serializers.CharField(read_only=True)
    calendar_url = serializers.SerializerMethodField()

    def get_calendar_url(self, event) -> str:
        return self.context["request"].build_absolute_uri(
            reverse("calendar:event", kwargs={"slug": event.slug})
        )


class MyRegistrationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    state = serializers.ChoiceField(choices=Registration.State.choices, read_only=True)
    waitlist_position = serializers.IntegerField(read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)
    event = MyEventSerializer(read_only=True)
    online_url = serializers.SerializerMethodField(
        help_text=_("The event's online meeting link, once you have a seat.")
    )

    def get_online_url(self, registration) -> str | None:
        return registration.event.online_url if registration.state in SEATED else None


class AttendanceSerializer(serializers.Serializer):
    attended = serializers.BooleanField(help_text=_("False undoes a check-in."))


_EVENT_EXAMPLE = {
    "kind": "workshop",
    "audience": "public",
    "title_pl": "Warsztaty z chemii powłok",
    "title_en": "Coatings chemistry workshop",
    "description_pl": "Praktyczne warsztaty dla technologów.",
    "starts_at": "2030-05-14T10:00:00+02:00",
    "ends_at": "2030-05-14T14:00:00+02:00",
    "venue_name": "Kędzierzyńsko-Kozielski Park Przemysłowy",
    "venue_address": "ul. Mostowa 30, 47-220 Kędzierzyn-Koźle",
    "capacity": 30,
    "reminder_lead_hours": 24,
}


# --- Views ------------------------------------------------------------------


class EventListView(PortalAPIView):
    """Events you may see, soonest first: public ones for everyone,
    members-only ones for members and the coordinator, drafts for the
    coordinator. Each names its page and its calendar file."""

    pagination_class = PortalPagination

    def get_permissions(self):
        return [IsCoordinator()] if self.request.method == "POST" else [AllowAny()]

    def get_queryset(self, filters: dict):
        today = datetime.now(WARSAW).date()
        start_of = datetime.combine(filters.get("from") or today, time.min, WARSAW)
        events = events_visible_to(self.request.user).filter(ends_at__gte=start_of)
        if filters.get("to"):
            end_of = datetime.combine(filters["to"] + timedelta(days=1), time.min, WARSAW)
            events = events.filter(starts_at__lt=end_of)
        if filters.get("kind"):
            events = events.filter(kind=filters["kind"])
        return with_counts(events).order_by("starts_at", "id")

    @extend_schema(
        summary="Events, soonest first, with filters",
        parameters=[EventFilterSerializer],
        responses={200: EventSerializer(many=True), **error_responses(400)},
    )
    def get(self, request):
        filters = EventFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            self.get_queryset(filters.validated_data), request, view=self
        )
        return paginator.get_paginated_response(
            EventSerializer(page, many=True, context={"request": request}).data
        )

    @extend_schema(
        summary="Create a draft event (the coordinator)",
        request=EventWriteSerializer,
        responses={201: EventDetailSerializer, **error_responses(400, 401, 403)},
        examples=[OpenApiExample("A workshop", value=_EVENT_EXAMPLE, request_only=True)],
    )
    def post(self, request):
        serializer = EventWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        event = _service_call(create_event, actor=request.user, **serializer.validated_data)
        return Response(_detail(request, event.slug), status=status.HTTP_201_CREATED)


def _detail(request, slug: str) -> dict:
    event = _get_event(request, slug, with_counts(events_visible_to(request.user)))
    return EventDetailSerializer(event, context={"request": request}).data


class EventDetailView(PortalAPIView):
    """One event, with your registration and, once you have a seat, its
    online link; the coordinator changes it."""

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "GET" else [IsCoordinator()]

    @extend_schema(
        summary="An event",
        responses={200: EventDetailSerializer, **error_responses(401, 404)},
    )
    def get(self, request, slug):
        return Response(_detail(request, slug))

    @extend_schema(
        summary="Change an event (the coordinator); raises its calendar revision",
        request=EventWriteSerializer(partial=True),
        responses={200: EventDetailSerializer, **error_responses(400, 401, 403, 404)},
        examples=[
            OpenApiExample(
                "More seats", value={"capacity": 40, "reminder_lead_hours": 48}, request_only=True
            )
        ],
    )
    def patch(self, request, slug):
        event = _get_event(request, slug)
        serializer = EventWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        _service_call(update_event, actor=request.user, event=event, **serializer.validated_data)
        return Response(_detail(request, slug))


class EventPublishView(PortalAPIView):
    """Publish a draft: it appears in the calendar and takes registrations.
    An event published or cancelled already answers 409."""

    permission_classes = [IsCoordinator]

    @extend_schema(
        summary="Publish a draft event (the coordinator)",
        request=None,
        responses={200: EventDetailSerializer, **error_responses(401, 403, 404, 409)},
    )
    def post(self, request, slug):
        event = _get_event(request, slug)
        _service_call(publish_event, actor=request.user, event=event)
        return Response(_detail(request, slug))


class EventCancelView(PortalAPIView):
    """Cancel a published event and mail everyone registered or waitlisted.
    A draft or a cancelled event answers 409."""

    permission_classes = [IsCoordinator]

    @extend_schema(
        summary="Cancel a published event (the coordinator)",
        request=CancelEventSerializer,
        responses={200: EventDetailSerializer, **error_responses(400, 401, 403, 404, 409)},
        examples=[
            OpenApiExample(
                "With a reason", value={"reason": "Choroba prelegenta."}, request_only=True
            )
        ],
    )
    def post(self, request, slug):
        event = _get_event(request, slug)
        serializer = CancelEventSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        _service_call(
            cancel_event,
            actor=request.user,
            event=event,
            reason=serializer.validated_data.get("reason", ""),
        )
        return Response(_detail(request, slug))


class EventRegistrationsView(PortalAPIView):
    """An event's registrations: the coordinator lists them all; a user
    registers themself, or a firm admin a colleague of their firm.

    Registering confirms a seat while seats are free, else puts the person
    at the end of the waitlist (see ``state`` and ``waitlist_position``).
    A second live registration of the same person answers 409.
    """

    pagination_class = PortalPagination

    def get_permissions(self):
        return [IsAuthenticated()] if self.request.method == "POST" else [IsCoordinator()]

    @extend_schema(
        summary="An event's registrations (the coordinator)",
        responses={200: RegistrationSerializer(many=True), **error_responses(400, 401, 403, 404)},
    )
    def get(self, request, slug):
        event = _get_event(request, slug)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(registrations_for_event(event), request, view=self)
        for registration in page:
            registration.event = event
        return paginator.get_paginated_response(RegistrationSerializer(page, many=True).data)

    @extend_schema(
        summary="Register for an event: yourself, or a colleague as their firm's admin",
        request=RegisterSerializer,
        responses={
            201: RegistrationSerializer,
            **error_responses(400, 401, 403, 404, 409),
        },
        examples=[
            OpenApiExample("Yourself", value={}, request_only=True),
            OpenApiExample(
                "A colleague", value={"user_email": "redaktor@firma-a.pl"}, request_only=True
            ),
        ],
    )
    def post(self, request, slug):
        event = _get_event(request, slug)
        serializer = RegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = request.user
        email = serializer.validated_data.get("user_email")
        if email and email.lower() != request.user.email.lower():
            user = _colleague(request.user, email)
        registration = _service_call(register_member, actor=request.user, event=event, user=user)
        return Response(RegistrationSerializer(registration).data, status=status.HTTP_201_CREATED)


def _colleague(admin: User, email: str) -> User:
    """The active user of ``email`` who works for a firm ``admin`` administers."""
    admin_firms = FirmRole.objects.filter(
        user=admin, role=FirmRole.Role.ADMIN, firm__status="active"
    ).values("firm_id")
    colleague = (
        User.objects.filter(
            email__iexact=email, is_active=True, firm_roles__firm_id__in=admin_firms
        )
        .distinct()
        .first()
    )
    if colleague is None:
        raise serializers.ValidationError(
            {"user_email": [_("No colleague of a firm you administer has this login.")]}
        )
    return colleague


class MyRegistrationsView(PortalAPIView):
    """Your live registrations (pending, confirmed, waitlisted, attended),
    soonest event first."""

    pagination_class = PortalPagination

    @extend_schema(
        summary="Your registrations for events",
        responses={200: MyRegistrationSerializer(many=True), **error_responses(400, 401)},
    )
    def get(self, request):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(my_registrations(request.user), request, view=self)
        return paginator.get_paginated_response(
            MyRegistrationSerializer(page, many=True, context={"request": request}).data
        )


class RegistrationCancelView(PortalAPIView):
    """Cancel a registration: your own, one of your firm's as its admin, or
    any as the coordinator. A freed seat goes to the first on the waitlist.
    A registration cancelled already, or an event that is over or
    cancelled, answers 409."""

    @extend_schema(
        summary="Cancel a registration",
        request=None,
        responses={200: RegistrationSerializer, **error_responses(401, 404, 409)},
    )
    def post(self, request, pk):
        registration = _get_registration(request, pk)
        try:
            registration = cancel_registration(actor=request.user, registration=registration)
        except DjangoValidationError as error:
            raise Conflict(error.messages[0]) from None
        return Response(RegistrationSerializer(registration).data)


class RegistrationAttendanceView(PortalAPIView):
    """Check a person with a seat in, or undo it (the coordinator). Anyone
    without a seat answers 409."""

    permission_classes = [IsCoordinator]

    @extend_schema(
        summary="Mark attendance (the coordinator)",
        request=AttendanceSerializer,
        responses={200: RegistrationSerializer, **error_responses(400, 401, 403, 404, 409)},
        examples=[OpenApiExample("Attended", value={"attended": True}, request_only=True)],
    )
    def post(self, request, pk):
        registration = _get_registration(request, pk)
        serializer = AttendanceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        registration = _service_call(
            mark_attended,
            actor=request.user,
            registration=registration,
            attended=serializer.validated_data["attended"],
        )
        return Response(RegistrationSerializer(registration).data)


event_list = EventListView.as_view()
event_detail = EventDetailView.as_view()
event_publish = EventPublishView.as_view()
event_cancel = EventCancelView.as_view()
event_registrations = EventRegistrationsView.as_view()
my_registration_list = MyRegistrationsView.as_view()
registration_cancel = RegistrationCancelView.as_view()
registration_attendance = RegistrationAttendanceView.as_view()
