"""The HTTP API (version 1): coverage figures and masked person records, for scripts and other systems.

Every endpoint applies the web app's rules: the token's user needs the role permission (else 403), objects
outside the user's region scope are not found (404, the same answer as for objects that do not exist), and
aggregate figures are shown only for regions inside the scope or above it. Bad input is a 422 whose message
is in Bahasa Indonesia. No endpoint returns a full NIK.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Path, Query
from ninja.errors import AuthenticationError, ValidationError
from pydantic import BeforeValidator, WithJsonSchema

from cakupan.core.access import Permission, aggregate_visible
from cakupan.core.nik import mask_nik
from cakupan.indicators.coverage import DENOMINATOR_LABELS, Coverage
from cakupan.indicators.definitions import definition
from cakupan.web.accounts.scope import require, user_scope
from cakupan.web.api.auth import TokenAuth
from cakupan.web.api.schemas import (
    REGION_CODE_PATTERN,
    CoverageOut,
    DenominatorKind,
    ErrorOut,
    FigureOut,
    MembershipOut,
    PersonDetailOut,
    PersonPageOut,
    TargetProgressOut,
    TrendPointOut,
    ValidationErrorOut,
)
from cakupan.web.indicators.dashboard import RegionDashboard, region_dashboard
from cakupan.web.indicators.selectors import FactPeriod, coverage_children, coverage_get, fact_period
from cakupan.web.membership.models import Membership
from cakupan.web.registry.models import Person, Region
from cakupan.web.registry.selectors import person_get, person_list

MESSAGE_401 = (
    "Token API tidak ada, tidak dikenal, atau sudah dicabut. Kirim header 'Authorization: Bearer <token>'."
)
MESSAGE_403 = "Peran Anda tidak memiliki izin untuk data ini."
MESSAGE_404 = "Data tidak ditemukan atau berada di luar wilayah akses Anda."
MESSAGE_422 = "Masukan tidak sah."
MAX_PAGE = 200
MAX_OFFSET = 1_000_000_000
MAX_ID = 2**63 - 1  # the largest BigAutoField key; larger numbers overflow the database driver

ERRORS: dict[int, type] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}

api = NinjaAPI(
    title="Cakupan API",
    version="1",
    description=(
        "Cakupan jaminan sosial ketenagakerjaan (UCJ) per wilayah dan data orang (NIK tersamar), "
        "dengan peran dan wilayah akses yang sama seperti aplikasi web. Autentikasi: "
        "header `Authorization: Bearer <token>`."
    ),
    urls_namespace="api",
    auth=TokenAuth(),
    docs_url=None,  # the Swagger page loads scripts from a CDN; Cakupan runs offline
)

DEFAULT_KIND: DenominatorKind = "angkatan_kerja"  # = DEFAULT_DENOMINATOR (the tests check it)


# --- input parsing ------------------------------------------------------------------------------------------


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date(value: Any) -> Any:
    """Accept exactly YYYY-MM-DD (a real calendar date); pydantic alone also takes timestamps and datetimes.

    Leave the parameter out for the latest month; an empty ``as_of=`` is refused like any other non-date (the
    schema says ``format: date``), so a script that forgot to fill it in hears about it."""
    if value is None or isinstance(value, dt.date):
        return value
    text = str(value)
    if not text.strip():
        raise ValueError(
            "tanggal kosong; isi YYYY-MM-DD, mis. 2025-06-30, atau hilangkan as_of untuk bulan terakhir"
        )
    try:
        if not _ISO_DATE.fullmatch(text):
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"tanggal {text!r} tidak sah; gunakan format YYYY-MM-DD, mis. 2025-06-30") from None


AsOf = Annotated[
    dt.date | None,
    BeforeValidator(_iso_date),
    WithJsonSchema({"type": "string", "format": "date"}),
    Query(None, description="Hari dalam bulan fakta cakupan, YYYY-MM-DD; bawaan: bulan terakhir"),
]
Denominator = Annotated[
    DenominatorKind,
    Query(DEFAULT_KIND, description="Jenis penyebut; bawaan: angkatan_kerja (angkatan kerja)"),
]
RegionCode = Annotated[
    str, Path(pattern=REGION_CODE_PATTERN, description="Kode wilayah Kemendagri bertitik, mis. 13.02.05.2001")
]

_FIELD_MESSAGES = {
    "code": "kode wilayah tidak sah; gunakan kode Kemendagri bertitik, mis. 13, 13.02, 13.02.05 atau 13.02.05.2001",
    "denominator": "jenis penyebut tidak dikenal; pilih salah satu: " + ", ".join(DENOMINATOR_LABELS),
    "q": "pencarian paling banyak 100 karakter dan tanpa karakter kendali",
    "limit": f"limit harus bilangan bulat 1 sampai {MAX_PAGE}",
    "offset": f"offset harus bilangan bulat 0 sampai {MAX_OFFSET}",
    "person_id": "id orang harus bilangan bulat positif",
}
_TYPE_MESSAGES = {
    "missing": "wajib diisi",
    "int_parsing": "harus bilangan bulat",
    "int_type": "harus bilangan bulat",
    "string_type": "harus teks",
}


def _message(error: dict[str, Any]) -> str:
    field = error["loc"][-1] if error.get("loc") else ""
    if error.get("type") == "value_error":  # our own validators already speak Indonesian
        return str(error.get("ctx", {}).get("error", error.get("msg", ""))).removeprefix("Value error, ")
    if field in _FIELD_MESSAGES:
        return _FIELD_MESSAGES[field]
    return _TYPE_MESSAGES.get(error.get("type", ""), "nilai tidak sah")


# --- error responses: JSON, in Bahasa Indonesia, as declared in the schema -------------------------------------


@api.exception_handler(AuthenticationError)
def _unauthorized(request: HttpRequest, exc: Exception) -> HttpResponse:
    response = api.create_response(request, {"detail": MESSAGE_401}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="cakupan"'
    return response


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": MESSAGE_403}, status=403)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": MESSAGE_404}, status=404)


@api.exception_handler(ObjectDoesNotExist)
def _does_not_exist(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _not_found(request, exc)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    messages = [_message(e) for e in exc.errors]
    errors = [
        {
            "location": [part if isinstance(part, int) else str(part) for part in e.get("loc", ())],
            "message": m,
        }
        for e, m in zip(exc.errors, messages, strict=True)
    ]
    detail = f"{MESSAGE_422} {'; '.join(messages)}" if messages else MESSAGE_422
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


# --- coverage -------------------------------------------------------------------------------------------------


def _coverage_out(figure: Coverage) -> dict[str, object]:
    data = figure.as_dict()
    percent = figure.percent
    data["ucj_percent"] = None if percent is None else f"{percent:.2f}"
    return data


def _visible_region(request: HttpRequest, code: str) -> None:
    """403 without the permission; 404 for a region that does not exist or whose figures are not for this user."""
    require(request.user, Permission.VIEW_COVERAGE)
    if not aggregate_visible(code, user_scope(request.user)) or not Region.objects.filter(code=code).exists():
        raise Http404


def _period(as_of: dt.date | None) -> FactPeriod:
    """The facts period holding ``as_of`` (default: the latest); 404 before the first facts refresh or for a
    date outside the months the facts describe."""
    period = fact_period(as_of=as_of)
    if period is None or (as_of is not None and not period.month <= as_of <= period.as_of):
        raise Http404
    return period


@api.get(
    "/coverage/{code}",
    operation_id="coverage_get",
    response={200: CoverageOut, **ERRORS},
    summary="Cakupan UCJ satu wilayah",
    tags=["cakupan"],
)
def coverage(
    request: HttpRequest, code: RegionCode, as_of: AsOf = None, denominator: Denominator = DEFAULT_KIND
) -> dict[str, object]:
    """Peserta aktif (pembilang), penyebut dengan sumber dan periodenya, dan persentase UCJ, per tanggal."""
    _visible_region(request, code)
    figure = coverage_get(region_code=code, period=_period(as_of), kind=denominator)
    return _coverage_out(figure)


@api.get(
    "/coverage/{code}/children",
    operation_id="coverage_children",
    response={200: list[CoverageOut], **ERRORS},
    summary="Cakupan UCJ wilayah di bawahnya",
    tags=["cakupan"],
)
def coverage_of_children(
    request: HttpRequest, code: RegionCode, as_of: AsOf = None, denominator: Denominator = DEFAULT_KIND
) -> list[dict[str, object]]:
    """Cakupan setiap wilayah anak langsung yang boleh dilihat pengguna (kosong untuk kelurahan/desa)."""
    _visible_region(request, code)
    scope = user_scope(request.user)
    figures = coverage_children(region_code=code, period=_period(as_of), kind=denominator)
    return [_coverage_out(f) for f in figures if aggregate_visible(f.region_code, scope)]


def _dashboard(code: str, as_of: dt.date | None, denominator: str) -> RegionDashboard:
    return region_dashboard(region_code=code, period=_period(as_of), kind=denominator)


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


@api.get(
    "/coverage/{code}/indicators",
    operation_id="coverage_indicators",
    response={200: list[FigureOut], **ERRORS},
    summary="Semua indikator satu wilayah",
    tags=["cakupan"],
)
def coverage_indicators(
    request: HttpRequest, code: RegionCode, as_of: AsOf = None, denominator: Denominator = DEFAULT_KIND
) -> list[dict[str, object]]:
    """Setiap indikator (dan rinciannya) dengan pembilang, penyebut, jenis penyebut, sumber dan periode."""
    _visible_region(request, code)
    rows: list[dict[str, object]] = []
    for name, figures in _dashboard(code, as_of, denominator).figures.items():
        spec = definition(name)
        for f in figures:
            rows.append(
                {
                    "indicator": name,
                    "label": spec.label_id,
                    "group": f.group,
                    "numerator": f.numerator,
                    "denominator": f.denominator,
                    "denominator_kind": f.denominator_kind,
                    "value": _text(f.value),
                    "unit": spec.unit,
                    "period": f.period,
                    "source": f.source,
                }
            )
    return rows


@api.get(
    "/coverage/{code}/trend",
    operation_id="coverage_trend",
    response={200: list[TrendPointOut], **ERRORS},
    summary="Tren bulanan UCJ, peserta baru dan berhenti",
    tags=["cakupan"],
)
def coverage_trend(
    request: HttpRequest, code: RegionCode, as_of: AsOf = None, denominator: Denominator = DEFAULT_KIND
) -> list[dict[str, Any]]:
    """Setiap bulan fakta cakupan sampai bulan ``as_of``: peserta aktif, penyebut, UCJ %, baru, berhenti."""
    _visible_region(request, code)
    return [
        {
            "month": f"{p.month:%Y-%m}",
            "as_of": p.as_of,
            "active_participants": p.active,
            "denominator": p.denominator,
            "ucj_percent": _text(p.percent),
            "new_enrolments": p.new,
            "lapses": p.lapsed,
        }
        for p in _dashboard(code, as_of, denominator).trend
    ]


@api.get(
    "/coverage/{code}/target",
    operation_id="coverage_target",
    response={200: TargetProgressOut, **ERRORS},
    summary="Kemajuan menuju target cakupan",
    tags=["cakupan"],
)
def coverage_target(
    request: HttpRequest, code: RegionCode, as_of: AsOf = None, denominator: Denominator = DEFAULT_KIND
) -> dict[str, object]:
    """Target wilayah (nilai awal, target, tanggal, dokumen) dan kemajuannya; 404 bila belum ada target."""
    _visible_region(request, code)
    dashboard = _dashboard(code, as_of, denominator)
    target, progress = dashboard.target, dashboard.progress
    if target is None:
        raise Http404
    return {
        "region": {
            "code": code,
            "name": dashboard.coverage.region_name,
            "level": dashboard.coverage.region_level,
        },
        "denominator_kind": target.denominator_kind,
        "baseline_value": str(target.baseline_value),
        "baseline_date": target.baseline_date,
        "target_value": str(target.target_value),
        "target_date": target.target_date,
        "source_document": target.source_document,
        "current_value": _text(progress.current_value) if progress else None,
        "current_date": progress.current_date if progress else None,
        "progress_percent": _text(progress.progress_percent) if progress else None,
        "gap_pp": _text(progress.gap_pp) if progress else None,
        "required_pace_pp_per_month": _text(progress.required_pace) if progress else None,
        "current_pace_pp_per_month": _text(progress.current_pace) if progress else None,
        "projected_date": progress.projected_date if progress else None,
        "on_track": progress.on_track if progress else None,
        "method": progress.method_id if progress else None,
    }


# --- persons --------------------------------------------------------------------------------------------------


def _person_out(person: Person) -> dict[str, object]:
    return {
        "id": person.pk,
        "nik_masked": mask_nik(person.nik),
        "name": person.name,
        "birth_year": person.birth_date.year,
        "sex": person.sex,
        "region_code": person.region_id,
        "sector": person.sector,
        "decile": person.decile,
    }


@api.get(
    "/persons",
    operation_id="person_list",
    response={200: PersonPageOut, **ERRORS},
    summary="Daftar orang di wilayah akses",
    tags=["orang"],
)
def persons(
    request: HttpRequest,
    q: Annotated[
        str,
        Query(
            "",
            max_length=100,
            pattern=r"^[^\x00-\x1f\x7f]*$",
            description="Cari nama (sebagian) atau NIK lengkap (16 digit, cocok persis)",
        ),
    ] = "",
    limit: Annotated[int, Query(50, ge=1, le=MAX_PAGE, description="Jumlah per halaman")] = 50,
    offset: Annotated[int, Query(0, ge=0, le=MAX_OFFSET, description="Lewati sebanyak ini")] = 0,
) -> dict[str, object]:
    """Orang yang berdomisili di wilayah akses pengguna, urut nama; NIK selalu tersamar."""
    require(request.user, Permission.VIEW_PERSONS)
    found = person_list(user=request.user, q=q)
    page = found[offset : offset + limit]
    return {"count": found.count(), "limit": limit, "offset": offset, "items": [_person_out(p) for p in page]}


@api.get(
    "/persons/{person_id}",
    operation_id="person_get",
    response={200: PersonDetailOut, **ERRORS},
    summary="Satu orang dengan kepesertaannya",
    tags=["orang"],
)
def person_detail(
    request: HttpRequest,
    person_id: Annotated[int, Path(ge=1, le=MAX_ID, description="id orang dari daftar orang")],
) -> dict[str, object]:
    """Data satu orang (NIK tersamar) dan kepesertaan BPJS Ketenagakerjaannya."""
    require(request.user, Permission.VIEW_PERSONS)
    person = person_get(user=request.user, pk=person_id)
    memberships = (
        Membership.objects.visible_to(request.user).filter(person=person).order_by("start_date", "id")
    )
    return {
        **_person_out(person),
        "memberships": [
            MembershipOut(
                segment=m.segment,
                programmes=[p for p in m.programmes.split(";") if p],
                start_date=m.start_date,
                end_date=m.end_date,
                payer=m.payer,
            ).model_dump()
            for m in memberships
        ],
    }
