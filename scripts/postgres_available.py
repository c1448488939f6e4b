"""Exit 0 when the test PostgreSQL server answers, 1 when it does not.

CAKUPAN_REQUIRE_POSTGRES=1 turns "not reachable" into a failure (exit 2), so CI cannot skip PostgreSQL silently.
"""

import os
import sys

import psycopg

URL = os.environ.get("CAKUPAN_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def main() -> int:
    # Connect to the maintenance database: the test database itself is created by pytest-django.
    maintenance = URL.rsplit("/", 1)[0] + "/postgres"
    try:
        with psycopg.connect(maintenance, connect_timeout=3):
            return 0
    except psycopg.OperationalError as exc:
        if os.environ.get("CAKUPAN_REQUIRE_POSTGRES") == "1":
            print(f"PostgreSQL wajib untuk tes ini tetapi tidak terjangkau: {exc}", file=sys.stderr)
            return 2
        return 1


if __name__ == "__main__":
    sys.exit(main())
