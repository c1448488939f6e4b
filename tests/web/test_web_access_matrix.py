"""Every role × every page × an object inside and outside the user's region → allowed, forbidden or hidden.

The expectations are written out, not derived from the code under test. A URL that is not in MATRIX (or in
PUBLIC) fails ``test_every_url_is_in_the_matrix``, so a new page cannot skip access control unnoticed.
"""

from __future__ import annotations

import copy
import io
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from cakupan.core.access import Role
from cakupan.core.nik import mask_nik
from cakupan.web.accounts.services import user_create
from cakupan.web.imports.models import ImportBatch, ImportJob
from cakupan.web.imports.progress import JobFiles
from cakupan.web.imports.services import import_batch_create
from cakupan.web.registry.models import Person
from db_template import ModuleWorld
from factories import membership_row, person_row, write_memberships, write_persons

NAGARI_A = "13.02.05.2001"  # Kab. Solok
KELURAHAN_B = "13.71.01.1001"  # Kota Padang
USERS: dict[str, tuple[Role, list[str]]] = {
    "pemda": (Role.PEMDA_ADMIN, ["13"]),
    "perizinan": (Role.LICENSING_OFFICER, ["13.71"]),
    "nagari": (Role.REGION_OPERATOR, [NAGARI_A]),
    "bpjs": (Role.BPJSTK_OFFICER, ["13.02", "13.72"]),
    "auditor": (Role.VIEWER, ["13"]),
    "admin": (Role.SYSTEM_ADMIN, ["13"]),
    "anonim": (Role.VIEWER, []),  # never logged in
}
ROLES = list(USERS)
LOGIN = "login"  # redirected to the login page

IMPORTERS_ANY: dict[str, tuple[Any, Any]] = {"pemda": (200, None), "nagari": (200, None), "bpjs": (200, None)}
IMPORTERS_OBJECT: dict[str, tuple[Any, Any]] = {"pemda": (200, 200), "nagari": (200, 404), "bpjs": (200, 404)}
IMPORTERS_POST: dict[str, tuple[Any, Any]] = {"pemda": (302, 302), "nagari": (302, 404), "bpjs": (302, 404)}

TARGET_MANAGERS_ANY: dict[str, tuple[Any, Any]] = {"pemda": (200, None)}
TARGET_MANAGERS_GET: dict[str, tuple[Any, Any]] = {"pemda": (200, 200)}
TARGET_MANAGERS_POST: dict[str, tuple[Any, Any]] = {"pemda": (302, 302)}

LINK_REVIEWERS_ANY: dict[str, tuple[Any, Any]] = {"pemda": (200, None), "bpjs": (200, None)}
LINK_REVIEWERS_GET: dict[str, tuple[Any, Any]] = {"pemda": (200, 200), "bpjs": (200, 404)}
LINK_REVIEWERS_POST: dict[str, tuple[Any, Any]] = {"pemda": (302, 302), "bpjs": (302, 404)}

# Claims: reporters (pemda, nagari operator, BPJSTK) report events and tick documents in their regions; claim
# processors (pemda, BPJSTK) record payments; the impact view is aggregates for everyone who sees coverage.
REPORTERS_ANY: dict[str, tuple[Any, Any]] = {"pemda": (200, None), "nagari": (200, None), "bpjs": (200, None)}
REPORTERS_GET: dict[str, tuple[Any, Any]] = {"pemda": (200, 200), "nagari": (200, 404), "bpjs": (200, 404)}
REPORTERS_POST: dict[str, tuple[Any, Any]] = {"pemda": (302, 302), "nagari": (302, 404), "bpjs": (302, 404)}
# A step the permission allows but the claim's state refuses (completing without documents): 400, not 403.
REPORTERS_REFUSED: dict[str, tuple[Any, Any]] = {
    "pemda": (400, 400),
    "nagari": (400, 404),
    "bpjs": (400, 404),
}
PROCESSORS_REFUSED: dict[str, tuple[Any, Any]] = {"pemda": (400, 400), "bpjs": (400, 404)}
NO_CLAIMS: dict[str, tuple[Any, Any]] = {r: (403, 403) for r in ROLES} | {"anonim": (LOGIN, LOGIN)}
NO_CLAIMS_ANY: dict[str, tuple[Any, Any]] = {r: (403, None) for r in ROLES} | {"anonim": (LOGIN, None)}
IMPACT: dict[str, tuple[Any, Any]] = {r: (200, None) for r in ROLES} | {"anonim": (LOGIN, None)}

