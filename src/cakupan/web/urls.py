from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from cakupan.web.accounts import otp_views, rules_due_views
from cakupan.web.accounts import views as account_views
from cakupan.web.accounts.login_form import LoginForm
from cakupan.web.audit import views as audit_views
from cakupan.web.indicators import export_views, gap_views, home_views
from cakupan.web.indicators import views as indicator_views
from cakupan.web.registry import views as registry_views

urlpatterns = [
    path("", home_views.home, name="home"),
    path("wilayah-saya/", home_views.my_regions, name="my-regions"),
    path("wilayah/<str:code>/", indicator_views.region_coverage, name="region-coverage"),
    path("wilayah/<str:code>/ekspor.xlsx", export_views.coverage_export, name="coverage-export"),
    path("wilayah/<str:code>/ringkasan.pdf", export_views.coverage_pdf, name="coverage-pdf"),
    path("wilayah/<str:code>/belum-terlindungi/", gap_views.gap_list, name="coverage-gaps"),
    path("wilayah/<str:code>/belum-terlindungi/ekspor/", gap_views.gap_export, name="coverage-gaps-export"),
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
    path("pengguna/", account_views.user_index, name="user-list"),
    path("pengguna/baru/", account_views.user_new, name="user-new"),
    path("pengguna/aturan-jatuh-tempo/", rules_due_views.rules_due, name="rules-due"),
    path("pengguna/<int:pk>/", account_views.user_edit, name="user-edit"),
    path("pengguna/<int:pk>/atur-ulang-sandi/", account_views.user_reset, name="user-reset-password"),
    path("pengguna/<int:pk>/aktif/", account_views.user_toggle_active, name="user-toggle-active"),
    path(
        "pengguna/<int:pk>/hapus-dua-langkah/",
        account_views.user_remove_second_factor,
        name="user-remove-second-factor",
    ),
    path("sandi/", account_views.OwnPasswordChangeView.as_view(), name="password-change"),
    path("akun/dua-langkah/", otp_views.otp_setup, name="otp-setup"),
    path("akun/dua-langkah/kode/", otp_views.otp_verify, name="otp-verify"),
    path("impor/", include("cakupan.web.imports.urls")),
    path("pencocokan/", include("cakupan.web.linkage.urls")),
    path("target/", include("cakupan.web.targets.urls")),
    path("perlindungan/", include("cakupan.web.enrolment.urls")),
    path("manfaat/", include("cakupan.web.benefits.urls")),
    path("kepatuhan/", include("cakupan.web.compliance.urls")),
    path("api/v1/", include("cakupan.web.api.urls")),
    path("masuk/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("bahasa/", login_not_required(set_language), name="set_language"),
]
