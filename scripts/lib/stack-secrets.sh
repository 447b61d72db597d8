# shellcheck shell=bash
# Sourced: sets the passwords the dynamic providers read back from a stack's config on refresh and
# destroy (StreamPark admin, MySQL root, StarRocks root) when the stack has none yet, as generated
# Pulumi secrets. Used by dev:up and the review stacks.
ensure_generated_secrets() {
  local stack="$1" key
  for key in streamparkAdminPassword mysqlRootPassword starrocksRootPassword; do
    if ! pulumi config get "rtdw:$key" --stack "$stack" >/dev/null 2>&1; then
      pulumi config set --secret --stack "$stack" "rtdw:$key" "$(node -e 'process.stdout.write(require("crypto").randomBytes(18).toString("base64url"))')"
    fi
  done
}