# Meetings of the nagari's kab/kota (A: Kab. Solok) and of Kota Padang (B).
MEETING_VIEWERS: dict[str, tuple[Any, Any]] = {
    "pemda": (200, 200),
    "perizinan": (404, 200),
    "nagari": (404, 404),
    "bpjs": (200, 404),
    "auditor": (200, 200),
    "admin": (200, 200),
    "anonim": (LOGIN, LOGIN),
}
EMPLOYER_VIEWERS: dict[str, tuple[Any, Any]] = {
    "pemda": (200, 200),
    "perizinan": (404, 200),
    "nagari": (200, 404),
    "bpjs": (200, 404),
    "auditor": (200, 200),
    "admin": (200, 200),
    "anonim": (LOGIN, LOGIN),
}
MEETING_WRITERS: dict[str, tuple[Any, Any]] = {r: (403, 403) for r in ROLES} | {"anonim": (LOGIN, LOGIN)}
# Warning letters to employers of A (the nagari) and B (Kota Padang): seen like the employers; written by the Pemda
# admin and BPJSTK. Closing a case without a form is refused (400) where allowed; out of scope is hidden first.
LETTER_WRITERS: dict[str, tuple[Any, Any]] = {r: (403, None) for r in ROLES} | {
    "pemda": (200, None),
    "bpjs": (200, None),
    "anonim": (LOGIN, None),
}
# The templates of a kab/kota (A: Kab. Solok, B: Kota Padang), edited by its Pemda admin or BPJSTK officer.
TEMPLATE_EDITORS: dict[str, tuple[Any, Any]] = {r: (403, 403) for r in ROLES} | {
    "pemda": (200, 200),
    "bpjs": (200, 404),
    "anonim": (LOGIN, LOGIN),
}
CASE_CLOSERS: dict[str, tuple[Any, Any]] = {
    "pemda": (400, 400),
    "perizinan": (404, 403),
    "nagari": (403, 404),
    "bpjs": (400, 404),
    "auditor": (403, 403),
    "admin": (403, 403),
    "anonim": (LOGIN, LOGIN),
}

# Enrolment: planners (pemda everywhere, the nagari operator in its nagari) make sources, schemes and batches;
# BPJSTK officers see batches of their regions and exchange the files; everyone else is refused.
PLANNERS_ANY: dict[str, tuple[Any, Any]] = {"pemda": (200, None), "nagari": (200, None)}
PLANNERS_GET: dict[str, tuple[Any, Any]] = {"pemda": (200, 200), "nagari": (200, 404)}
PLANNERS_POST: dict[str, tuple[Any, Any]] = {"pemda": (302, 302), "nagari": (302, 404)}
NO_ENROLMENT: dict[str, tuple[Any, Any]] = {r: (403, 403) for r in ROLES} | {"anonim": (LOGIN, LOGIN)}
NO_ENROLMENT_ANY: dict[str, tuple[Any, Any]] = {r: (403, None) for r in ROLES} | {"anonim": (LOGIN, None)}
ENROLMENT: dict[str, tuple[str, dict[str, tuple[Any, Any]]]] = {
    "enrolment:index": ("GET", NO_ENROLMENT_ANY | PLANNERS_ANY | {"bpjs": (200, None)}),
    "enrolment:source-create": ("GET", NO_ENROLMENT_ANY | PLANNERS_ANY),
    "enrolment:scheme-create": ("GET", NO_ENROLMENT_ANY | PLANNERS_ANY),
    "enrolment:schedule": ("GET", NO_ENROLMENT_ANY | PLANNERS_ANY),
    "enrolment:trajectories": ("GET", NO_ENROLMENT_ANY | PLANNERS_ANY),
    "enrolment:source-edit": ("GET", NO_ENROLMENT | PLANNERS_GET),
    "enrolment:scheme": ("GET", NO_ENROLMENT | PLANNERS_GET),
    "enrolment:scheme-edit": ("GET", NO_ENROLMENT | PLANNERS_GET),
    "enrolment:scheme-run": ("POST", NO_ENROLMENT | PLANNERS_POST),
    "enrolment:run-batches": ("POST", NO_ENROLMENT | PLANNERS_POST),
    "enrolment:batch": ("GET", NO_ENROLMENT | PLANNERS_GET | {"bpjs": (200, 404)}),
    "enrolment:batch-members": ("POST", NO_ENROLMENT | PLANNERS_POST),
    "enrolment:batch-renew": ("POST", NO_ENROLMENT | PLANNERS_POST),
    "enrolment:batch-action": ("POST", NO_ENROLMENT | PLANNERS_POST),  # verify
    "enrolment:batch-file": ("POST", NO_ENROLMENT | {"pemda": (302, 302), "bpjs": (302, 404)}),
    "enrolment:batch-reconcile": ("GET", NO_ENROLMENT | {"pemda": (200, 200), "bpjs": (200, 404)}),
    "enrolment:batch-reconcile-progress": ("GET", NO_ENROLMENT | {"pemda": (200, 200), "bpjs": (200, 404)}),
    "benefits:index": ("GET", NO_CLAIMS_ANY | REPORTERS_ANY),
    "benefits:report": ("GET", NO_CLAIMS_ANY | REPORTERS_ANY),
    "benefits:claim": ("GET", NO_CLAIMS | REPORTERS_GET),
    "benefits:claim-documents": ("POST", NO_CLAIMS | REPORTERS_POST),
    "benefits:claim-reassess": ("POST", NO_CLAIMS | REPORTERS_POST),
    "benefits:claim-action": ("POST", NO_CLAIMS | REPORTERS_REFUSED),  # complete, documents missing
    "benefits:scholarship-pay": ("POST", NO_CLAIMS | PROCESSORS_REFUSED),  # no date: refused
    "benefits:scholarship-stop": ("POST", NO_CLAIMS | PROCESSORS_REFUSED),  # the claim is not paid: refused
    "benefits:impact": ("GET", IMPACT),
    "benefits:impact-xlsx": ("GET", IMPACT),
    "benefits:impact-pdf": ("GET", IMPACT),
}

