"""The HTTP API: bearer tokens, and the same permissions and region scope as the web app, role by role.

Users (as in the demo): a nagari operator (13.02.05.2001 Supayang), a BPJSTK officer (13.02 Kab. Solok and
13.72 Kota Solok), a viewer and a system administrator (13, no person access). Persons live in Supayang (2),
Sirukam (13.02.05.2002), Kota Solok and Kota Padang (13.71, outside every scope but the province's).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client

from cakupan.core.access import Role
from cakupan.core.nik import mask_nik
from cakupan.indicators.coverage import DEFAULT_DENOMINATOR, DENOMINATOR_LABELS
from cakupan.web.accounts.services import user_create
from cakupan.web.api.api import DEFAULT_KIND
from cakupan.web.api.models import APIToken
from cakupan.web.api.schemas import DenominatorKind
from cakupan.web.api.services import api_token_create, api_token_revoke
from cakupan.web.audit.models import AuditEvent
from cakupan.web.imports.services import import_batch_create
from cakupan.web.registry.models import Person
from factories import (
    membership_row,
    person_row,
    write_labour_force,
    write_memberships,
    write_persons,
)

pytestmark = pytest.mark.django_db

SUPAYANG, SIRUKAM, KOTA_SOLOK_DESA, PADANG_KEL = (
    "13.02.05.2001",
    "13.02.05.2002",
    "13.72.01.1001",
    "13.71.01.1001",
)
AS_OF = "2025-06-30"
PASSWORD = "kata-sandi-uji-123"


@dataclass(frozen=True)
class World:
    niks: dict[str, str]  # person name -> full NIK
    ids: dict[str, int]  # person name -> id
    tokens: dict[str, str]  # username -> raw token


PEOPLE = [
    # name, desa, serial
    ("RAHMAT HIDAYAT", SUPAYANG, 1),
    ("SITI AMINAH", SUPAYANG, 2),
    ("BUDI SANTOSO", SIRUKAM, 3),
    ("CITRA LESTARI", KOTA_SOLOK_DESA, 4),
    ("SITI RAHMAWATI", PADANG_KEL, 5),
]
USERS = [
    ("nagari", Role.REGION_OPERATOR, (SUPAYANG,)),
    ("bpjs", Role.BPJSTK_OFFICER, ("13.02", "13.72")),
    ("auditor", Role.VIEWER, ("13",)),
    ("admin", Role.SYSTEM_ADMIN, ("13",)),
    ("pemda", Role.PEMDA_ADMIN, ("13",)),
]


@pytest.fixture
def world(sumbar_regions: None, tmp_path: Path) -> World:
    rows = [
        person_row(
            kecamatan=desa[:8], desa=desa, serial=serial, name=name, sex="P" if "SITI" in name else "L"
        )
        for name, desa, serial in PEOPLE
    ]
    rows[0]["desil"] = "2"
    rows[0]["no_kk"] = "1302050101850001"
    import_batch_create(source="persons", path=write_persons(tmp_path / "p.csv", rows))
    niks = {name: row["nik"] for (name, _, _), row in zip(PEOPLE, rows, strict=True)}
    memberships = [
        membership_row(nik=niks["RAHMAT HIDAYAT"], start="2025-01-01"),
        membership_row(
            nik=niks["RAHMAT HIDAYAT"],
            start="2020-01-01",
            end="2021-12-31",
            segment="PU",
            payer="pemberi_kerja",
            kpj="8" + niks["RAHMAT HIDAYAT"][-10:],
        ),
        membership_row(nik=niks["SITI AMINAH"], start="2025-01-01"),
        membership_row(nik=niks["BUDI SANTOSO"], start="2025-01-01"),
        membership_row(nik=niks["CITRA LESTARI"], start="2025-01-01"),
        membership_row(nik=niks["SITI RAHMAWATI"], start="2025-01-01"),
    ]
    import_batch_create(source="memberships", path=write_memberships(tmp_path / "m.csv", memberships))
    import_batch_create(
        source="labour-force",
        path=write_labour_force(
            tmp_path / "lf.csv",
            [
                {
                    "kode_wilayah": "13.02",
                    "periode": "2025-06",
                    "jenis": "angkatan_kerja",
                    "nilai": "20",
                    "sumber": "Sumber Uji",
                }
            ],
        ),
    )
    ids = dict(Person.objects.values_list("name", "id"))
    tokens = {}
    for username, role, regions in USERS:
        user = user_create(username=username, password=PASSWORD, role=role, region_codes=regions)
        tokens[username] = api_token_create(user=user, name="skrip uji")[1]
    return World(niks=niks, ids=ids, tokens=tokens)


def api(token: str | None) -> Client:
    return Client(headers={"Authorization": f"Bearer {token}"} if token else {})


def get(world: World, username: str, url: str) -> Any:
    """GET ``/api/v1{url}`` as ``username``; returns the response, after checking no full NIK is in it."""
    response = api(world.tokens[username]).get(f"/api/v1{url}")
    body = response.content.decode()
    for nik in world.niks.values():
        assert nik not in body, f"full NIK in {url}"
    assert "1302050101850001" not in body  # the KK number
    assert response["Content-Type"].startswith("application/json")
    return response


# --- tokens ---------------------------------------------------------------------------------------------------


def test_token_is_stored_hashed_and_its_creation_audited(db: None) -> None:
    user = get_user_model().objects.create_user(username="skrip", password=PASSWORD)
    token, raw = api_token_create(user=user, name="  dasbor kantor  ")
    assert len(raw) >= 40
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert token.prefix == raw[:8] and token.name == "dasbor kantor"
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM api_apitoken")
        stored = cursor.fetchall()
    assert raw not in json.dumps(stored, default=str)  # only the digest and the prefix are in the table
    event = AuditEvent.objects.get(object_type="api_token", object_id=str(token.pk))
    assert event.action == AuditEvent.Action.CREATE and event.actor == user
    assert event.changes["name"] == [None, "dasbor kantor"]
    assert raw not in json.dumps(event.changes)
    second = api_token_create(user=user, name="kedua")[1]
    assert second != raw


def test_token_needs_a_name(db: None) -> None:
    user = get_user_model().objects.create_user(username="skrip", password=PASSWORD)
    with pytest.raises(ValueError, match="nama token"):
        api_token_create(user=user, name="  ")


def test_revoking_is_audited_once_and_the_token_stops_working(world: World) -> None:
    token = APIToken.objects.get(user__username="bpjs")
    assert api(world.tokens["bpjs"]).get("/api/v1/coverage/13.02").status_code == 200
    api_token_revoke(token=token)
    api_token_revoke(token=token)  # a second revocation changes nothing
    events = AuditEvent.objects.filter(object_type="api_token", object_id=str(token.pk), action="update")
    assert events.count() == 1 and list(events[0].changes) == ["revoked_at"]
    token.refresh_from_db()
    assert token.revoked_at is not None
    response = api(world.tokens["bpjs"]).get("/api/v1/coverage/13.02")
    assert response.status_code == 401


def test_use_is_recorded(world: World) -> None:
    assert APIToken.objects.get(user__username="auditor").last_used_at is None
    api(world.tokens["auditor"]).get("/api/v1/coverage/13")
    assert APIToken.objects.get(user__username="auditor").last_used_at is not None


BAD_HEADERS = [
    None,
    "",
    "Bearer",
    "Bearer ",
    "Bearer salah-token",
    "Token {raw}",
    "Basic {raw}",
    "Bearer {raw}x",
    "Bearer " + "a" * 5000,
]
ENDPOINTS = ["/coverage/13", "/coverage/13/children", "/persons", "/persons/1"]


def test_without_a_valid_token_every_endpoint_is_401(world: World) -> None:
    for header in BAD_HEADERS:
        headers = {} if header is None else {"Authorization": header.format(raw=world.tokens["bpjs"])}
        for url in ENDPOINTS:
            response = Client(headers=headers).get(f"/api/v1{url}")
            assert response.status_code == 401, (header, url)  # not a redirect to the login page
            assert response["WWW-Authenticate"].startswith("Bearer")
            assert "Token API" in response.json()["detail"]


def test_inactive_user_and_revoked_token_are_401(world: World) -> None:
    get_user_model().objects.filter(username="nagari").update(is_active=False)
    assert api(world.tokens["nagari"]).get("/api/v1/coverage/13").status_code == 401
    api_token_revoke(token=APIToken.objects.get(user__username="auditor"))
    assert api(world.tokens["auditor"]).get("/api/v1/coverage/13").status_code == 401


def test_a_session_login_is_no_api_credential(world: World) -> None:
    client = Client()
    client.force_login(get_user_model().objects.get(username="bpjs"))
    assert client.get("/api/v1/coverage/13.02").status_code == 401


def test_openapi_schema_is_public_and_declares_every_error() -> None:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Cakupan API" and schema["info"]["version"] == "1"
    assert schema["components"]["securitySchemes"]["TokenAuth"] == {"type": "http", "scheme": "bearer"}
    paths = schema["paths"]
    assert set(paths) == {
        "/api/v1/coverage/{code}",
        "/api/v1/coverage/{code}/children",
        "/api/v1/coverage/{code}/indicators",
        "/api/v1/coverage/{code}/trend",
        "/api/v1/coverage/{code}/target",
        "/api/v1/persons",
        "/api/v1/persons/{person_id}",
    }
    for path in paths.values():
        assert set(path["get"]["responses"]) == {"200", "401", "403", "404", "422"}
    assert "nik" not in json.dumps(schema["components"]).replace("nik_masked", "")


def test_denominator_choices_follow_the_coverage_definition() -> None:
    assert DEFAULT_KIND == DEFAULT_DENOMINATOR
    assert set(get_args(DenominatorKind)) == set(DENOMINATOR_LABELS)


# --- coverage -------------------------------------------------------------------------------------------------


def test_coverage_carries_numerator_denominator_source_and_percent(world: World) -> None:
    data = get(world, "bpjs", f"/coverage/13.02?as_of={AS_OF}").json()
    assert data == {
        "region": {"code": "13.02", "name": "Kabupaten Solok", "level": 2},
        "as_of": AS_OF,
        "numerator": {"active_participants": 3, "definition": data["numerator"]["definition"]},
        "denominator": {"kind": "angkatan_kerja", "value": 20, "period": "2025-06", "source": "Sumber Uji"},
        "ucj_percent": "15.00",
    }
    before = get(world, "bpjs", "/coverage/13.02?as_of=2024-12-31").json()
    assert before["numerator"]["active_participants"] == 0 and before["denominator"] is None
    other = get(world, "bpjs", f"/coverage/13.02?as_of={AS_OF}&denominator=bpu").json()
    assert other["denominator"] is None and other["ucj_percent"] is None


def test_coverage_defaults_to_the_latest_facts_month(world: World) -> None:
    data = get(world, "auditor", "/coverage/13").json()
    assert data["as_of"] == "2025-06-30"  # CAKUPAN_COVERAGE_AS_OF in the tests (conftest)
    assert data["numerator"]["active_participants"] == 5  # every membership above is still open


@pytest.mark.parametrize(
    ("username", "visible", "hidden"),
    [
        ("nagari", ["13", "13.02", "13.02.05", SUPAYANG], [SIRUKAM, "13.72", "13.71", "13.01"]),
        (
            "bpjs",
            ["13", "13.02", "13.72", "13.02.05", SIRUKAM, KOTA_SOLOK_DESA],
            ["13.71", PADANG_KEL, "13.01"],
        ),
        ("auditor", ["13", "13.71", PADANG_KEL, SUPAYANG], ["14", "13.50", "99"]),
        ("admin", ["13", "13.72"], ["14"]),
    ],
)
def test_coverage_follows_the_aggregate_scope(
    world: World, username: str, visible: list[str], hidden: list[str]
) -> None:
    for code in visible:
        for url in (f"/coverage/{code}", f"/coverage/{code}/children"):
            assert get(world, username, url).status_code == 200, url
    for code in hidden:  # out of scope, or no such region: the same 404
        for url in (f"/coverage/{code}", f"/coverage/{code}/children"):
            response = get(world, username, url)
            assert response.status_code == 404, url
            assert response.json() == {
                "detail": "Data tidak ditemukan atau berada di luar wilayah akses Anda."
            }


def test_children_are_only_those_the_user_may_see(world: World) -> None:
    def codes(username: str, code: str) -> list[str]:
        return [c["region"]["code"] for c in get(world, username, f"/coverage/{code}/children").json()]

    assert codes("bpjs", "13") == ["13.02", "13.72"]
    assert codes("nagari", "13") == ["13.02"]
    assert codes("nagari", "13.02.05") == [SUPAYANG]
    assert len(codes("auditor", "13")) == 19
    assert len(codes("bpjs", "13.02.05")) > 1
    assert codes("bpjs", SIRUKAM) == []  # a desa has no children
    solok = get(world, "bpjs", f"/coverage/13/children?as_of={AS_OF}").json()[0]
    assert solok["ucj_percent"] == "15.00" and solok["numerator"]["active_participants"] == 3


def test_coverage_needs_the_permission(world: World) -> None:
    user = get_user_model().objects.create_user(username="tanpa-peran", password=PASSWORD)
    raw = api_token_create(user=user, name="x")[1]
    for url in ("/coverage/13", "/coverage/13/children"):
        response = api(raw).get(f"/api/v1{url}")
        assert response.status_code == 403
        assert response.json() == {"detail": "Peran Anda tidak memiliki izin untuk data ini."}


BAD_INPUT = [
    ("/coverage/bukan-kode", "code", "kode wilayah tidak sah"),
    ("/coverage/1302", "code", "kode wilayah tidak sah"),
    ("/coverage/13.2", "code", "kode wilayah tidak sah"),
    ("/coverage/13.02.05.2001.1", "code", "kode wilayah tidak sah"),
    ("/coverage/13/children?as_of=30-06-2025", "as_of", "tanggal '30-06-2025' tidak sah"),
    ("/coverage/13?as_of=2025-02-30", "as_of", "tidak sah; gunakan format YYYY-MM-DD"),
    ("/coverage/13?as_of=2025-W01-1", "as_of", "tidak sah"),
    ("/coverage/13?as_of=1751241600", "as_of", "tidak sah"),
    # An empty as_of is no date (schemathesis' negative data rejection, ST201): refused on every coverage endpoint.
    *(
        (f"/coverage/13.02{tail}?as_of=", "as_of", "tanggal kosong")
        for tail in ("", "/children", "/indicators", "/trend", "/target")
    ),
    ("/coverage/13?as_of=%20", "as_of", "tanggal kosong"),
    ("/coverage/13?denominator=penduduk", "denominator", "jenis penyebut tidak dikenal"),
    ("/persons?limit=0", "limit", "limit harus bilangan bulat 1 sampai 200"),
    ("/persons?limit=201", "limit", "limit harus"),
    ("/persons?limit=abc", "limit", "limit harus"),
    ("/persons?offset=-1", "offset", "offset harus"),
    ("/persons?offset=99999999999999999999999", "offset", "offset harus"),
    ("/persons?q=" + "a" * 101, "q", "pencarian paling banyak 100 karakter"),
    ("/persons?q=ab%00cd", "q", "tanpa karakter kendali"),
    ("/persons/0", "person_id", "id orang harus"),
    ("/persons/abc", "person_id", "id orang harus"),
    ("/persons/99999999999999999999", "person_id", "id orang harus"),
]


def test_bad_input_is_422_in_indonesian(world: World) -> None:
    for url, field, words in BAD_INPUT:
        response = get(world, "bpjs", url)
        assert response.status_code == 422, url
        data = response.json()
        assert data["detail"].startswith("Masukan tidak sah.") and words in data["detail"], url
        assert [e["location"][-1] for e in data["errors"]] == [field], url


# --- persons --------------------------------------------------------------------------------------------------


def names(world: World, username: str, query: str = "") -> list[str]:
    response = get(world, username, f"/persons{query}")
    assert response.status_code == 200
    return [p["name"] for p in response.json()["items"]]


def test_person_list_is_scoped(world: World) -> None:
    assert names(world, "nagari") == ["RAHMAT HIDAYAT", "SITI AMINAH"]
    assert names(world, "bpjs") == ["BUDI SANTOSO", "CITRA LESTARI", "RAHMAT HIDAYAT", "SITI AMINAH"]
    assert len(names(world, "pemda")) == 5


def test_person_items_are_minimal_and_masked(world: World) -> None:
    data = get(world, "nagari", "/persons").json()
    assert data["count"] == 2 and data["limit"] == 50 and data["offset"] == 0
    nik = world.niks["RAHMAT HIDAYAT"]
    assert data["items"][0] == {
        "id": world.ids["RAHMAT HIDAYAT"],
        "nik_masked": mask_nik(nik),
        "name": "RAHMAT HIDAYAT",
        "birth_year": 1985,
        "sex": "L",
        "region_code": SUPAYANG,
        "sector": "informal",
        "decile": 2,
    }
    assert data["items"][0]["nik_masked"] == nik[:4] + "********" + nik[-4:]
    assert "1985-07-01" not in json.dumps(data)  # the birth year only


def test_person_search_by_name_or_exact_nik_stays_in_scope(world: World) -> None:
    assert names(world, "bpjs", "?q=siti") == ["SITI AMINAH"]  # SITI RAHMAWATI lives in Padang
    assert names(world, "pemda", "?q=siti") == ["SITI AMINAH", "SITI RAHMAWATI"]
    assert names(world, "bpjs", "?q=+budi+") == ["BUDI SANTOSO"]
    assert names(world, "bpjs", f"?q={world.niks['CITRA LESTARI']}") == ["CITRA LESTARI"]
    assert names(world, "bpjs", f"?q={world.niks['SITI RAHMAWATI']}") == []  # a NIK out of scope
    assert names(world, "bpjs", f"?q={world.niks['CITRA LESTARI'][:12]}") == []  # no partial NIK search


def test_person_list_pages(world: World) -> None:
    first = get(world, "bpjs", "/persons?limit=3").json()
    second = get(world, "bpjs", "/persons?limit=3&offset=3").json()
    assert first["count"] == second["count"] == 4
    assert [p["name"] for p in first["items"] + second["items"]] == names(world, "bpjs")
    assert get(world, "bpjs", "/persons?offset=100").json()["items"] == []


def test_person_detail_with_memberships(world: World) -> None:
    data = get(world, "nagari", f"/persons/{world.ids['RAHMAT HIDAYAT']}").json()
    assert data["nik_masked"] == mask_nik(world.niks["RAHMAT HIDAYAT"])
    assert data["memberships"] == [
        {
            "segment": "PU",
            "programmes": ["JKK", "JKM"],
            "start_date": "2020-01-01",
            "end_date": "2021-12-31",
            "payer": "pemberi_kerja",
        },
        {
            "segment": "BPU",
            "programmes": ["JKK", "JKM"],
            "start_date": "2025-01-01",
            "end_date": None,
            "payer": "apb_nagari",
        },
    ]
    assert "kpj" not in data and "nik" not in data


@pytest.mark.parametrize(
    ("username", "visible", "hidden"),
    [
        ("nagari", ["RAHMAT HIDAYAT", "SITI AMINAH"], ["BUDI SANTOSO", "CITRA LESTARI", "SITI RAHMAWATI"]),
        ("bpjs", ["BUDI SANTOSO", "CITRA LESTARI", "SITI AMINAH"], ["SITI RAHMAWATI"]),
    ],
)
def test_person_detail_is_scoped(world: World, username: str, visible: list[str], hidden: list[str]) -> None:
    for name in visible:
        assert get(world, username, f"/persons/{world.ids[name]}").json()["name"] == name
    missing = max(world.ids.values()) + 1000
    for pk in [
        *(world.ids[name] for name in hidden),
        missing,
    ]:  # out of scope, or no such person: the same 404
        response = get(world, username, f"/persons/{pk}")
        assert response.status_code == 404
        assert "RAHMAWATI" not in response.content.decode()


@pytest.mark.parametrize("username", ["auditor", "admin"])
def test_roles_without_person_access_get_403(world: World, username: str) -> None:
    for url in ("/persons", "/persons?q=siti", f"/persons/{world.ids['SITI AMINAH']}", "/persons/999999"):
        response = get(world, username, url)
        assert response.status_code == 403
        assert response.json() == {"detail": "Peran Anda tidak memiliki izin untuk data ini."}


def test_no_full_nik_anywhere(world: World) -> None:
    """Every endpoint, every role: ``get`` fails on a full NIK or KK number in any body."""
    for username, _, _ in USERS:
        for url in ("/coverage/13", "/coverage/13/children", "/persons?limit=200", "/persons?q=siti"):
            get(world, username, url)
        for pk in world.ids.values():
            get(world, username, f"/persons/{pk}")
        for nik in world.niks.values():
            get(world, username, f"/persons?q={nik}")
