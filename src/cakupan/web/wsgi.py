"""WSGI entry point (``cakupan serve`` runs it with waitress)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cakupan.web.settings")
application = get_wsgi_application()

# A web request waits only briefly for SQLite's write lock (the CLI and the worker keep the long wait).
from cakupan.web.busy import use_web_busy_timeout  # noqa: E402  (needs the settings configured above)

use_web_busy_timeout()
