/**
 * scripts/lib/docker.sh tells Docker missing, not running and permission denied apart, showing
 * Docker's own message. The real Docker CLI is used where it is installed (a daemon address with
 * nothing listening); otherwise, and for permission denied (root ignores socket permissions), a
 * stand-in prints the client's messages (moby client/errors.go errConnectionFailed, client/request.go).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rtdw-docker-"));

function requireDocker(env: NodeJS.ProcessEnv): { code: number | null; err: string } {
  const r = spawnSync("bash", ["-c", "source scripts/lib/docker.sh && require_docker"], { cwd: ROOT, env, encoding: "utf8" });
  return { code: r.status, err: r.stderr };
}

function withFakeDocker(name: string, script: string): NodeJS.ProcessEnv {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, "docker"), `#!/bin/sh\n${script}\n`, { mode: 0o755 });
  return { ...process.env, PATH: `${dir}:/usr/bin:/bin` };
}

it("says Docker is not installed when there is no docker command", () => {
  const empty = path.join(tmp, "empty");
  fs.mkdirSync(empty);
  const r = requireDocker({ ...process.env, PATH: `${empty}:/bin` });
  expect(r.code).toBe(1);
  expect(r.err).toContain("Docker is not installed: no docker command on PATH.");
});

it("says the daemon is not running, with Docker's message", () => {
  const real = spawnSync("sh", ["-c", "command -v docker"], { encoding: "utf8" }).stdout.trim();
  const env = real
    ? { ...process.env, DOCKER_HOST: `unix://${path.join(tmp, "nothing-here.sock")}` }
    : withFakeDocker("down", 'echo "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" >&2; exit 1');
  const r = requireDocker(env);
  expect(r.code).toBe(1);
  expect(r.err).toContain("Docker is installed but its daemon is not running");
  expect(r.err).toMatch(/Docker said: Cannot connect to the Docker daemon at unix:\/\/\S+\. Is the docker daemon running\?/);
});

it("says this user may not use Docker on permission denied, and how to fix it", () => {
  const env = withFakeDocker("denied", 'echo "permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: Get \\"http://%2Fvar%2Frun%2Fdocker.sock/v1.47/info\\": dial unix /var/run/docker.sock: connect: permission denied" >&2; exit 1');
  const r = requireDocker(env);
  expect(r.code).toBe(1);
  expect(r.err).toContain("this user may not use it");
  expect(r.err).toContain("Docker said: permission denied while trying to connect to the Docker daemon socket");
  expect(r.err).toContain("usermod -aG docker");
});

it("passes when docker info answers", () => {
  expect(requireDocker(withFakeDocker("up", "echo 28.2.2")).code).toBe(0);
});
