"""The newsletters app's API: the coordinator's campaigns, the public
archive, a person's own subscription and the public newsletter sign-up.

Who may do what (DESIGN.md, the status table): campaigns are the
coordinator's (visitors 401, everyone else 403); the archive and the
sign-up are public; the subscription is the requester's own (visitors 401).
A move the campaign's state refuses (cancel a sent campaign, change a
campaign that is no longer a draft) is a 409; other refusals are 400s.
"""

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from chemster.lib.api import (
    IsCoordinator,
    PortalAPIView,
    PortalPagination,
    call_service,
    error_responses,
)
from chemster.lib.ratelimit import allow
from newsletters import segments as segment_registry
from newsletters.campaigns import (
    audience,
    campaign_progress,
    cancel_campaign,
    create_campaign,
    failed_deliveries,
    public_campaign,
    public_campaigns,
    schedule_campaign,
    send_campaign_now,
    send_test,
    unschedule_campaign,
    update_campaign,
)
from newsletters.forms import newsletter_consent
from newsletters.models import Campaign, Consent, Language, OptOut
from newsletters.selectors import is_opted_out
from newsletters.serializers import (
    AcceptedSerializer,
    ArchivedCampaignSerializer,
    ArchiveFilterSerializer,
    AudienceSerializer,
    CampaignDetailSerializer,
    CampaignFilterSerializer,
    CampaignProgressSerializer,
    CampaignSerializer,
    CampaignWriteSerializer,
    ScheduleSerializer,
    SignupSerializer,
    SubscriptionSerializer,
    SubscriptionUpdateSerializer,
)
from newsletters.services import opt_out, request_consent, undo_opt_out

# Sign-ups an hour from one client address, counted with the sign-up page's
# (newsletters.views.signup) under the same key.
SIGNUPS_PER_HOUR = 10
# The progress shows at most this many failed addresses.
FAILED_DELIVERIES_SHOWN = 1000


def _service_call(function, **kwargs):
    """Call a campaign service; a refusal coded "conflict" (the campaign's
    state) becomes a 409, other refusals stay 400s."""
    return call_service(function, conflict_codes={"conflict"}, **kwargs)


def _get_campaign(pk) -> Campaign:
    campaign = Campaign.objects.filter(pk=pk).first()
    if campaign is None:
        raise NotFound(_("There is no campaign with this id."))
    return campaign


def _campaign_data(pk) -> dict:
    return CampaignDetailSerializer(_get_campaign(pk)).data


def _client_ip(request):
    return request.META.get("REMOTE_ADDR")


# --- Campaigns (the coordinator) ------------------------------------------------------

_CAMPAIGN_EXAMPLE = {
    "subject_pl": "Newsletter CHEM-STER: listopad",
    "subject_en": "CHEM-STER newsletter: November",
    "body_pl": "## Co nowego\n\nNowi członkowie i **wspólne projekty** klastra.",
    "body_en": "## What's new\n\nNew members and the cluster's **joint projects**.",
    "segments": [{"code": "newsletters.subscribers", "params": {}}],
    "is_public": True,
}


