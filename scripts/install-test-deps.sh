#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine: Node packages from the lock file and
# Debian's MariaDB (the MySQL-protocol server for DDL and grants), Prometheus and Alertmanager
# (promtool, amtool and a live alertmanager for the monitoring config), Java 17 and Maven, and the
# real Flink 1.20.1 cluster's jars (Maven resolves scripts/flink-local/pom.xml from Maven Central
# into ~/.cache/rtdw/flink-local, reusing ~/.m2 between runs).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
for bin in /usr/sbin/mariadbd:mariadb-server /usr/bin/mariadb:mariadb-client \
           /usr/bin/promtool:prometheus /usr/bin/amtool:prometheus-alertmanager \
           /usr/bin/java:openjdk-17-jre-headless /usr/bin/mvn:maven; do
  [ -x "${bin%%:*}" ] || need_apt+=("${bin##*:}")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  # Packaged services must not start here: the tests start their own throwaway servers.
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null && $SUDO chmod +x /usr/sbin/policy-rc.d
  $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

# Dependencies' install scripts stay off: @pulumi/kubernetes' would try to download its plugin, which
# nothing needs under the mock runtime.
# `npm install --no-save` installs the lock file's versions without rewriting it. Not `npm ci`: the
# registry this runs against carries only this platform's optional binaries (jest 30's unrs-resolver
# has twenty), so a lock file written here lacks the others and `npm ci` rejects it as out of sync.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm install --no-save --ignore-scripts --no-audit --no-fund
fi

# The local Flink cluster's jars (a no-op when the cache already matches pom.xml).
npm run -s flink:local -- prepare >/dev/null
