#!/usr/bin/env bash
# `npm run verify -- --stack <name>`: checks a deployed stack end to end (tools/verify): jobs running
# and checkpointing without restarts, a marker row from the source MySQL through DWS to StarRocks
# within 5 minutes, the latest quality score, Alertmanager with every channel. Reads the stack's
# outputs and passwords with the Pulumi CLI (`pulumi stack output/config --show-secrets`); dev uses
# its local backend (lib/dev-backend.sh). Exit code 0 when every check passed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/node22.sh
source scripts/lib/dev-backend.sh
use_node22
bash scripts/install-node-modules.sh
stack=""
for ((i = 1; i <= $#; i++)); do
  if [ "${!i}" = "--stack" ]; then j=$((i + 1)); stack="${!j:-}"; fi
  case "${!i}" in --stack=*) stack="${!i#--stack=}" ;; esac
done
[ "$stack" != "dev" ] || use_dev_backend
exec bash scripts/run-ts.sh tools/verify/cli.ts "$@"
