"""No query string, however malformed, makes a page or endpoint answer 500."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.route_matrix import ADMIN_SAMPLES, ROUTES, create_matrix_objects

GARBAGE = (
    "page=-1&page_size=abc&q=%00%FF%3Cscript%3E&after=zz&cursor=!!&state=nope"
    "&kind=x&size_class=%27&competence=abc&competence=999999&city="
    + "x" * 300
    + "&since=2026-99-99&until=yesterday&order=%22&format=pdf&who=%00&code=%25"
)


def _urls():
    for name, route in ROUTES.items():
        for url_name in ADMIN_SAMPLES if name == "admin:*" else [name]:
            yield pytest.param(url_name, route, id=url_name)


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "route"), list(_urls()))
@pytest.mark.parametrize("member", ["visitor", "firm_a_admin", "coordinator"])
def test_malformed_query_string_never_answers_500(
    client_as, settings, firm_a, firm_b, firm_a_admin, firm_b_admin, url_name, route, member
):
    create_matrix_objects(
        url_name,
        firm_a=firm_a,
        firm_b=firm_b,
        firm_a_admin=firm_a_admin,
        firm_b_admin=firm_b_admin,
    )
    # allauth's own views look the user up twice: not our N+1.
    settings.ZEAL_ALLOWLIST = [{"model": "members.User"}, {"model": "sessions.Session"}]
    with translation.override("pl"):
        url = reverse(url_name, kwargs=route.kwargs)

    response = client_as(member).get(f"{url}?{GARBAGE}")

    assert response.status_code < 500
