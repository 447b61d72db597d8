#!/usr/bin/env bash
# The one way this project installs its node modules: the dev deploy, the tests, verify and every
# CI workflow call this script (on Node 22, see lib/node22.sh).
# `npm install --no-save` installs the lock file's versions without rewriting it. Not `npm ci`: the
# registry this is developed against carries only this platform's optional binaries (jest 30's
# unrs-resolver has twenty), so a lock file written here lacks the others and `npm ci` rejects it as
# out of sync. Dependencies' install scripts stay off: @pulumi/kubernetes' would try to download its
# plugin, which the Pulumi CLI installs by itself at preview/up and nothing needs under the mock runtime.
# Then the build step the program needs besides the modules: the SQL grammars' CommonJS bundle
# (`npm run build:grammar`, components/sqlgrammar/build.ts; a no-op when it is there).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/node22.sh
use_node22
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ] || [ package.json -nt node_modules/.package-lock.json ]; then
  npm install --no-save --ignore-scripts --no-audit --no-fund
fi
npm run --silent build:grammar
