#!/usr/bin/env bash
# Runs a Pulumi command on the dev stack with dev's local backend and Node 22, e.g.
#   npm run dev -- stack output        npm run dev -- preview --diff        npm run dev -- destroy
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/node22.sh
source scripts/lib/dev-backend.sh
command -v pulumi >/dev/null || { echo "the Pulumi CLI is required: https://www.pulumi.com/docs/install/" >&2; exit 1; }
use_node22
use_dev_backend
[ $# -gt 0 ] || set -- stack
exec pulumi "$@" --stack dev
