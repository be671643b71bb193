"""The members app's API: the current user and their API tokens; firms,
their contacts and the competence taxonomy; membership applications."""

import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from chemster.lib.api import (
    Conflict,
    IsCoordinator,
    PortalAPIView,
    PortalPagination,
    error_responses,
)
from members.applications import (
    accept_application,
    application_for_review,
    applications_for_review,
    reject_application,
    submit_application,
)
from members.forms import (
    CONTACT_FIELD_LABELS,
    COORDINATE_PRECISION,
    EU_COUNTRIES,
    FIRM_TEXT_MAX_LENGTH,
    VAT_PREFIX,
    VISIBILITY_LABELS,
    directory_cursor,
    directory_cursor_key,
)
from members.models import ApiToken, Competence, Firm, MembershipApplication, User
from members.permissions import (
    can_edit_firm,
    get_firm_for_editor,
    get_firm_for_user,
    sees_members_content,
)
from members.selectors import (
    ORDER_NAME,
    ORDER_NEWEST,
    ORDER_RELEVANCE,
    competence_groups,
    search_firms,
    search_words,
    visible_contacts,
    visible_profile,
)
from members.services import create_api_token, revoke_api_token, update_firm, update_profile
from members.validators import (
    applicant_firm_errors,
    clean_krs,
    clean_nip,
    clean_regon,
    clean_vat_number,
)

# --- Serializers ------------------------------------------------------------


class MeSerializer(serializers.Serializer):
    email = serializers.EmailField(read_only=True)
    name = serializers.CharField(read_only=True)
    preferred_language = serializers.ChoiceField(choices=User.Language.choices, read_only=True)


class ProfileUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=User._meta.get_field("name").max_length, required=False)
    preferred_language = serializers.ChoiceField(choices=User.Language.choices, required=False)


class ApiTokenSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    prefix = serializers.CharField(
        read_only=True, help_text="The token's public part: its secret starts chm_<prefix>_."
    )
    created_at = serializers.DateTimeField(read_only=True)
    last_used_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="Refreshed at most once a minute."
    )


class ApiTokenCreatedSerializer(ApiTokenSerializer):
    secret = serializers.SerializerMethodField(
        help_text="The token to send as `Authorization: Bearer <secret>`; shown only once."
    )

    def get_secret(self, token) -> str:
        return self.context["secret"]


class ApiTokenCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=ApiToken._meta.get_field("name").max_length)


# --- Views ------------------------------------------------------------------


class MeView(PortalAPIView):
    """The account the request is authenticated as."""

    @extend_schema(
        summary="The current user",
        responses={200: MeSerializer, **error_responses(401)},
    )
    def get(self, request):
        return Response(MeSerializer(request.user).data)

    @extend_schema(
        summary="Change the current user's name or preferred language",
        request=ProfileUpdateSerializer,
        responses={200: MeSerializer, **error_responses(400, 401)},
    )
    def patch(self, request):
        serializer = ProfileUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = update_profile(user=request.user, **serializer.validated_data)
        return Response(MeSerializer(user).data)


class ApiTokenListView(PortalAPIView):
    """The current user's API tokens; a new token's secret is shown only once."""

    pagination_class = PortalPagination

    @extend_schema(
        summary="The current user's live API tokens, newest first",
        responses={200: ApiTokenSerializer(many=True), **error_responses(400, 401)},
    )
    def get(self, request):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(request.user.api_tokens.live(), request, view=self)
        return paginator.get_paginated_response(ApiTokenSerializer(page, many=True).data)

    @extend_schema(
        summary="Create an API token",
        request=ApiTokenCreateSerializer,
        responses={201: ApiTokenCreatedSerializer, **error_responses(400, 401)},
    )
    def post(self, request):
        serializer = ApiTokenCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token, secret = create_api_token(user=request.user, **serializer.validated_data)
        data = ApiTokenCreatedSerializer(token, context={"secret": secret}).data
        return Response(data, status=status.HTTP_201_CREATED)


