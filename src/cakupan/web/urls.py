from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.views.i18n import set_language

from cakupan.web.indicators import views as indicator_views

urlpatterns = [
    path("", indicator_views.home, name="home"),
    path("wilayah/<str:code>/", indicator_views.region_coverage, name="region-coverage"),
    path("masuk/", auth_views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("bahasa/", login_not_required(set_language), name="set_language"),
]
