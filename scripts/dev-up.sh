#!/usr/bin/env bash
# Deploys the dev stack on the local Docker with the embedded state backend (.pulumi-state/).
# Needs: Node.js 20+, the Pulumi CLI, and a running Docker engine.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v pulumi >/dev/null || { echo "the Pulumi CLI is required: https://www.pulumi.com/docs/install/" >&2; exit 1; }
docker info >/dev/null 2>&1 || { echo "a running Docker engine is required (docker info failed)" >&2; exit 1; }
[ -d node_modules ] || npm ci --ignore-scripts --no-audit --no-fund
# The local backend encrypts secrets with a passphrase; dev uses an empty one unless you set yours.
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE-}"
pulumi stack select --create dev
# The dynamic providers (StreamPark jobs, schema objects) read these passwords back from the stack
# config on refresh and destroy, so they live there rather than being generated inside the program.
for key in streamparkAdminPassword mysqlRootPassword starrocksRootPassword; do
  if ! pulumi config get "rtdw:$key" --stack dev >/dev/null 2>&1; then
    pulumi config set --secret --stack dev "rtdw:$key" "$(node -e 'process.stdout.write(require("crypto").randomBytes(18).toString("base64url"))')"
  fi
done
pulumi up --stack dev "$@"