class ApiTokenDetailView(PortalAPIView):
    """One of the current user's live tokens; another user's token is a 404."""

    def _get_token(self, request, pk):
        token = request.user.api_tokens.live().filter(pk=pk).first()
        if token is None:
            raise NotFound(_("You have no live token with this id."))
        return token

    @extend_schema(
        summary="One of the current user's live API tokens",
        responses={200: ApiTokenSerializer, **error_responses(401, 404)},
    )
    def get(self, request, pk):
        return Response(ApiTokenSerializer(self._get_token(request, pk)).data)

    @extend_schema(
        summary="Revoke an API token",
        responses={204: None, **error_responses(401, 404)},
    )
    def delete(self, request, pk):
        revoke_api_token(token=self._get_token(request, pk), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


me = MeView.as_view()
api_token_list = ApiTokenListView.as_view()
api_token_detail = ApiTokenDetailView.as_view()


# --- Firms, contacts and competences ------------------------------------------
#
# Who sees what (DESIGN.md, the status table): the taxonomy and active
# member firms are public; the optional profile fields (Firm.VISIBILITY_FIELDS)
# are shown to everyone when the firm made them public, and to members and
# the coordinator always; a hidden field is null. Suspended and former
# members are the coordinator's only (404 for everyone else). Contacts are
# members-only (401 for visitors, 403 for outsiders), with the fields the
# firm made members-visible, or all of them for the firm's own users and the
# coordinator.

# Each visibility setting of a firm and the fields of the API it covers.
VISIBILITY_FIELDS_IN_API = {
    "website": ("website",),
    "email": ("email",),
    "phone": ("phone",),
    "address": ("street", "postcode", "latitude", "longitude"),
    "description": ("description_pl", "description_en"),
    "offer": ("offer_pl", "offer_en"),
    "certifications": ("certifications",),
    "equipment": ("equipment_pl", "equipment_en"),
}
# What only the firm's own users and the coordinator see (null for others).
EDITOR_FIELDS = ("nip", "vat_number", "regon", "krs", "public_fields", "member_contact_fields")
FIRM_LIST_MAX_PAGE_SIZE = 100
FIRM_LIST_PAGE_SIZE = 25


class SeesMembersContent(BasePermission):
    """Members and the coordinator (visitors get 401, outsiders 403)."""

    message = _("Only members of the cluster and the coordinator may see this.")

    def has_permission(self, request, view):
        return sees_members_content(request.user)


@extend_schema_field({"type": "array", "items": {"type": "integer", "minimum": 1}})
class IdListField(serializers.ListField):
    """Ids as a JSON list, or in a query as a repeated parameter or a
    comma-separated list (``competence=3&competence=7`` or ``competence=3,7``)."""

    child = serializers.CharField(allow_blank=True)
    default_error_messages = {"not_ids": _("Give ids as whole numbers of 1 or more.")}

    def to_internal_value(self, data):
        ids = []
        for item in super().to_internal_value(data):
            for part in item.split(","):
                part = part.strip()
                if not part:
                    continue
                if not part.isascii() or not part.isdigit() or int(part) < 1 or len(part) > 18:
                    self.fail("not_ids")
                ids.append(int(part))
        return list(dict.fromkeys(ids))


def _existing_competences(ids: list[int]) -> list[Competence]:
    """The competences with these ids (one query); unknown ids are a field error."""
    if not ids:
        return []
    competences = list(Competence.objects.filter(pk__in=ids))
    unknown = sorted(set(ids) - {c.pk for c in competences})
    if unknown:
        raise serializers.ValidationError(
            _("No competence has the id %(ids)s.") % {"ids": ", ".join(map(str, unknown))}
        )
    return competences


class CompetenceSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    code = serializers.CharField(read_only=True)
    name_pl = serializers.CharField(read_only=True)
    name_en = serializers.CharField(read_only=True)


class CompetenceGroupSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    name_pl = serializers.CharField(read_only=True)
    name_en = serializers.CharField(read_only=True)
    competences = CompetenceSerializer(many=True, read_only=True)


def _optional_text(**kwargs):
    return serializers.CharField(
        read_only=True, allow_null=True, help_text=_("Null when hidden from you."), **kwargs
    )


class FirmSerializer(serializers.Serializer):
    """A member firm; ``context["user"]`` is the requester, whose view of the
    optional fields ``visible_profile`` decides."""

    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)
    kind = serializers.ChoiceField(choices=Firm.Kind.choices, read_only=True)
    size_class = serializers.ChoiceField(
        choices=Firm.SizeClass.choices, read_only=True, allow_blank=True
    )
    status = serializers.ChoiceField(
        choices=Firm.Status.choices,
        read_only=True,
        help_text=_("Always active, except for the coordinator."),
    )
    city = serializers.CharField(read_only=True)
    country = serializers.CharField(read_only=True)
    competences = serializers.PrimaryKeyRelatedField(
        many=True,
        read_only=True,
        pk_field=serializers.IntegerField(),
        help_text=_("Ids of the firm's competences."),
    )
    website = _optional_text()
    email = _optional_text()
    phone = _optional_text()
    street = _optional_text()
    postcode = _optional_text()
    latitude = serializers.DecimalField(
        max_digits=8,
        decimal_places=5,
        coerce_to_string=False,
        read_only=True,
        allow_null=True,
        help_text=_("Null when hidden from you or not known."),
    )
    longitude = serializers.DecimalField(
        max_digits=8,
        decimal_places=5,
        coerce_to_string=False,
        read_only=True,
        allow_null=True,
        help_text=_("Null when hidden from you or not known."),
    )
    description_pl = _optional_text()
    description_en = _optional_text()
    offer_pl = _optional_text()
    offer_en = _optional_text()
    certifications = _optional_text()
    equipment_pl = _optional_text()
    equipment_en = _optional_text()

    def to_representation(self, firm):
        data = super().to_representation(firm)
        for setting, shown in visible_profile(firm, self.context["user"]).items():
            if not shown:
                for name in VISIBILITY_FIELDS_IN_API[setting]:
                    data[name] = None
        return data


