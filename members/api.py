"""The members app's API: the current user and their API tokens."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from chemster.lib.api import PortalAPIView, PortalPagination, error_responses
from members.models import ApiToken, User
from members.services import create_api_token, revoke_api_token, update_profile

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
