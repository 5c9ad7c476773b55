#!/usr/bin/env bash
# README command 1: install, migrate the SQLite database, generate the demo network, serve it with its worker.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.local/bin:$PATH"  # where pip puts uv when not root
scripts/bootstrap.sh
uv run --no-sync mosaic-match warm  # compile the matching kernels once, so no solve waits for it
mkdir -p var
echo "== migrating the SQLite database (var/mosaic.sqlite3)"
uv run --no-sync python manage.py migrate --noinput -v0
uv run --no-sync python manage.py createcachetable  # the shared cache that counts sign-in attempts
echo "== generating the demo network (kept if it already exists)"
uv run --no-sync python manage.py generate_demo --if-empty
echo "== starting the background worker (e-mail and other background work)"
echo "   E-mail the demo sends is written to var/mail/ (one .log file per sending, readable as text)"
uv run --no-sync python manage.py db_worker --no-startup-delay -v0 &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM
echo "== Mosaic is starting on http://127.0.0.1:8000 (Ctrl+C stops it and the worker)"
echo "   The matching engine's command line is installed too: uv run mosaic-match --help"
uv run --no-sync python manage.py runserver 127.0.0.1:8000 --noreload
