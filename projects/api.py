"""The projects app's API: joint projects, participations (requests,
invitations, decisions), external partners, cooperation offers and requests
and the expressions of interest in them.

The rules are the pages' (DESIGN.md, the status table): a visitor asking for
a members-only project gets 401, a logged-in user asking for an object they
may not see 404, one they may see but not change 403. A move the object's
state refuses is a 400 with the service's message; a second decision, a
second participation of a firm and a second interest of a firm are 409.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotAuthenticated, NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.response import Response

from chemster.lib.api import (
    IsCoordinator,
    PortalAPIView,
    PortalPagination,
    call_service,
    error_responses,
)
from members.models import Competence
from members.permissions import is_coordinator, sees_members_content
from projects.models import Interest, Opportunity, Participation, Project
from projects.opportunities import (
    approve_opportunity,
    can_see,
    create_opportunity,
    express_interest,
    interests_received,
    is_firm_user,
    opportunities_board,
    opportunity_for_page,
    renew_opportunity,
    return_opportunity,
    submit_opportunity,
    update_opportunity,
    withdraw_opportunity,
)
from projects.participations import (
    accept_participation,
    decline_participation,
    invite_firm,
    participations_of,
    request_to_join,
    withdraw_participation,
)
from projects.permissions import (
    admin_firm_ids,
    can_create_project,
    can_manage_project,
    can_submit_project,
    member_firm_ids,
)
from projects.selectors import project_list, projects_visible_to
from projects.serializers import (
    ExternalPartnerCreateSerializer,
    ExternalPartnerSerializer,
    InterestCreateSerializer,
    InterestSerializer,
    InvitationSerializer,
    JoinRequestSerializer,
    OpportunityCreateSerializer,
    OpportunityDetailSerializer,
    OpportunityFilterSerializer,
    OpportunityReviewSerializer,
    OpportunitySerializer,
    OpportunityWriteSerializer,
    ParticipationDecisionSerializer,
    ParticipationSerializer,
    ProjectCreateSerializer,
    ProjectDetailSerializer,
    ProjectFilterSerializer,
    ProjectSerializer,
    ProjectStateSerializer,
    ProjectSubmitSerializer,
    ProjectWriteSerializer,
)
from projects.services import (
    add_external_partner,
    change_project_state,
    create_project,
    remove_external_partner,
    submit_project,
    update_project,
)

# Service error codes that mean "this happened already": 409, not 400.
CONFLICT_CODES = ("already_decided", "already_participating", "already_submitted", "duplicate")


# --- Helpers ------------------------------------------------------------------


def _service_call(function, **kwargs):
    """Call a service; a refusal that means "done already" becomes a 409
    (other refusals stay 400s, PermissionDenied a 403)."""
    return call_service(function, conflict_codes=CONFLICT_CODES, **kwargs)


def _project_queryset(user):
    """Projects ``user`` may see, with what the detail and the permission
    checks read (participations with their firms, the leader among them)."""
    return (
        projects_visible_to(user)
        .select_related("firm")
        .prefetch_related(
            Prefetch(
                "needed_competences",
                queryset=Competence.objects.order_by("group__position", "position", "id"),
            ),
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("firm").order_by("created_at", "id"),
            ),
            "external_partners",
        )
    )


def _get_project(request, slug) -> Project:
    """The project if the user may see it. A visitor asking for a submitted
    members-only project is asked to authenticate (401), as the page sends
    them to log in; anything else they may not see is a 404."""
    project = _project_queryset(request.user).filter(slug=slug).first()
    if project is not None:
        return project
    if (
        not request.user.is_authenticated
        and Project.objects.filter(slug=slug, visibility=Project.Visibility.MEMBERS)
        .exclude(state=Project.State.DRAFT)
        .exists()
    ):
        raise NotAuthenticated(_("Log in to see this members-only project."))
    raise NotFound(_("There is no project with this address among those you may see."))


def _get_managed_project(request, slug) -> Project:
    project = _get_project(request, slug)
    if not can_manage_project(request.user, project):
        raise PermissionDenied(
            _(
                "Only the project's managers may do this: the leading firm's admins and "
                "the coordinator."
            )
        )
    return project


def _visible_participations(user, project):
    """The project's participations ``user`` sees: all of them for its
    managers; otherwise the accepted ones and those of the user's firms."""
    participations = participations_of(project)
    if not can_manage_project(user, project):
        participations = participations.filter(
            Q(state=Participation.State.ACCEPTED) | Q(firm_id__in=member_firm_ids(user))
        )
    return participations


