from django.urls import path

from newsletters import views

app_name = "newsletters"

# Under the language prefix. The unsubscribe link has none and is routed in
# chemster/urls.py as "unsubscribe" (docs/architecture.md, URLs).
urlpatterns = [
    path(
        "newsletter/confirm/<str:token>/",
        views.consent_confirm,
        name="consent-confirm",
    ),
    path("newsletter/", views.signup, name="signup"),
    path("newsletter/archive/", views.archive, name="archive"),
    path("newsletter/archive/<slug:slug>/", views.archive_detail, name="archive-detail"),
    path("accounts/newsletter/", views.preferences, name="preferences"),
    path("coordinator/newsletters/", views.campaign_list, name="campaigns"),
    path("coordinator/newsletters/new/", views.campaign_create, name="campaign-create"),
    path("coordinator/newsletters/audience/", views.campaign_audience, name="campaign-audience"),
    path("coordinator/newsletters/<int:pk>/", views.campaign_detail, name="campaign"),
    path("coordinator/newsletters/<int:pk>/edit/", views.campaign_edit, name="campaign-edit"),
    path(
        "coordinator/newsletters/<int:pk>/preview/",
        views.campaign_preview,
        name="campaign-preview",
    ),
    path(
        "coordinator/newsletters/<int:pk>/preview/<str:language>/mail.html",
        views.campaign_preview_html,
        name="campaign-preview-html",
    ),
    path(
        "coordinator/newsletters/<int:pk>/progress/",
        views.campaign_progress,
        name="campaign-progress",
    ),
    path("coordinator/newsletters/<int:pk>/test/", views.campaign_test, name="campaign-test"),
    path(
        "coordinator/newsletters/<int:pk>/schedule/",
        views.campaign_schedule,
        name="campaign-schedule",
    ),
    path("coordinator/newsletters/<int:pk>/send/", views.campaign_send, name="campaign-send"),
    path(
        "coordinator/newsletters/<int:pk>/cancel/",
        views.campaign_cancel,
        name="campaign-cancel",
    ),
]
