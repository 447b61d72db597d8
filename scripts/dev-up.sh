#!/usr/bin/env bash
# Deploys the dev stack on the local Docker with a local state backend (.pulumi-state/, see
# lib/dev-backend.sh). Needs: the Pulumi CLI and a running Docker engine you may use; Node 22 is
# fetched when the machine's node is older (lib/node22.sh). Extra arguments go to `pulumi up`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/node22.sh
source scripts/lib/docker.sh
source scripts/lib/dev-backend.sh
source scripts/lib/stack-secrets.sh
command -v pulumi >/dev/null || { echo "the Pulumi CLI is required: https://www.pulumi.com/docs/install/" >&2; exit 1; }
require_docker
use_node22
bash scripts/install-node-modules.sh
use_dev_backend
pulumi stack select --create dev
# The dynamic providers (StreamPark jobs, schema objects) read these passwords back from the stack
# config on refresh and destroy, so they live there rather than being generated inside the program.
ensure_generated_secrets dev
pulumi up --stack dev "$@"
