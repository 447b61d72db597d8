# shellcheck shell=bash
# Sourced by the project's scripts: tells why Docker cannot be used (not installed, daemon not
# running, no permission on its socket) with Docker's own message and how to fix it.
# The messages matched are the Docker client's: "Cannot connect to the Docker daemon at %s. Is the
# docker daemon running?" (moby client/errors.go, errConnectionFailed) and "permission denied while
# trying to connect to the Docker daemon socket at %s" (moby client/request.go); "error during
# connect" is how the client reports a missing daemon on Windows and macOS pipes.
require_docker() {
  local out
  if ! command -v docker >/dev/null; then
    printf '%s\n' "Docker is not installed: no docker command on PATH." \
      "  Install Docker Engine (https://docs.docker.com/engine/install/) or Docker Desktop, then run this again." >&2
    return 1
  fi
  if out="$(docker info --format '{{.ServerVersion}}' 2>&1)"; then return 0; fi
  out="$(printf '%s\n' "$out" | sed '/^[[:space:]]*$/d')"
  case "$out" in
    *"permission denied"*)
      printf '%s\n' "Docker is installed and its daemon is running, but this user may not use it." \
        "  Docker said: $out" \
        "  Fix: add yourself to the docker group (sudo usermod -aG docker \"\$USER\", then log out and in again)," \
        "  or use rootless Docker (https://docs.docker.com/engine/security/rootless/)." >&2 ;;
    *"Cannot connect to the Docker daemon"*|*"Is the docker daemon running"*|*"error during connect"*)
      printf '%s\n' "Docker is installed but its daemon is not running (or DOCKER_HOST/the docker context points elsewhere)." \
        "  Docker said: $out" \
        "  Fix: start it (sudo systemctl start docker, or open Docker Desktop); check \`docker context ls\` and DOCKER_HOST." >&2 ;;
    *)
      printf '%s\n' "Docker is installed but \`docker info\` failed." "  Docker said: $out" >&2 ;;
  esac
  return 1
}