# url name -> (method, {role: (status for object A, status for object B)}); None = the URL takes no object.
MATRIX: dict[str, tuple[str, dict[str, tuple[Any, Any]]]] = {
    "home": ("GET", {r: (302, None) for r in ROLES[:-1]} | {"anonim": (LOGIN, None)}),
    "my-regions": ("GET", {r: (200, None) for r in ROLES[:-1]} | {"anonim": (LOGIN, None)}),
    "region-coverage": (
        "GET",
        {
            "pemda": (200, 200),
            "perizinan": (404, 200),
            "nagari": (200, 404),
            "bpjs": (200, 404),
            "auditor": (200, 200),
            "admin": (200, 200),
            "anonim": (LOGIN, LOGIN),
        },
    ),
    # The dashboard's XLSX and PDF downloads: aggregate figures, the same access as the page.
    **{
        name: (
            "GET",
            {
                "pemda": (200, 200),
                "perizinan": (404, 200),
                "nagari": (200, 404),
                "bpjs": (200, 404),
                "auditor": (200, 200),
                "admin": (200, 200),
                "anonim": (LOGIN, LOGIN),
            },
        )
        for name in ("coverage-export", "coverage-pdf")
    },
    # Employers of a region by compliance: business data, rows of the user's own regions only.
    "compliance:employers": ("GET", EMPLOYER_VIEWERS),
    "compliance:employers-xlsx": ("GET", EMPLOYER_VIEWERS),
    # Construction projects (Jakon) of a region: the same access as its employers.
    "compliance:jakon": ("GET", EMPLOYER_VIEWERS),
    "compliance:jakon-xlsx": ("GET", EMPLOYER_VIEWERS),
    # Compliance meetings: aggregates for everyone who sees coverage, in their regions; written by the Pemda admin.
    "compliance:meetings": ("GET", {r: (200, None) for r in ROLES} | {"anonim": (LOGIN, None)}),
    "compliance:meeting": ("GET", MEETING_VIEWERS),
    "compliance:meeting-xlsx": ("GET", MEETING_VIEWERS),
    "compliance:meeting-pdf": ("GET", MEETING_VIEWERS),
    "compliance:meeting-packet": ("POST", MEETING_WRITERS | {"pemda": (302, 302)}),
    "compliance:meeting-finding": ("POST", MEETING_WRITERS | {"pemda": (400, 400)}),  # no text: refused
    "compliance:meeting-action": ("POST", MEETING_WRITERS | {"pemda": (400, 400)}),  # no owner: refused
    "compliance:action-status": ("POST", MEETING_WRITERS | {"pemda": (400, 400)}),  # no status: refused
    "compliance:letters": ("GET", {r: (200, None) for r in ROLES} | {"anonim": (LOGIN, None)}),
    "compliance:letters-pdf": ("GET", {r: (200, None) for r in ROLES} | {"anonim": (LOGIN, None)}),
    # Issuing the letters due in a region: without a date the form is refused and the page redirects back.
    "compliance:letters-issue-due": (
        "POST",
        MEETING_WRITERS | {"pemda": (302, 302), "bpjs": (302, 404)},
    ),
    "compliance:letter": ("GET", EMPLOYER_VIEWERS),
    "compliance:letter-pdf": ("GET", EMPLOYER_VIEWERS),
    "compliance:employer-letters": ("GET", EMPLOYER_VIEWERS),
    "compliance:employer-case-close": ("POST", CASE_CLOSERS),
    "compliance:letter-template-regions": ("GET", LETTER_WRITERS),
    "compliance:letter-templates": ("GET", TEMPLATE_EDITORS),
    "compliance:letter-template": ("GET", TEMPLATE_EDITORS),
    # The regional obligations checklist: aggregate, the same access as the coverage page.
    "compliance:obligations": (
        "GET",
        {
            "pemda": (200, 200),
            "perizinan": (404, 200),
            "nagari": (200, 404),
            "bpjs": (200, 404),
            "auditor": (200, 200),
            "admin": (200, 200),
            "anonim": (LOGIN, LOGIN),
        },
    ),
    # The gap list of a region (A: the nagari, B: a Padang kelurahan): person permissions, region in scope.
    "coverage-gaps": (
        "GET",
        {r: (403, 403) for r in ROLES}
        | {"pemda": (200, 200), "nagari": (200, 404), "bpjs": (200, 404), "anonim": (LOGIN, LOGIN)},
    ),
    "coverage-gaps-export": (
        "GET",
        {r: (403, 403) for r in ROLES} | {"pemda": (200, 200), "bpjs": (200, 404), "anonim": (LOGIN, LOGIN)},
    ),
    "person-list": (
        "GET",
        {
            "pemda": (200, None),
            "perizinan": (403, None),
            "nagari": (200, None),
            "bpjs": (200, None),
            "auditor": (403, None),
            "admin": (403, None),
            "anonim": (LOGIN, None),
        },
    ),
    "person-export": (
        "GET",
        {
            "pemda": (200, None),
            "perizinan": (403, None),
            "nagari": (403, None),
            "bpjs": (200, None),
            "auditor": (403, None),
            "admin": (403, None),
            "anonim": (LOGIN, None),
        },
    ),
    "person-detail": (
        "GET",
        {
            "pemda": (200, 200),
            "perizinan": (403, 403),
            "nagari": (200, 404),
            "bpjs": (200, 404),
            "auditor": (403, 403),
            "admin": (403, 403),
            "anonim": (LOGIN, LOGIN),
        },
    ),
    "person-reveal": (
        "POST",
        {
            "pemda": (200, 200),
            "perizinan": (403, 403),
            "nagari": (200, 404),
            "bpjs": (200, 404),
            "auditor": (403, 403),
            "admin": (403, 403),
            "anonim": (LOGIN, LOGIN),
        },
    ),
    "person-subject-report": (
        "GET",
        {r: (403, 403) for r in ROLES} | {"pemda": (200, 200), "anonim": (LOGIN, LOGIN)},
    ),
    "user-list": ("GET", {r: (403, None) for r in ROLES} | {"admin": (200, None), "anonim": (LOGIN, None)}),
    "user-new": ("GET", {r: (403, None) for r in ROLES} | {"admin": (200, None), "anonim": (LOGIN, None)}),
    "rules-due": ("GET", {r: (403, None) for r in ROLES} | {"admin": (200, None), "anonim": (LOGIN, None)}),
    "user-edit": ("GET", {r: (403, 403) for r in ROLES} | {"admin": (200, 200), "anonim": (LOGIN, LOGIN)}),
    "user-reset-password": (
        "POST",
        {r: (403, 403) for r in ROLES} | {"admin": (200, 200), "anonim": (LOGIN, LOGIN)},
    ),
    "user-toggle-active": (
        "POST",
        {r: (403, 403) for r in ROLES} | {"admin": (302, 302), "anonim": (LOGIN, LOGIN)},
    ),
    "otp-setup": ("GET", {r: (200, None) for r in ROLES} | {"anonim": (LOGIN, None)}),
    "otp-verify": ("GET", {r: (302, None) for r in ROLES} | {"anonim": (LOGIN, None)}),
    "user-remove-second-factor": (
        "POST",
        {r: (403, 403) for r in ROLES} | {"admin": (302, 302), "anonim": (LOGIN, LOGIN)},
    ),
    "password-change": ("GET", {r: (200, None) for r in ROLES} | {"anonim": (LOGIN, None)}),
    "audit-list": (
        "GET",
        {r: (403, None) for r in ROLES}
        | {"auditor": (200, None), "admin": (200, None), "anonim": (LOGIN, None)},
    ),
    "audit-export": (
        "GET",
        {r: (403, None) for r in ROLES}
        | {"auditor": (200, None), "admin": (200, None), "anonim": (LOGIN, None)},
    ),
    # Imports: the import_data roles; an import (staged job or batch) belongs to its maker's regions (A: the
    # nagari, B: Padang), seen by users whose regions cover them.
    **{
        name: ("GET", {r: (403, None) for r in ROLES} | IMPORTERS_ANY | {"anonim": (LOGIN, None)})
        for name in ("imports:list", "imports:upload")
    },
    **{
        name: (method, {r: (403, 403) for r in ROLES} | IMPORTERS_OBJECT | {"anonim": (LOGIN, LOGIN)})
        for name, method in (
            ("imports:job", "GET"),
            ("imports:job-progress", "GET"),
            ("imports:job-mapping", "GET"),
            ("imports:job-errors", "GET"),
            ("imports:job-mapping-file", "GET"),
            ("imports:batch", "GET"),
        )
    },
    **{
        name: ("POST", {r: (403, 403) for r in ROLES} | IMPORTERS_POST | {"anonim": (LOGIN, LOGIN)})
        for name in ("imports:job-sheet", "imports:job-commit", "imports:job-cancel")
    },
    # Record linkage: review_links roles; a candidate is seen by users whose regions hold its registry person.
    "linkage:queue": (
        "GET",
        {r: (403, None) for r in ROLES} | LINK_REVIEWERS_ANY | {"anonim": (LOGIN, None)},
    ),
    "linkage:candidate": (
        "GET",
        {r: (403, 403) for r in ROLES} | LINK_REVIEWERS_GET | {"anonim": (LOGIN, LOGIN)},
    ),
    "linkage:candidate-reveal": (
        "POST",
        {r: (403, 403) for r in ROLES} | LINK_REVIEWERS_GET | {"anonim": (LOGIN, LOGIN)},
    ),
    **{
        name: ("POST", {r: (403, 403) for r in ROLES} | LINK_REVIEWERS_POST | {"anonim": (LOGIN, LOGIN)})
        for name in ("linkage:candidate-confirm", "linkage:candidate-dismiss")
    },
    # The matrix posts no record to keep: allowed users get 400 ("choose which record to keep").
    "linkage:candidate-merge": (
        "POST",
        {r: (403, 403) for r in ROLES} | {"pemda": (400, 400), "bpjs": (400, 404), "anonim": (LOGIN, LOGIN)},
    ),
    # Linkage started in the browser: a job belongs to its maker's regions (A: the nagari, B: Padang).
    "linkage:file-upload": (
        "GET",
        {r: (403, None) for r in ROLES} | LINK_REVIEWERS_ANY | {"anonim": (LOGIN, None)},
    ),
    "linkage:duplicates": (
        "POST",
        {r: (403, None) for r in ROLES}
        | {"pemda": (302, None), "bpjs": (302, None), "anonim": (LOGIN, None)},
    ),
    **{
        name: ("GET", {r: (403, 403) for r in ROLES} | LINK_REVIEWERS_GET | {"anonim": (LOGIN, LOGIN)})
        for name in ("linkage:job", "linkage:job-progress", "linkage:job-download")
    },
    # Coverage targets: every view_coverage role sees the list; manage_targets roles change the targets of
    # regions inside their scope (A: the nagari, B: a Padang kelurahan).
    "target-list": ("GET", {r: (200, None) for r in ROLES} | {"anonim": (LOGIN, None)}),
    "target-create": (
        "GET",
        {r: (403, None) for r in ROLES} | TARGET_MANAGERS_ANY | {"anonim": (LOGIN, None)},
    ),
    "target-edit": (
        "GET",
        {r: (403, 403) for r in ROLES} | TARGET_MANAGERS_GET | {"anonim": (LOGIN, LOGIN)},
    ),
    "target-delete": (
        "POST",
        {r: (403, 403) for r in ROLES} | TARGET_MANAGERS_POST | {"anonim": (LOGIN, LOGIN)},
    ),
    **ENROLMENT,
}
# Persons each role finds in lists and exports (A lives in NAGARI_A, B in KELURAHAN_B).
LISTED = {"pemda": {"A", "B"}, "nagari": {"A"}, "bpjs": {"A"}}
# Targets each role finds in the target list (A's target is on NAGARI_A, B's on KELURAHAN_B).
TARGETS_LISTED = {
    "pemda": {"A", "B"},
    "perizinan": {"B"},
    "nagari": {"A"},
    "bpjs": {"A"},
    "auditor": {"A", "B"},
    "admin": {"A", "B"},
}
PUBLIC = {"login", "logout", "set_language"}


