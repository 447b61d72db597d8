#!/usr/bin/env bash
# The test command. Installs what the suite needs (Debian's mariadb-server, prometheus,
# prometheus-alertmanager; node modules from the lock file) when missing, type-checks the whole
# program, then runs every jest suite: unit tests, the program under the Pulumi mock runtime, and
# the integration tests against a throwaway MariaDB, a live Alertmanager and in-repo HTTP doubles.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh
npx tsc --noEmit -p tsconfig.json
npx jest --ci "$@"
