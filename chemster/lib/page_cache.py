"""Whole pages for anonymous visitors, cached in the "fragments" Redis cache.

Off unless ``ANONYMOUS_PAGE_CACHE_SECONDS`` is above 0. When on, a GET (or
HEAD) from a visitor is answered from Redis when the same address was
rendered for another visitor before; every other request goes to the view
as usual. Only what is the same for every visitor is stored:

- requests for an address with a language prefix (``/pl/...``), without
  a session or messages cookie (any cookie other than
  the CSRF and language cookies sends the request to the view), without an
  ``Authorization`` header, not from htmx, and with an anonymous user;
- responses with status 200, not streaming, without ``Set-Cookie``, without
  ``Cache-Control: private``, ``no-cache`` or ``no-store``, varying on no
  request header but ``Cookie``, and for which neither the CSRF token nor a
  CSP nonce was used (either would be one visitor's secret in another's
  page) and the session was not changed.

The key is the scheme, host, path and query string (the language is the
path's prefix). Each entry carries the generation it was stored under;
``chemster.lib.cache.invalidate`` bumps the generation, so data changed by
a service shows at once. Responses get ``X-Page-Cache: hit`` or ``miss``.
Redis being down makes every request a miss, never an error.

The middleware sits after ``AuthenticationMiddleware`` and before the
inner middleware, so a hit still passes through the security, CSP, session,
locale and CSRF middleware on its way out, and a stored response already
holds what the inner middleware added (``X-Frame-Options``).
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.utils import translation
from django.utils.cache import cc_delim_re

GENERATION_KEY = "page-cache:generation"
HEADER = "X-Page-Cache"

# Cookies that change no anonymous page: CSRF (a page that uses the token is
# never stored) and the language choice (pages carry the language in the
# path; addresses without it answer with Vary: Accept-Language).
_HARMLESS_COOKIES = ("CSRF_COOKIE_NAME", "LANGUAGE_COOKIE_NAME")
_UNCACHEABLE_DIRECTIVES = {"private", "no-cache", "no-store"}


def _fragments():
    return caches["fragments"]


def bump_generation() -> None:
    """Make every cached page stale (a no-op while Redis is down)."""
    cache = _fragments()
    cache.add(GENERATION_KEY, 0, timeout=None)
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        # The key vanished between add and incr (Redis flushed or evicted
        # it). The generation restarts, so a page stored under an old number
        # may match again, but only until its timeout.
        cache.set(GENERATION_KEY, 1, timeout=None)


def _page_key(request) -> str:
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return "page-cache:" + hashlib.sha256(address.encode()).hexdigest()


def _request_is_cacheable(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    # Addresses without a language prefix (the API, calendar feeds) answer in
    # the language of Accept-Language or the cookie, which the key lacks.
    if not translation.get_language_from_path(request.path_info):
        return False
    if "HTTP_AUTHORIZATION" in request.META or "HTTP_HX_REQUEST" in request.META:
        return False
    harmless = {getattr(settings, name) for name in _HARMLESS_COOKIES}
    if any(name not in harmless for name in request.COOKIES):
        return False
    user = getattr(request, "user", None)
    return user is not None and not user.is_authenticated


def _response_is_cacheable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if "Set-Cookie" in response.headers:
        return False
    directives = {
        part.split("=", 1)[0].strip().lower()
        for part in cc_delim_re.split(response.headers.get("Cache-Control", ""))
    }
    if directives & _UNCACHEABLE_DIRECTIVES:
        return False
    vary = {
        part.strip().lower() for part in cc_delim_re.split(response.headers.get("Vary", ""))
    } - {"", "cookie"}
    if vary:
        return False
    if request.META.get("CSRF_COOKIE_USED") or getattr(request, "_csp_nonce", None):
        return False
    session = getattr(request, "session", None)
    return not (session is not None and session.modified)


def anonymous_page_cache(get_response):
    def middleware(request):
        seconds = settings.ANONYMOUS_PAGE_CACHE_SECONDS
        if not seconds or not _request_is_cacheable(request):
            return get_response(request)

        cache = _fragments()
        key = _page_key(request)
        # One round trip; a Redis error answers {}, which is a miss.
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY, 0)
        stored = found.get(key)
        if stored is not None and stored[0] == generation:
            response = stored[1]
            if request.method == "HEAD":
                response.headers["Content-Length"] = str(len(response.content))
                response.content = b""
            response.headers[HEADER] = "hit"
            return response

        response = get_response(request)
        if request.method == "GET" and _response_is_cacheable(request, response):
            cache.set(key, (generation, response), seconds)
        response.headers[HEADER] = "miss"
        return response

    return middleware