def _get_participation(request, project, pk) -> Participation:
    participation = _visible_participations(request.user, project).filter(pk=pk).first()
    if participation is None:
        raise NotFound(_("This project has no participation with this id that you may see."))
    participation.project = project
    return participation


def _get_opportunity(request, pk) -> Opportunity:
    opportunity = opportunity_for_page(pk)
    if opportunity is None or not can_see(request.user, opportunity):
        raise NotFound(_("There is no offer or request with this id among those you may see."))
    return opportunity


# --- Views: projects --------------------------------------------------------------

_PROJECT_EXAMPLE = {
    "firm": "firma-a",
    "kind": "research",
    "visibility": "members",
    "title_pl": "Surfaktanty z surowców odnawialnych",
    "title_en": "Surfactants from renewable feedstock",
    "summary_pl": "Wspólne badania nad nowymi surfaktantami.",
    "funding_call": "FENG 2026",
    "budget": "250000.00",
    "starts_on": "2027-01-01",
    "ends_on": "2028-12-31",
}


class ProjectListView(PortalAPIView):
    """Submitted projects: public ones for everyone, members-only ones for
    members and the coordinator; drafts are never listed."""

    permission_classes = [IsAuthenticatedOrReadOnly]
    pagination_class = PortalPagination

    def get_queryset(self, filters: dict):
        return project_list(
            self.request.user,
            kind=filters.get("kind", ""),
            state=filters.get("state", ""),
            competence=filters.get("competence"),
            q=filters.get("q", ""),
        )

    @extend_schema(
        summary="Projects, newest submission first: filters and pages",
        parameters=[ProjectFilterSerializer],
        responses={200: ProjectSerializer(many=True), **error_responses(400)},
    )
    def get(self, request):
        filters = ProjectFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            self.get_queryset(filters.validated_data), request, view=self
        )
        return paginator.get_paginated_response(ProjectSerializer(page, many=True).data)

    @extend_schema(
        summary="Draft a project for a firm (its editors and admins)",
        request=ProjectCreateSerializer,
        responses={201: ProjectDetailSerializer, **error_responses(400, 401, 403)},
        examples=[OpenApiExample("A research project", value=_PROJECT_EXAMPLE, request_only=True)],
    )
    def post(self, request):
        serializer = ProjectCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if not can_create_project(request.user, data["firm"]):
            raise PermissionDenied(_("Only the firm's editors and admins draft its projects."))
        project = create_project(actor=request.user, **data)
        return Response(
            ProjectDetailSerializer(
                _get_project(request, project.slug), context={"user": request.user}
            ).data,
            status=status.HTTP_201_CREATED,
        )


class ProjectDetailView(PortalAPIView):
    """One project; its managers change it (a draft: the drafting firm's
    editors and admins; afterwards the leader's admins and the coordinator)."""

    permission_classes = [IsAuthenticatedOrReadOnly]

    def _detail(self, request, slug):
        return ProjectDetailSerializer(
            _get_project(request, slug), context={"user": request.user}
        ).data

    @extend_schema(
        summary="A project",
        responses={200: ProjectDetailSerializer, **error_responses(401, 404)},
    )
    def get(self, request, slug):
        return Response(self._detail(request, slug))

    @extend_schema(
        summary="Change a project (its managers)",
        request=ProjectWriteSerializer,
        responses={200: ProjectDetailSerializer, **error_responses(400, 401, 403, 404)},
        examples=[
            OpenApiExample(
                "New funding call",
                value={"funding_call": "Horyzont Europa 2027", "funding_deadline": "2027-03-31"},
                request_only=True,
            )
        ],
    )
    def patch(self, request, slug):
        project = _get_managed_project(request, slug)
        serializer = ProjectWriteSerializer(
            data=request.data, partial=True, context={"project": project}
        )
        serializer.is_valid(raise_exception=True)
        # Partial: only the fields given (the visibility's default is not
        # applied).
        update_project(actor=request.user, project=project, **serializer.validated_data)
        return Response(self._detail(request, slug))