def _names(patterns: list[Any], namespace: str = "") -> set[str]:
    names: set[str] = set()
    for p in patterns:
        if isinstance(p, URLResolver):
            inner = f"{namespace}{p.namespace}:" if p.namespace else namespace
            names |= _names(p.url_patterns, inner)
        elif isinstance(p, URLPattern) and p.name:
            names.add(namespace + p.name)
    return names


def test_every_url_is_in_the_matrix() -> None:
    web = {n for n in _names(get_resolver().url_patterns) if not n.startswith("api:")}
    assert web - set(MATRIX) - PUBLIC == set(), "add the new page to MATRIX with its expected access"
    assert set(MATRIX) <= web


def _imports_in(region: str) -> dict[str, Any]:
    """A staged import (ready to commit, with an error report) and a committed one, made by a user of ``region``."""
    job = ImportJob.objects.create(
        source="persons",
        file_name="penduduk.csv",
        file_sha256=region.replace(".", "").ljust(64, "0"),
        file_size=100,
        status=ImportJob.Status.READY,
        scope=[region],
        headers=[{"name": "nik_ktp", "samples": []}],
        mapping={"nik_ktp": "nik"},
        sheets=["Data", "Catatan"],
        rows_total=2,
        rows_valid=1,
        rows_rejected=1,
    )
    files = JobFiles.of(job.pk)
    files.create()
    files.error_report.write_bytes(b"PK\x03\x04")
    batch = ImportBatch.objects.create(
        source="persons",
        file_name="penduduk.csv",
        file_sha256="f" * 64,
        rows_total=1,
        rows_created=1,
        rows_updated=0,
        rows_rejected=0,
        warnings=0,
        scope=[region],
    )
    return {"job": job, "batch": batch}


