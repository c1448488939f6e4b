"""Record-linkage review pages under /pencocokan/ (namespace ``linkage``)."""

from django.urls import path

from cakupan.web.linkage import job_views, views

app_name = "linkage"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:pk>/", views.candidate, name="candidate"),
    path("<int:pk>/buka/", views.candidate_reveal, name="candidate-reveal"),
    path("<int:pk>/konfirmasi/", views.candidate_confirm, name="candidate-confirm"),
    path("<int:pk>/tolak/", views.candidate_dismiss, name="candidate-dismiss"),
    path("<int:pk>/gabung/", views.candidate_merge, name="candidate-merge"),
    path("berkas/", job_views.link_file_upload, name="file-upload"),
    path("duplikat/", job_views.link_duplicates, name="duplicates"),
    path("proses/<uuid:pk>/", job_views.link_job, name="job"),
    path("proses/<uuid:pk>/kemajuan/", job_views.link_job_progress, name="job-progress"),
    path("proses/<uuid:pk>/hasil.xlsx", job_views.link_job_download, name="job-download"),
]
