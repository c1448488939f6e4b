"""Enrolment pages under /perlindungan/ (protecting the next workers)."""

from django.urls import path

from cakupan.web.enrolment import batch_views, trajectory_views, views

app_name = "enrolment"

urlpatterns = [
    path("", views.enrolment_index, name="index"),
    path("dana/baru/", views.source_edit, name="source-create"),
    path("dana/<int:pk>/", views.source_edit, name="source-edit"),
    path("skema/baru/", views.scheme_edit, name="scheme-create"),
    path("skema/<int:pk>/", views.scheme_detail, name="scheme"),
    path("skema/<int:pk>/ubah/", views.scheme_edit, name="scheme-edit"),
    path("skema/<int:pk>/hitung/", views.scheme_run, name="scheme-run"),
    path("alokasi/<int:pk>/batch/", views.run_batches, name="run-batches"),
    path("batch/<int:pk>/", batch_views.batch_detail, name="batch"),
    path("batch/<int:pk>/anggota/", batch_views.batch_members, name="batch-members"),
    path("batch/<int:pk>/berkas-bpjstk/", batch_views.batch_file, name="batch-file"),
    path("batch/<int:pk>/rekonsiliasi/", batch_views.batch_reconcile_view, name="batch-reconcile"),
    path(
        "batch/<int:pk>/rekonsiliasi/status/",
        batch_views.batch_reconcile_progress,
        name="batch-reconcile-progress",
    ),
    path("batch/<int:pk>/perpanjang/", batch_views.batch_renew, name="batch-renew"),
    path("batch/<int:pk>/<str:action>/", batch_views.batch_action, name="batch-action"),
    path("jadwal-iuran/", views.schedule, name="schedule"),
    path("lintasan/", trajectory_views.trajectories, name="trajectories"),
]
