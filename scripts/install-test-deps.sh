#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine: Debian's MariaDB (the MySQL-protocol
# server for DDL, grants and verify's marker round trip), Prometheus and Alertmanager (promtool, amtool
# and a live alertmanager for the monitoring config), ShellCheck and actionlint for the workflows and
# scripts, Java 17 and Maven with the real Flink 1.20.1 cluster's jars (Maven resolves
# scripts/flink-local/pom.xml from Maven Central into ~/.cache/rtdw/flink-local, reusing ~/.m2), and
# the node modules (install-node-modules.sh, on Node 22).
#
# On a workstation (not root) the Debian packages go in with `sudo apt-get`, their services kept from
# starting and /usr/sbin/policy-rc.d left as it was (lib/apt-install.sh). The packages stay installed;
# Debian enables their services, so they start at the next boot unless you disable them
# (`sudo systemctl disable mariadb prometheus prometheus-alertmanager`).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
for bin in /usr/sbin/mariadbd:mariadb-server /usr/bin/mariadb:mariadb-client \
           /usr/bin/promtool:prometheus /usr/bin/amtool:prometheus-alertmanager /usr/bin/shellcheck:shellcheck \
           /usr/bin/java:openjdk-17-jre-headless /usr/bin/mvn:maven; do
  [ -x "${bin%%:*}" ] || need_apt+=("${bin##*:}")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  source scripts/lib/apt-install.sh
  echo "installing Debian packages: ${need_apt[*]} (their services kept from starting while they install; /usr/sbin/policy-rc.d restored after)" >&2
  apt_install_without_starting "${need_apt[@]}"
fi

bash scripts/install-actionlint.sh
bash scripts/install-node-modules.sh

# The local Flink cluster's jars (a no-op when the cache already matches pom.xml).
source scripts/lib/node22.sh
use_node22
npm run -s flink:local -- prepare >/dev/null
