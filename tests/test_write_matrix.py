"""Write attempts on the route matrix's routes (tests/write_matrix.py).

Every write is sent as the cast members its declaration names, with a body
that would change something if it were allowed. Each case compares a
fingerprint of every table before and after: a refused write leaves the
database exactly as it was, an allowed one changes it (so the body is a
real write, not one that fails its own validation).
"""

import pytest
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient
from zeal import zeal_ignore

from members.models import ApiToken, Firm
from members.services import create_api_token
from tests.conftest import CAST
from tests.db_snapshot import changed_tables, database_snapshot
from tests.route_matrix import LOGIN, ROUTES, create_matrix_objects
from tests.test_routes import _patterns
from tests.write_matrix import (
    API_SUCCESS,
    ATTACKER,
    HTML_SUCCESS,
    WRITES,
    NoWrite,
    Write,
)

API_WRITE_METHODS = ("post", "put", "patch", "delete")


def _is_api(url_name: str) -> bool:
    return url_name.startswith("api:")


def _api_view_methods() -> dict[str, set[str]]:
    """{api route: the write methods its view implements, upper case}."""
    methods = {}

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                inner = pattern.namespace
                if namespace and inner:
                    inner = f"{namespace}:{inner}"
                walk(pattern.url_patterns, inner or namespace)
            elif namespace == "api":
                view_class = pattern.callback.view_class
                methods[f"api:{pattern.name}"] = {
                    method.upper() for method in API_WRITE_METHODS if hasattr(view_class, method)
                }

    walk(get_resolver().url_patterns)
    return methods


def test_every_route_that_names_an_object_declares_its_write_attempts():
    routes_with_kwargs = {name for name, route in ROUTES.items() if route.kwargs}

    assert sorted(routes_with_kwargs - set(WRITES)) == []


def test_write_declarations_name_only_routes_of_the_matrix():
    existing = {name for name, _regex in _patterns()}

    assert sorted(set(WRITES) - existing) == []


def test_every_write_method_of_every_api_route_is_declared_for_the_whole_cast():
    undeclared = []
    for url_name, methods in sorted(_api_view_methods().items()):
        declared = WRITES.get(url_name, ())
        writes = () if isinstance(declared, NoWrite) else declared
        for method in sorted(methods):
            if not any(w.method == method and set(w.statuses) == set(CAST) for w in writes):
                undeclared.append(f"{method} {url_name}")

    assert undeclared == []


def test_every_write_declaration_is_tried_by_the_other_firms_admin():
    for url_name, declared in WRITES.items():
        if isinstance(declared, NoWrite):
            assert declared.reason.strip(), url_name
            continue
        assert declared, url_name
        for write in declared:
            assert ATTACKER in write.statuses, url_name
            assert set(write.statuses) <= set(CAST), url_name


def test_no_write_declaration_accepts_either_of_two_statuses():
    for declared in WRITES.values():
        for write in () if isinstance(declared, NoWrite) else declared:
            for status in write.statuses.values():
                assert isinstance(status, int) or status == LOGIN or status[1] == "changed"


def test_every_route_names_every_cast_member_with_one_exact_status():
    loose = {
        name: route.statuses
        for name, route in ROUTES.items()
        if set(route.statuses) != set(CAST)
        or not all(isinstance(s, int) or s == LOGIN for s in route.statuses.values())
    }

    assert loose == {}


@pytest.mark.django_db
def test_snapshot_sees_a_changed_row_and_only_its_table(firm_a, firm_b):
    before = database_snapshot()

    Firm.objects.filter(pk=firm_b.pk).update(phone="+48 77 999 99 99")

    assert changed_tables(before, database_snapshot()) == ["members_firm"]


@pytest.mark.django_db
def test_api_routes_refuse_the_methods_their_views_do_not_have(api_client_as, coordinator):
    # The coordinator passes every permission class, so what answers is the
    # method check (the objects need not exist: it comes before the lookup).
    client = api_client_as("coordinator")
    answers = {}

    for url_name, methods in sorted(_api_view_methods().items()):
        url = reverse(url_name, kwargs=ROUTES[url_name].kwargs)
        for method in sorted({"POST", "PUT", "PATCH", "DELETE"} - methods):
            answers[f"{method} {url_name}"] = getattr(client, method.lower())(url, {}).status_code

    assert len(answers) > 100
    assert {request: status for request, status in answers.items() if status != 405} == {}


class _Cast:
    """The cast and its firms by name (``cast.firm_a_admin``), made on first use."""

    def __init__(self, request):
        self._request = request

    def __getattr__(self, name):
        return self._request.getfixturevalue(name)


def _cases():
    for url_name, declared in WRITES.items():
        if isinstance(declared, NoWrite):
            continue
        for number, write in enumerate(declared):
            for member in write.statuses:
                yield pytest.param(
                    url_name,
                    write,
                    member,
                    id=f"{write.method}-{url_name}-{number}-{member}",
                )


def _client(url_name: str, member: str, cast: _Cast):
    if _is_api(url_name):
        client = APIClient()
        if member != "visitor":
            _token, secret = create_api_token(user=getattr(cast, member), name="write matrix")
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
            # Used just now: the request under test does not touch the token.
            ApiToken.objects.update(last_used_at=timezone.now())
        return client
    client = Client()
    if member != "visitor":
        with zeal_ignore():
            client.force_login(getattr(cast, member))
    return client


def _send(client, url_name: str, write: Write, url: str, data: dict):
    method = write.method.lower()
    if _is_api(url_name):
        return getattr(client, method)(url, data, format="json")
    assert method == "post", "pages take writes as POST"
    return client.post(url, data)


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "write", "member"), list(_cases()))
def test_write_attempt_changes_the_database_only_when_allowed(
    request, firm_a, firm_b, firm_a_admin, firm_b_admin, url_name, write, member
):
    cast = _Cast(request)
    create_matrix_objects(
        url_name, firm_a=firm_a, firm_b=firm_b, firm_a_admin=firm_a_admin, firm_b_admin=firm_b_admin
    )
    if write.setup is not None:
        write.setup(cast)
    route = ROUTES[url_name]
    kwargs = write.kwargs(cast) if callable(write.kwargs) else write.kwargs
    with translation.override(None if not route.language else "pl"):
        url = reverse(url_name, kwargs=route.kwargs if kwargs is None else kwargs)
        login_url = reverse("account_login")
    data = write.data(cast) if callable(write.data) else write.data
    client = _client(url_name, member, cast)
    expected = write.statuses[member]
    before = database_snapshot()

    response = _send(client, url_name, write, url, data)

    after = database_snapshot()
    if expected == LOGIN:
        assert (response.status_code, response["Location"].split("?")[0]) == (302, login_url)
    elif isinstance(expected, tuple):
        assert response.status_code == expected[0], response.content[:300]
    else:
        assert response.status_code == expected, response.content[:300]
    allowed = API_SUCCESS if _is_api(url_name) else HTML_SUCCESS
    if expected in allowed or (isinstance(expected, tuple) and expected[1] == "changed"):
        assert changed_tables(before, after) != [], "an allowed write changed nothing"
    else:
        assert changed_tables(before, after) == []
