"""Compliance pages under /kepatuhan/."""

from django.urls import path

from cakupan.web.compliance import views

app_name = "compliance"

urlpatterns = [
    path("kewajiban/<str:code>/", views.region_obligations, name="obligations"),
]
