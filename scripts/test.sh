#!/usr/bin/env bash
# The test command (`npm test`, and CI through .ci/run). Installs what the suite needs when missing
# (install-test-deps.sh: Debian's mariadb-server, prometheus, prometheus-alertmanager; actionlint;
# node modules from the lock file), then on Node 22 (fetched when the machine's node is older)
# type-checks the whole program and runs every jest suite: unit tests, the program under the Pulumi
# mock runtime, the policy pack, the workflows, verify, and the integration tests against a throwaway
# MariaDB, a live Alertmanager and in-repo HTTP doubles.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh
source scripts/lib/node22.sh
use_node22
echo "node $(node -v)" >&2
npx tsc --noEmit -p tsconfig.json
npx jest --ci "$@"