def _link_job_in(region: str) -> Any:
    """A finished browser linkage of a one-row file, made by a user of ``region``."""
    from cakupan.web.linkage.files import job_files
    from cakupan.web.linkage.models import LinkJob, LinkRun

    run = LinkRun.objects.create(
        kind="file", source="file", match_threshold=0.85, review_threshold=0.3, model_version=1, rows_total=1,
        registry_rows=2,
    )  # fmt: skip
    job = LinkJob.objects.create(kind="file", file_name="daftar.csv", status="done", scope=[region], run=run)
    files = job_files(job.pk)
    files.create()
    pl.DataFrame({"nama": ["WARGA"]}).write_parquet(files.source_rows)
    return job


def _target_in(region: str) -> Any:
    from cakupan.web.targets.models import CoverageTarget

    return CoverageTarget.objects.create(
        region_id=region,
        baseline_value="33.51",
        baseline_date="2025-06-30",
        target_value="51.40",
        target_date="2029-12-31",
        source_document="RPJMD",
    )


def _enrolment_in(region: str, person: Person) -> dict[str, Any]:
    """A funding source, a scheme, an optimiser run and a draft batch of one worker, in ``region``."""
    import datetime as dt

    from cakupan.web.enrolment.models import AllocationRun, BatchMember, EnrolmentBatch, FundingSource, Scheme

    source = FundingSource.objects.create(
        region_id=region,
        kind="apb_nagari",
        name="APB Nagari",
        fiscal_year=2026,
        budget=201_600,
        earmark_regions=region,
    )
    scheme = Scheme.objects.create(
        region_id=region,
        name="Skema",
        fiscal_year=2026,
        start_date=dt.date(2026, 1, 1),
        income_basis=1_000_000,
    )
    scheme.sources.set([source])
    nothing = {"objective": 0, "persons": 0, "proven_optimal": True, "seconds": 0.0, "sources": []}
    summary = {"optimum": nothing, "greedy": nothing, "marginal": [], "cutoffs": {}, "eligible_by_source": {}}
    run = AllocationRun.objects.create(
        scheme=scheme, as_of=scheme.start_date, candidates=1, eligible=0, summary=summary
    )
    batch = EnrolmentBatch.objects.create(
        scheme=scheme,
        source=source,
        region_id=region,
        name="Batch",
        start_date=scheme.start_date,
        months=12,
        monthly_cost=16_800,
        income_basis=1_000_000,
        programmes="JKK;JKM",
    )
    BatchMember.objects.create(batch=batch, person=person)
    return {"source": source, "scheme": scheme, "run": run, "batch": batch}


