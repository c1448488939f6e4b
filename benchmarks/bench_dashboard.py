"""The province dashboard page under load: pages/s and latency with 20 concurrent clients, per engine.

- ours:  ``cakupan serve`` (waitress, its default thread count) serving ``/wilayah/13/``, which reads the
  coverage facts;
- naive: the same Django app and middleware, served by waitress with the same thread count, plus one page
  that counts the province's active persons per kab/kota from the registry on each request
  (``person_active_on`` grouped by kab/kota code) and shows them with their denominators.

The load comes from a second process (this script with ``--load``): CLIENTS threads, each with its own
keep-alive connection, request the page for WARMUP seconds (not counted), then LOAD_SECONDS seconds. Only
status 200 counts as a page; latencies are those of the counted pages. The user is a Pemda admin of the
province, logged in through the login form (``/masuk/``).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from typing import Any

from _setup import (
    ENGINES,
    PROVINCE,
    SCALE,
    attach_django,
    engine_version,
    run_engines,
    setup_django,
    synthetic,
)

CLIENTS = 20
LOAD_SECONDS = float(os.environ.get("CAKUPAN_BENCH_LOAD_SECONDS", "10"))
WARMUP = 2.0
THREADS = 4  # cakupan serve's default
BUDGET_PAGES, BUDGET_P95 = 100.0, 0.200  # issue 5
USER, PASSWORD = "bench-pemda", "bench-pemda-sandi-panjang"
OURS_PATH, NAIVE_PATH = f"/wilayah/{PROVINCE}/", f"/naif/{PROVINCE}/"


# --- the load generator (a second process) ---------------------------------------------------------------


def load(port: int, path: str, cookie: str, *, clients: int, seconds: float, warmup: float) -> dict[str, Any]:
    """Hammer ``path``; the pages (status 200) started after ``warmup``, their latencies, other statuses."""
    start = time.perf_counter()
    counted_from, until = start + warmup, start + warmup + seconds
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    last_end = [counted_from]
    lock = threading.Lock()

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        while (began := time.perf_counter()) < until:
            try:
                conn.request("GET", path, headers={"Cookie": cookie})
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
                status = 0
            ended = time.perf_counter()
            if began >= counted_from:
                with lock:
                    statuses[status] += 1
                    last_end[0] = max(last_end[0], ended)
                    if status == 200:
                        latencies.append(ended - began)
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "pages": len(latencies),
        "seconds": last_end[0] - counted_from,
        "latencies": sorted(latencies),
        "others": {str(k): v for k, v in statuses.items() if k != 200},
    }


def run_load(port: int, path: str, cookie: str, clients: int) -> dict[str, Any]:
    """The load, from a second process; its result read back as JSON."""
    command = [sys.executable, __file__, "--load", str(port), "--clients", str(clients), path, cookie]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return dict(json.loads(output))


# --- the servers -----------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(command: list[str], port: int) -> subprocess.Popen[bytes]:
    """Start a server (its stderr kept in a file) and wait until its login page answers."""
    env = {**os.environ, "CAKUPAN_ALLOWED_HOSTS": "127.0.0.1"}
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by stop_server, with the server)
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=log)
    server.log = log  # type: ignore[attr-defined]
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if get(port, "/masuk/")[0] == 200:
                return server
        except OSError:
            time.sleep(0.2)
    stop_server(server)
    raise SystemExit(f"the server did not start: {' '.join(command)}")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    """Stop it (cakupan serve stops its worker on SIGTERM); show what it wrote to stderr, except waitress's
    'Task queue depth' notes (every request waiting for a thread: expected under this load)."""
    server.terminate()
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
    log = server.log  # type: ignore[attr-defined]
    log.seek(0)
    lines = log.read().decode(errors="replace").splitlines()
    log.close()
    queued = sum("Task queue depth" in line for line in lines)
    for line in [line for line in lines if "Task queue depth" not in line][-30:]:
        print(f"  server: {line}")
    if queued:
        print(f"  (waitress noted a queue of requests waiting for a thread {queued:,} times)")


def get(port: int, path: str, cookie: str = "") -> tuple[int, str, list[str]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        return response.status, response.read().decode(), response.headers.get_all("Set-Cookie") or []
    finally:
        conn.close()


def _cookies(headers: list[str]) -> dict[str, str]:
    return dict(h.split(";", 1)[0].split("=", 1) for h in headers)


def log_in(port: int) -> str:
    """Log in through the login form as a browser does; the Cookie header of the logged-in session."""
    status, page, headers = get(port, "/masuk/")
    cookies = _cookies(headers)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert status == 200 and token and "csrftoken" in cookies, "no login form"
    form = f"username={USER}&password={PASSWORD}&csrfmiddlewaretoken={token.group(1)}"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request(
        "POST",
        "/masuk/",
        body=form,
        headers={
            "Cookie": f"csrftoken={cookies['csrftoken']}",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    response = conn.getresponse()
    response.read()
    cookies |= _cookies(response.headers.get_all("Set-Cookie") or [])
    conn.close()
    assert response.status == 302 and "sessionid" in cookies, f"login failed ({response.status})"
    return f"sessionid={cookies['sessionid']}; csrftoken={cookies['csrftoken']}"


# --- the naive page --------------------------------------------------------------------------------------


def naive_counts(code: str, as_of: Any) -> dict[str, int]:
    """Active persons per child region of ``code``, counted from the registry now."""
    from django.db.models import Count
    from django.db.models.functions import Substr

    from cakupan.web.indicators.selectors import person_active_on

    rows = (
        person_active_on(as_of=as_of)
        .filter(region__code__startswith=code + ".")
        .annotate(child=Substr("region_id", 1, len(code) + 3))
        .values_list("child")
        .annotate(n=Count("id"))
    )
    return {child: n for child, n in rows}


def naive_view(request: Any, code: str) -> Any:
    from django.http import Http404, HttpResponse
    from django.utils.html import format_html, format_html_join

    from cakupan.core.access import Permission, aggregate_visible
    from cakupan.indicators.coverage import DEFAULT_DENOMINATOR, Coverage
    from cakupan.web.accounts.scope import require, user_scope
    from cakupan.web.indicators.selectors import denominators_latest
    from cakupan.web.indicators.services import facts_as_of
    from cakupan.web.registry.selectors import region_children, region_get

    require(request.user, Permission.VIEW_COVERAGE)
    if not aggregate_visible(code, user_scope(request.user)):
        raise Http404
    as_of = facts_as_of()  # CAKUPAN_COVERAGE_AS_OF, the facts' day
    region, children = region_get(code=code), list(region_children(code=code))
    counts = naive_counts(code, as_of)
    denominators = denominators_latest(
        region_codes=[code, *(c.code for c in children)], as_of=as_of, kind=DEFAULT_DENOMINATOR
    )
    figures = [
        Coverage(r.code, r.name, r.level, as_of, total, denominators.get(r.code))
        for r, total in [(region, sum(counts.values())), *((c, counts.get(c.code, 0)) for c in children)]
    ]
    rows = format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
        ((f.region_name, f.active_participants, f.percent) for f in figures),
    )
    return HttpResponse(format_html("<!doctype html><title>{}</title><table>{}</table>", region.name, rows))


def serve_naive(port: int) -> None:
    """The app with one more URL (the naive page), under waitress with cakupan serve's thread count."""
    attach_django()
    import waitress
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application
    from django.urls import path

    from cakupan.web.urls import urlpatterns as app_urls

    class NaiveUrls:
        urlpatterns = [*app_urls, path("naif/<str:code>/", naive_view)]

    settings.ROOT_URLCONF = NaiveUrls
    waitress.serve(get_wsgi_application(), host="127.0.0.1", port=port, threads=THREADS, _quiet=True)