# FirmSerializer's plain fields (model attributes shown as they are).
_FIRM_LIST_FIELDS = (
    "slug",
    "name",
    "kind",
    "size_class",
    "status",
    "city",
    "country",
    "website",
    "email",
    "phone",
    "street",
    "postcode",
    "latitude",
    "longitude",
    "description_pl",
    "description_en",
    "offer_pl",
    "offer_en",
    "certifications",
    "equipment_pl",
    "equipment_en",
)


def firm_list_items(firms, user) -> list[dict]:
    """What ``FirmSerializer(firms, many=True).data`` gives, built directly.

    The firm list is the API's busiest endpoint; DRF's field machinery
    cost more than the rest of the request together (see
    docs/performance.md). FirmSerializer still documents the shape, and a
    test keeps the two equal.
    """
    items = []
    for firm in firms:
        item = {name: getattr(firm, name) for name in _FIRM_LIST_FIELDS}
        item["competences"] = [competence.pk for competence in firm.listed_competences]
        for setting, shown in visible_profile(firm, user).items():
            if not shown:
                for name in VISIBILITY_FIELDS_IN_API[setting]:
                    item[name] = None
        items.append(item)
    return items


class FirmDetailSerializer(FirmSerializer):
    """A firm with what its own users and the coordinator also see."""

    can_edit = serializers.SerializerMethodField(
        help_text=_("Whether you may change the firm's profile (PATCH).")
    )
    nip = _optional_text()
    vat_number = _optional_text()
    regon = _optional_text()
    krs = _optional_text()
    public_fields = serializers.ListField(
        child=serializers.ChoiceField(choices=list(VISIBILITY_LABELS)),
        read_only=True,
        allow_null=True,
        help_text=_("The optional fields everyone sees; null when hidden from you."),
    )
    member_contact_fields = serializers.ListField(
        child=serializers.ChoiceField(choices=list(CONTACT_FIELD_LABELS)),
        read_only=True,
        allow_null=True,
        help_text=_("The contact fields other members see; null when hidden from you."),
    )

    def get_can_edit(self, firm) -> bool:
        return can_edit_firm(self.context["user"], firm)

    def to_representation(self, firm):
        data = super().to_representation(firm)
        if not data["can_edit"]:
            for name in EDITOR_FIELDS:
                data[name] = None
        return data


class FirmPageSerializer(serializers.Serializer):
    count = serializers.IntegerField(
        help_text=_("The firms that match, counted up to 1,000 (see count_capped).")
    )
    count_capped = serializers.BooleanField(help_text=_("More than 1,000 firms match."))
    next = serializers.URLField(
        allow_null=True, help_text=_("The next page (the same query with a cursor).")
    )
    results = FirmSerializer(many=True)


