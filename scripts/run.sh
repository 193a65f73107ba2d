#!/usr/bin/env bash
# Start the dashboard on the demo town: sets up .venv, builds the demo database if missing, serves on
# http://127.0.0.1:8050 (override with HOST=… PORT=…; database with GRIDSCOPE_DB=…).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh
export GRIDSCOPE_DB="${GRIDSCOPE_DB:-$ROOT/gridscope.duckdb}"
if [[ ! -f "$GRIDSCOPE_DB" ]]; then
    .venv/bin/gridscope demo --db "$GRIDSCOPE_DB" --geodata -
fi
# Every page needs signing in: the first run makes an admin account and prints its one-time password.
if [[ -z "$(.venv/bin/gridscope users list --db "$GRIDSCOPE_DB")" ]]; then
    echo "Sign in as admin with the password below (add people with: gridscope users add NAME --role ROLE):"
    .venv/bin/gridscope users add admin --role admin --db "$GRIDSCOPE_DB"
fi
exec .venv/bin/gridscope serve --db "$GRIDSCOPE_DB" --host "${HOST:-127.0.0.1}" --port "${PORT:-8050}"
