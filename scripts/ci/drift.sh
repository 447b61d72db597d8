#!/usr/bin/env bash
# Nightly drift check of one stack: what a refresh would change in the state (a table altered by
# hand, a job stopped by hand, a Service edited with kubectl), without writing anything. The
# output goes to <report-file>; the exit code is 0 (no drift), 1 (drift) or 2 (the check failed).
#   bash scripts/ci/drift.sh <stack> <report-file>
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
stack="$1"; report="$2"
pulumi refresh --stack "$stack" --preview-only --diff --non-interactive --expect-no-changes 2>&1 | tee "$report"
code="${PIPESTATUS[0]}"
[ "$code" -eq 0 ] && exit 0
# --expect-no-changes fails with this error when the refresh would change something: "no changes
# were expected [for <operation>] but changes were proposed" (pulumi/pulumi NoChangesExpectedError).
if grep -Eq "no changes were expected( for [a-z]+)? but changes were proposed" "$report"; then exit 1; fi
exit 2
