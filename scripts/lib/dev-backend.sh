# shellcheck shell=bash
# Sourced by the project's scripts for the dev stack: with no PULUMI_BACKEND_URL of your own, dev's
# state goes to .pulumi-state/ inside the project (git-ignored), so a first run needs no account.
# Team stacks (test, prod, pr-<number>) use the team's backend instead: see README "State and secrets".
# The local backend encrypts secrets with a passphrase; dev uses an empty one unless you set yours.
use_dev_backend() {
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  export PULUMI_BACKEND_URL="${PULUMI_BACKEND_URL:-file://$root/.pulumi-state}"
  export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE-}"
}