class FirmFilterSerializer(serializers.Serializer):
    """The directory's search, filters, order and page (query parameters)."""

    q = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        help_text=_("Words in the firm's name, competences or public texts (prefixes match)."),
    )
    competence = IdListField(
        required=False,
        help_text=_(
            "Competence ids; a firm with any of them matches. Repeat the parameter "
            "or separate ids with commas."
        ),
    )
    kind = serializers.ChoiceField(choices=Firm.Kind.choices, required=False, allow_blank=True)
    size_class = serializers.ChoiceField(
        choices=Firm.SizeClass.choices, required=False, allow_blank=True
    )
    city = serializers.CharField(
        max_length=100, required=False, allow_blank=True, help_text=_("The exact city.")
    )
    sort = serializers.ChoiceField(
        choices=[ORDER_NAME, ORDER_NEWEST, ORDER_RELEVANCE],
        required=False,
        allow_blank=True,
        help_text=_("Best match (relevance) when there are words, else by name."),
    )
    cursor = serializers.CharField(
        max_length=600,
        required=False,
        allow_blank=True,
        help_text=_("The position after the previous page: take it from its next link."),
    )
    page_size = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text=_("Results per page: 25 unless given, at most 100 (a larger number gets 100)."),
    )

    def validate_competence(self, ids):
        _existing_competences(ids)
        return ids

    def validate(self, attrs):
        words = search_words(attrs.get("q", ""))
        order = attrs.get("sort") or (ORDER_RELEVANCE if words else ORDER_NAME)
        if order == ORDER_RELEVANCE and not words:
            order = ORDER_NAME
        attrs["sort"] = order
        attrs["after"] = None
        if attrs.get("cursor"):
            try:
                attrs["after"] = directory_cursor_key(order, attrs["cursor"])
            except ValueError:
                raise serializers.ValidationError(
                    {"cursor": _("This cursor is not valid for this query. Start without it.")}
                ) from None
        attrs["page_size"] = min(
            attrs.get("page_size", FIRM_LIST_PAGE_SIZE), FIRM_LIST_MAX_PAGE_SIZE
        )
        return attrs


def _tax_number(clean):
    def validate(self, value):
        try:
            return clean(value) if value else ""
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None

    return validate


