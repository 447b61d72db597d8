#!/usr/bin/env bash
# The test command: type-check the whole program, then run every jest suite (unit, program under the
# Pulumi mock runtime, MariaDB-backed and HTTP-double integration tests).
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc --noEmit -p tsconfig.json
npx jest --ci "$@"
