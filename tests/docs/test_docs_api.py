"""The HTTP API's table in docs/architecture.md lists exactly the operations of the OpenAPI schema the app serves.

The schema is built in process from the django-ninja API (no database); the table's first column names each
operation as ``METHOD /path`` in a code span, path parameters in angle brackets (``<code>``), a query string
optional. Parameter names may differ (``<id>`` for ``{person_id}``); the routes and methods may not.
"""

from __future__ import annotations

import re
from pathlib import Path

from cakupan.web.api.api import api

ARCHITECTURE = Path(__file__).resolve().parents[2] / "docs" / "architecture.md"
SCHEMA_ONLY = {("GET", "/api/v1/openapi.json")}  # the schema document itself, in the table but no operation
_OPERATION = re.compile(r"^\|\s*`(GET|POST|PUT|PATCH|DELETE) (/api/[^`?\s]*)")
_PARAMETER = re.compile(r"<[^>]*>|\{[^}]*\}")


def _route(path: str) -> str:
    return _PARAMETER.sub("{}", path)


def _documented() -> set[tuple[str, str]]:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    section = text.split("### The HTTP API", 1)[1].split("\n#", 1)[0]
    return {
        (m.group(1), _route(m.group(2))) for line in section.splitlines() if (m := _OPERATION.match(line))
    }


def _served() -> set[tuple[str, str]]:
    paths = api.get_openapi_schema(path_prefix="/api/v1/")["paths"]
    return {(method.upper(), _route(path)) for path, methods in paths.items() for method in methods}


def test_the_api_table_lists_every_operation_of_the_schema() -> None:
    documented, served = _documented() - SCHEMA_ONLY, _served() - SCHEMA_ONLY
    assert served, "the OpenAPI schema has no operations"
    assert served - documented == set(), "add these operations to the API table in docs/architecture.md"
    assert documented - served == set(), (
        "the API table in docs/architecture.md lists operations the API lacks"
    )