class FirmUpdateSerializer(serializers.Serializer):
    """A change of a firm's profile (PATCH: the fields given change).

    The rules are the web form's (``FirmProfileForm``): NIP, EU VAT number,
    REGON and KRS checksums; a NIP for Polish firms and a VAT number with the
    country's prefix for others; a size class for enterprises only; a Polish
    postcode's shape; both coordinates or neither, inside Poland. They are
    checked on the firm as it would be after the change.
    """

    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=Firm.Kind.choices)
    size_class = serializers.ChoiceField(choices=Firm.SizeClass.choices, allow_blank=True)
    country = serializers.ChoiceField(choices=[code for code, _label in EU_COUNTRIES])
    nip = serializers.CharField(max_length=20, allow_blank=True)
    vat_number = serializers.CharField(max_length=20, allow_blank=True)
    regon = serializers.CharField(max_length=20, allow_blank=True)
    krs = serializers.CharField(max_length=20, allow_blank=True)
    street = serializers.CharField(max_length=200, allow_blank=True)
    postcode = serializers.CharField(max_length=12, allow_blank=True)
    city = serializers.CharField(max_length=100)
    latitude = serializers.DecimalField(
        max_digits=None,
        decimal_places=None,
        min_value=-90,
        max_value=90,
        coerce_to_string=False,
        allow_null=True,
        help_text=_("Both coordinates or neither, inside Poland; rounded to 5 decimals."),
    )
    longitude = serializers.DecimalField(
        max_digits=None,
        decimal_places=None,
        min_value=-180,
        max_value=180,
        coerce_to_string=False,
        allow_null=True,
    )
    website = serializers.URLField(max_length=200, allow_blank=True)
    email = serializers.EmailField(max_length=254, allow_blank=True)
    phone = serializers.CharField(max_length=40, allow_blank=True)
    description_pl = serializers.CharField(max_length=FIRM_TEXT_MAX_LENGTH, allow_blank=True)
    description_en = serializers.CharField(max_length=FIRM_TEXT_MAX_LENGTH, allow_blank=True)
    offer_pl = serializers.CharField(max_length=FIRM_TEXT_MAX_LENGTH, allow_blank=True)
    offer_en = serializers.CharField(max_length=FIRM_TEXT_MAX_LENGTH, allow_blank=True)
    certifications = serializers.CharField(max_length=FIRM_TEXT_MAX_LENGTH, allow_blank=True)
    equipment_pl = serializers.CharField(max_length=FIRM_TEXT_MAX_LENGTH, allow_blank=True)
    equipment_en = serializers.CharField(max_length=FIRM_TEXT_MAX_LENGTH, allow_blank=True)
    competences = IdListField(help_text=_("Ids of all the firm's competences (replaces them)."))
    public_fields = serializers.MultipleChoiceField(
        choices=list(VISIBILITY_LABELS),
        help_text=_("The optional fields everyone sees; members see all."),
    )
    member_contact_fields = serializers.MultipleChoiceField(
        choices=list(CONTACT_FIELD_LABELS),
        help_text=_("The contact fields other members see (visitors see no contacts)."),
    )

    validate_vat_number = _tax_number(clean_vat_number)
    validate_regon = _tax_number(clean_regon)
    validate_krs = _tax_number(clean_krs)

    def __init__(self, *args, **kwargs):
        # The firm to change is context["firm"] (absent only in the schema).
        super().__init__(*args, **kwargs)
        self.firm = firm = self.context.get("firm")
        if firm is not None and firm.country not in self.fields["country"].choices:
            # Keep a country outside the list for a firm that has it.
            self.fields["country"].choices = [*self.fields["country"].choices, firm.country]

    def validate_nip(self, value):
        nip = _tax_number(clean_nip)(self, value)
        if nip and Firm.objects.exclude(pk=self.firm.pk).filter(nip=nip).exists():
            raise serializers.ValidationError(_("Another member firm has this NIP."))
        return nip

    def validate_latitude(self, value):
        return None if value is None else value.quantize(COORDINATE_PRECISION)

    def validate_longitude(self, value):
        return None if value is None else value.quantize(COORDINATE_PRECISION)

    def validate_competences(self, ids):
        return _existing_competences(ids)

    def validate_public_fields(self, chosen):
        return [name for name in Firm.VISIBILITY_FIELDS if name in chosen]

    def validate_member_contact_fields(self, chosen):
        return [name for name in Firm.CONTACT_FIELDS if name in chosen]

    def validate(self, attrs):
        # The firm as it would be after the change, checked as the form and
        # the model check it (Firm.clean: size class, tax number by country,
        # postcode, coordinates).
        firm = copy.copy(self.firm)
        for name, value in attrs.items():
            if name != "competences":
                setattr(firm, name, value)
        errors = {}
        if firm.country == "PL" and not firm.nip:
            errors["nip"] = [_("Give the firm's NIP.")]
        if firm.country != "PL":
            if not firm.vat_number:
                errors["vat_number"] = [_("Give the firm's EU VAT number.")]
            elif not firm.vat_number.startswith(VAT_PREFIX.get(firm.country, firm.country)):
                errors["vat_number"] = [_("The VAT number's prefix does not match the country.")]
        try:
            firm.full_clean(
                exclude=["slug", "logo", "search_vector"],
                validate_unique=False,
                validate_constraints=False,
            )
        except DjangoValidationError as error:
            for name, messages in error.message_dict.items():
                key = "non_field_errors" if name == "__all__" else name
                errors.setdefault(key, messages)
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class ContactSerializer(serializers.Serializer):
    name = _optional_text()
    function = _optional_text()
    email = _optional_text()
    phone = _optional_text()


class FirmContactsSerializer(serializers.Serializer):
    visible_fields = serializers.ListField(
        child=serializers.ChoiceField(choices=list(CONTACT_FIELD_LABELS)),
        help_text=_("The contact fields you see; the others are null."),
    )
    contacts = ContactSerializer(many=True)


class CompetenceListView(PortalAPIView):
    """The competence taxonomy: groups in order, each with its competences."""

    permission_classes = [AllowAny]

    def get_queryset(self):
        return competence_groups()

    @extend_schema(
        summary="The competence taxonomy, in Polish and English",
        responses={200: CompetenceGroupSerializer(many=True)},
    )
    def get(self, request):
        return Response(CompetenceGroupSerializer(self.get_queryset(), many=True).data)


