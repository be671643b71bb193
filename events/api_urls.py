"""The events app's API routes, included under /api/v1/ (namespace ``api``)."""

from django.urls import path

from events import api

urlpatterns = [
    path("events/", api.event_list, name="events"),
    path("events/<slug:slug>/", api.event_detail, name="event"),
    path("events/<slug:slug>/publish/", api.event_publish, name="event-publish"),
    path("events/<slug:slug>/cancel/", api.event_cancel, name="event-cancel"),
    path(
        "events/<slug:slug>/registrations/",
        api.event_registrations,
        name="event-registrations",
    ),
    # The user's own; "me/registrations/" would sit under the members API's me/.
    path("my-registrations/", api.my_registration_list, name="my-registrations"),
    path("registrations/<int:pk>/cancel/", api.registration_cancel, name="registration-cancel"),
    path(
        "registrations/<int:pk>/attendance/",
        api.registration_attendance,
        name="registration-attendance",
    ),
]
