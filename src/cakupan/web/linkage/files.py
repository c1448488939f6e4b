"""Where the files of a linkage job live: ``<data dir>/pencocokan/<job id>/``, owner only (personal data).

The same layout and progress file as an import's (``cakupan.web.imports.progress.JobFiles``): the upload
(``berkas.csv``/``.xlsx``) until it is read, the rows as read (``baris.parquet``), their problems
(``masalah.parquet``), the progress (``kemajuan.json``), and the exact-NIK links of the run (``nik.parquet``).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from cakupan.web.imports.progress import JobFiles

NIK_LINKS = "nik.parquet"


def linkage_root() -> Path:
    root = Path(settings.DATA_DIR) / "pencocokan"
    root.mkdir(mode=0o700, exist_ok=True)
    return root


def job_files(job_id: object) -> JobFiles:
    return JobFiles(linkage_root() / str(job_id))


def nik_links_path(job_id: object) -> Path:
    return job_files(job_id).root / NIK_LINKS
