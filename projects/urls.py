from django.urls import path

from projects import matching_views, opportunity_views, participation_views, views

app_name = "projects"

urlpatterns = [
    # Projects: public and members' lists, pages, and what their managers keep.
    path("projects/", views.project_list, name="list"),
    path("firms/<slug:firm>/projects/", views.firm_projects, name="firm-projects"),
    path("firms/<slug:firm>/projects/new/", views.project_create, name="create"),
    path("projects/<slug:slug>/", views.project_detail, name="detail"),
    path("projects/<slug:slug>/offer/", views.combined_offer, name="offer"),
    path("projects/<slug:slug>/edit/", views.project_edit, name="edit"),
    path("projects/<slug:slug>/submit/", views.project_submit, name="submit"),
    path("projects/<slug:slug>/state/", views.project_state, name="state"),
    path("projects/<slug:slug>/partners/", views.external_partners, name="external-partners"),
    path(
        "projects/<slug:slug>/partners/<int:pk>/delete/",
        views.external_partner_delete,
        name="external-partner-delete",
    ),
    path("projects/<slug:slug>/documents/", views.documents, name="documents"),
    path("projects/<slug:slug>/documents/<int:pk>/", views.document_download, name="document"),
    path(
        "projects/<slug:slug>/documents/<int:pk>/delete/",
        views.document_delete,
        name="document-delete",
    ),
    path("projects/<slug:slug>/updates/", views.update_add, name="update-add"),
    # Joining: requests, invitations and decisions.
    path("projects/<slug:slug>/join/", participation_views.join, name="join"),
    path(
        "projects/<slug:slug>/participations/",
        participation_views.participation_list,
        name="participations",
    ),
    path("projects/<slug:slug>/invite/", participation_views.invite, name="invite"),
    path(
        "projects/<slug:slug>/participations/<int:pk>/accept/",
        participation_views.participation_accept,
        name="participation-accept",
    ),
    path(
        "projects/<slug:slug>/participations/<int:pk>/decline/",
        participation_views.participation_decline,
        name="participation-decline",
    ),
    path(
        "projects/<slug:slug>/participations/<int:pk>/withdraw/",
        participation_views.participation_withdraw,
        name="participation-withdraw",
    ),
    # Partner matching and the consortium's gaps.
    path("projects/<slug:slug>/matching/", matching_views.project_matching, name="matching"),
    # Cooperation offers and requests.
    path("cooperation/", opportunity_views.opportunity_list, name="opportunities"),
    path(
        "coordinator/cooperation/",
        opportunity_views.opportunity_queue,
        name="opportunity-queue",
    ),
    path(
        "firms/<slug:firm>/cooperation/",
        opportunity_views.firm_opportunities,
        name="firm-opportunities",
    ),
    path(
        "firms/<slug:firm>/cooperation/new/",
        opportunity_views.opportunity_create,
        name="opportunity-create",
    ),
    path("cooperation/<int:pk>/", opportunity_views.opportunity_detail, name="opportunity-detail"),
    path("cooperation/<int:pk>/edit/", opportunity_views.opportunity_edit, name="opportunity-edit"),
    path(
        "cooperation/<int:pk>/submit/",
        opportunity_views.opportunity_submit,
        name="opportunity-submit",
    ),
    path(
        "cooperation/<int:pk>/review/",
        opportunity_views.opportunity_review,
        name="opportunity-review",
    ),
    path(
        "cooperation/<int:pk>/renew/", opportunity_views.opportunity_renew, name="opportunity-renew"
    ),
    path(
        "cooperation/<int:pk>/withdraw/",
        opportunity_views.opportunity_withdraw,
        name="opportunity-withdraw",
    ),
    path(
        "cooperation/<int:pk>/interest/",
        opportunity_views.opportunity_interest,
        name="opportunity-interest",
    ),
]
