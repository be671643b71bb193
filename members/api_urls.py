"""The members app's API routes, included under /api/v1/ (namespace ``api``)."""

from django.urls import path

from members import api

urlpatterns = [
    path("me/", api.me, name="me"),
    path("tokens/", api.api_token_list, name="tokens"),
    path("tokens/<int:pk>/", api.api_token_detail, name="token-detail"),
]
