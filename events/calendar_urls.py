"""Calendar files and feeds: no language prefix (DESIGN.md, URLs)."""

from django.urls import path

from events import calendar_views

app_name = "calendar"

urlpatterns = [
    path("events/<slug:slug>.ics", calendar_views.event_ics, name="event"),
    path("feed.ics", calendar_views.public_feed, name="feed"),
    path("private/<str:token>.ics", calendar_views.private_feed_ics, name="private-feed"),
]
