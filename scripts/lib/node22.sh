# shellcheck shell=bash
# Sourced by the project's scripts: makes `node`, `npm` and `npx` run on Node 22 LTS, the version
# in .node-version. @pulumi/pulumi 3.270 declares `"engines": {"node": ">=22"}`.
# When the machine's node is older, Node 22 is fetched as an npm package (`node@<version>`: its
# install step puts the official binary of the node-<os>-<arch> package in npm's cache) and put
# first on PATH for the rest of the script, instead of failing. npm itself stays the machine's.
rtdw_node_version="$(tr -d '[:space:]' < "$(dirname "${BASH_SOURCE[0]}")/../../.node-version")"

use_node22() {
  local major
  command -v node >/dev/null || { echo "Node.js is required (any version that runs npm: Node $rtdw_node_version is fetched when it is older): https://nodejs.org/" >&2; return 1; }
  command -v npm >/dev/null || { echo "npm is required (it comes with Node.js): https://nodejs.org/" >&2; return 1; }
  major="$(node -p 'process.versions.node.split(".")[0]')"
  if [ "$major" -lt "${rtdw_node_version%%.*}" ]; then
    local node_bin
    echo "node $(node -v) is older than ${rtdw_node_version%%.*}: using Node $rtdw_node_version from the npm package node@$rtdw_node_version" >&2
    node_bin="$(npm exec --yes --package="node@$rtdw_node_version" -- node -p process.execPath)" || {
      echo "could not fetch node@$rtdw_node_version from the npm registry; install Node $rtdw_node_version yourself: https://nodejs.org/" >&2; return 1; }
    PATH="$(dirname "$node_bin"):$PATH"
    export PATH
  fi
  node -e 'const [a]=process.versions.node.split("."); if (+a < 22) { console.error("still on node " + process.version); process.exit(1) }'
}
