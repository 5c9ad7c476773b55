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
echo "== web app on SQLite"
DATABASE_URL="sqlite:///:memory:" uv run --no-sync pytest "${WEBAPP_TESTS[@]}" -q -p no:cacheprovider

PGDIR=$(mktemp -d /tmp/mosaic-pg-XXXXXX)
PGPORT=${MOSAIC_TEST_PGPORT:-$((55000 + RANDOM % 1000))}
trap 'scripts/pg.sh stop "$PGDIR"' EXIT
echo "== starting a throw-away PostgreSQL on 127.0.0.1:$PGPORT"
PGURL=$(scripts/pg.sh start "$PGDIR" "$PGPORT")
echo "== web app on PostgreSQL"
DATABASE_URL="$PGURL" uv run --no-sync pytest "${WEBAPP_TESTS[@]}" -q -p no:cacheprovider
echo "== all green"
