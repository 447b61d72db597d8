#!/usr/bin/env bash
# Previews each stack named (pull-request workflow) with the policy pack, keeping every output and
# exit code, including a preview failed by a mandatory policy, for the report comment:
#   bash scripts/ci/preview.sh <report-dir> test prod
# Exits non-zero when any preview failed, after all of them ran.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
dir="$1"; shift
mkdir -p "$dir"
failed=0
for stack in "$@"; do
  echo "::group::pulumi preview --stack $stack"
  pulumi preview --stack "$stack" --diff --non-interactive --policy-pack policy 2>&1 | tee "$dir/$stack.out"
  code="${PIPESTATUS[0]}"
  echo "$code" > "$dir/$stack.code"
  echo "::endgroup::"
  [ "$code" -eq 0 ] || failed=1
done
exit "$failed"
