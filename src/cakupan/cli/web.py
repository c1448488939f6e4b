"""The web app: ``cakupan serve`` and ``cakupan demo`` (which prepares demo data, then serves)."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import click

from cakupan.cli.common import UserError, _require_database, _setup_django, friendly_errors, say
from cakupan.cli.supervisor import WorkerSupervisor


@click.command(help=say("Jalankan aplikasi web.", "Run the web application."))
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--threads", default=4, show_default=True, type=int)
@friendly_errors
def serve(host: str, port: int, threads: int) -> None:
    _setup_django()
    _require_database()
    _serve(host, port, threads)


def _proxy_options() -> dict[str, object]:
    """Behind a TLS reverse proxy (CAKUPAN_BEHIND_TLS_PROXY=1), trust its forwarded scheme and client address.

    Waitress drops X-Forwarded-* headers unless told which proxy to trust; without them every request would look
    like plain HTTP from the proxy (an endless HTTPS redirect, and one IP address for the lockout and audit log).
    """
    if os.environ.get("CAKUPAN_BEHIND_TLS_PROXY") != "1":
        return {}
    return {
        "trusted_proxy": os.environ.get("CAKUPAN_TRUSTED_PROXY", "127.0.0.1"),
        "trusted_proxy_headers": "x-forwarded-proto x-forwarded-for",
        "trusted_proxy_count": 1,
        "clear_untrusted_proxy_headers": True,
    }


def _serve(host: str, port: int, threads: int) -> None:
    import waitress

    from cakupan.web.imports.uploads import largest_request_bytes
    from cakupan.web.wsgi import application

    click.echo(
        say(
            f"Cakupan berjalan di http://{host}:{port}/ (Ctrl+C untuk berhenti).",
            f"Cakupan is running at http://{host}:{port}/ (Ctrl+C to stop).",
        )
    )
    if host not in ("127.0.0.1", "localhost", "::1") and "CAKUPAN_ALLOWED_HOSTS" not in os.environ:
        click.echo(
            say(
                "Perhatian: untuk dibuka dari komputer lain di kantor, setel CAKUPAN_ALLOWED_HOSTS ke nama atau "
                "alamat IP server ini (mis. CAKUPAN_ALLOWED_HOSTS=192.168.1.10); tanpa itu permintaan ditolak.",
                "Note: to open it from other computers in the office, set CAKUPAN_ALLOWED_HOSTS to this server's "
                "name or IP address (e.g. CAKUPAN_ALLOWED_HOSTS=192.168.1.10); without it requests are refused.",
            ),
            err=True,
        )
    worker = _worker_supervisor()
    worker.start()
    # SIGTERM (a service manager stopping the server) ends the server like Ctrl+C does, so the worker is stopped too.
    signal.signal(signal.SIGTERM, _exit_on_signal)
    try:
        waitress.serve(
            application,
            host=host,
            port=port,
            threads=threads,
            _quiet=True,
            max_request_body_size=largest_request_bytes(),  # a larger body is refused before it is read
            **_proxy_options(),
        )
    except OSError as exc:
        raise UserError(
            say(
                f"Tidak dapat membuka port {port}: {exc.strerror}.",
                f"Cannot open port {port}: {exc.strerror}.",
            )
        ) from exc
    finally:
        worker.stop()


def _exit_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(0)


def _worker_supervisor() -> WorkerSupervisor:
    """The background task worker (imports from the browser) as a child process, started again should it end,
    and stopped with the server."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "cakupan.web.settings"),
    }
    command = [sys.executable, "-m", "django", "cakupan_worker", "--parent-pid", str(os.getpid())]
    return WorkerSupervisor(command, env, echo=lambda text: click.echo(text, err=True))


@click.command(
    help=say(
        "Demo lengkap: siapkan SQLite, muat wilayah Sumatera Barat, buat data sintetis, impor lewat importer "
        "yang sama dengan pengguna, lalu jalankan aplikasi web.",
        "Full demo: set up SQLite, load West Sumatra's regions, generate synthetic data, import it through the "
        "same importers users use, then serve the web app.",
    )
)
@click.option(
    "--no-serve", is_flag=True, help=say("Siapkan data saja, tanpa menjalankan web.", "Prepare data only.")
)
@click.option(
    "--scale",
    default=0.02,
    show_default=True,
    type=float,
    help=say("Skala populasi (1.0 = seluruh provinsi).", "Population scale."),
)
@click.option("--seed", default=1, show_default=True, type=int)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--boundaries",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=say(
        "Berkas GeoJSON batas wilayah untuk peta (boleh berulang).",
        "GeoJSON file of region boundaries for the map (repeatable).",
    ),
)
@friendly_errors
def demo(
    *, no_serve: bool, scale: float, seed: int, host: str, port: int, boundaries: tuple[Path, ...]
) -> None:
    # The coverage facts end in the latest month with data (facts_as_of): the synthetic data's reference month,
    # or a later one once the user enrols workers in it; nothing pins them to a date.
    _setup_django()
    from cakupan.web.demo import run_demo

    run_demo(
        scale=scale, seed=seed, url=f"http://{host}:{port}", echo=click.echo, say=say, boundaries=boundaries
    )
    if not no_serve:
        _serve(host, port, threads=4)