class CampaignListView(PortalAPIView):
    """The coordinator's campaigns, and writing a new one (a draft)."""

    permission_classes = [IsCoordinator]
    pagination_class = PortalPagination

    @extend_schema(
        summary="Campaigns, newest first (the coordinator)",
        parameters=[CampaignFilterSerializer],
        responses={200: CampaignSerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request):
        filters = CampaignFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        campaigns = Campaign.objects.order_by("-created_at", "-id")
        if filters.validated_data.get("state"):
            campaigns = campaigns.filter(state=filters.validated_data["state"])
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(campaigns, request, view=self)
        return paginator.get_paginated_response(CampaignSerializer(page, many=True).data)

    @extend_schema(
        summary="Write a campaign: a draft (the coordinator)",
        request=CampaignWriteSerializer,
        responses={201: CampaignDetailSerializer, **error_responses(400, 401, 403)},
        examples=[OpenApiExample("A campaign", value=_CAMPAIGN_EXAMPLE, request_only=True)],
    )
    def post(self, request):
        serializer = CampaignWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        campaign = create_campaign(actor=request.user, **serializer.validated_data)
        return Response(_campaign_data(campaign.pk), status=status.HTTP_201_CREATED)


class CampaignDetailView(PortalAPIView):
    permission_classes = [IsCoordinator]

    @extend_schema(
        summary="A campaign (the coordinator)",
        responses={200: CampaignDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request, pk):
        return Response(_campaign_data(pk))

    @extend_schema(
        summary="Change a campaign: its content while a draft, its place in the archive always",
        request=CampaignWriteSerializer,
        responses={200: CampaignDetailSerializer, **error_responses(400, 401, 403, 404, 409)},
        examples=[
            OpenApiExample(
                "A new subject",
                value={"subject_pl": "Newsletter CHEM-STER: grudzień"},
                request_only=True,
            )
        ],
    )
    def patch(self, request, pk):
        campaign = _get_campaign(pk)
        serializer = CampaignWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        _service_call(
            update_campaign, actor=request.user, campaign=campaign, **serializer.validated_data
        )
        return Response(_campaign_data(pk))


class CampaignAudienceView(PortalAPIView):
    """Who would get the campaign if it were sent now: each address once,
    with those left out for lack of consent or an opt-out counted."""

    permission_classes = [IsCoordinator]

    @extend_schema(
        summary="A campaign's audience as of now (the coordinator)",
        responses={200: AudienceSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request, pk):
        result = audience(_get_campaign(pk).segments)
        return Response(
            AudienceSerializer(
                {
                    "total": result.total,
                    "recipients": result.recipient_count,
                    "no_consent": result.no_consent,
                    "opted_out": result.opted_out,
                }
            ).data
        )


class CampaignTestView(PortalAPIView):
    """Mail the campaign to the coordinator's own address, once in each of
    its languages (in any state; it may be repeated)."""

    permission_classes = [IsCoordinator]

    @extend_schema(
        summary="Send a test to your own address (the coordinator)",
        request=None,
        responses={200: CampaignDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request, pk):
        _service_call(send_test, actor=request.user, campaign=_get_campaign(pk))
        return Response(_campaign_data(pk))


class CampaignScheduleView(PortalAPIView):
    """Schedule a draft, or move a scheduled campaign to another time."""

    permission_classes = [IsCoordinator]

    @extend_schema(
        summary="Schedule a campaign (the coordinator)",
        request=ScheduleSerializer,
        responses={200: CampaignDetailSerializer, **error_responses(400, 401, 403, 404, 409)},
        examples=[
            OpenApiExample(
                "Next Monday morning",
                value={"scheduled_at": "2031-01-06T09:00:00+01:00"},
                request_only=True,
            )
        ],
    )
    def post(self, request, pk):
        campaign = _get_campaign(pk)
        serializer = ScheduleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        _service_call(
            schedule_campaign,
            actor=request.user,
            campaign=campaign,
            when=serializer.validated_data["scheduled_at"],
        )
        return Response(_campaign_data(pk))


class CampaignUnscheduleView(PortalAPIView):
    """Take a scheduled campaign back to draft, to change it."""

    permission_classes = [IsCoordinator]

    @extend_schema(
        summary="Take a scheduled campaign back to draft (the coordinator)",
        request=None,
        responses={200: CampaignDetailSerializer, **error_responses(401, 403, 404, 409)},
    )
    def post(self, request, pk):
        _service_call(unschedule_campaign, actor=request.user, campaign=_get_campaign(pk))
        return Response(_campaign_data(pk))


class CampaignSendView(PortalAPIView):
    """Start sending a draft or scheduled campaign now. The answer comes at
    once (state "sending"); a worker writes and sends the mail, and
    .../progress/ follows it."""

    permission_classes = [IsCoordinator]

    @extend_schema(
        summary="Send a campaign now (the coordinator)",
        request=None,
        responses={200: CampaignDetailSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request, pk):
        _service_call(send_campaign_now, actor=request.user, campaign=_get_campaign(pk))
        return Response(_campaign_data(pk))


class CampaignCancelView(PortalAPIView):
    """Cancel a scheduled campaign; nothing was sent. Any other state is a 409."""

    permission_classes = [IsCoordinator]

    @extend_schema(
        summary="Cancel a scheduled campaign (the coordinator)",
        request=None,
        responses={200: CampaignDetailSerializer, **error_responses(401, 403, 404, 409)},
    )
    def post(self, request, pk):
        _service_call(cancel_campaign, actor=request.user, campaign=_get_campaign(pk))
        return Response(_campaign_data(pk))


class CampaignProgressView(PortalAPIView):
    """The campaign's mail so far: sent, failed and pending, and the failed
    addresses with the mail server's replies."""

    permission_classes = [IsCoordinator]

    @extend_schema(
        summary="A campaign's sending progress (the coordinator)",
        responses={200: CampaignProgressSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request, pk):
        campaign = _get_campaign(pk)
        data = {
            "state": campaign.state,
            **campaign_progress(campaign),
            "failed_deliveries": failed_deliveries(campaign)[:FAILED_DELIVERIES_SHOWN],
        }
        return Response(CampaignProgressSerializer(data).data)


# --- The public archive -------------------------------------------------------------------


def _archive_language(request) -> str:
    filters = ArchiveFilterSerializer(data=request.query_params)
    filters.is_valid(raise_exception=True)
    language = filters.validated_data.get("language") or get_language() or Language.POLISH
    return Language.ENGLISH if language.startswith("en") else Language.POLISH


class ArchiveListView(PortalAPIView):
    """Sent campaigns in the public archive, each in the language asked for
    (Polish when it has no English)."""

    permission_classes = [AllowAny]
    pagination_class = PortalPagination

    @extend_schema(
        summary="The newsletter archive, newest first",
        parameters=[ArchiveFilterSerializer],
        responses={200: ArchivedCampaignSerializer(many=True), **error_responses(400)},
    )
    def get(self, request):
        language = _archive_language(request)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(public_campaigns(), request, view=self)
        return paginator.get_paginated_response(
            ArchivedCampaignSerializer(page, many=True, context={"language": language}).data
        )


class ArchiveDetailView(PortalAPIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="A campaign of the newsletter archive",
        parameters=[ArchiveFilterSerializer],
        responses={200: ArchivedCampaignSerializer, **error_responses(400, 404)},
    )
    def get(self, request, slug):
        language = _archive_language(request)
        campaign = public_campaign(slug)
        if campaign is None:
            raise NotFound(_("There is no campaign with this address in the archive."))
        return Response(ArchivedCampaignSerializer(campaign, context={"language": language}).data)


# --- A person's own subscription ------------------------------------------------------------


def _subscription(user) -> dict:
    email = user.email
    consent = (
        Consent.objects.live()
        .filter(email=email.strip().lower(), purpose=Consent.Purpose.NEWSLETTER)
        .first()
    )
    if consent is None:
        consent_state = "none"
    else:
        consent_state = "pending" if consent.confirmed_at is None else "confirmed"
    opted_out = is_opted_out(email=email)
    member_contact = segment_registry.is_member_contact(email)
    return {
        "email": email,
        "is_member_contact": member_contact,
        "newsletter_consent": consent_state,
        "opted_out": opted_out,
        "receive_campaigns": not opted_out and (member_contact or consent_state == "confirmed"),
    }


class SubscriptionView(PortalAPIView):
    """Whether campaigns reach the requester's own address, and the choice
    to stop them or have them again (as on the account's newsletter page)."""

    @extend_schema(
        summary="Your newsletter subscription",
        responses={200: SubscriptionSerializer, **error_responses(401)},
    )
    def get(self, request):
        return Response(SubscriptionSerializer(_subscription(request.user)).data)

    def _update(self, request):
        serializer = SubscriptionUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = request.user
        if not serializer.validated_data["receive_campaigns"]:
            opt_out(email=user.email, source=OptOut.Source.ACCOUNT, actor=user)
            return Response(SubscriptionSerializer(_subscription(user)).data)
        undo_opt_out(email=user.email, actor=user)
        current = _subscription(user)
        if not current["is_member_contact"] and current["newsletter_consent"] == "none":
            # The double opt-in, as for a public sign-up: the subscription
            # starts once the mailed link is used.
            language = user.preferred_language
            text, version = newsletter_consent(language)
            request_consent(
                email=user.email,
                purpose=Consent.Purpose.NEWSLETTER,
                text=text,
                version=version,
                method=Consent.Method.FORM,
                language=language,
                ip=_client_ip(request),
            )
            current = _subscription(user)
        return Response(SubscriptionSerializer(current).data)

    _UPDATE_SCHEMA = {
        "request": SubscriptionUpdateSerializer,
        "responses": {200: SubscriptionSerializer, **error_responses(400, 401)},
        "examples": [
            OpenApiExample(
                "Stop campaign mail", value={"receive_campaigns": False}, request_only=True
            )
        ],
    }

    @extend_schema(summary="Stop or restart campaign mail to your address", **_UPDATE_SCHEMA)
    def patch(self, request):
        return self._update(request)

    @extend_schema(
        summary="Stop or restart campaign mail to your address (as PATCH)", **_UPDATE_SCHEMA
    )
    def post(self, request):
        return self._update(request)


class SignupView(PortalAPIView):
    """A public newsletter sign-up with double opt-in: the address gets a
    confirmation link and counts as a subscriber once it is used
    (unconfirmed sign-ups expire). The answer is the same whatever the
    address, so it tells nobody who subscribed."""

    permission_classes = [AllowAny]

    @extend_schema(
        summary="Sign up for the newsletter (public, at most 10 an hour)",
        request=SignupSerializer,
        responses={202: AcceptedSerializer, **error_responses(400)},
        examples=[
            OpenApiExample(
                "A sign-up",
                value={"email": "anna.nowak@example.org", "language": "pl", "consent": True},
                request_only=True,
            )
        ],
    )
    def post(self, request):
        serializer = SignupSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # Only sign-ups that would mail someone count against the limit.
        if not allow(
            f"newsletter-signup:{_client_ip(request)}",
            limit=SIGNUPS_PER_HOUR,
            window_seconds=3600,
        ):
            raise Throttled(wait=3600)
        data = serializer.validated_data
        language = data.get("language") or (
            Language.ENGLISH if (get_language() or "").startswith("en") else Language.POLISH
        )
        text, version = newsletter_consent(language)
        request_consent(
            email=data["email"],
            purpose=Consent.Purpose.NEWSLETTER,
            text=text,
            version=version,
            method=Consent.Method.FORM,
            language=language,
            ip=_client_ip(request),
        )
        return Response(
            AcceptedSerializer(
                {
                    "detail": _(
                        "If the address can be subscribed, a message with a confirmation link "
                        "is on its way to it; the subscription starts once the link is used."
                    )
                }
            ).data,
            status=status.HTTP_202_ACCEPTED,
        )


campaign_list = CampaignListView.as_view()
campaign_detail = CampaignDetailView.as_view()
campaign_audience = CampaignAudienceView.as_view()
campaign_test = CampaignTestView.as_view()
campaign_schedule = CampaignScheduleView.as_view()
campaign_unschedule = CampaignUnscheduleView.as_view()
campaign_send = CampaignSendView.as_view()
campaign_cancel = CampaignCancelView.as_view()
campaign_progress_view = CampaignProgressView.as_view()
archive_list = ArchiveListView.as_view()
archive_detail = ArchiveDetailView.as_view()
subscription = SubscriptionView.as_view()
signup = SignupView.as_view()
