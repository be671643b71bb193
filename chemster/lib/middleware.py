"""Middleware of the base: headers that every response carries."""

from django.conf import settings


def security_headers(get_response):
    """Add the headers that Django's SecurityMiddleware does not set."""

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response

    return middleware
