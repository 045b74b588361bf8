#!/usr/bin/env bash
# Run Saleor's storefront (github.com/saleor/storefront) GraphQL codegen against our API:
# `pnpm install`, then its `generate` (src/graphql) and `generate:checkout`
# (src/checkout/graphql) scripts with NEXT_PUBLIC_SALEOR_API_URL=$API_URL. Every
# operation of the storefront's documents must validate against our live schema.
#
#   tools/storefront_codegen.sh /path/to/storefront          # or STOREFRONT_DIR=...
#
# Environment:
#   STOREFRONT_DIR  a checkout of saleor/storefront (when no argument is given); none of
#                   its files belong in this repository.
#   API_URL         our /graphql/ (default http://127.0.0.1:8000/graphql/), already serving,
#                   unless START_SERVER=1: then a quickstart server is started for the run on
#                   API_URL's port (fresh SQLite in a temp dir, migrate, seed_demo --no-images)
#                   and stopped at the end.
#   NEEDS_OUT       if set, also write there what the storefront's documents use that our
#                   schema lacks, grouped by type (python -m tests.marketplace.graphql.saleor_compat needs).
#   TAIL_LINES      lines of each codegen log to print (default 12).
# Needs node and pnpm (pnpm missing: `npm install -g pnpm@<the storefront's packageManager
# version>` from the npm registry, or it is run through npx). Exit status: 0 when both
# codegen runs pass.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
STOREFRONT_DIR=${1:-${STOREFRONT_DIR:-}}
API_URL=${API_URL:-http://127.0.0.1:8000/graphql/}
TAIL_LINES=${TAIL_LINES:-12}
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
NEEDS_OUT=${NEEDS_OUT:-}
case "$NEEDS_OUT" in ""|/*) ;; *) NEEDS_OUT=$PWD/$NEEDS_OUT ;; esac

die() { echo "storefront_codegen: $*" >&2; exit 2; }

[ -n "$STOREFRONT_DIR" ] || die "give the path of a saleor/storefront checkout (argument or STOREFRONT_DIR)"
if [ ! -f "$STOREFRONT_DIR/package.json" ] || [ ! -f "$STOREFRONT_DIR/.graphqlrc.ts" ]; then
  die "$STOREFRONT_DIR is not a saleor/storefront checkout (package.json, .graphqlrc.ts)"
fi
STOREFRONT_DIR=$(cd "$STOREFRONT_DIR" && pwd)
command -v node >/dev/null || die "node is not installed"

if command -v pnpm >/dev/null; then
  PNPM=(pnpm)
else
  version=$(node -p "(require('$STOREFRONT_DIR/package.json').packageManager||'pnpm@10').split('@')[1]")
  PNPM=(npx --yes "pnpm@$version")
fi

LOGS=$(mktemp -d "${TMPDIR:-/tmp}/storefront-codegen.XXXXXX")
SERVER_PID=""
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
  fi
}
trap cleanup EXIT

graphql_up() {
  curl -sf -m 5 -H 'Content-Type: application/json' -d '{"query":"{ __typename }"}' "$API_URL" \
    | grep -q '"Query"'
}

if [ "${START_SERVER:-0}" = 1 ]; then
  hostport=$(echo "$API_URL" | sed -E 's#^[a-z]+://([^/]+).*#\1#')
  export DATABASE_URL="sqlite:///$LOGS/db.sqlite3"
  echo "== quickstart server on $hostport (DATABASE_URL=$DATABASE_URL)"
  (cd "$ROOT" && "$PYTHON" manage.py migrate --noinput -v0 && "$PYTHON" manage.py seed_demo --no-images --quiet) \
    > "$LOGS/seed.log" 2>&1 || { tail -n 30 "$LOGS/seed.log"; die "migrate/seed_demo failed"; }
  (cd "$ROOT" && exec "$PYTHON" manage.py runserver "$hostport" --noreload) > "$LOGS/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 60); do graphql_up && break; sleep 1; done
fi
graphql_up || die "no GraphQL server answers at $API_URL (start the quickstart server, or START_SERVER=1)"

cd "$STOREFRONT_DIR" || exit 2
echo "== ${PNPM[*]} install --frozen-lockfile   (in $STOREFRONT_DIR)"
"${PNPM[@]}" install --frozen-lockfile > "$LOGS/install.log" 2>&1 \
  || { tail -n 30 "$LOGS/install.log"; die "pnpm install failed (log: $LOGS/install.log)"; }
tail -n 2 "$LOGS/install.log"

status=0
for script in generate generate:checkout; do
  echo
  echo "== NEXT_PUBLIC_SALEOR_API_URL=$API_URL ${PNPM[*]} run $script"
  NEXT_PUBLIC_SALEOR_API_URL=$API_URL "${PNPM[@]}" run "$script" > "$LOGS/$script.log" 2>&1
  rc=$?
  errors=$(grep -oE 'failed with [0-9]+ errors' "$LOGS/$script.log" | head -1)
  tail -n "$TAIL_LINES" "$LOGS/$script.log"
  echo "-- $script: exit $rc${errors:+ ($errors)}; full log $LOGS/$script.log"
  [ "$rc" = 0 ] || status=1
done

if [ -n "$NEEDS_OUT" ]; then
  echo
  (cd "$ROOT" && "$PYTHON" -m tests.marketplace.graphql.saleor_compat needs "$STOREFRONT_DIR" --api "$API_URL" --out "$NEEDS_OUT")
fi
exit $status
