from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from chemster import views
from chemster.models import SiteText

handler500 = "chemster.views.server_error"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    *[
        path(f"{key}/", views.site_text, {"key": key}, name=key)
        for key in SiteText.Key.values
    ],
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
)
