"""``cakupan import`` with a saved column mapping, a progress bar on a terminal, and Ctrl-C as a clean cancel.

The progress and Ctrl-C tests run the real command in a pseudo-terminal (so it sees a TTY, as an officer's
terminal is) against its own SQLite database, and on PostgreSQL when a server answers.
"""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import psycopg
import pytest
from click.testing import CliRunner

from cakupan.cli import main
from cakupan.ingest.mapping import ColumnMap, dump_mapping
from factories import person_row, write_csv, write_persons
from postgres_support import scratch_database

CLI = [sys.executable, "-m", "cakupan.cli"]
DESA = "13.02.05.2001"
PG_DB = "cakupan_cli_progress"
ROWS = 3000
CHUNK = "20"  # CAKUPAN_IMPORT_CHUNK_ROWS: 150 write steps, so Ctrl-C lands between two of them


def _people(n: int, start: int = 1) -> list[dict[str, str]]:
    return [person_row(kecamatan=DESA[:8], desa=DESA, serial=i) for i in range(start, start + n)]


def _messy_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    header = ["No", "NIK KTP", "Nama Lengkap", "Tgl Lahir", "L/P", "Desa/Kelurahan", "Kerja Sekarang"]
    keys = ["nik", "nama", "tanggal_lahir", "jenis_kelamin", "kode_wilayah"]
    lines = [
        dict(zip(header, [str(i), *(r[k] for k in keys), "Pedagang"], strict=True))
        for i, r in enumerate(rows)
    ]
    return write_csv(path, header, lines)


# --- --mapping (in process) -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_mapping_file_maps_unknown_headers(sumbar_regions: None, tmp_path: Path) -> None:
    from cakupan.web.registry.models import Person

    mapping = tmp_path / "pemetaan.yaml"
    mapping.write_text(
        dump_mapping(ColumnMap(source="persons", columns={"Kerja Sekarang": "pekerjaan", "No": None})),
        encoding="utf-8",
    )
    rows = _people(3)
    rows[2] = {**rows[2], "nik": "123"}
    path = _messy_csv(tmp_path / "data.csv", rows)
    errors = tmp_path / "masalah.xlsx"
    result = CliRunner().invoke(
        main, ["import", "persons", str(path), "--mapping", str(mapping), "--errors-out", str(errors)]
    )
    assert result.exit_code == 0, result.output
    assert "3 baris; 2 baru" in result.output
    assert set(Person.objects.values_list("occupation", flat=True)) == {"Pedagang"}
    report = pl.read_excel(errors, engine="calamine")
    assert report.get_column("pekerjaan").to_list() == ["Pedagang"] and "no" not in report.columns


@pytest.mark.django_db
def test_without_the_mapping_the_unknown_column_is_not_loaded(sumbar_regions: None, tmp_path: Path) -> None:
    from cakupan.web.registry.models import Person

    result = CliRunner().invoke(main, ["import", "persons", str(_messy_csv(tmp_path / "d.csv", _people(2)))])
    assert result.exit_code == 0, result.output
    assert set(Person.objects.values_list("occupation", flat=True)) == {""}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("source: memberships\ncolumns:\n  NIK KTP: nik\n", "untuk jenis data memberships, bukan persons"),
        (
            "source: persons\ncolumns:\n  NIK KTP: nomor\n",
            "Kolom nik_ktp dipetakan ke nomor, yang bukan kolom baku",
        ),
        ("source: persons\ncolumns: [\n", "Berkas pemetaan kolom tidak dapat dipakai"),
    ],
)
def test_a_bad_mapping_file_stops_before_anything_is_imported(
    tmp_path: Path, text: str, message: str
) -> None:
    mapping = tmp_path / "pemetaan.yaml"
    mapping.write_text(text, encoding="utf-8")
    path = _messy_csv(tmp_path / "d.csv", _people(1))
    result = CliRunner().invoke(main, ["import", "persons", str(path), "--mapping", str(mapping)])
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output


