#!/usr/bin/env bash
# make test: install and start the real services on 127.0.0.1 (deploy/services.sh), install
# axe-core for the browser tests, run the whole pytest suite on PostgreSQL with them (browser
# tests included: Playwright drives Debian's Chromium against a live server), then stop what
# was started. With --clock-runs first (make test-clock), the suite runs once per moved clock
# instead (see below).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

bash deploy/services.sh install
bash deploy/services.sh start
trap 'bash "$ROOT/deploy/services.sh" stop || true' EXIT

# axe-core for the browser tests (tests/e2e), from the npm registry; skipped when the
# installed copy matches the lock file. Without it (off CI) the accessibility scans skip.
E2E=tests/e2e
if ! cmp -s "$E2E/package-lock.json" "$E2E/node_modules/.ocop-lock.json" 2>/dev/null; then
  if npm ci --prefix "$E2E" --no-audit --no-fund --loglevel=error; then
    cp "$E2E/package-lock.json" "$E2E/node_modules/.ocop-lock.json"
  elif [[ ${CI:-} == true ]]; then
    echo "npm ci --prefix $E2E failed (axe-core for the browser tests)" >&2
    exit 1
  else
    echo "WARNING: npm ci --prefix $E2E failed; the browser tests' accessibility scans will skip" >&2
  fi
fi

set -a
# shellcheck disable=SC1091
source .services/env
set +a
export DJANGO_SETTINGS_MODULE=marketplace.settings.test

if [[ ${1:-} != --clock-runs ]]; then
  .venv/bin/python -m pytest "$@"
  exit 0
fi

# make test-clock: the suite again with the process's clock moved (tests/clock.py, --clock),
# each run starting where the clock is set and running on from there. The browser tests stay
# out: Chromium's own clock cannot be moved from the test process. The times are printed.
shift
CLOCKS=(${OCOP_TEST_CLOCKS:-+45d +400d month-end})
failed=()
for clock in "${CLOCKS[@]}"; do
  echo "=== make test-clock: --clock=$clock ==="
  started=$SECONDS
  if ! .venv/bin/python -m pytest --ignore=tests/e2e --clock="$clock" "$@"; then
    failed+=("$clock")
  fi
  echo "=== --clock=$clock: $((SECONDS - started)) s ==="
done
if ((${#failed[@]})); then
  echo "make test-clock: failed with the clock moved by: ${failed[*]}" >&2
  exit 1
fi
