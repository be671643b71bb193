"""The route matrix: every URL pattern × every member of the cast → status.

Statuses follow DESIGN.md's table. Each issue adds its routes here; a test
fails when a URL pattern of the project is missing from this table.
A status of 302 may name where it leads, as ``(302, "login")``: the
response must then redirect to the login page.
"""

from dataclasses import dataclass, field

from tests.conftest import CAST


@dataclass(frozen=True)
class Route:
    statuses: dict
    kwargs: dict = field(default_factory=dict)
    language: bool = True  # under /pl/ and /en/


def everyone(status):
    return dict.fromkeys(CAST, status)


def visitor_and_users(visitor, users):
    return {member: (visitor if member == "visitor" else users) for member in CAST}


LOGIN = (302, "login")

# A coordinator page: visitors log in, everyone else but the coordinator 403.
COORDINATOR_ONLY = {
    **visitor_and_users(LOGIN, 403),
    "coordinator": 200,
}

ROUTES = {
    # --- The frame: public pages ---------------------------------------
    "healthz": Route(everyone(200), language=False),
    "ping": Route(everyone(200), language=False),
    "home": Route(everyone(200)),
    "about": Route(everyone(200)),
    "contact": Route(everyone(200)),
    "privacy": Route(everyone(200)),
    "cookies": Route(everyone(200)),
    "accessibility": Route(everyone(200)),
    # --- Accounts (allauth) -----------------------------------------------
    # A logged-in user asking for the login page is sent on to the home page.
    "account_login": Route(visitor_and_users(200, 302)),
    "account_logout": Route(visitor_and_users(302, 200)),
    "account_inactive": Route(everyone(200)),
    # Sign-up is closed: the page says so.
    "account_signup": Route(visitor_and_users(200, 302)),
    "account_reauthenticate": Route(visitor_and_users(LOGIN, 200)),
    "account_request_reauthentication_code": Route(visitor_and_users(LOGIN, 200)),
    "account_confirm_reauthentication_code": Route(visitor_and_users(LOGIN, 302)),
    "account_email": Route(visitor_and_users(LOGIN, 200)),
    "account_email_verification_sent": Route(everyone(200)),
    "account_change_password": Route(visitor_and_users(LOGIN, 200)),
    "account_set_password": Route(visitor_and_users(LOGIN, 302)),
    "account_reset_password": Route(everyone(200)),
    "account_reset_password_done": Route(everyone(200)),
    "account_confirm_login_code": Route(visitor_and_users(302, 302)),
    "account_confirm_email": Route(everyone(200), kwargs={"key": "no-such-key"}),
    "account_reset_password_from_key": Route(
        everyone(200), kwargs={"uidb36": "0", "key": "no-such-key"}
    ),
    "account_reset_password_from_key_done": Route(everyone(200)),
    "account_overview": Route(visitor_and_users(LOGIN, 200)),
    # Two-factor pages (allauth.mfa). Changing two-factor settings asks for
    # the password again first (302 to reauthenticate); pages about an
    # authenticator the user does not have answer 404.
    "mfa_index": Route(visitor_and_users(LOGIN, 200)),
    "mfa_activate_totp": Route(visitor_and_users(LOGIN, 302)),
    "mfa_deactivate_totp": Route({**visitor_and_users(LOGIN, 404), "coordinator": 302}),
    "mfa_generate_recovery_codes": Route(visitor_and_users(LOGIN, 302)),
    "mfa_view_recovery_codes": Route(visitor_and_users(LOGIN, 404)),
    "mfa_download_recovery_codes": Route(visitor_and_users(LOGIN, 404)),
    "mfa_reauthenticate": Route({**visitor_and_users(LOGIN, 302), "coordinator": 200}),
    # Only within a login that waits for its code; otherwise sent away.
    "mfa_authenticate": Route(everyone(302)),
    # An unknown, used or expired invitation link.
    "members:invitation-accept": Route(everyone(404), kwargs={"token": "no-such-token"}),
    # --- Coordinator pages (two-factor required) ------------------------------
    "audit-log": Route(COORDINATOR_ONLY),
    "members:invitations": Route(COORDINATOR_ONLY),
    # POST only: the coordinator's GET is refused with 405.
    "members:invitation-revoke": Route({**COORDINATOR_ONLY, "coordinator": 405}, kwargs={"pk": 1}),
    # --- Members: the directory and firm pages (public) ----------------------
    "members:directory": Route(everyone(200)),
    # Firm A is active, so its page is public.
    "members:firm": Route(everyone(200), kwargs={"slug": "firma-a"}),
    # --- Members: firm profile, contacts and users ------------------------------
    # Firm A's editors and admins (and the coordinator) keep its profile and
    # contacts; firm B's users and the outsider may see firm A (it is active)
    # but not change it: 403. POST-only views check access first and then
    # answer a GET with 405. Contact and role 999999 do not exist.
    "members:firm-edit": Route(
        {
            **visitor_and_users(LOGIN, 403),
            "firm_a_admin": 200,
            "firm_a_editor": 200,
            "coordinator": 200,
        },
        kwargs={"slug": "firma-a"},
    ),
    "members:firm-contacts": Route(
        {
            **visitor_and_users(LOGIN, 403),
            "firm_a_admin": 200,
            "firm_a_editor": 200,
            "coordinator": 200,
        },
        kwargs={"slug": "firma-a"},
    ),
    "members:contact-edit": Route(
        {
            **visitor_and_users(LOGIN, 403),
            "firm_a_admin": 404,
            "firm_a_editor": 404,
            "coordinator": 404,
        },
        kwargs={"slug": "firma-a", "pk": 999_999},
    ),
    "members:contact-delete": Route(
        {
            **visitor_and_users(LOGIN, 403),
            "firm_a_admin": 405,
            "firm_a_editor": 405,
            "coordinator": 405,
        },
        kwargs={"slug": "firma-a", "pk": 999_999},
    ),
    # Only firm A's admin and the coordinator manage firm A's users.
    "members:firm-users": Route(
        {**visitor_and_users(LOGIN, 403), "firm_a_admin": 200, "coordinator": 200},
        kwargs={"slug": "firma-a"},
    ),
    "members:firm-user-role": Route(
        {**visitor_and_users(LOGIN, 403), "firm_a_admin": 405, "coordinator": 405},
        kwargs={"slug": "firma-a", "pk": 999_999},
    ),
    "members:firm-user-remove": Route(
        {**visitor_and_users(LOGIN, 403), "firm_a_admin": 405, "coordinator": 405},
        kwargs={"slug": "firma-a", "pk": 999_999},
    ),
    # The coordinator keeps the taxonomy; competence 1 is the first one the
    # taxonomy migration creates.
    "members:competences": Route(COORDINATOR_ONLY),
    "members:competence-edit": Route(COORDINATOR_ONLY, kwargs={"pk": 1}),
    # Members' and the coordinator's start page; outsiders have no firm.
    "dashboard": Route({**visitor_and_users(LOGIN, 200), "outsider": 403}),
    # --- Members: applications and the lifecycle ------------------------------
    "members:apply": Route(everyone(200)),
    "members:application-thanks": Route(everyone(200)),
    "members:applications": Route(COORDINATOR_ONLY),
    # No application exists in the matrix's database: the coordinator's 404.
    "members:application": Route({**COORDINATOR_ONLY, "coordinator": 404}, kwargs={"pk": 1}),
    "members:firm-status": Route(COORDINATOR_ONLY, kwargs={"slug": "firma-a"}),
    "members:import": Route(COORDINATOR_ONLY),
    # POST only: the coordinator's GET is refused with 405.
    "members:import-confirm": Route({**COORDINATOR_ONLY, "coordinator": 405}),
    "members:import-template": Route(COORDINATOR_ONLY),
    "members:export": Route(COORDINATOR_ONLY),
    # --- Mail: consent and unsubscribing (newsletters) -----------------------
    # Public pages behind the links in mail. A link whose token is not valid
    # (as here) answers 404 to everyone, with a page saying so.
    "newsletters:consent-confirm": Route(everyone(404), kwargs={"token": "1:not:signed"}),
    "unsubscribe": Route(everyone(404), kwargs={"token": "not-signed"}, language=False),
    # A logo that does not exist (test_logo.py serves real ones).
    "firm-logo": Route(everyone(404), kwargs={"name": "0" * 32 + ".png"}, language=False),
    # --- API (/api/...) ---------------------------------------------------------
    # The schema and its Swagger UI are public: they describe the API, not
    # its data.
    "api-schema": Route(everyone(200), language=False),
    "api-docs": Route(everyone(200), language=False),
    # Without credentials DRF answers 401 (the token class is listed first).
    "api:me": Route(visitor_and_users(401, 200), language=False),
    "api:tokens": Route(visitor_and_users(401, 200), language=False),
    # A token id that nobody has.
    "api:token-detail": Route(visitor_and_users(401, 404), kwargs={"pk": 999_999}, language=False),
    # Members API: the taxonomy and active firms are public; contacts are
    # members-only (401 visitor, 403 outsider); applications are the
    # coordinator's (401 visitor, 403 others). Application 999999 does not
    # exist; its decision is POST only (405 after the access check).
    "api:competences": Route(everyone(200), language=False),
    "api:firms": Route(everyone(200), language=False),
    "api:firm": Route(everyone(200), kwargs={"slug": "firma-a"}, language=False),
    "api:firm-contacts": Route(
        {**visitor_and_users(401, 200), "outsider": 403},
        kwargs={"slug": "firma-a"},
        language=False,
    ),
    "api:applications": Route({**visitor_and_users(401, 403), "coordinator": 200}, language=False),
    "api:application": Route(
        {**visitor_and_users(401, 403), "coordinator": 404},
        kwargs={"pk": 999_999},
        language=False,
    ),
    "api:application-decision": Route(
        {**visitor_and_users(401, 403), "coordinator": 405},
        kwargs={"pk": 999_999},
        language=False,
    ),
    # The account page for API tokens; revoking is POST only.
    "account_tokens": Route(visitor_and_users(LOGIN, 200)),
    "account_token_revoke": Route(visitor_and_users(LOGIN, 405), kwargs={"pk": 999_999}),
    # The person's own data (RODO): the download and the deletion page act
    # on the logged-in user only (no kwargs, so nobody else's can be named);
    # the confirmation after deletion is public, as the person is logged out.
    "account_my_data": Route(visitor_and_users(LOGIN, 200)),
    "account_delete": Route(visitor_and_users(LOGIN, 200)),
    "account_deleted": Route(everyone(200)),
    # The coordinator's consent records of an address.
    "members:consent-records": Route(COORDINATOR_ONLY),
    # --- The Django admin (every pattern of the admin namespace) ----------
    "admin:*": Route(
        {
            "visitor": 302,
            "outsider": 302,
            "firm_a_admin": 302,
            "firm_a_editor": 302,
            "firm_b_admin": 302,
            "firm_b_editor": 302,
            "coordinator": 200,
        }
    ),
}

