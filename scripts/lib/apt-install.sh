# shellcheck shell=bash
# Sourced: installs Debian packages without starting their services, and leaves the machine's
# /usr/sbin/policy-rc.d (Debian's invoke-rc.d policy hook: exit 101 = "do not start") as it was.
# While the packages install, a policy-rc.d that refuses every start is in place (the tests start
# their own throwaway servers); afterwards the previous file, or none, is put back, also when
# apt-get fails or the script is interrupted. Through sudo when not root.
# RTDW_POLICY_RC_D and RTDW_APT_GET exist for the tests of this file.
apt_install_without_starting() {
  local policy="${RTDW_POLICY_RC_D:-/usr/sbin/policy-rc.d}" apt="${RTDW_APT_GET:-apt-get}" sudo="" saved="" rc=0
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if [ -e "$policy" ]; then saved="$(mktemp)"; $sudo cp -p "$policy" "$saved"; fi
  # shellcheck disable=SC2064  # expand now: the trap must restore this call's file
  trap "apt_restore_policy '$policy' '$saved' '$sudo'" EXIT INT TERM
  printf '#!/bin/sh\n# written by rtdw scripts/lib/apt-install.sh while packages install; removed after\nexit 101\n' \
    | $sudo tee "$policy" >/dev/null
  $sudo chmod +x "$policy"
  DEBIAN_FRONTEND=noninteractive $sudo "$apt" update -qq \
    && DEBIAN_FRONTEND=noninteractive $sudo "$apt" install -y -qq --no-install-recommends "$@" || rc=$?
  apt_restore_policy "$policy" "$saved" "$sudo"
  trap - EXIT INT TERM
  return "$rc"
}

apt_restore_policy() {
  local policy="$1" saved="$2" sudo="$3"
  if [ -n "$saved" ]; then $sudo cp -p "$saved" "$policy" && rm -f "$saved"; else $sudo rm -f "$policy"; fi
}
