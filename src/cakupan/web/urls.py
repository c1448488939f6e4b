from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.views.i18n import set_language

from cakupan.web.audit import views as audit_views
from cakupan.web.indicators import views as indicator_views
from cakupan.web.registry import views as registry_views

urlpatterns = [
    path("", indicator_views.home, name="home"),
    path("wilayah/<str:code>/", indicator_views.region_coverage, name="region-coverage"),
    path("penduduk/", registry_views.person_index, name="person-list"),
    path("penduduk/ekspor/", registry_views.person_export, name="person-export"),
    path("penduduk/<int:pk>/", registry_views.person_detail, name="person-detail"),
    path("penduduk/<int:pk>/buka/", registry_views.person_reveal_view, name="person-reveal"),
    path(
        "penduduk/<int:pk>/laporan-subjek/",
        registry_views.person_subject_report,
        name="person-subject-report",
    ),
    path("audit/", audit_views.audit_index, name="audit-list"),
    path("audit/ekspor/", audit_views.audit_export, name="audit-export"),
    path("masuk/", auth_views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("bahasa/", login_not_required(set_language), name="set_language"),
]
