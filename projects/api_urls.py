"""The projects app's API routes, included under /api/v1/ (namespace ``api``)."""

from django.urls import path

from projects import api

urlpatterns = [
    path("projects/", api.project_list_view, name="projects"),
    path("projects/<slug:slug>/", api.project_detail, name="project"),
    path("projects/<slug:slug>/submit/", api.project_submit, name="project-submit"),
    path("projects/<slug:slug>/state/", api.project_state, name="project-state"),
    path(
        "projects/<slug:slug>/participations/",
        api.participation_list,
        name="project-participations",
    ),
    path("projects/<slug:slug>/invitations/", api.invitation, name="project-invitations"),
    path(
        "projects/<slug:slug>/participations/<int:pk>/decision/",
        api.participation_decision,
        name="participation-decision",
    ),
    path(
        "projects/<slug:slug>/participations/<int:pk>/withdraw/",
        api.participation_withdraw,
        name="participation-withdraw",
    ),
    path(
        "projects/<slug:slug>/external-partners/",
        api.external_partner_list,
        name="project-external-partners",
    ),
    path(
        "projects/<slug:slug>/external-partners/<int:pk>/",
        api.external_partner_detail,
        name="project-external-partner",
    ),
    path("opportunities/", api.opportunity_list, name="opportunities"),
    path("opportunities/<int:pk>/", api.opportunity_detail, name="opportunity"),
    path("opportunities/<int:pk>/submit/", api.opportunity_submit, name="opportunity-submit"),
    path("opportunities/<int:pk>/review/", api.opportunity_review, name="opportunity-review"),
    path("opportunities/<int:pk>/renew/", api.opportunity_renew, name="opportunity-renew"),
    path("opportunities/<int:pk>/withdraw/", api.opportunity_withdraw, name="opportunity-withdraw"),
    path("opportunities/<int:pk>/interests/", api.interest_list, name="opportunity-interests"),
]
