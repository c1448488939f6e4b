"""Property-based checks of the API against its own OpenAPI schema (Schemathesis, in process, over WSGI).

The schema is loaded from the running app (``/api/v1/openapi.json``), then every operation is called with
generated parameters, authenticated as a BPJSTK officer (scope 13.02 and 13.72) over a small database: West
Sumatra's regions, a few persons inside and outside the scope, their memberships and one labour-force figure.
Every response must be no server error, have a documented status code and content type, and match the
response schema declared for that status; an operation that declares authentication must refuse requests
without it; and a request schemathesis made invalid on purpose (negative data) must be refused with a 4xx.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, settings
from schemathesis import Case
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from cakupan.core.access import Role
from cakupan.web.accounts.services import user_create
from cakupan.web.api.api import api
from cakupan.web.api.services import api_token_create
from cakupan.web.imports.services import import_batch_create
from cakupan.web.registry.models import Person
from factories import membership_row, person_row, write_labour_force, write_memberships, write_persons

# A WSGI request runs Django's request signals, which close the connection: the data must be committed.
pytestmark = pytest.mark.django_db(transaction=True)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    ignored_auth,
    negative_data_rejection,  # invalid input (an empty as_of, a code off the pattern) must be refused (ST201)
]
API_ROOT = "/api/v1/"
DESAS = ["13.02.05.2001", "13.02.05.2002", "13.72.01.1001", "13.71.01.1001"]


@pytest.fixture
def bpjs_token(sumbar_regions: None, tmp_path: Path) -> str:
    people = [
        person_row(kecamatan=desa[:8], desa=desa, serial=i + 1, name=f"WARGA UJI {i}")
        for i, desa in enumerate(DESAS * 2)
    ]
    import_batch_create(source="persons", path=write_persons(tmp_path / "p.csv", people))
    memberships = [membership_row(nik=p["nik"]) for p in people[:2] + people[2::2]]
    memberships.append(
        membership_row(nik=people[1]["nik"], start="2019-01-01", end="2020-12-31", segment="PU")
    )
    import_batch_create(source="memberships", path=write_memberships(tmp_path / "m.csv", memberships))
    labour_force = [
        {
            "kode_wilayah": code,
            "periode": "2025-01",
            "jenis": "angkatan_kerja",
            "nilai": "50",
            "sumber": "Uji",
        }
        for code in ("13", "13.02", "13.72")
    ]
    import_batch_create(source="labour-force", path=write_labour_force(tmp_path / "lf.csv", labour_force))
    user = user_create(
        username="bpjs",
        password="kata-sandi-uji-123",
        role=Role.BPJSTK_OFFICER,
        region_codes=["13.02", "13.72"],
    )
    return api_token_create(user=user, name="schemathesis")[1]


# The schema the app serves, built in process at collection (one test per operation). Loading it over WSGI
# in a fixture (``schemathesis.pytest.from_fixture``) would be the same, but that loader fails on pytest 9.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix=API_ROOT))
schema.app = WSGIHandler()  # every request, including those the checks send again, goes to the app in process


def test_the_schema_is_the_one_the_app_serves() -> None:
    served = schemathesis.openapi.from_wsgi(f"{API_ROOT}openapi.json", schema.app).raw_schema
    assert served == schema.raw_schema
    assert len(list(schema.get_all_operations())) == 7


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case: Case[Any], bpjs_token: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {bpjs_token}"}, checks=CHECKS)


def test_known_answers_conform_to_the_schema(bpjs_token: str) -> None:
    """Generated values rarely hit a region or person in scope; these requests make sure the 200 answers (with
    and without a denominator, with open and ended memberships) are checked against the schema too."""
    inside = Person.objects.filter(region_id=DESAS[1]).order_by("id").first()
    outside = Person.objects.filter(region_id=DESAS[3]).order_by("id").first()
    assert inside is not None and outside is not None
    coverage = schema["/api/v1/coverage/{code}"]["GET"]
    children = schema["/api/v1/coverage/{code}/children"]["GET"]
    persons = schema["/api/v1/persons"]["GET"]
    person = schema["/api/v1/persons/{person_id}"]["GET"]
    cases = [
        (coverage.Case(path_parameters={"code": "13.02"}, query={"as_of": "2025-06-30"}), 200),
        (coverage.Case(path_parameters={"code": "13.02.05"}), 200),
        (coverage.Case(path_parameters={"code": "13.71"}), 404),
        (coverage.Case(path_parameters={"code": "13.7"}), 422),
        (coverage.Case(path_parameters={"code": "13"}, query={"as_of": "30-06-2025"}), 422),
        # The probe's ST201: an empty as_of is no date, on every operation that takes one.
        *(
            (operation.Case(path_parameters={"code": "13.02"}, query={"as_of": ""}), 422)
            for operation in (result.ok() for result in schema.get_all_operations())
            if "as_of" in {p.name for p in operation.query}
        ),
        (children.Case(path_parameters={"code": "13"}, query={"as_of": "2025-06-30"}), 200),
        (children.Case(path_parameters={"code": DESAS[0]}), 200),
        (persons.Case(), 200),
        (persons.Case(query={"q": "warga", "limit": 2, "offset": 1}), 200),
        (persons.Case(query={"limit": 0}), 422),
        (person.Case(path_parameters={"person_id": inside.pk}), 200),
        (person.Case(path_parameters={"person_id": outside.pk}), 404),
    ]
    for case, status in cases:
        response = case.call_and_validate(headers={"Authorization": f"Bearer {bpjs_token}"}, checks=CHECKS)
        assert response.status_code == status, case.formatted_path
    detail = person.Case(path_parameters={"person_id": inside.pk}).call(
        headers={"Authorization": f"Bearer {bpjs_token}"}
    )
    assert len(detail.json()["memberships"]) == 2
