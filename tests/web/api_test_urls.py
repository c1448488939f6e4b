"""The project URLconf plus the API at api/v1/ (until the project URLconf mounts it itself)."""

from django.urls import NoReverseMatch, URLPattern, URLResolver, include, path, reverse

from cakupan.web import urls as project_urls

urlpatterns: list[URLPattern | URLResolver] = list(project_urls.urlpatterns)
try:
    reverse("api:api-root", urlconf=project_urls)
except NoReverseMatch:
    urlpatterns.append(path("api/v1/", include("cakupan.web.api.urls")))
