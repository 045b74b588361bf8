#!/usr/bin/env bash
# make test: install and start the real services on 127.0.0.1 (deploy/services.sh), install
# axe-core for the browser tests, run the whole pytest suite on PostgreSQL with them (browser
# tests included: Playwright drives Debian's Chromium against a live server), then stop what
# was started. With --clock-runs first (make test-clock), the suite runs once per moved clock
# instead (see below).
#
# The suite runs in parallel (pytest-xdist): PYTEST_WORKERS processes, by default one per CPU
# and at most 8 (PYTEST_WORKERS=0 or 1: one process; make bench does). Each worker has its
# own test database (test_<name>_gw0…), Elasticsearch index prefix, S3 bucket and Redis key
# prefixes (marketplace/settings/test.py); the clock of --clock is the same in every worker
# (tests/clock.py). Arguments that choose the workers themselves (-n, --numprocesses,
# --dist, -p no:xdist) win over PYTEST_WORKERS.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

# -n <workers> --dist worksteal, or nothing for one process
parallel_args() {
  local arg workers
  for arg in "$@"; do
    case $arg in -n | -n[0-9]* | -nauto | --numprocesses* | --dist* | no:xdist) return 0 ;; esac
  done
  workers=${PYTEST_WORKERS:-auto}
  if [[ $workers == auto ]]; then
    workers=$(nproc 2>/dev/null || echo 1)
    ((workers > 8)) && workers=8
  fi
  if ! [[ $workers =~ ^[0-9]+$ ]]; then
    echo "PYTEST_WORKERS=$workers: expected a number or auto" >&2
    exit 2
  fi
  if ((workers > 1)); then echo "-n $workers --dist worksteal"; fi
}
PARALLEL_ARGS=$(parallel_args "$@") || exit 2
read -ra PARALLEL <<<"$PARALLEL_ARGS"
echo "=== pytest: ${PARALLEL[1]:-1} worker(s) (PYTEST_WORKERS=${PYTEST_WORKERS:-auto}) ==="

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
  .venv/bin/python -m pytest "${PARALLEL[@]}" "$@"
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
  if ! .venv/bin/python -m pytest --ignore=tests/e2e --clock="$clock" "${PARALLEL[@]}" "$@"; then
    failed+=("$clock")
  fi
  echo "=== --clock=$clock: $((SECONDS - started)) s ==="
done
if ((${#failed[@]})); then
  echo "make test-clock: failed with the clock moved by: ${failed[*]}" >&2
  exit 1
fi