# --- the benchmark ---------------------------------------------------------------------------------------


def quantile(latencies: list[float], q: float) -> float:
    return latencies[min(len(latencies) - 1, int(q * len(latencies)))] if latencies else float("nan")


def describe(name: str, result: dict[str, Any]) -> tuple[float, float]:
    lat = result["latencies"]
    rate = result["pages"] / result["seconds"] if result["seconds"] > 0 else 0.0
    p50, p95, p99 = (quantile(lat, q) * 1000 for q in (0.50, 0.95, 0.99))
    others = f", other responses {result['others']}" if result["others"] else ""
    print(
        f"  {name:<52} {rate:7.1f} pages/s   p50 {p50:6.0f} ms   p95 {p95:6.0f} ms   p99 {p99:6.0f} ms   "
        f"({result['pages']:,} pages in {result['seconds']:.1f} s{others})"
    )
    return rate, p95 / 1000


def check_figures(as_of: Any) -> None:
    """The naive page's counts are the facts' (the dashboard's) counts."""
    from cakupan.web.indicators.selectors import coverage_children, fact_period

    period = fact_period(as_of=as_of)
    assert period is not None, "no coverage facts after the imports"
    facts = {
        c.region_code: c.active_participants for c in coverage_children(region_code=PROVINCE, period=period)
    }
    naive = naive_counts(PROVINCE, as_of)
    assert {k: v for k, v in facts.items() if v} == naive, f"naive {naive} differs from the facts {facts}"