# --- a real terminal: progress bar and Ctrl-C --------------------------------------------------------------


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Any]]:
    data_dir = tmp_path_factory.mktemp(f"cli-{request.param}")
    env = {
        **os.environ,
        "CAKUPAN_DATA_DIR": str(data_dir),
        "DATABASE_URL": "",
        "CAKUPAN_IMPORT_CHUNK_ROWS": CHUNK,
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if request.param == "postgresql":
        url = scratch_database(PG_DB)
        if url is None:
            pytest.skip("PostgreSQL does not answer")
        env["DATABASE_URL"] = url
    for args in (["migrate"], ["regions"]):
        subprocess.run([*CLI, *args], env=env, check=True, capture_output=True, timeout=600)

    def count(table: str) -> int:
        sql = f"SELECT count(*) FROM {table}"
        if request.param == "sqlite":
            with sqlite3.connect(data_dir / "cakupan.sqlite3") as connection:
                return int(connection.execute(sql).fetchone()[0])
        with psycopg.connect(env["DATABASE_URL"]) as connection:
            row = connection.execute(sql).fetchone()
            return int(row[0]) if row else 0

    yield {"env": env, "count": count, "dir": data_dir}


def _in_terminal(
    env: dict[str, str], args: list[str], *, interrupt_when: re.Pattern[str] | None
) -> tuple[int, str]:
    """Run the CLI with a pseudo-terminal as stdin/stdout/stderr; send SIGINT once the output matches."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen([*CLI, *args], env=env, stdin=terminal, stdout=terminal, stderr=terminal)
    os.close(terminal)
    output = b""
    interrupted = False
    deadline = time.monotonic() + 300
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([controller], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(controller, 65536)
                except OSError:  # the terminal closed: the process has exited
                    break
                if not chunk:
                    break
                output += chunk
            if (
                interrupt_when is not None
                and not interrupted
                and interrupt_when.search(output.decode(errors="replace"))
            ):
                process.send_signal(signal.SIGINT)
                interrupted = True
        code = process.wait(timeout=60)
    finally:
        os.close(controller)
        if process.poll() is None:
            process.kill()
    return code, output.decode(errors="replace")


WRITING = re.compile(r"Menyimpan.*?\b([1-9]\d*)/3000")


def test_ctrl_c_while_writing_cancels_and_changes_nothing(engine: dict[str, Any], tmp_path: Path) -> None:
    env, count = engine["env"], engine["count"]
    path = write_persons(tmp_path / f"penduduk-{time.monotonic_ns()}.csv", _people(ROWS, start=5000))
    persons, batches, events = (
        count("registry_person"),
        count("imports_importbatch"),
        count("audit_auditevent"),
    )

    code, output = _in_terminal(env, ["import", "persons", str(path)], interrupt_when=WRITING)

    assert code == 130, output
    assert (
        "Membaca berkas..." in output
        and "Memeriksa 3.000 baris..." in output
        and "3.000 baris sah." in output
    )
    written = int(WRITING.search(output).group(1))  # type: ignore[union-attr]
    assert 0 < written < ROWS
    assert "Dibatalkan, tidak ada yang berubah." in output and "Traceback" not in output
    assert (count("registry_person"), count("imports_importbatch"), count("audit_auditevent")) == (
        persons,
        batches,
        events,
    )

    # Nothing was left behind: the same file imports in full, with the bar reaching its end.
    code, output = _in_terminal(env, ["import", "persons", str(path)], interrupt_when=None)
    assert code == 0, output
    assert "3000/3000" in output and "100%" in output
    assert f"{ROWS} baris; {ROWS} baru" in output
    assert count("registry_person") == persons + ROWS


def test_without_a_terminal_there_is_no_bar(engine: dict[str, Any], tmp_path: Path) -> None:
    path = write_persons(tmp_path / f"kecil-{time.monotonic_ns()}.csv", _people(5, start=9000))
    result = subprocess.run(
        [*CLI, "import", "persons", str(path)],
        check=False,
        env=engine["env"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "Menyimpan" not in result.stdout + result.stderr
    assert result.stderr == "" and len(result.stdout.splitlines()) == 1 and "5 baris; 5 baru" in result.stdout
