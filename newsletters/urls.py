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
]
