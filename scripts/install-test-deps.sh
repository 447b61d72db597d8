#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine: Debian's MariaDB (the MySQL-protocol
# server for DDL, grants and verify's marker round trip), Prometheus and Alertmanager (promtool, amtool
# and a live alertmanager for the monitoring config), ShellCheck and actionlint for the workflows and
# scripts, and the node modules (install-node-modules.sh, on Node 22).
#
# On a workstation (not root) the Debian packages go in with `sudo apt-get`. While they install,
# /usr/sbin/policy-rc.d (Debian's invoke-rc.d policy hook, exit 101 = "do not start") stops their
# services from starting: the tests start their own throwaway servers. Whatever policy-rc.d was there
# before (or none) is put back when this script ends, also on failure. The packages stay installed;
# Debian enables their services, so they start at the next boot unless you disable them
# (`sudo systemctl disable mariadb prometheus prometheus-alertmanager`).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
for bin in /usr/sbin/mariadbd:mariadb-server /usr/bin/mariadb:mariadb-client \
           /usr/bin/promtool:prometheus /usr/bin/amtool:prometheus-alertmanager /usr/bin/shellcheck:shellcheck; do
  [ -x "${bin%%:*}" ] || need_apt+=("${bin##*:}")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "installing Debian packages: ${need_apt[*]} (${SUDO:+with sudo, }their services kept from starting by a temporary /usr/sbin/policy-rc.d)" >&2
  policy=/usr/sbin/policy-rc.d
  saved_policy=""
  if [ -e "$policy" ]; then saved_policy="$(mktemp)"; $SUDO cp -p "$policy" "$saved_policy"; fi
  restore_policy() {
    if [ -n "$saved_policy" ]; then $SUDO cp -p "$saved_policy" "$policy"; rm -f "$saved_policy"; else $SUDO rm -f "$policy"; fi
  }
  trap restore_policy EXIT
  printf '#!/bin/sh\n# written by rtdw scripts/install-test-deps.sh while it installs packages; removed after\nexit 101\n' \
    | $SUDO tee "$policy" >/dev/null
  $SUDO chmod +x "$policy"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
  restore_policy
  trap - EXIT
fi

bash scripts/install-actionlint.sh
bash scripts/install-node-modules.sh