class ProjectSubmitView(PortalAPIView):
    """Submit a draft: the drafting firm becomes the project's leader."""

    @extend_schema(
        summary="Submit a draft project (the drafting firm's admins)",
        request=ProjectSubmitSerializer,
        responses={200: ProjectDetailSerializer, **error_responses(400, 401, 403, 404, 409)},
        examples=[
            OpenApiExample("Recruit at once", value={"state": "recruiting"}, request_only=True)
        ],
    )
    def post(self, request, slug):
        project = _get_project(request, slug)
        # The leader's managers of a submitted project hear "submitted already".
        allowed = (
            can_submit_project(request.user, project)
            if project.state == Project.State.DRAFT
            else can_manage_project(request.user, project)
        )
        if not allowed:
            raise PermissionDenied(_("Only the firm's admins submit its projects."))
        serializer = ProjectSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        _service_call(
            submit_project,
            actor=request.user,
            project=project,
            state=serializer.validated_data["state"],
        )
        return Response(
            ProjectDetailSerializer(
                _get_project(request, slug), context={"user": request.user}
            ).data
        )


class ProjectStateView(PortalAPIView):
    """Move a submitted project along its states; a refused move is a 400
    that names both states."""

    @extend_schema(
        summary="Change a project's state (its managers)",
        request=ProjectStateSerializer,
        responses={200: ProjectDetailSerializer, **error_responses(400, 401, 403, 404)},
        examples=[
            OpenApiExample("Start the project", value={"state": "active"}, request_only=True)
        ],
    )
    def post(self, request, slug):
        # A draft's move is its submission (.../submit/): the service refuses it.
        project = _get_managed_project(request, slug)
        serializer = ProjectStateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            change_project_state(
                actor=request.user, project=project, state=serializer.validated_data["state"]
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError({"state": error.messages}) from None
        return Response(
            ProjectDetailSerializer(
                _get_project(request, slug), context={"user": request.user}
            ).data
        )


class ExternalPartnerListView(PortalAPIView):
    """Organisations outside the cluster in a project: everyone who sees
    the project sees them; its managers add them."""

    permission_classes = [IsAuthenticatedOrReadOnly]
    pagination_class = PortalPagination

    @extend_schema(
        summary="A project's external partners, by name",
        responses={200: ExternalPartnerSerializer(many=True), **error_responses(400, 401, 404)},
    )
    def get(self, request, slug):
        project = _get_project(request, slug)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            project.external_partners.order_by("name", "id"), request, view=self
        )
        return paginator.get_paginated_response(ExternalPartnerSerializer(page, many=True).data)

    @extend_schema(
        summary="Add an external partner (the project's managers)",
        request=ExternalPartnerCreateSerializer,
        responses={201: ExternalPartnerSerializer, **error_responses(400, 401, 403, 404)},
        examples=[
            OpenApiExample(
                "A German institute",
                value={"name": "Fraunhofer IGB", "country": "DE", "kind": "research"},
                request_only=True,
            )
        ],
    )
    def post(self, request, slug):
        project = _get_managed_project(request, slug)
        serializer = ExternalPartnerCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        partner = add_external_partner(
            actor=request.user, project=project, **serializer.validated_data
        )
        return Response(ExternalPartnerSerializer(partner).data, status=status.HTTP_201_CREATED)


class ExternalPartnerDetailView(PortalAPIView):
    @extend_schema(
        summary="Remove an external partner (the project's managers)",
        responses={204: None, **error_responses(401, 403, 404)},
    )
    def delete(self, request, slug, pk):
        project = _get_managed_project(request, slug)
        partner = project.external_partners.filter(pk=pk).first()
        if partner is None:
            raise NotFound(_("This project has no external partner with this id."))
        partner.project = project
        remove_external_partner(actor=request.user, partner=partner)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Views: participations ----------------------------------------------------------


