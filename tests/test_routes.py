"""The route matrix (tests/route_matrix.py) holds for every route and cast member."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from tests.conftest import CAST
from tests.route_matrix import ADMIN_SAMPLES, LOGIN, ROUTES, create_matrix_objects


def _patterns(patterns=None, namespace=None):
    """Yield (name, regex) of every URL pattern, namespaced as reverse() wants."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            if namespace and inner:
                inner = f"{namespace}:{inner}"
            yield from _patterns(pattern.url_patterns, inner or namespace)
        elif isinstance(pattern, URLPattern):
            name = pattern.name
            if namespace == "admin":
                name = "admin:*"
            elif namespace and name:
                name = f"{namespace}:{name}"
            yield name, str(pattern.pattern)


def test_every_url_pattern_is_in_the_route_matrix():
    undeclared = sorted({f"{name} ({regex})" for name, regex in _patterns() if name not in ROUTES})

    assert undeclared == []


def test_route_matrix_names_only_existing_routes():
    existing = {name for name, _regex in _patterns()}

    assert sorted(set(ROUTES) - existing) == []


def _cases():
    for name, route in ROUTES.items():
        names = ADMIN_SAMPLES if name == "admin:*" else [name]
        languages = ["pl", "en"] if route.language else [None]
        for url_name in names:
            for language in languages:
                for member in CAST:
                    yield pytest.param(
                        url_name,
                        route,
                        language,
                        member,
                        id=f"{url_name}-{language or 'none'}-{member}",
                    )


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "route", "language", "member"), list(_cases()))
def test_route_answers_cast_member_with_declared_status(
    client_as,
    settings,
    firm_a,
    firm_b,
    firm_a_admin,
    firm_b_admin,
    url_name,
    route,
    language,
    member,
):
    # Both cast firms and the objects of the matrix exist for every member
    # (a visitor's test too), so routes can name them in their kwargs.
    create_matrix_objects(
        url_name,
        firm_a=firm_a,
        firm_b=firm_b,
        firm_a_admin=firm_a_admin,
        firm_b_admin=firm_b_admin,
    )
    expected = route.statuses[member]
    with translation.override(language or "pl"):
        url = reverse(url_name, kwargs=route.kwargs)
        login_url = reverse("account_login")

    if url_name.startswith("account_"):
        # allauth's own views look the user up twice (the session's user and
        # the one a link names): not an N+1 of the portal's code.
        settings.ZEAL_ALLOWLIST = [{"model": "members.User"}]

    response = client_as(member).get(url)

    if isinstance(expected, tuple):
        status, target = expected
        assert target == "login"
        assert (response.status_code, response["Location"].split("?")[0]) == (
            status,
            login_url,
        )
    else:
        assert response.status_code == expected
    if language:
        assert url.startswith(f"/{language}/")


def test_login_marker_is_used_for_visitors_only():
    for route in ROUTES.values():
        for member, status in route.statuses.items():
            if status == LOGIN:
                assert member == "visitor"
