/**
 * StarRocks starts with `root` and an empty password, and its own start scripts talk to the FE as
 * root with the mysql client: allin1's director (docker/dockerfiles/allin1/services/director/run.sh,
 * which stops the container on error 1045 and asks for `-e MYSQL_PWD=<root_password>`),
 * fe_entrypoint.sh (ALTER SYSTEM ADD FOLLOWER) and be_entrypoint.sh (ALTER SYSTEM ADD BACKEND).
 * The mysql client reads MYSQL_PWD from the environment.
 *
 * This wrapper runs before StarRocks' own entrypoint so that no deployed cluster keeps the empty
 * password: the first FE sets root's password right after its first bootstrap and records that in
 * its persisted meta directory; every later start, and every follower and backend, exports
 * MYSQL_PWD once the password is in force.
 */
export const ROOT_PASSWORD_WRAPPER_PATH = "/opt/rtdw/starrocks-start.sh";

export const ROOT_PASSWORD_WRAPPER = `#!/bin/bash
# rtdw: root password handling around StarRocks' own entrypoint.
# Env: STARROCKS_ROOT_PASSWORD (secret), RTDW_ROLE (allin1 | fe | be), RTDW_FE_HOST (fe/be),
#      RTDW_META_DIR (allin1/fe), RTDW_BOOTSTRAP_FILE (allin1: the director's bootstrap_done),
#      RTDW_FE_CONF + RTDW_FE_HEAP_MIB (FE heap), RTDW_BE_CONF + RTDW_BE_MEM_LIMIT_MIB (BE memory).
set -u

# Size the processes to the container: fe.conf's JAVA_OPTS defaults to -Xmx8192m and be.conf's
# mem_limit to 90% of the machine. start_fe.sh exports fe.conf's lines in order (later lines win).
append_once() { # $1 file, $2 line
  [ -n "$1" ] && [ -f "$1" ] || return 0
  grep -qxF -- "$2" "$1" || printf '\\n# rtdw: sized to the container\\n%s\\n' "$2" >> "$1"
}
if [ -n "\${RTDW_FE_HEAP_MIB:-}" ]; then
  opts="-Dlog4j2.formatMsgNoLookups=true -Xms\${RTDW_FE_HEAP_MIB}m -Xmx\${RTDW_FE_HEAP_MIB}m -XX:+UseG1GC -Xlog:gc*:\\\${LOG_DIR}/fe.gc.log.\\\$DATE:time -XX:ErrorFile=\\\${LOG_DIR}/hs_err_pid%p.log"
  for key in JAVA_OPTS JAVA_OPTS_FOR_JDK_9 JAVA_OPTS_FOR_JDK_11; do
    append_once "\${RTDW_FE_CONF:-}" "$key = \\"$opts\\""
  done
fi
if [ -n "\${RTDW_BE_MEM_LIMIT_MIB:-}" ]; then
  append_once "\${RTDW_BE_CONF:-}" "mem_limit = \${RTDW_BE_MEM_LIMIT_MIB}M"
fi
QUERY_PORT="\${RTDW_QUERY_PORT:-9030}"
MARKER="\${RTDW_META_DIR:-/nonexistent}/rtdw-root-password-set"

login() { # $1 host, $2 password
  MYSQL_PWD="$2" timeout 10 mysql --connect-timeout 2 -h "$1" -P "$QUERY_PORT" -u root -e 'SELECT 1' >/dev/null 2>&1
}

set_password_after_bootstrap() { # $1 host; runs in the background on the first FE
  while true; do
    if [ -z "\${RTDW_BOOTSTRAP_FILE:-}" ] || [ -f "$RTDW_BOOTSTRAP_FILE" ]; then
      if login "$1" ""; then
        MYSQL_PWD= mysql -h "$1" -P "$QUERY_PORT" -u root -e "SET PASSWORD = PASSWORD('$STARROCKS_ROOT_PASSWORD')" \\
          && touch "$MARKER" && echo "rtdw: root password set" >&2 && return 0
      elif login "$1" "$STARROCKS_ROOT_PASSWORD"; then
        touch "$MARKER"; return 0
      fi
    fi
    sleep 2
  done
}

wait_for_password() { # $1 host: followers and backends join only once the password is in force
  for _ in $(seq 1 300); do
    login "$1" "$STARROCKS_ROOT_PASSWORD" && return 0
    sleep 2
  done
  echo "rtdw: the FE at $1 did not accept root's password within 10 minutes" >&2
  exit 1
}

is_first_fe() {
  [ "$RTDW_ROLE" = "allin1" ] && return 0
  [ "$RTDW_ROLE" = "fe" ] && [ "$(hostname -s | awk -F- '{print $NF}')" = "0" ]
}

if [ "$RTDW_ROLE" != "be" ] && is_first_fe; then
  if [ -f "$MARKER" ]; then
    export MYSQL_PWD="$STARROCKS_ROOT_PASSWORD"
  else
    unset MYSQL_PWD
    set_password_after_bootstrap 127.0.0.1 &
  fi
else
  wait_for_password "$RTDW_FE_HOST"
  export MYSQL_PWD="$STARROCKS_ROOT_PASSWORD"
fi
exec "$@"
`;