class ParticipationListView(PortalAPIView):
    """A project's participations. Everyone who sees the project sees the
    accepted participants; the project's managers also every request and
    invitation, and a firm's users their firm's own."""

    permission_classes = [IsAuthenticatedOrReadOnly]
    pagination_class = PortalPagination

    @extend_schema(
        summary="A project's participations, oldest first",
        responses={200: ParticipationSerializer(many=True), **error_responses(400, 401, 404)},
    )
    def get(self, request, slug):
        project = _get_project(request, slug)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            _visible_participations(request.user, project), request, view=self
        )
        for participation in page:
            participation.project = project
        context = {"user": request.user, "manages": can_manage_project(request.user, project)}
        return paginator.get_paginated_response(
            ParticipationSerializer(page, many=True, context=context).data
        )

    @extend_schema(
        summary="Ask to join a project (the firm's admins)",
        request=JoinRequestSerializer,
        responses={201: ParticipationSerializer, **error_responses(400, 401, 403, 404, 409)},
        examples=[
            OpenApiExample(
                "Join as a partner",
                value={
                    "firm": "firma-b",
                    "role": "partner",
                    "message": "Chętnie dołączymy do projektu.",
                    "contribution_pl": "Badania laboratoryjne i analizy.",
                },
                request_only=True,
            )
        ],
    )
    def post(self, request, slug):
        project = _get_project(request, slug)
        serializer = JoinRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        firm = serializer.validated_data["firm"]
        if firm.pk not in admin_firm_ids(request.user):
            raise PermissionDenied(_("Only the firm's admins may ask for it to join a project."))
        participation = _service_call(
            request_to_join, actor=request.user, project=project, **serializer.validated_data
        )
        return Response(
            _participation_data(request, project, participation), status=status.HTTP_201_CREATED
        )


def _participation_data(request, project, participation) -> dict:
    project = _get_project(request, project.slug)
    participation.project = project
    context = {"user": request.user, "manages": can_manage_project(request.user, project)}
    return ParticipationSerializer(participation, context=context).data


class InvitationView(PortalAPIView):
    """Invite a firm to a project; its admins accept or decline."""

    @extend_schema(
        summary="Invite a firm to a project (the project's managers)",
        request=InvitationSerializer,
        responses={201: ParticipationSerializer, **error_responses(400, 401, 403, 404, 409)},
        examples=[
            OpenApiExample(
                "Invite a partner",
                value={"firm": "firma-b", "role": "partner", "message": "Zapraszamy."},
                request_only=True,
            )
        ],
    )
    def post(self, request, slug):
        project = _get_managed_project(request, slug)
        serializer = InvitationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        participation = _service_call(
            invite_firm, actor=request.user, project=project, **serializer.validated_data
        )
        return Response(
            _participation_data(request, project, participation), status=status.HTTP_201_CREATED
        )


class ParticipationDecisionView(PortalAPIView):
    """Accept or decline a request (the project's managers) or an
    invitation (the invited firm's admins), once: a second decision is 409."""

    @extend_schema(
        summary="Decide a request to join or an invitation",
        request=ParticipationDecisionSerializer,
        responses={200: ParticipationSerializer, **error_responses(400, 401, 403, 404, 409)},
        examples=[OpenApiExample("Accept", value={"decision": "accept"}, request_only=True)],
    )
    def post(self, request, slug, pk):
        project = _get_project(request, slug)
        participation = _get_participation(request, project, pk)
        serializer = ParticipationDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if serializer.validated_data["decision"] == "accept":
            participation = _service_call(
                accept_participation, actor=request.user, participation=participation
            )
        else:
            participation = _service_call(
                decline_participation,
                actor=request.user,
                participation=participation,
                reason=serializer.validated_data.get("reason", ""),
            )
        return Response(_participation_data(request, project, participation))


