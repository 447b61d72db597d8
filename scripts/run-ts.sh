#!/usr/bin/env bash
# Runs one of the project's TypeScript command-line entry points (tools/**) on Node 22: esbuild
# (a dependency already) bundles it with the project's own modules into bin/ (git-ignored), node
# modules stay external. Usage: bash scripts/run-ts.sh tools/verify/cli.ts --stack test
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/scripts/lib/node22.sh"
use_node22
entry="$1"; shift
out="$root/bin/run-ts/$(printf '%s' "${entry%.ts}" | tr '/' '_').js"
(cd "$root" && npx esbuild "$entry" --bundle --platform=node --target=node22 --packages=external --outfile="$out" --log-level=warning)
exec node "$out" "$@"
