"""The OpenAPI schema, its Swagger UI, and the API's conformance to it."""

import re
from collections import defaultdict

import pytest
import schemathesis
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from members.applications import submit_application
from members.models import ApiToken, Firm, MembershipApplication
from members.services import create_api_token
from tests.events import schema_targets as events_schema_targets
from tests.factories import valid_nip
from tests.newsletters import schema_targets as newsletters_schema_targets
from tests.projects import schema_targets as projects_schema_targets
from tests.strategy import schema_targets as strategy_schema_targets

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
HTTP_METHODS = {"get", "put", "post", "patch", "delete", "head", "options", "trace"}


def test_schema_generates_without_warnings(tmp_path):
    # --fail-on-warn turns every warning (an unknown type, a missing
    # serializer, a name clash) into an error; --validate checks it against
    # the OpenAPI specification.
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )

    assert (tmp_path / "schema.yaml").read_text().startswith("openapi: 3.0.3")


def _unnamed(path: str) -> str:
    # drf-spectacular calls a "pk" parameter "id"; compare paths without names.
    return re.sub(r"\{\w+\}", "{}", path)


def _api_route_templates(patterns=None, prefix=""):
    """Every URL pattern under /api/v1/, as OpenAPI path templates."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _api_route_templates(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and route.startswith("api/v1/"):
            yield "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


@pytest.mark.django_db
def test_schema_is_public_json_and_describes_every_api_route(client):
    response = client.get(reverse("api-schema"), {"format": "json"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    schema = response.json()
    assert schema["info"]["title"] == "CHEM-STER portal API"
    assert {_unnamed(path) for path in schema["paths"]} == {
        _unnamed(path) for path in _api_route_templates()
    }
    assert schema["components"]["securitySchemes"]["apiToken"]["scheme"] == "bearer"


@pytest.mark.django_db
def test_swagger_ui_works_under_the_content_security_policy(client):
    response = client.get(reverse("api-docs"))

    assert response.status_code == 200
    html = response.content.decode()
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    # Nothing inline: no <style>, no script without src, no style= or on...=.
    assert "<style" not in html
    assert re.search(r"\sstyle=|\son\w+=", html) is None
    scripts = re.findall(r"<script([^>]*)>", html)
    assert len(scripts) == 3
    assert all(re.search(r'src="/', attributes) for attributes in scripts)
    # The assets come from drf-spectacular-sidecar, served by us.
    for asset in re.findall(r'(?:src|href)="/static/([^"]+)"', html):
        assert finders.find(asset), asset
    assert "cdn" not in html
    init_script = re.search(r'<script src="(/api/docs/\?[^"]*script[^"]*)"', html).group(1)
    script = client.get(init_script.replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()


@pytest.fixture
def wsgi_app():
    """The portal's WSGI application, called in the test's transaction.

    As Django's test client does, keep the request signals from closing the
    connection, which holds the test's uncommitted data.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _documented_examples(raw_schema, operation) -> list:
    """The request bodies the schema gives as examples for ``operation``."""
    request_body = raw_schema["paths"][operation.path][operation.method.lower()].get(
        "requestBody", {}
    )
    examples = request_body.get("content", {}).get("application/json", {}).get("examples", {})
    return [example["value"] for example in examples.values()]


# The apps' API fuzzing targets (tests/<app>/schema_targets.py).
TARGET_MODULES = (
    newsletters_schema_targets,
    projects_schema_targets,
    events_schema_targets,
    strategy_schema_targets,
)
# Operations of the members API (tokens, me, competences, firms, contacts,
# applications).
MEMBERS_OPERATIONS = 15


