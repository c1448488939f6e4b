"""The web as it was before issue 17.3, for bench_busy.py's naive column: database sessions, axes' plain database
handler, Django's own last_login update, audit events written straight to the database, no busy page, and (set by
the benchmark through CAKUPAN_WEB_BUSY_SECONDS=60) the CLI's 60-second wait for SQLite's lock."""
