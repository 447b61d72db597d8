#!/usr/bin/env bash
# actionlint (github.com/rhysd/actionlint), which test/workflows checks .github/workflows with, built
# from the Go module proxy into .tools/bin (git-ignored). Needs Go (actionlint 1.7.12's go.mod: 1.25).
set -euo pipefail
cd "$(dirname "$0")/.."
version="v1.7.12"
bin=".tools/bin/actionlint"
if [ -x "$bin" ] && [ "$("$bin" -version | head -n1)" = "$version" ]; then exit 0; fi
command -v go >/dev/null || { echo "Go is required to build actionlint $version for the workflow tests (https://go.dev/doc/install)" >&2; exit 1; }
GOBIN="$PWD/.tools/bin" GOFLAGS=-mod=mod go install "github.com/rhysd/actionlint/cmd/actionlint@$version"
"$bin" -version | head -n1
