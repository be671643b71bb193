from django.urls import path

from members import (
    application_views,
    directory_views,
    firm_views,
    privacy_views,
    transfer_views,
    views,
)

app_name = "members"

urlpatterns = [
    path("invitation/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("coordinator/invitations/", views.invitation_list, name="invitations"),
    # The consents and information clauses recorded about one address.
    path(
        "coordinator/privacy/consents/",
        privacy_views.consent_records,
        name="consent-records",
    ),
    path(
        "coordinator/invitations/<int:pk>/revoke/",
        views.invitation_revoke,
        name="invitation-revoke",
    ),
    # The public directory and firm pages.
    path("firms/", directory_views.directory, name="directory"),
    path("firms/<slug:slug>/", directory_views.firm_detail, name="firm"),
    # What a firm's editors and admins keep current.
    path("firms/<slug:slug>/edit/", firm_views.firm_edit, name="firm-edit"),
    path("firms/<slug:slug>/contacts/", firm_views.contact_list, name="firm-contacts"),
    path(
        "firms/<slug:slug>/contacts/<int:pk>/edit/",
        firm_views.contact_edit,
        name="contact-edit",
    ),
    path(
        "firms/<slug:slug>/contacts/<int:pk>/delete/",
        firm_views.contact_delete,
        name="contact-delete",
    ),
    path("firms/<slug:slug>/users/", firm_views.firm_users, name="firm-users"),
    path(
        "firms/<slug:slug>/users/<int:pk>/role/",
        firm_views.firm_user_role,
        name="firm-user-role",
    ),
    path(
        "firms/<slug:slug>/users/<int:pk>/remove/",
        firm_views.firm_user_remove,
        name="firm-user-remove",
    ),
    # Applications to join, and the coordinator's decisions.
    path("join/", application_views.application_create, name="apply"),
    path("join/thanks/", application_views.application_thanks, name="application-thanks"),
    path("coordinator/applications/", application_views.application_list, name="applications"),
    path(
        "coordinator/applications/<int:pk>/",
        application_views.application_detail,
        name="application",
    ),
    path(
        "coordinator/firms/<slug:slug>/status/",
        application_views.firm_status,
        name="firm-status",
    ),
    # Import and export of members.
    path("coordinator/members/import/", transfer_views.import_upload, name="import"),
    path(
        "coordinator/members/import/confirm/", transfer_views.import_confirm, name="import-confirm"
    ),
    path(
        "coordinator/members/import/template.csv",
        transfer_views.import_template,
        name="import-template",
    ),
    path("coordinator/members/export/", transfer_views.export, name="export"),
    # The coordinator keeps the competence taxonomy.
    path("coordinator/competences/", firm_views.competence_list, name="competences"),
    path(
        "coordinator/competences/<int:pk>/edit/",
        firm_views.competence_edit,
        name="competence-edit",
    ),
]
