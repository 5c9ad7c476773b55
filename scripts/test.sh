#!/usr/bin/env bash
# README command 2: install what the tests need, then run everything:
# ruff, the matching engine's tests, and the web app's suite (browser journeys included)
# on SQLite and again on a throw-away PostgreSQL cluster started here on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.local/bin:$PATH"  # where pip puts uv when not root
scripts/bootstrap.sh --dev
uv run --no-sync mosaic-match warm  # compile the matching kernels once, so no solve waits for it
export MOSAIC_ENV=test

echo "== ruff"
uv run --no-sync ruff check .
echo "== migrations are complete"
uv run --no-sync python manage.py makemigrations --check --dry-run >/dev/null

echo "== matching engine (no database)"
# The engine runs without Django, so pytest-django's settings key is unknown there.
uv run --no-sync pytest -p no:django --confcutdir=mosaic_match mosaic_match -q -p no:cacheprovider -W ignore::pytest.PytestConfigWarning

WEBAPP_TESTS=(accounts directory assessments mentoring mosaic programs notifications safety demo tests)
PGDIR=$(mktemp -d /tmp/mosaic-pg-XXXXXX)
PGPORT=${MOSAIC_TEST_PGPORT:-$((55000 + RANDOM % 1000))}
SQLITE_LOG=$(mktemp /tmp/mosaic-sqlite-XXXXXX.log)
SQLITE_VAR=$(mktemp -d /tmp/mosaic-var-XXXXXX)
PG_VAR=$(mktemp -d /tmp/mosaic-var-XXXXXX)
trap 'scripts/pg.sh stop "$PGDIR"; rm -rf "$SQLITE_VAR" "$PG_VAR" "$SQLITE_LOG"' EXIT
echo "== starting a throw-away PostgreSQL on 127.0.0.1:$PGPORT"
PGURL=$(scripts/pg.sh start "$PGDIR" "$PGPORT")

# The two databases' runs go side by side, a core each (each run is one process); each has its
# own var folder (mail, secret key) and browser artifacts. SQLite's output follows PostgreSQL's.
echo "== web app on SQLite and on PostgreSQL, side by side"
DATABASE_URL="sqlite:///:memory:" MOSAIC_VAR_DIR="$SQLITE_VAR" MOSAIC_TEST_ARTIFACTS=test-artifacts/sqlite \
  uv run --no-sync pytest "${WEBAPP_TESTS[@]}" -q -p no:cacheprovider >"$SQLITE_LOG" 2>&1 &
SQLITE_PID=$!
echo "== web app on PostgreSQL"
pg_rc=0
DATABASE_URL="$PGURL" MOSAIC_VAR_DIR="$PG_VAR" MOSAIC_TEST_ARTIFACTS=test-artifacts/postgresql \
  uv run --no-sync pytest "${WEBAPP_TESTS[@]}" -q -p no:cacheprovider || pg_rc=$?
sqlite_rc=0
wait "$SQLITE_PID" || sqlite_rc=$?
echo "== web app on SQLite"
cat "$SQLITE_LOG"
if [ "$pg_rc" -ne 0 ] || [ "$sqlite_rc" -ne 0 ]; then
  echo "== failed: PostgreSQL exit code $pg_rc, SQLite exit code $sqlite_rc"
  exit 1
fi
echo "== all green"
