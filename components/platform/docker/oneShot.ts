/**
 * The outcome of a Docker container run to completion during `up`. With `attach`, the docker provider
 * (pulumi-docker, terraform-provider-docker's resource_docker_container_funcs.go) waits for the
 * container and records `exit_code` and, with `logs`, `container_logs`, but does not fail on a
 * non-zero code: a failed schema load would only surface later as a misleading health-check timeout.
 */

/** Memory limit of one-shot containers (mysql client steps, volume preparation). */
export const ONE_SHOT_MEMORY_MIB = 128;

const TAIL_LINES = 20;

/** "ok" when the container exited 0; otherwise an error naming it, its exit code and its log's last lines. */
export function oneShotOutcome(name: string, exitCode: number | undefined, logs: string | undefined): string {
  if (exitCode === 0) return "ok";
  const tail = (logs ?? "").split(/\r?\n/).filter((l) => l.trim() !== "").slice(-TAIL_LINES);
  const code = exitCode === undefined ? "no exit code (it did not run to completion)" : `exit code ${exitCode}`;
  throw new Error(`one-shot container ${name} failed with ${code}${tail.length ? `; its last log lines:\n  ${tail.join("\n  ")}` : "; it logged nothing"}`);
}
