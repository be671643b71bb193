"""The members app's API routes, included under /api/v1/ (namespace ``api``)."""

from django.urls import path

from members import api

urlpatterns = [
    path("me/", api.me, name="me"),
    path("tokens/", api.api_token_list, name="tokens"),
    path("tokens/<int:pk>/", api.api_token_detail, name="token-detail"),
    path("competences/", api.competence_list, name="competences"),
    path("firms/", api.firm_list, name="firms"),
    path("firms/<slug:slug>/", api.firm_detail, name="firm"),
    path("firms/<slug:slug>/contacts/", api.firm_contacts, name="firm-contacts"),
    path("applications/", api.application_list, name="applications"),
    path("applications/<int:pk>/", api.application_detail, name="application"),
    path("applications/<int:pk>/decision/", api.application_decision, name="application-decision"),
]