@pytest.fixture(scope="module")
def shared_world(module_world: ModuleWorld) -> dict[str, Any]:
    """Two persons (A in NAGARI_A, B in KELURAHAN_B), a user per role and an object of every kind on either side,
    built once for the module (``db_template``)."""
    with module_world.building():
        folder = module_world.data_dir / "masukan"
        folder.mkdir()
        a = person_row(kecamatan=NAGARI_A[:8], desa=NAGARI_A, serial=1, name="WARGA NAGARI")
        b = person_row(kecamatan=KELURAHAN_B[:8], desa=KELURAHAN_B, serial=2, name="WARGA PADANG")
        import_batch_create(source="persons", path=write_persons(folder / "p.csv", [a, b]))
        import_batch_create(
            source="memberships",
            path=write_memberships(
                folder / "m.csv", [membership_row(nik=a["nik"]), membership_row(nik=b["nik"])]
            ),
        )
        for username, (role, regions) in USERS.items():
            if regions:
                user_create(username=username, password="kata-sandi-uji-123", role=role, region_codes=regions)
        persons = {"A": Person.objects.get(nik=a["nik"]), "B": Person.objects.get(nik=b["nik"])}
        return {
            "persons": persons,
            "users": {"A": User.objects.get(username="nagari"), "B": User.objects.get(username="perizinan")},
            "regions": {"A": NAGARI_A, "B": KELURAHAN_B},
            "imports": {"A": _imports_in(NAGARI_A), "B": _imports_in(KELURAHAN_B)},
            "link_jobs": {"A": _link_job_in(NAGARI_A), "B": _link_job_in(KELURAHAN_B)},
            "targets": {"A": _target_in(NAGARI_A), "B": _target_in(KELURAHAN_B)},
            "enrolment": {
                "A": _enrolment_in(NAGARI_A, persons["A"]),
                "B": _enrolment_in(KELURAHAN_B, persons["B"]),
            },
            "claims": {"A": _claim_of(persons["A"]), "B": _claim_of(persons["B"])},
            "meetings": {"A": _meeting_in("13.02"), "B": _meeting_in("13.71")},
            "letters": {"A": _letter_in(NAGARI_A), "B": _letter_in(KELURAHAN_B)},
        }


@pytest.fixture
def world(
    shared_world: dict[str, Any], module_world: ModuleWorld, db: None, tmp_path: Path, settings: Any
) -> dict[str, Any]:
    """The module's world for one test: its own copy of the objects and files, and a client per role."""
    module_world.enter_test(tmp_path, settings)
    return {**copy.deepcopy(shared_world), "clients": _Clients()}


class _Clients(dict[str, Client]):
    """A client per role, logged in when a test first asks for it (a test asks for one or two)."""

    def __missing__(self, username: str) -> Client:
        client = Client()
        if USERS[username][1]:
            client.force_login(User.objects.get(username=username))
        self[username] = client
        return client


def _letter_in(code: str) -> Any:
    """A first warning to an employer without NPP located in ``code``."""
    import datetime as dt

    from cakupan.web.compliance.letters import letter_issue
    from cakupan.web.employers.models import Employer

    employer = Employer.objects.create(
        nib="300" + code.replace(".", ""),
        name=f"PT {code}",
        kbli="47111",
        region_id=code,
        workforce=9,
    )
    return letter_issue(employer=employer, issued_on=dt.date(2025, 3, 20), by=None)


def _meeting_in(code: str) -> Any:
    """A compliance meeting of kab/kota ``code`` with one follow-up action."""
    import datetime as dt

    from cakupan.web.compliance.meetings import action_add, meeting_create
    from cakupan.web.registry.models import Region

    meeting = meeting_create(
        region=Region.objects.get(code=code), held_on=dt.date(2025, 12, 15), title="Rapat", by=None
    )
    action_add(meeting=meeting, description="Teguran", owner="BPJSTK", due_date=dt.date(2026, 1, 15), by=None)
    return meeting


def _claim_of(person: Person) -> Any:
    """A reported death of ``person`` with one child at school (an heir the scholarship form can name)."""
    import datetime as dt

    from cakupan import claims
    from cakupan.web.benefits.services import claim_report

    child = claims.Heir(
        name="ANAK", relation=claims.Relation.CHILD, birth_date=dt.date(2015, 1, 1), school_level="SD"
    )
    return claim_report(
        person=person, kind=claims.EventKind.DEATH, event_date=dt.date(2025, 3, 15), heirs=[child], by=None
    )


