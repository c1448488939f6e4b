"""Settings of the naive web (see the package docstring): cakupan.web.settings with the busy handling taken out."""

from cakupan.web.settings import *  # noqa: F403
from cakupan.web.settings import INSTALLED_APPS, MIDDLEWARE

SESSION_ENGINE = "django.contrib.sessions.backends.db"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
MIDDLEWARE = [m for m in MIDDLEWARE if m != "cakupan.web.busy.BusyDatabaseMiddleware"]
INSTALLED_APPS = [*INSTALLED_APPS, "busy_naive"]
