"""Record-linkage review pages under /pencocokan/ (namespace ``linkage``)."""

from django.urls import path

from cakupan.web.linkage import views

app_name = "linkage"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:pk>/", views.candidate, name="candidate"),
    path("<int:pk>/buka/", views.candidate_reveal, name="candidate-reveal"),
    path("<int:pk>/konfirmasi/", views.candidate_confirm, name="candidate-confirm"),
    path("<int:pk>/tolak/", views.candidate_dismiss, name="candidate-dismiss"),
    path("<int:pk>/gabung/", views.candidate_merge, name="candidate-merge"),
]