def main(engine: str) -> None:
    data = synthetic()
    os.environ["CAKUPAN_COVERAGE_AS_OF"] = data.reference_date.isoformat()
    setup_django(engine)
    print(f"=== bench_dashboard | {engine_version(engine)} | scale {SCALE:g} ===")
    print(f"data: persons.csv {data.persons_rows:,} rows, memberships.csv {data.memberships_rows:,} rows")
    print(
        f"machine: {os.cpu_count()} CPUs, {platform.platform()}, Python {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.1f} (others may share it; the servers and the load share the CPUs)"
    )
    from cakupan.core.access import Role
    from cakupan.web.accounts.services import user_create
    from cakupan.web.imports.services import import_batch_create
    from cakupan.web.registry.selectors import region_get

    for source, file in (
        ("persons", data.persons),
        ("memberships", data.memberships),
        ("labour-force", data.labour_force),
    ):
        import_batch_create(source=source, path=file)
    user_create(username=USER, password=PASSWORD, role=Role.PEMDA_ADMIN, region_codes=[PROVINCE])
    check_figures(data.reference_date)
    province = region_get(code=PROVINCE).name
    from django.db import connection

    connection.close()  # the servers hold their own connections

    print(
        f"\nprovince dashboard {OURS_PATH} ({province}), {ENGINES[engine]}: {CLIENTS} concurrent clients from a "
        f"second process, {WARMUP:g} s warm-up then {LOAD_SECONDS:g} s; waitress with {THREADS} threads"
    )
    results = {}
    for name, page, command in (
        (
            "ours   (cakupan serve, reads the facts)",
            OURS_PATH,
            ["-m", "cakupan.cli", "serve", "--threads", str(THREADS)],
        ),
        ("naive  (registry counted on each request)", NAIVE_PATH, [__file__, "--naive-server"]),
    ):
        port = free_port()
        extra = ["--port", str(port)]
        server = start_server([sys.executable, *command, *extra], port)
        try:
            cookie = log_in(port)
            status, body, _ = get(port, page, cookie)
            assert status == 200 and province in body, f"{page} answered {status} without {province!r}"
            results[name] = describe(f"{name}, {CLIENTS} clients", run_load(port, page, cookie, CLIENTS))
            describe("       1 client (the page's own time)", run_load(port, page, cookie, 1))
        finally:
            stop_server(server)
    (rate, p95), (naive_rate, _) = results.values()
    met = rate >= BUDGET_PAGES and p95 <= BUDGET_P95
    print(
        f"  ours/naive {rate / naive_rate:.1f}× the pages/s; budget ≥ {BUDGET_PAGES:g} pages/s with p95 ≤ "
        f"{BUDGET_P95 * 1000:g} ms: {'met' if met else 'NOT met'}"
    )


if __name__ == "__main__":
    if "--load" in sys.argv:
        parser = argparse.ArgumentParser()
        parser.add_argument("--load", type=int, required=True)
        parser.add_argument("--clients", type=int, required=True)
        parser.add_argument("page")
        parser.add_argument("cookie")
        args = parser.parse_args()
        print(
            json.dumps(
                load(
                    args.load,
                    args.page,
                    args.cookie,
                    clients=args.clients,
                    seconds=LOAD_SECONDS,
                    warmup=WARMUP,
                )
            )
        )
    elif "--naive-server" in sys.argv:
        serve_naive(int(sys.argv[sys.argv.index("--port") + 1]))
    else:
        run_engines(__file__, main)
