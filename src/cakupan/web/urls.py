from django.contrib.auth import views as auth_views
from django.urls import path

from cakupan.web.indicators import views as indicator_views

urlpatterns = [
    path("", indicator_views.home, name="home"),
    path("wilayah/<str:code>/", indicator_views.region_coverage, name="region-coverage"),
    path("masuk/", auth_views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
]