def _link_candidate(person: Person, *, duplicate: bool) -> Any:
    """A pending linkage candidate on ``person``: a file record, or (duplicate) a second registry record alike."""
    from cakupan.web.linkage.models import LinkCandidate, LinkRun

    run = LinkRun.objects.create(
        kind="duplicates" if duplicate else "file",
        source="registry" if duplicate else "file",
        match_threshold=0.85,
        review_threshold=0.3,
        model_version=1,
        rows_total=1,
        registry_rows=2,
    )
    twin = None
    if duplicate:
        twin = Person.objects.create(
            nik=person.nik[:12] + "9999",
            name=person.name,
            birth_date=person.birth_date,
            sex=person.sex,
            region_id=person.region_id,
        )
    return LinkCandidate.objects.create(
        run=run,
        source_row=twin.pk if twin else 2,
        record_person=twin,
        record_name=person.name,
        person=person,
        method="splink",
        match_weight=10.0,
        match_probability=0.7,
        status="pending",
    )


def _url(name: str, world: dict[str, Any], obj: str | None) -> str:
    from django.urls import reverse

    if name in (
        "region-coverage",
        "compliance:obligations",
        "compliance:employers",
        "compliance:employers-xlsx",
        "compliance:jakon",
        "compliance:jakon-xlsx",
        "compliance:letters-issue-due",
        "coverage-gaps",
        "coverage-gaps-export",
        "coverage-export",
        "coverage-pdf",
    ):
        return reverse(name, args=[world["regions"][obj]])
    if name in ("person-detail", "person-reveal", "person-subject-report"):
        return reverse(name, args=[world["persons"][obj].pk])
    if name in ("user-edit", "user-reset-password", "user-toggle-active", "user-remove-second-factor"):
        return reverse(name, args=[world["users"][obj].pk])
    if name == "imports:batch":
        return reverse(name, args=[world["imports"][obj]["batch"].pk])
    if name.startswith("imports:job"):
        return reverse(name, args=[world["imports"][obj]["job"].pk])
    if name.startswith("linkage:job"):
        return reverse(name, args=[world["link_jobs"][obj].pk])
    if name in ("target-edit", "target-delete"):
        return reverse(name, args=[world["targets"][obj].pk])
    if name.startswith("enrolment:") and name not in ENROLMENT_WITHOUT_OBJECT:
        return _enrolment_url(name, world["enrolment"][obj])
    if (
        name in BENEFITS_WITH_OBJECT
        or name.startswith(("compliance:meeting-", "compliance:action"))
        or (name == "compliance:meeting")
    ):
        return _claim_or_meeting_url(name, world, obj)
    if name in LETTER_URLS:
        return _letter_url(name, world, obj)
    if name.startswith("linkage:candidate"):
        candidate = _link_candidate(world["persons"][obj], duplicate=name == "linkage:candidate-merge")
        return reverse(name, args=[candidate.pk])
    return reverse(name)


LETTER_URLS = {
    f"compliance:{n}"
    for n in (
        "letter",
        "letter-pdf",
        "employer-letters",
        "employer-case-close",
        "letter-templates",
        "letter-template",
    )
}


def _letter_url(name: str, world: dict[str, Any], obj: str | None) -> str:
    from django.urls import reverse

    if name.startswith("compliance:letter-template"):
        kabkota = world["regions"][obj][:5]
        return reverse(name, args=[kabkota, "sp1"] if name == "compliance:letter-template" else [kabkota])
    letter = world["letters"][obj]
    return reverse(
        name,
        args=[letter.pk if name in ("compliance:letter", "compliance:letter-pdf") else letter.employer_id],
    )


def _claim_or_meeting_url(name: str, world: dict[str, Any], obj: str | None) -> str:
    from django.urls import reverse

    if name.startswith("compliance:meeting"):
        return reverse(name, args=[world["meetings"][obj].pk])
    if name == "compliance:action-status":
        return reverse(name, args=[world["meetings"][obj].actions.get().pk])
    claim = world["claims"][obj]
    if name in ("benefits:scholarship-pay", "benefits:scholarship-stop"):
        return reverse(name, args=[claim.heirs.get().pk])
    return reverse(name, args=[claim.pk, "complete"] if name == "benefits:claim-action" else [claim.pk])


BENEFITS_WITH_OBJECT = {
    f"benefits:{n}"
    for n in (
        "claim",
        "claim-documents",
        "claim-reassess",
        "claim-action",
        "scholarship-pay",
        "scholarship-stop",
    )
}
ENROLMENT_WITHOUT_OBJECT = {
    f"enrolment:{n}" for n in ("index", "source-create", "scheme-create", "schedule", "trajectories")
}


def _enrolment_url(name: str, objects: dict[str, Any]) -> str:
    from django.urls import reverse

    if name == "enrolment:source-edit":
        return reverse(name, args=[objects["source"].pk])
    if name.startswith("enrolment:scheme"):
        return reverse(name, args=[objects["scheme"].pk])
    if name == "enrolment:run-batches":
        return reverse(name, args=[objects["run"].pk])
    if name == "enrolment:batch-action":
        return reverse(name, args=[objects["batch"].pk, "verify"])
    return reverse(name, args=[objects["batch"].pk])


def _outcome(response: Any) -> Any:
    if response.status_code == 302 and "/masuk/" in response["Location"]:
        return LOGIN
    return response.status_code


