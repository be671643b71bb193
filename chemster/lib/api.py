"""The base of the REST API: views, pagination, errors and schema helpers.

Every API view derives from ``PortalAPIView``. Errors have one JSON shape::

    {"detail": "<what went wrong>", "errors": {"<field>": ["<message>", ...]}}

``errors`` is present only when input was refused (400); it maps each field,
or ``non_field_errors``, to its messages. Every other error (401, 403, 404,
405, 429, ...) carries ``detail`` alone. A database outage is a 503 with
``Retry-After``, never a 500.
"""

import logging

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import BasePermission
from rest_framework.serializers import as_serializer_error
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from chemster.lib.permissions import has_two_factor, is_coordinator

logger = logging.getLogger(__name__)

# How long a client should wait before retrying during a database outage.
RETRY_AFTER_SECONDS = 30


class PortalAPIView(APIView):
    # The base of every API view (no docstring: drf-spectacular would show it
    # on every operation). It is exempt from LoginRequiredMiddleware, which
    # runs before DRF has read the Authorization header and would send a
    # token-authenticated request to the login page; DRF's IsAuthenticated
    # (the default permission) answers 401 instead.

    @classmethod
    def as_view(cls, **initkwargs):
        return login_not_required(super().as_view(**initkwargs))


class PortalPagination(PageNumberPagination):
    """Page numbers with ``page_size`` chosen by the client, capped at 100.

    A ``page_size`` above the cap gets the cap; a ``page`` or ``page_size``
    that is not a positive whole number, or a page past the last, is a 400.
    """

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if size < 1:
            raise exceptions.ValidationError(
                {self.page_size_query_param: [_("Give a whole number of 1 or more.")]}
            )
        return min(size, self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except exceptions.NotFound as error:
            raise exceptions.ValidationError({self.page_query_param: [error.detail]}) from None

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = (
                    f"Results per page: {self.page_size} unless given, "
                    f"at most {self.max_page_size} (a larger number gets "
                    f"{self.max_page_size})."
                )
        return parameters


class DatabaseUnavailable(exceptions.APIException):
    """503: PostgreSQL cannot be reached (an outage, a restart)."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = _(
        "The portal's database is temporarily unavailable; please try again in a minute."
    )
    default_code = "database_unavailable"


def exception_handler(exc, context):
    """DRF's handler, plus Django's ``ValidationError`` from services, the
    ``errors`` map on every 400 and a 503 for a lost database (see the
    module docstring)."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    if isinstance(exc, (OperationalError, InterfaceError)):
        # An outage, not a bug: log one line, without a traceback.
        logger.warning("Database unavailable: %s", str(exc).strip() or type(exc).__name__)
        response = drf_exception_handler(DatabaseUnavailable(), context)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError):
        errors = response.data
        if not isinstance(errors, dict):
            errors = {"non_field_errors": errors}
        response.data = {
            "detail": _("The request was not accepted; see the messages by field."),
            "errors": errors,
        }
    return response


class ErrorSerializer(serializers.Serializer):
    """The body of every error response (for the schema)."""

    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="On a 400 only: the messages for each field (or non_field_errors).",
    )


_ERROR_DESCRIPTIONS = {
    400: "The input was refused; `errors` names the fields.",
    401: "No credentials, or a token that is unknown, revoked or of an inactive user.",
    403: "Authenticated, but not allowed to do this.",
    404: "No such object among those you may see.",
    409: "The object's state refuses this (for example, it was decided already).",
    429: "Too many requests; retry after the time in the Retry-After header.",
    503: "The database is unavailable; retry after the time in the Retry-After header.",
}


def error_responses(*statuses: int) -> dict:
    """``{status: OpenApiResponse}`` for ``extend_schema(responses=...)``."""
    return {
        status: OpenApiResponse(ErrorSerializer, description=_ERROR_DESCRIPTIONS[status])
        for status in statuses
    }


def add_throttling_response(result, generator, request, public):
    """A drf-spectacular post-processing hook: every operation may answer 429
    (throttled) and 503 (the database is unavailable)."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for code in (429, 503):
                operation.setdefault("responses", {}).setdefault(
                    str(code),
                    {
                        "description": _ERROR_DESCRIPTIONS[code],
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        },
                    },
                )
    return result


class Conflict(exceptions.APIException):
    """409: the object's state does not allow the request (decided already,
    registered already, …)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The object's state does not allow this.")
    default_code = "conflict"


def call_service(function, *, conflict_codes=(), forbidden_codes=(), **kwargs):
    """Call a service with ``kwargs``; a refusal whose code is in
    ``conflict_codes`` becomes a 409, one in ``forbidden_codes`` a 403, and
    any other ``ValidationError`` stays a 400 (the exception handler)."""
    try:
        return function(**kwargs)
    except DjangoValidationError as error:
        if hasattr(error, "error_dict"):
            codes = {e.code for errors in error.error_dict.values() for e in errors}
        else:
            codes = {e.code for e in error.error_list}
        if codes & set(conflict_codes):
            raise Conflict(" ".join(error.messages)) from None
        if codes & set(forbidden_codes):
            raise exceptions.PermissionDenied(" ".join(error.messages)) from None
        raise


class IsCoordinator(BasePermission):
    """The coordinator with two-factor login set up, as on the coordinator's
    pages (visitors get 401, everyone else 403)."""

    message = _("Only the cluster's coordinator, with two-factor login set up, may do this.")

    def has_permission(self, request, view):
        return is_coordinator(request.user) and has_two_factor(request.user)
