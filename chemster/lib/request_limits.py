"""Request bodies over the limits: refused before any view, in words.

Django refuses an oversized body only when something reads it, as a
``RequestDataTooBig`` that ends as a bare 400, and reads a chunked body
(no ``Content-Length``) under WSGI as empty. This middleware answers instead:

- 413 when the declared ``Content-Length`` is over the limit: a multipart
  body (uploads) may be ``REQUEST_MAX_BODY_BYTES``, any other body
  ``DATA_UPLOAD_MAX_MEMORY_SIZE``; nothing of the body is read;
- 411 for a body sent without a length (``Transfer-Encoding: chunked``),
  which could not be checked before it is read;
- 413 when parsing a page's form finds more than Django's limits (form fields over
  ``DATA_UPLOAD_MAX_MEMORY_SIZE``, more than ``DATA_UPLOAD_MAX_NUMBER_FIELDS``
  fields or ``DATA_UPLOAD_MAX_NUMBER_FILES`` files): a POST form is parsed
  here, as CSRF protection would parse it a step later anyway;
- 400 for a multipart body that cannot be parsed.

Pages get a short HTML page in the visitor's language, ``/api/`` gets the
API's JSON error shape (``{"detail": ...}``).
"""

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger("chemster.security")

_FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


def _is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def _limit(request) -> int:
    if request.content_type == "multipart/form-data":
        return settings.REQUEST_MAX_BODY_BYTES
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE or settings.REQUEST_MAX_BODY_BYTES


def _refuse(request, *, status: int, title: str, message: str):
    logger.warning("Refused the body of %s %s with %s", request.method, request.path, status)
    if _is_api(request):
        return JsonResponse({"detail": message}, status=status)
    html = render_to_string(
        "request_refused.html", {"title": title, "message": message, "back": request.path}
    )
    return HttpResponse(html, status=status)


def _too_large(request, limit: int | None = None):
    if limit is None:
        message = _(
            "The form sent too much data at once (too many fields or files, or too much "
            "text). Send less at a time."
        )
    else:
        message = _(
            "What you sent is larger than the portal accepts (at most %(limit)s at once). "
            "Send a smaller file, or fewer files at a time."
        ) % {"limit": filesizeformat(limit)}
    return _refuse(request, status=413, title=_("Too much data sent"), message=message)


def _declared_length(request) -> int | None:
    """The ``Content-Length``, 0 for none, ``None`` when it is not a number."""
    raw = request.META.get("CONTENT_LENGTH") or "0"
    try:
        length = int(raw)
    except ValueError:
        return None
    return length if length >= 0 else None


def request_body_limit(get_response):
    """Refuse bodies over the limits before any view (see the module)."""

    def middleware(request):
        length = _declared_length(request)
        if length is None:
            return _refuse(
                request,
                status=400,
                title=_("The request could not be read"),
                message=_("The request's Content-Length header is not a number."),
            )
        chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        if chunked and not length:
            return _refuse(
                request,
                status=411,
                title=_("The request needs a length"),
                message=_(
                    "Send the request with a Content-Length header; bodies of unknown "
                    "length are not accepted."
                ),
            )
        limit = _limit(request)
        if length > limit:
            return _too_large(request, limit)
        # The API reads JSON only; DRF answers a form body there with 415.
        is_form = request.content_type in _FORM_TYPES and not _is_api(request)
        if request.method == "POST" and is_form:
            try:
                request.POST  # noqa: B018 - parsed here so that limits answer 413
                request.FILES  # noqa: B018
            except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent):
                return _too_large(request)
            except MultiPartParserError:
                return _refuse(
                    request,
                    status=400,
                    title=_("The request could not be read"),
                    message=_("The form's data is malformed; reload the page and send it again."),
                )
        return get_response(request)

    return middleware
