"""Coverage target pages under /target/."""

from django.urls import path

from cakupan.web.targets import views

urlpatterns = [
    path("", views.target_index, name="target-list"),
    path("baru/", views.target_new, name="target-create"),
    path("<int:pk>/", views.target_edit, name="target-edit"),
    path("<int:pk>/hapus/", views.target_remove, name="target-delete"),
]
