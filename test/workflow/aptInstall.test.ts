/**
 * scripts/lib/apt-install.sh: while packages install, a policy-rc.d that refuses every service
 * start is in place; afterwards the machine's own file, or none, is back, also when apt-get fails.
 * apt-get is a stand-in that records what policy-rc.d said during the install (run as root here;
 * the path of policy-rc.d is redirected into a temp folder).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..");

function install(opts: { existing?: string; aptFails?: boolean }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rtdw-apt-"));
  const policy = path.join(dir, "policy-rc.d");
  const seen = path.join(dir, "seen");
  if (opts.existing !== undefined) fs.writeFileSync(policy, opts.existing, { mode: 0o755 });
  const apt = path.join(dir, "apt-get");
  // Records, at install time, what invoke-rc.d would be told (policy-rc.d's exit code) and the packages.
  fs.writeFileSync(apt, `#!/bin/sh\n[ "$1" = install ] || exit 0\n"${policy}"; echo "policy=$? $*" > "${seen}"\n${opts.aptFails ? "exit 100" : "exit 0"}\n`, { mode: 0o755 });
  const r = spawnSync("bash", ["-c", "source scripts/lib/apt-install.sh && apt_install_without_starting mariadb-server prometheus"], {
    cwd: ROOT, encoding: "utf8", env: { ...process.env, RTDW_POLICY_RC_D: policy, RTDW_APT_GET: apt },
  });
  return { code: r.status, seen: fs.existsSync(seen) ? fs.readFileSync(seen, "utf8").trim() : "", after: fs.existsSync(policy) ? fs.readFileSync(policy, "utf8") : undefined };
}

(process.getuid?.() === 0 ? describe : describe.skip)("apt_install_without_starting", () => {
  it("keeps services from starting during the install and removes its policy-rc.d after", () => {
    const r = install({});
    expect(r.code).toBe(0);
    expect(r.seen).toBe("policy=101 install -y -qq --no-install-recommends mariadb-server prometheus");
    expect(r.after).toBeUndefined();
  });

  it("puts the machine's own policy-rc.d back", () => {
    const mine = "#!/bin/sh\n# the administrator's own policy\nexit 0\n";
    const r = install({ existing: mine });
    expect(r.seen).toMatch(/^policy=101 /);
    expect(r.after).toBe(mine);
  });

  it("restores it also when apt-get fails, and fails with apt-get's exit code", () => {
    const r = install({ existing: "#!/bin/sh\nexit 0\n", aptFails: true });
    expect(r.code).toBe(100);
    expect(r.after).toBe("#!/bin/sh\nexit 0\n");
    expect(install({ aptFails: true }).after).toBeUndefined();
  });
});
