"""The CLI as a new user meets it: help on every command, and every mistake answered by a sentence."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

from cakupan.cli import main

SUBCOMMANDS = ["demo", "serve", "migrate", "regions", "synth", "import", "coverage", "token", "compliance"]


@pytest.mark.parametrize("command", [[], *[[c] for c in SUBCOMMANDS]])
def test_every_command_has_help_in_indonesian(command: list[str]) -> None:
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    assert "Cara pakai:" in result.output and len(result.output.splitlines()) > 3
    assert any(
        word in result.output
        for word in ("wilayah", "berkas", "basis data", "Jalankan", "Demo", "Hitung", "Buat")
    )


def _reload_cli() -> ModuleType:
    """Import the CLI package again: its help texts are computed at import, in the language CAKUPAN_LANG names.

    The shared helpers first (they set click's language), then the command modules, then the package, whose
    fresh ``main`` group collects the fresh commands."""
    import cakupan.cli

    submodules = sorted(
        (module for name, module in sys.modules.items() if name.startswith("cakupan.cli.")),
        key=lambda module: (module.__name__ != "cakupan.cli.common", module.__name__),
    )
    for module in submodules:
        importlib.reload(module)
    return importlib.reload(cakupan.cli)


def test_english_is_switchable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAKUPAN_LANG", "en")
    english = _reload_cli()
    try:
        assert "Compute UCJ %" in CliRunner().invoke(english.main, ["coverage", "--help"]).output
    finally:
        monkeypatch.delenv("CAKUPAN_LANG")
        _reload_cli()


def _no_traceback(output: str) -> None:
    assert "Traceback" not in output and 'File "' not in output


@pytest.mark.django_db
def test_bad_file_is_one_sentence_and_nonzero(sumbar_regions: None, tmp_path: Path) -> None:
    path = tmp_path / "rusak.xlsx"
    path.write_bytes(b"\x00bukan excel" * 50)
    result = CliRunner().invoke(main, ["import", "persons", str(path)])
    assert result.exit_code == 1
    assert "Berkas tidak dapat dibaca" in result.output and "Tidak ada yang diubah" in result.output
    _no_traceback(result.output)


@pytest.mark.django_db
def test_no_valid_row_exits_nonzero_with_row_reasons(sumbar_regions: None, tmp_path: Path) -> None:
    path = tmp_path / "lf.csv"
    path.write_text("kode_wilayah,periode,jenis,nilai,sumber\n13.99,2025-13,x,-1,\n")
    errors = tmp_path / "masalah.csv"
    result = CliRunner().invoke(main, ["import", "labour-force", str(path), "--errors-out", str(errors)])
    assert result.exit_code == 1
    assert "baris 2, kolom kode_wilayah '13.99': galat: Kode wilayah 13.99 tidak dikenal." in result.output
    assert "tidak ada baris yang sah" in result.output
    assert errors.read_text(encoding="utf-8").count("\n") == 6  # header + 5 problems
    _no_traceback(result.output)


@pytest.mark.django_db
def test_unknown_region_and_bad_date(sumbar_regions: None) -> None:
    unknown = CliRunner().invoke(main, ["coverage", "--region", "13.50"])
    assert unknown.exit_code == 1 and "Kode wilayah '13.50' tidak dikenal" in unknown.output
    bad_date = CliRunner().invoke(main, ["coverage", "--region", "13", "--as-of", "30/06/2025"])
    assert bad_date.exit_code == 2 and "bukan tanggal YYYY-MM-DD" in bad_date.output
    _no_traceback(unknown.output + bad_date.output)


def test_unmigrated_database_is_explained(tmp_path: Path) -> None:
    import subprocess

    env = {"PATH": "/usr/bin:/bin", "CAKUPAN_DATA_DIR": str(tmp_path), "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "cakupan.cli", "coverage", "--region", "13"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "Basis data belum disiapkan. Jalankan dahulu: cakupan migrate" in done.stderr
    _no_traceback(done.stderr)


def test_usage_errors_are_in_indonesian_too() -> None:
    result = CliRunner().invoke(main, ["import", "persons"], prog_name="cakupan")
    assert result.exit_code == 2
    assert (
        "Cara pakai: cakupan import" in result.output
        and "Galat: Argumen belum diisi 'FILE'." in result.output
    )


def test_click_catalogue_is_complete_and_compiled() -> None:
    import gettext as gettext_module

    import polib

    import cakupan

    folder = Path(cakupan.__file__).parent / "locale" / "id" / "LC_MESSAGES"
    po = polib.pofile(str(folder / "messages.po"))
    with (folder / "messages.mo").open("rb") as handle:
        compiled = gettext_module.GNUTranslations(handle)
    assert po.translated_entries() and all(
        compiled.gettext(e.msgid) == e.msgstr for e in po.translated_entries() if not e.msgid_plural
    )


@pytest.mark.django_db
def test_api_token_from_the_command_line(sumbar_regions: None) -> None:
    from django.test import Client

    from cakupan.core.access import Role
    from cakupan.web.accounts.services import user_create

    user_create(username="dasbor", password="kata-sandi-uji-123", role=Role.VIEWER, region_codes=["13"])
    created = CliRunner().invoke(main, ["token", "create", "dasbor", "--name", "dasbor provinsi"])
    assert created.exit_code == 0, created.output
    raw = created.stdout.strip()
    assert Client().get("/api/v1/coverage/13", headers={"authorization": f"Bearer {raw}"}).status_code == 200
    revoked = CliRunner().invoke(main, ["token", "revoke", raw[:8]])
    assert revoked.exit_code == 0 and "dicabut" in revoked.output
    assert Client().get("/api/v1/coverage/13", headers={"authorization": f"Bearer {raw}"}).status_code == 401
    missing = CliRunner().invoke(main, ["token", "create", "siapa", "--name", "x"])
    assert missing.exit_code == 1 and "Pengguna 'siapa' tidak ada." in missing.output


def test_serve_trusts_only_the_named_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    from cakupan.cli import _proxy_options

    monkeypatch.delenv("CAKUPAN_BEHIND_TLS_PROXY", raising=False)
    assert _proxy_options() == {}
    monkeypatch.setenv("CAKUPAN_BEHIND_TLS_PROXY", "1")
    monkeypatch.setenv("CAKUPAN_TRUSTED_PROXY", "10.0.0.5")
    options = _proxy_options()
    assert options["trusted_proxy"] == "10.0.0.5" and "x-forwarded-proto" in str(
        options["trusted_proxy_headers"]
    )