class FirmListView(PortalAPIView):
    """Active member firms, as the public directory lists and searches them.

    Pages follow a cursor: ``next`` is the same query with the position after
    the last firm of the page, so every page costs the same; a cursor made
    for another order is a 400. Hidden optional fields are null.
    """

    permission_classes = [AllowAny]

    def get_queryset(self, filters: dict):
        return search_firms(
            filters.get("q", ""),
            competences=filters.get("competence", ()),
            kind=filters.get("kind", ""),
            size_class=filters.get("size_class", ""),
            city=filters.get("city", ""),
            order=filters["sort"],
            after=filters["after"],
            page_size=filters["page_size"],
            full_profile=True,
        )

    @extend_schema(
        operation_id="firms_list",
        summary="Active member firms: search, filters and pages",
        parameters=[
            FirmFilterSerializer,
            OpenApiParameter(
                "competence",
                {"type": "array", "items": {"type": "integer", "minimum": 1}},
                OpenApiParameter.QUERY,
                explode=True,
                description="Competence ids; a firm with any of them matches (repeat the "
                "parameter, or separate ids with commas).",
            ),
        ],
        responses={200: FirmPageSerializer, **error_responses(400)},
    )
    def get(self, request):
        filters = FirmFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        page = self.get_queryset(filters.validated_data)
        next_url = None
        if page.next_key:
            next_url = replace_query_param(
                request.build_absolute_uri(),
                "cursor",
                directory_cursor(page.order, page.next_key),
            )
        return Response(
            {
                "count": page.count,
                "count_capped": page.count_capped,
                "next": next_url,
                "results": firm_list_items(page.firms, request.user),
            }
        )


class FirmDetailView(PortalAPIView):
    """One firm: active ones for everyone, suspended and former ones for the
    coordinator only (404 for others). Its editors, admins and the
    coordinator may change its profile."""

    permission_classes = [IsAuthenticatedOrReadOnly]

    def _detail(self, request, firm):
        return FirmDetailSerializer(firm, context={"user": request.user}).data

    @extend_schema(
        summary="A member firm",
        responses={200: FirmDetailSerializer, **error_responses(404)},
    )
    def get(self, request, slug):
        return Response(self._detail(request, get_firm_for_user(request, slug)))

    @extend_schema(
        summary="Change a firm's profile (its editors, admins and the coordinator)",
        request=FirmUpdateSerializer,
        responses={200: FirmDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def patch(self, request, slug):
        firm = get_firm_for_editor(request, slug)
        serializer = FirmUpdateSerializer(data=request.data, partial=True, context={"firm": firm})
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        competences = fields.pop("competences", None)
        firm = update_firm(firm=firm, actor=request.user, fields=fields, competences=competences)
        return Response(self._detail(request, firm))


class FirmContactsView(PortalAPIView):
    """The firm's contacts, for members and the coordinator: the fields the
    firm made members-visible (none when it chose none), or all of them for
    the firm's own users and the coordinator."""

    permission_classes = [SeesMembersContent]

    def get_queryset(self, firm):
        return visible_contacts(firm, self.request.user)

    @extend_schema(
        summary="A member firm's contacts (members only)",
        responses={200: FirmContactsSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request, slug):
        contacts, fields = self.get_queryset(get_firm_for_user(request, slug))
        rows = [
            {
                name: (getattr(contact, name) if name in fields else None)
                for name in Firm.CONTACT_FIELDS
            }
            for contact in contacts
        ]
        return Response(
            FirmContactsSerializer({"visible_fields": list(fields), "contacts": rows}).data
        )


# --- Membership applications ------------------------------------------------


class ApplicationCreateSerializer(serializers.Serializer):
    """A membership application, checked as the public form checks it."""

    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=Firm.Kind.choices)
    size_class = serializers.ChoiceField(
        choices=Firm.SizeClass.choices,
        required=False,
        allow_blank=True,
        help_text=_("Enterprises only, by the EU SME definition."),
    )
    country = serializers.CharField(
        min_length=2,
        max_length=2,
        required=False,
        default="PL",
        help_text=_("Two-letter code, PL unless given."),
    )
    nip = serializers.CharField(
        max_length=20, required=False, allow_blank=True, help_text=_("Polish firms only.")
    )
    vat_number = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        help_text=_("Firms outside Poland only, with the country prefix (DE136695976)."),
    )
    street = serializers.CharField(max_length=200, required=False, allow_blank=True)
    postcode = serializers.CharField(max_length=12, required=False, allow_blank=True)
    city = serializers.CharField(max_length=100)
    website = serializers.URLField(max_length=200, required=False, allow_blank=True)
    description = serializers.CharField(
        max_length=FIRM_TEXT_MAX_LENGTH, required=False, allow_blank=True
    )
    competences = IdListField(required=False, help_text=_("Ids of the firm's competences."))
    motivation = serializers.CharField(max_length=FIRM_TEXT_MAX_LENGTH)
    contact_name = serializers.CharField(max_length=150)
    contact_function = serializers.CharField(max_length=150, required=False, allow_blank=True)
    contact_email = serializers.EmailField(max_length=254)
    contact_phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    language = serializers.ChoiceField(
        choices=User.Language.choices,
        required=False,
        help_text=_("The language of our messages: the request's language unless given."),
    )
    clause_read = serializers.BooleanField(
        help_text=_(
            "Must be true: the applicant has read the information clause on the "
            "processing of personal data (shown on the portal's application form)."
        )
    )
    newsletter = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("Also subscribe the contact to the newsletter (confirmed by e-mail)."),
    )

    validate_vat_number = _tax_number(clean_vat_number)

    def validate_country(self, value):
        return value.upper()

    def validate_nip(self, value):
        return _tax_number(clean_nip)(self, value)

    def validate_competences(self, ids):
        return _existing_competences(ids)

    def validate_clause_read(self, value):
        if not value:
            raise serializers.ValidationError(
                _("Confirm that the applicant has read the information clause.")
            )
        return value

    def validate(self, attrs):
        errors = {
            name: [message]
            for name, message in applicant_firm_errors(
                **{
                    name: attrs.get(name, "")
                    for name in ("kind", "size_class", "country", "nip", "vat_number", "postcode")
                }
            ).items()
        }
        # Only the number that fits the country is kept.
        if attrs["country"] == "PL":
            attrs["vat_number"] = ""
        else:
            attrs["nip"] = ""
        if errors:
            raise serializers.ValidationError(errors)
        if not attrs.get("language"):
            attrs["language"] = "en" if get_language() == "en" else "pl"
        return attrs


class ApplicationCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    state = serializers.ChoiceField(choices=MembershipApplication.State.choices, read_only=True)
    submitted_at = serializers.DateTimeField(read_only=True)
    clause_version = serializers.CharField(
        read_only=True, help_text=_("The version of the information clause recorded.")
    )


class ApplicationSerializer(serializers.Serializer):
    """An application in the coordinator's list."""

    id = serializers.IntegerField(read_only=True)
    state = serializers.ChoiceField(choices=MembershipApplication.State.choices, read_only=True)
    name = serializers.CharField(read_only=True)
    kind = serializers.ChoiceField(choices=Firm.Kind.choices, read_only=True)
    country = serializers.CharField(read_only=True)
    nip = serializers.CharField(read_only=True)
    vat_number = serializers.CharField(read_only=True)
    city = serializers.CharField(read_only=True)
    contact_name = serializers.CharField(read_only=True)
    contact_email = serializers.EmailField(read_only=True)
    submitted_at = serializers.DateTimeField(read_only=True)
    decided_at = serializers.DateTimeField(read_only=True, allow_null=True)
    firm = serializers.CharField(
        source="firm.slug",
        read_only=True,
        allow_null=True,
        help_text=_("The slug of the firm an acceptance created or reinstated."),
    )


class ApplicationDetailSerializer(ApplicationSerializer):
    size_class = serializers.ChoiceField(
        choices=Firm.SizeClass.choices, read_only=True, allow_blank=True
    )
    street = serializers.CharField(read_only=True)
    postcode = serializers.CharField(read_only=True)
    website = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    competences = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, pk_field=serializers.IntegerField()
    )
    motivation = serializers.CharField(read_only=True)
    contact_function = serializers.CharField(read_only=True)
    contact_phone = serializers.CharField(read_only=True)
    language = serializers.ChoiceField(choices=User.Language.choices, read_only=True)
    clause_version = serializers.CharField(read_only=True)
    decided_by = serializers.EmailField(source="decided_by.email", read_only=True, allow_null=True)
    decision_reason = serializers.CharField(read_only=True)


class ApplicationFilterSerializer(serializers.Serializer):
    state = serializers.ChoiceField(
        choices=MembershipApplication.State.choices, required=False, allow_blank=True
    )
    q = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        help_text=_("Words in the firm's name or the contact's e-mail."),
    )


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["accept", "reject"])
    reason = serializers.CharField(
        max_length=FIRM_TEXT_MAX_LENGTH,
        required=False,
        allow_blank=True,
        help_text=_("Required to reject: the applicant reads it."),
    )

    def validate(self, attrs):
        if attrs["decision"] == "reject" and not attrs.get("reason", "").strip():
            raise serializers.ValidationError(
                {"reason": [_("Give the reason the applicant will read.")]}
            )
        return attrs


