/**
 * The pack as the Pulumi CLI meets it: policy/index.ts bundled (the CLI runs it through its
 * TypeScript loader; esbuild stands in here) and started as its own process, which serves the
 * pulumirpc.Analyzer gRPC service on the port it prints (pulumi/pulumi-policy sdk/nodejs/policy/server.ts).
 * GetAnalyzerInfo must list every policy with its enforcement level.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { policies } from "../../policy/policies";

const ROOT = path.join(__dirname, "..", "..");
let child: ChildProcess | undefined;
afterAll(() => { if (child?.pid) process.kill(child.pid); });

it("starts, serves the Analyzer API and lists every policy with its level", async () => {
  const out = path.join(ROOT, "bin", "policy-pack-test.js");
  fs.mkdirSync(path.dirname(out), { recursive: true });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require("esbuild").buildSync({ entryPoints: [path.join(ROOT, "policy", "index.ts")], bundle: true, platform: "node", packages: "external", outfile: out, logLevel: "warning" });
  child = spawn(process.execPath, [out], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  const port = await new Promise<string>((resolve, reject) => {
    let text = "";
    child!.stdout!.on("data", (d) => { text += d; const m = /^(\d+)\s*$/m.exec(text); if (m) resolve(m[1]); });
    child!.stderr!.on("data", (d) => { text += d; });
    child!.on("exit", (code) => reject(new Error(`policy pack exited with ${code}: ${text}`)));
  });
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { AnalyzerClient } = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
  const { Empty } = require("google-protobuf/google/protobuf/empty_pb");
  const { EnforcementLevel } = require("@pulumi/pulumi/proto/analyzer_pb");
  /* eslint-enable @typescript-eslint/no-require-imports */
  const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const info = await new Promise<any>((resolve, reject) => client.getAnalyzerInfo(new Empty(), (err: Error | null, res: unknown) => (err ? reject(err) : resolve(res)))); // eslint-disable-line @typescript-eslint/no-explicit-any
  client.close();
  const levelName = (n: number) => Object.entries(EnforcementLevel as Record<string, number>).find(([, v]) => v === n)?.[0];
  const listed = info.getPoliciesList().map((p: any) => [p.getName(), levelName(p.getEnforcementlevel())]); // eslint-disable-line @typescript-eslint/no-explicit-any
  expect(info.getName()).toBe("rtdw-guardrails");
  expect(listed).toEqual(policies.map((p) => [p.name, p.enforcementLevel === "advisory" ? "ADVISORY" : "MANDATORY"]));
}, 120000);
