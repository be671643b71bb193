from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from chemster import views
from chemster.models import SiteText
from members import firm_views, privacy_views
from members import views as member_views
from newsletters import views as newsletter_views

handler500 = "chemster.views.server_error"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("ping", views.ping, name="ping"),
    # One-click unsubscribe links in mail carry no language prefix.
    path("unsubscribe/<str:token>", newsletter_views.unsubscribe, name="unsubscribe"),
    # Firm logos (uploaded files under MEDIA_URL) with the headers they need,
    # so that no web server has to publish MEDIA_ROOT.
    path("media/logos/<str:name>", firm_views.logo, name="firm-logo"),
    # The API, its schema and its documentation (public, as the schema holds
    # no data); DRF authenticates these, not LoginRequiredMiddleware.
    # Calendar files and feeds, which calendar apps fetch without a language.
    path("calendar/", include("events.calendar_urls")),
    path(
        "api/v1/",
        include(
            (
                [
                    path("", include("members.api_urls")),
                    path("", include("newsletters.api_urls")),
                    path("", include("projects.api_urls")),
                    path("", include("events.api_urls")),
                    path("", include("strategy.api_urls")),
                ],
                "api",
            )
        ),
    ),
    path("api/schema/", login_not_required(SpectacularAPIView.as_view()), name="api-schema"),
    path(
        "api/docs/",
        login_not_required(
            SpectacularSwaggerSplitView.as_view(
                url_name="api-schema", template_name="chemster/api_docs.html"
            )
        ),
        name="api-docs",
    ),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    *[path(f"{key}/", views.site_text, {"key": key}, name=key) for key in SiteText.Key.values],
    path("accounts/", member_views.account_overview, name="account_overview"),
    path("accounts/tokens/", member_views.api_token_list, name="account_tokens"),
    path(
        "accounts/tokens/<int:pk>/revoke/",
        member_views.api_token_revoke,
        name="account_token_revoke",
    ),
    # The person's own data: download, account deletion (RODO/GDPR).
    path("accounts/my-data/", privacy_views.my_data, name="account_my_data"),
    path("accounts/delete/", privacy_views.account_delete, name="account_delete"),
    path("accounts/deleted/", privacy_views.account_deleted, name="account_deleted"),
    path("accounts/", include("allauth.urls")),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("coordinator/audit/", views.audit_log, name="audit-log"),
    path("", include("newsletters.urls")),
    path("", include("members.urls")),
    path("", include("projects.urls")),
    path("", include("events.urls")),
    path("", include("strategy.urls")),
    path("admin/", admin.site.urls),
)

if settings.DEBUG:
    # Uploaded logos in development; in production the web server or the
    # object storage serves MEDIA_URL.
    urlpatterns += static(
        settings.MEDIA_URL, view=login_not_required(serve), document_root=settings.MEDIA_ROOT
    )
