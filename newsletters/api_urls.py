"""The newsletters app's API routes, included under /api/v1/ (namespace ``api``)."""

from django.urls import path

from newsletters import api

urlpatterns = [
    path("campaigns/", api.campaign_list, name="campaigns"),
    path("campaigns/<int:pk>/", api.campaign_detail, name="campaign"),
    path("campaigns/<int:pk>/audience/", api.campaign_audience, name="campaign-audience"),
    path("campaigns/<int:pk>/test/", api.campaign_test, name="campaign-test"),
    path("campaigns/<int:pk>/schedule/", api.campaign_schedule, name="campaign-schedule"),
    path("campaigns/<int:pk>/unschedule/", api.campaign_unschedule, name="campaign-unschedule"),
    path("campaigns/<int:pk>/send/", api.campaign_send, name="campaign-send"),
    path("campaigns/<int:pk>/cancel/", api.campaign_cancel, name="campaign-cancel"),
    path("campaigns/<int:pk>/progress/", api.campaign_progress_view, name="campaign-progress"),
    path("archive/", api.archive_list, name="archive"),
    path("archive/<slug:slug>/", api.archive_detail, name="archive-campaign"),
    path("subscription/", api.subscription, name="subscription"),
    path("newsletter-signups/", api.signup, name="newsletter-signups"),
]