CASES = [
    (name, role, obj)
    for name, (_, by_role) in MATRIX.items()
    for role in ROLES
    for obj in ("A", "B")
    if by_role[role][0 if obj == "A" else 1] is not None
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "role", "obj"), CASES, ids=[f"{n}-{r}-{o}" for n, r, o in CASES])
def test_access(world: dict[str, Any], name: str, role: str, obj: str) -> None:
    method, by_role = MATRIX[name]
    expected = by_role[role][0 if obj == "A" else 1]
    takes_object = by_role[role][1] is not None or name in (
        "region-coverage",
        "compliance:obligations",
        "person-detail",
        "person-reveal",
    )
    url = _url(name, world, obj if takes_object else None)
    client = world["clients"][role]
    response = (
        client.post(url, {"alasan": "verifikasi usulan penerima"}) if method == "POST" else client.get(url)
    )
    assert _outcome(response) == expected
    if expected != 200:
        return
    assert "no-store" in response.get("Cache-Control", ""), "a logged-in page must not be cached"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    masked = {k: mask_nik(p.nik).encode() for k, p in world["persons"].items()}
    full = {k: p.nik.encode() for k, p in world["persons"].items()}
    if name == "person-list":
        assert {k for k, m in masked.items() if m in body} == LISTED[role]
    if name == "target-list":
        assert {k for k, code in world["regions"].items() if code.encode() in body} == TARGETS_LISTED[role]
    if name == "person-export":
        frame = pl.read_excel(io.BytesIO(body), engine="calamine")
        assert set(frame.get_column("NIK (disamarkan)")) == {
            mask_nik(world["persons"][k].nik) for k in LISTED[role]
        }
    if name in ("person-list", "person-export", "person-detail"):
        assert not any(f in body for f in full.values()), "a full NIK leaked without a reveal"
    if name == "person-reveal":
        assert full[obj] in body


# The API, by OpenAPI path: every role's token against an object inside and outside its region.
API_MATRIX: dict[str, dict[str, tuple[int, int]]] = {
    "/api/v1/coverage/{code}": {
        "pemda": (200, 200),
        "perizinan": (404, 200),
        "nagari": (200, 404),
        "bpjs": (200, 404),
        "auditor": (200, 200),
        "admin": (200, 200),
    },
    "/api/v1/coverage/{code}/children": {
        "pemda": (200, 200),
        "perizinan": (404, 200),
        "nagari": (200, 404),
        "bpjs": (200, 404),
        "auditor": (200, 200),
        "admin": (200, 200),
    },
    # The same figures as the dashboard (the world sets a target on both regions).
    "/api/v1/coverage/{code}/indicators": {
        "pemda": (200, 200),
        "perizinan": (404, 200),
        "nagari": (200, 404),
        "bpjs": (200, 404),
        "auditor": (200, 200),
        "admin": (200, 200),
    },
    "/api/v1/coverage/{code}/trend": {
        "pemda": (200, 200),
        "perizinan": (404, 200),
        "nagari": (200, 404),
        "bpjs": (200, 404),
        "auditor": (200, 200),
        "admin": (200, 200),
    },
    "/api/v1/coverage/{code}/target": {
        "pemda": (200, 200),
        "perizinan": (404, 200),
        "nagari": (200, 404),
        "bpjs": (200, 404),
        "auditor": (200, 200),
        "admin": (200, 200),
    },
    "/api/v1/persons": {r: (403, 403) for r in ROLES[:-1]}
    | {"pemda": (200, 200), "nagari": (200, 200), "bpjs": (200, 200)},
    "/api/v1/persons/{person_id}": {
        "pemda": (200, 200),
        "perizinan": (403, 403),
        "nagari": (200, 404),
        "bpjs": (200, 404),
        "auditor": (403, 403),
        "admin": (403, 403),
    },
}


def test_every_api_operation_is_in_the_matrix() -> None:
    from cakupan.web.api.api import api

    paths = set(api.get_openapi_schema(path_prefix="/api/v1/")["paths"]) - {"/api/v1/openapi.json"}
    assert paths == set(API_MATRIX), "add the new API endpoint to API_MATRIX with its expected access"


API_CASES = [(path, role, obj) for path in API_MATRIX for role in ROLES[:-1] for obj in ("A", "B")]


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "role", "obj"), API_CASES, ids=[f"{p}-{r}-{o}" for p, r, o in API_CASES])
def test_api_access(world: dict[str, Any], path: str, role: str, obj: str) -> None:
    from cakupan.web.api.services import api_token_create

    _, token = api_token_create(user=User.objects.get(username=role), name="matriks")
    url = path.replace("{code}", world["regions"][obj]).replace("{person_id}", str(world["persons"][obj].pk))
    if path == "/api/v1/persons":
        url += f"?q={world['persons'][obj].nik}"
    response = Client().get(url, headers={"authorization": f"Bearer {token}"})
    expected = API_MATRIX[path][role][0 if obj == "A" else 1]
    assert response.status_code == expected
    assert "no-store" in response.get("Cache-Control", "")
    if path == "/api/v1/persons" and expected == 200:
        found = [item["id"] for item in response.json()["items"]]
        assert found == ([world["persons"][obj].pk] if obj in LISTED[role] else [])
    assert not any(p.nik.encode() in response.content for p in world["persons"].values())