_APPLICATION_EXAMPLE = {
    "name": "Chemia Opolska Sp. z o.o.",
    "kind": "enterprise",
    "size_class": "small",
    "country": "PL",
    "nip": "7492000008",
    "city": "Opole",
    "postcode": "45-001",
    "motivation": "Wspólne projekty badawcze z członkami klastra.",
    "contact_name": "Jan Kowalski",
    "contact_email": "jan.kowalski@chemia-opolska.pl",
    "clause_read": True,
    "newsletter": False,
}


class ApplicationListView(PortalAPIView):
    """Membership applications: anyone may apply (rate-limited); the
    coordinator lists them."""

    pagination_class = PortalPagination

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else [IsCoordinator()]

    @property
    def throttle_scope(self):
        # Applying is counted in its own, tighter scope (settings).
        return "applications" if self.request.method == "POST" else None

    def get_queryset(self, filters: dict):
        return applications_for_review(state=filters.get("state", ""), query=filters.get("q", ""))

    @extend_schema(
        summary="Membership applications, newest first (the coordinator)",
        parameters=[ApplicationFilterSerializer],
        responses={200: ApplicationSerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request):
        filters = ApplicationFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            self.get_queryset(filters.validated_data), request, view=self
        )
        return paginator.get_paginated_response(ApplicationSerializer(page, many=True).data)

    @extend_schema(
        summary="Apply to join the cluster (public, at most 10 an hour)",
        request=ApplicationCreateSerializer,
        responses={201: ApplicationCreatedSerializer, **error_responses(400)},
        examples=[
            OpenApiExample("A Polish enterprise", value=_APPLICATION_EXAMPLE, request_only=True)
        ],
    )
    def post(self, request):
        serializer = ApplicationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        competences = data.pop("competences", [])
        newsletter = data.pop("newsletter")
        data.pop("clause_read")
        application = submit_application(
            data=data,
            competences=competences,
            newsletter=newsletter,
            ip=request.META.get("REMOTE_ADDR"),
        )
        return Response(
            ApplicationCreatedSerializer(application).data, status=status.HTTP_201_CREATED
        )


def _get_application(pk: int) -> MembershipApplication:
    application = application_for_review(pk)
    if application is None:
        raise NotFound(_("There is no application with this id."))
    return application


class ApplicationDetailView(PortalAPIView):
    """One membership application (the coordinator)."""

    permission_classes = [IsCoordinator]

    @extend_schema(
        summary="A membership application (the coordinator)",
        responses={200: ApplicationDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request, pk):
        return Response(ApplicationDetailSerializer(_get_application(pk)).data)


class ApplicationDecisionView(PortalAPIView):
    """Accept or reject an application, once.

    Accepting creates the firm (or reinstates a former member with the same
    NIP or VAT number), its contact and the contact's invitation as the
    firm's admin; rejecting mails the applicant the reason. An application
    decided already answers 409, whoever decided it and however.
    """

    permission_classes = [IsCoordinator]

    @extend_schema(
        summary="Decide a membership application (the coordinator)",
        request=DecisionSerializer,
        responses={
            200: ApplicationDetailSerializer,
            **error_responses(400, 401, 403, 404, 409),
        },
        examples=[
            OpenApiExample(
                "Reject",
                value={"decision": "reject", "reason": "Firma spoza branży chemicznej."},
                request_only=True,
            )
        ],
    )
    def post(self, request, pk):
        application = _get_application(pk)
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            if serializer.validated_data["decision"] == "accept":
                accept_application(application=application, actor=request.user)
            else:
                reject_application(
                    application=application,
                    actor=request.user,
                    reason=serializer.validated_data["reason"],
                )
        except DjangoValidationError as error:
            if getattr(error, "code", None) == "decided":
                raise Conflict(error.messages[0]) from None
            raise
        return Response(ApplicationDetailSerializer(_get_application(pk)).data)


competence_list = CompetenceListView.as_view()
firm_list = FirmListView.as_view()
firm_detail = FirmDetailView.as_view()
firm_contacts = FirmContactsView.as_view()
application_list = ApplicationListView.as_view()
application_detail = ApplicationDetailView.as_view()
application_decision = ApplicationDecisionView.as_view()