# The admin pages the "admin:*" entry is checked on.
ADMIN_SAMPLES = ["admin:index", "admin:chemster_sitetext_changelist"]

# Each domain app keeps its routes beside its tests; they join the matrix
# here, after the helpers above that they use.
from tests.events import routes as _event_routes  # noqa: E402
from tests.newsletters import routes as _newsletter_routes  # noqa: E402
from tests.projects import routes as _project_routes  # noqa: E402
from tests.strategy import routes as _strategy_routes  # noqa: E402

_APPS = (_newsletter_routes, _project_routes, _event_routes, _strategy_routes)
# Which app's part declares each route, so a case creates only its app's objects.
_APP_OF_ROUTE = {}
for _app in _APPS:
    assert not set(_app.ROUTES) & set(ROUTES), "a route is declared twice"
    ROUTES.update(_app.ROUTES)
    _APP_OF_ROUTE.update(dict.fromkeys(_app.ROUTES, _app))


def create_matrix_objects(url_name, **cast_objects):
    """Create the objects that ``url_name``'s kwargs name (a project, an
    event, …) for the firms and users of the cast: those of the app whose
    part declares the route (the frame's and the members' routes need only
    the cast's firms)."""
    app = _APP_OF_ROUTE.get(url_name)
    if app is not None:
        app.create_objects(**cast_objects)


def create_all_matrix_objects(**cast_objects):
    """Create the objects of every route at once, for a test that visits
    them all in one database (the apps' parts use distinct keys)."""
    for app in _APPS:
        app.create_objects(**cast_objects)
