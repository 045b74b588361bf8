#!/usr/bin/env bash
# make test: install and start the real services on 127.0.0.1 (deploy/services.sh), run
# the whole pytest suite on PostgreSQL with them, then stop what was started.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

bash deploy/services.sh install
bash deploy/services.sh start
trap 'bash "$ROOT/deploy/services.sh" stop || true' EXIT

set -a
# shellcheck disable=SC1091
source .services/env
set +a
export DJANGO_SETTINGS_MODULE=marketplace.settings.test

.venv/bin/python -m pytest "$@"