@pytest.mark.django_db
def test_api_conforms_to_its_schema_in_every_operation(
    firm_a, firm_b, firm_a_admin, firm_a_editor, firm_b_admin, coordinator, wsgi_app
):
    """Fuzz every operation of the live schema with a real token; fail on a
    server error, an undocumented status, content type or body, and on any
    operation of the schema that the run did not exercise with success."""
    secrets = {
        member: create_api_token(user=user, name="schemathesis")[1]
        for member, user in (
            ("firm_a_editor", firm_a_editor),
            ("firm_a_admin", firm_a_admin),
            ("firm_b_admin", firm_b_admin),
            ("coordinator", coordinator),
        )
    }
    # Random ids and slugs find nothing: half of the cases of a path with
    # {id} or {slug} name one of these (the editor's token, an application
    # awaiting a decision, the editor's own firm).
    target, _secret = create_api_token(user=firm_a_editor, name="schemathesis target")
    application = submit_application(
        data={
            "name": "Chemia Testowa Sp. z o.o.",
            "kind": Firm.Kind.ENTERPRISE,
            "size_class": Firm.SizeClass.SMALL,
            "nip": valid_nip(9_000),
            "city": "Opole",
            "motivation": "Wspólne projekty.",
            "contact_name": "Jan Testowy",
            "contact_email": "jan@chemia-testowa.pl",
        },
        competences=[],
        newsletter=False,
    )
    path_targets = {
        "/api/v1/tokens/{id}/": {"id": target.pk},
        "/api/v1/applications/{id}/": {"id": application.pk},
        "/api/v1/applications/{id}/decision/": {"id": application.pk},
        "/api/v1/firms/{slug}/": {"slug": firm_a.slug},
        "/api/v1/firms/{slug}/contacts/": {"slug": firm_a.slug},
    }
    # Who calls each operation (the firm A editor's token unless named):
    # {(METHOD, path template): cast member}.
    acting = {}
    editor_tokens = list(ApiToken.objects.filter(user=firm_a_editor).values_list("pk", flat=True))

    def reset_members():
        # A fuzzed DELETE revokes the tokens, a decision decides the
        # application: each case starts with the tokens live and the
        # application awaiting a decision.
        ApiToken.objects.filter(pk__in=editor_tokens).update(revoked_at=None)
        MembershipApplication.objects.filter(pk=application.pk).update(
            state=MembershipApplication.State.SUBMITTED,
            decided_at=None,
            decided_by=None,
            decision_reason="",
            firm=None,
        )

    resets = [reset_members]
    expected_operations = MEMBERS_OPERATIONS
    cast = {
        "firm_a": firm_a,
        "firm_b": firm_b,
        "firm_a_admin": firm_a_admin,
        "firm_a_editor": firm_a_editor,
        "firm_b_admin": firm_b_admin,
        "coordinator": coordinator,
    }
    for module in TARGET_MODULES:
        targets = module.prepare(**cast)
        path_targets.update(targets.paths)
        acting.update(targets.acting)
        resets.append(targets.reset)
        expected_operations += module.OPERATIONS
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app)
    documented = {
        (method.upper(), path)
        for path, item in schema.raw_schema["paths"].items()
        for method in item
        if method in HTTP_METHODS
    }
    statuses = defaultdict(set)

    for result in schema.get_all_operations():
        operation = result.ok()
        fixed = path_targets.get(operation.path)
        strategies = [operation.as_strategy()]
        if fixed:
            strategies.append(operation.as_strategy(path_parameters=fixed))
        # The documented examples are valid requests: each is tried too.
        strategies += [
            operation.as_strategy(path_parameters=fixed, body=body)
            for body in _documented_examples(schema.raw_schema, operation)
        ]
        strategy = st.one_of(*strategies)

        @given(case=strategy)
        @settings(
            max_examples=25,
            derandomize=True,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        )
        def run(case):
            for reset in resets:
                reset()
            if case.operation.path.startswith("/api/v1/applications/"):
                member = "coordinator"
            else:
                member = acting.get((case.method.upper(), case.operation.path), "firm_a_editor")
            # schemathesis's WSGI transport asks for gzip but does not
            # decompress the body; the compression has tests of its own.
            response = case.call_and_validate(
                headers={
                    "Authorization": f"Bearer {secrets[member]}",
                    "Accept-Encoding": "identity",
                },
                checks=CHECKS,
            )
            statuses[(case.method.upper(), case.path)].add(response.status_code)

        run()

    assert len(documented) == expected_operations
    assert set(statuses) == documented
    unsuccessful = sorted(op for op, seen in statuses.items() if not seen & {200, 201, 202, 204})
    assert unsuccessful == []
