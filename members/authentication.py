"""DRF authentication with personal API tokens (``Authorization: Bearer ...``)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from members.models import ApiToken
from members.services import API_TOKEN_PREFIX, api_token_digest, mark_api_token_used

KEYWORD = b"bearer"


class ApiTokenAuthentication(BaseAuthentication):
    """Authenticate a request by a live API token of an active user.

    A request without an ``Authorization: Bearer`` header is left to the next
    class (session); a bad, revoked or inactive user's token is a 401.
    """

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("Give the token after the word Bearer, with no spaces in it.")
            )
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        token = None
        if secret.startswith(f"{API_TOKEN_PREFIX}_"):
            token = (
                ApiToken.objects.live()
                .select_related("user")
                .filter(digest=api_token_digest(secret))
                .first()
            )
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("This account is inactive."))
        mark_api_token_used(token=token)
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """The bearer security scheme in the OpenAPI schema."""

    target_class = ApiTokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            **build_bearer_security_scheme_object(
                header_name="Authorization",
                token_prefix="Bearer",  # noqa: S106 - the scheme's keyword
            ),
            "description": (
                "A personal API token from the account page, as `Authorization: Bearer chm_...`."
            ),
        }
