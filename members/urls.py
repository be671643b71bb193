from django.urls import path

from members import views

app_name = "members"

urlpatterns = [
    path("invitation/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("coordinator/invitations/", views.invitation_list, name="invitations"),
    path(
        "coordinator/invitations/<int:pk>/revoke/",
        views.invitation_revoke,
        name="invitation-revoke",
    ),
]
