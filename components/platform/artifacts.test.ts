import { spawn } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { fetchScript, validateArtifacts } from "./artifacts";
import { renderDockerfile } from "./docker/dockerfile";

const JAR = Buffer.from("PK\u0003\u0004 pretend jar bytes");
const sha1 = crypto.createHash("sha1").update(JAR).digest("hex");
const sha256 = crypto.createHash("sha256").update(JAR).digest("hex");

let server: http.Server;
let base: string;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const files: Record<string, string | Buffer> = {
      "/good.jar": JAR, "/good.jar.sha1": `${sha1}  good.jar\n`,
      "/tampered.jar": Buffer.concat([JAR, Buffer.from("!")]), "/tampered.jar.sha1": `${sha1}\n`,
    };
    const body = files[req.url ?? ""];
    res.writeHead(body ? 200 : 404).end(body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** Runs the fetch script with its staging directory redirected to a temp dir. */
async function runFetch(script: string): Promise<{ status: number | null; dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rtdw-artifacts-"));
  // Asynchronous: the HTTP server answering curl runs on this process's event loop.
  const child = spawn("sh", ["-c", script.split("/artifacts").join(dir)], { stdio: "ignore" });
  const status = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  return { status, dir };
}

describe("artifact fetch script (run for real with sh, curl and sha1sum)", () => {
  it("downloads a jar and verifies it against the publisher's .sha1", async () => {
    const r = await runFetch(fetchScript([{ url: `${base}/good.jar`, path: "/opt/flink/lib/good.jar", sha1Url: `${base}/good.jar.sha1` }]));
    expect(r.status).toBe(0);
    expect(fs.readFileSync(path.join(r.dir, "good.jar"))).toEqual(JAR);
  });

  it("prefers a pinned sha256", async () => {
    const r = await runFetch(fetchScript([{ url: `${base}/good.jar`, path: "/x/good.jar", sha256 }]));
    expect(r.status).toBe(0);
  });

  it("fails, and leaves no file in place, when the content does not match", async () => {
    const r = await runFetch(fetchScript([{ url: `${base}/tampered.jar`, path: "/x/tampered.jar", sha1Url: `${base}/tampered.jar.sha1` }]));
    expect(r.status).not.toBe(0);
    expect(fs.existsSync(path.join(r.dir, "tampered.jar"))).toBe(false);
  });

  it("fails when the artifact does not exist", async () => {
    const r = await runFetch(fetchScript([{ url: `${base}/missing.jar`, path: "/x/missing.jar", sha1Url: `${base}/missing.jar.sha1` }]));
    expect(r.status).not.toBe(0);
  });

  it("refuses artifacts without https or without a checksum before anything runs", () => {
    expect(() => validateArtifacts("service x", [{ url: "http://repo/x.jar", path: "/x.jar", sha1Url: "http://repo/x.jar.sha1" }])).toThrow("service x: artifact http://repo/x.jar must be fetched over https");
    expect(() => validateArtifacts("service x", [{ url: "https://repo/x.jar", path: "/x.jar" }])).toThrow("has no checksum to verify against");
  });
});

describe("derived Docker images", () => {
  it("build FROM the stock image plus verified jars and copied image contents, deterministically", () => {
    const d = {
      base: "apache/streampark:2.1.5",
      artifacts: [{ url: "https://repo1.maven.org/maven2/com/mysql/mysql-connector-j/8.0.33/mysql-connector-j-8.0.33.jar", path: "/streampark/lib/mysql-connector-j-8.0.33.jar", sha1Url: "https://repo1.maven.org/maven2/com/mysql/mysql-connector-j/8.0.33/mysql-connector-j-8.0.33.jar.sha1" }],
      imageContents: [{ image: "flink:1.20.1-scala_2.12-java11", from: "/opt/flink", to: "/opt/flink" }],
    };
    const text = renderDockerfile(d);
    expect(text).toBe(renderDockerfile(d));
    expect(text).toContain("FROM curlimages/curl:8.14.1 AS artifacts");
    expect(text).toContain("FROM apache/streampark:2.1.5\n");
    expect(text).toContain("COPY --from=artifacts /artifacts/mysql-connector-j-8.0.33.jar /streampark/lib/mysql-connector-j-8.0.33.jar");
    expect(text).toContain("COPY --from=flink:1.20.1-scala_2.12-java11 /opt/flink /opt/flink");
  });
});