class ParticipationWithdrawView(PortalAPIView):
    """Withdraw a request to join, or leave the project (the firm's admins)."""

    @extend_schema(
        summary="Withdraw a request or leave a project (the firm's admins)",
        request=None,
        responses={200: ParticipationSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request, slug, pk):
        project = _get_project(request, slug)
        participation = _get_participation(request, project, pk)
        participation = _service_call(
            withdraw_participation, actor=request.user, participation=participation
        )
        return Response(_participation_data(request, project, participation))


# --- Views: cooperation offers and requests ------------------------------------------

_OPPORTUNITY_EXAMPLE = {
    "firm": "firma-a",
    "kind": "technology_offer",
    "title_pl": "Uwodornienie w skali pilotażowej",
    "title_en": "Pilot-scale hydrogenation",
    "summary_pl": "Oferujemy uwodornienie katalityczne w reaktorach do 50 l.",
    "description_pl": "Pełny opis oferty dla członków klastra.",
}


class OpportunityListView(PortalAPIView):
    """The cooperation board: published offers and requests. Everyone sees
    the summaries; members and the coordinator also the full text."""

    permission_classes = [IsAuthenticatedOrReadOnly]
    pagination_class = PortalPagination

    @extend_schema(
        summary="Published cooperation offers and requests, newest first",
        parameters=[OpportunityFilterSerializer],
        responses={200: OpportunitySerializer(many=True), **error_responses(400)},
    )
    def get(self, request):
        filters = OpportunityFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        board = opportunities_board(
            request.user,
            kind=data.get("kind") or None,
            competence=data.get("competence"),
            q=data.get("q") or None,
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(board, request, view=self)
        context = {"user": request.user, "full_text": sees_members_content(request.user)}
        return paginator.get_paginated_response(
            OpportunitySerializer(page, many=True, context=context).data
        )

    @extend_schema(
        summary="Draft a cooperation offer or request (the firm's editors and admins)",
        request=OpportunityCreateSerializer,
        responses={201: OpportunityDetailSerializer, **error_responses(400, 401, 403)},
        examples=[
            OpenApiExample("A technology offer", value=_OPPORTUNITY_EXAMPLE, request_only=True)
        ],
    )
    def post(self, request):
        serializer = OpportunityCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if data["firm"].pk not in member_firm_ids(request.user):
            raise PermissionDenied(_("Only the firm's editors and admins draft its postings."))
        opportunity = create_opportunity(actor=request.user, **data)
        return Response(_opportunity_data(request, opportunity.pk), status=status.HTTP_201_CREATED)


def _opportunity_data(request, pk) -> dict:
    return OpportunityDetailSerializer(
        opportunity_for_page(pk), context={"user": request.user}
    ).data


class OpportunityDetailView(PortalAPIView):
    """One posting: a published one for everyone (the full text for
    members), any other for its firm's users and the coordinator."""

    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(
        summary="A cooperation offer or request",
        responses={200: OpportunityDetailSerializer, **error_responses(404)},
    )
    def get(self, request, pk):
        return Response(
            OpportunityDetailSerializer(
                _get_opportunity(request, pk), context={"user": request.user}
            ).data
        )

    @extend_schema(
        summary="Change a draft or returned posting (the firm's editors and admins)",
        request=OpportunityWriteSerializer,
        responses={200: OpportunityDetailSerializer, **error_responses(400, 401, 403, 404)},
        examples=[
            OpenApiExample(
                "A shorter summary",
                value={"summary_pl": "Uwodornienie katalityczne do 50 l."},
                request_only=True,
            )
        ],
    )
    def patch(self, request, pk):
        opportunity = _get_opportunity(request, pk)
        if not is_firm_user(request.user, opportunity):
            raise PermissionDenied(_("Only the firm's editors and admins change its postings."))
        serializer = OpportunityWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        update_opportunity(actor=request.user, opportunity=opportunity, **serializer.validated_data)
        return Response(_opportunity_data(request, pk))


def _act_on_opportunity(request, pk, service) -> Response:
    opportunity = _get_opportunity(request, pk)
    _service_call(service, actor=request.user, opportunity=opportunity)
    return Response(_opportunity_data(request, pk))


_ACTION_RESPONSES = {200: OpportunityDetailSerializer, **error_responses(400, 401, 403, 404, 409)}


class OpportunitySubmitView(PortalAPIView):
    """Send a draft or returned posting to the coordinator."""

    @extend_schema(
        summary="Submit a posting for review (the firm's admins)",
        request=None,
        responses=_ACTION_RESPONSES,
    )
    def post(self, request, pk):
        return _act_on_opportunity(request, pk, submit_opportunity)


class OpportunityRenewView(PortalAPIView):
    """Keep a published or expired posting on the board for another twelve
    months from today."""

    @extend_schema(
        summary="Renew a published or expired posting (the firm's admins)",
        request=None,
        responses=_ACTION_RESPONSES,
    )
    def post(self, request, pk):
        return _act_on_opportunity(request, pk, renew_opportunity)


class OpportunityWithdrawView(PortalAPIView):
    """Take a posting off the board for good."""

    @extend_schema(
        summary="Withdraw a posting (the firm's admins or the coordinator)",
        request=None,
        responses=_ACTION_RESPONSES,
    )
    def post(self, request, pk):
        return _act_on_opportunity(request, pk, withdraw_opportunity)


class OpportunityReviewView(PortalAPIView):
    """Publish a submitted posting or return it to its firm with a reason,
    once: a posting decided already is a 409."""

    permission_classes = [IsCoordinator]

    @extend_schema(
        summary="Review a submitted posting (the coordinator)",
        request=OpportunityReviewSerializer,
        responses={200: OpportunityDetailSerializer, **error_responses(400, 401, 403, 404, 409)},
        examples=[OpenApiExample("Publish", value={"decision": "approve"}, request_only=True)],
    )
    def post(self, request, pk):
        opportunity = _get_opportunity(request, pk)
        serializer = OpportunityReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if serializer.validated_data["decision"] == "approve":
            _service_call(approve_opportunity, actor=request.user, opportunity=opportunity)
        else:
            _service_call(
                return_opportunity,
                actor=request.user,
                opportunity=opportunity,
                reason=serializer.validated_data.get("reason", ""),
            )
        return Response(_opportunity_data(request, pk))


class InterestListView(PortalAPIView):
    """Expressions of interest in a posting: its firm's users and the
    coordinator read them; members of other firms express one."""

    pagination_class = PortalPagination

    @extend_schema(
        summary="Interests in a posting, newest first (its firm's users, the coordinator)",
        responses={200: InterestSerializer(many=True), **error_responses(400, 401, 403, 404)},
    )
    def get(self, request, pk):
        opportunity = _get_opportunity(request, pk)
        if not (is_firm_user(request.user, opportunity) or is_coordinator(request.user)):
            raise PermissionDenied(
                _("Only the posting firm's users and the coordinator see the interests.")
            )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(interests_received(opportunity), request, view=self)
        return paginator.get_paginated_response(InterestSerializer(page, many=True).data)

    @extend_schema(
        summary="Express a firm's interest in a published posting (its editors and admins)",
        request=InterestCreateSerializer,
        responses={201: InterestSerializer, **error_responses(400, 401, 403, 404, 409)},
        examples=[
            OpenApiExample(
                "Interested",
                value={"firm": "firma-b", "message": "Chętnie porozmawiamy o współpracy."},
                request_only=True,
            )
        ],
    )
    def post(self, request, pk):
        opportunity = _get_opportunity(request, pk)
        serializer = InterestCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        firm = serializer.validated_data["firm"]
        # Whether the user speaks for the firm comes first: another firm's
        # user naming the posting's firm is refused (403), not told that the
        # posting is "their own".
        if firm.pk not in member_firm_ids(request.user):
            raise PermissionDenied(_("Only the firm's editors and admins speak for it."))
        if firm.pk == opportunity.firm_id:
            raise serializers.ValidationError({"firm": [_("This is your firm's own posting.")]})
        interest = _service_call(
            express_interest,
            actor=request.user,
            opportunity=opportunity,
            **serializer.validated_data,
        )
        interest = Interest.objects.select_related("firm", "user").get(pk=interest.pk)
        return Response(InterestSerializer(interest).data, status=status.HTTP_201_CREATED)


project_list_view = ProjectListView.as_view()
project_detail = ProjectDetailView.as_view()
project_submit = ProjectSubmitView.as_view()
project_state = ProjectStateView.as_view()
external_partner_list = ExternalPartnerListView.as_view()
external_partner_detail = ExternalPartnerDetailView.as_view()
participation_list = ParticipationListView.as_view()
invitation = InvitationView.as_view()
participation_decision = ParticipationDecisionView.as_view()
participation_withdraw = ParticipationWithdrawView.as_view()
opportunity_list = OpportunityListView.as_view()
opportunity_detail = OpportunityDetailView.as_view()
opportunity_submit = OpportunitySubmitView.as_view()
opportunity_review = OpportunityReviewView.as_view()
opportunity_renew = OpportunityRenewView.as_view()
opportunity_withdraw = OpportunityWithdrawView.as_view()
interest_list = InterestListView.as_view()
