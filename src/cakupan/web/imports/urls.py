"""Import pages under /impor/ (namespace ``imports``)."""

from django.urls import path

from cakupan.web.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.import_index, name="list"),
    path("unggah/", views.import_upload, name="upload"),
    path("riwayat/<int:pk>/", views.import_batch, name="batch"),
    path("<uuid:pk>/", views.import_job, name="job"),
    path("<uuid:pk>/kemajuan/", views.import_job_progress, name="job-progress"),
    path("<uuid:pk>/kolom/", views.import_job_mapping, name="job-mapping"),
    path("<uuid:pk>/lembar/", views.import_job_sheet, name="job-sheet"),
    path("<uuid:pk>/simpan/", views.import_job_commit_view, name="job-commit"),
    path("<uuid:pk>/batal/", views.import_job_cancel_view, name="job-cancel"),
    path("<uuid:pk>/galat.xlsx", views.import_job_errors, name="job-errors"),
    path("<uuid:pk>/pemetaan.yaml", views.import_job_mapping_file, name="job-mapping-file"),
]
