from django.urls import path

from events import calendar_views, checkin_views, manage_views, views

app_name = "events"

urlpatterns = [
    # The public calendar, the archive and event pages.
    path("events/", views.calendar, name="calendar"),
    path("events/archive/", views.archive, name="archive"),
    path("events/feed/", calendar_views.private_feed, name="private-feed"),
    path("events/feed/revoke/", calendar_views.private_feed_revoke, name="private-feed-revoke"),
    path("events/guest/confirm/<str:token>/", views.guest_confirm, name="guest-confirm"),
    path("events/guest/cancel/<str:token>/", views.guest_cancel, name="guest-cancel"),
    path("events/<slug:slug>/", views.event_detail, name="detail"),
    # Registering: oneself, colleagues, guests; and cancelling.
    path("events/<slug:slug>/register/", views.register, name="register"),
    path(
        "events/<slug:slug>/register-colleagues/",
        views.register_colleagues,
        name="register-colleagues",
    ),
    path("events/<slug:slug>/guest/", views.register_guest, name="register-guest"),
    path(
        "events/<slug:slug>/registrations/<int:pk>/cancel/",
        views.registration_cancel,
        name="registration-cancel",
    ),
    # The coordinator's management of events.
    path("coordinator/events/", manage_views.event_manage_list, name="manage"),
    path("coordinator/events/new/", manage_views.event_create, name="create"),
    path("coordinator/events/<slug:slug>/edit/", manage_views.event_edit, name="edit"),
    path("coordinator/events/<slug:slug>/publish/", manage_views.event_publish, name="publish"),
    path("coordinator/events/<slug:slug>/cancel/", manage_views.event_cancel, name="cancel"),
    # Registrations, check-in on a phone, and exports.
    path(
        "coordinator/events/<slug:slug>/registrations/",
        checkin_views.registration_list,
        name="registrations",
    ),
    path("coordinator/events/<slug:slug>/check-in/", checkin_views.check_in, name="check-in"),
    path(
        "coordinator/events/<slug:slug>/check-in/<int:pk>/",
        checkin_views.mark_attended,
        name="mark-attended",
    ),
    path(
        "coordinator/events/<slug:slug>/export.<str:file_format>",
        checkin_views.export,
        name="export",
    ),
]
