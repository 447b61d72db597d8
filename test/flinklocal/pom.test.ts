/**
 * The local cluster and the deployment share one list of versions and coordinates: the committed
 * Maven project is the rendering of that list, every local substitute names a coordinate the
 * deployment really uses, and the local config.yaml differs from dev's only in addresses, ports
 * and paths.
 */
import * as fs from "fs";
import { connectorCoordinates, flinkModuleCoordinates } from "../../components/flink/connectors";
import { DEFAULT_VERSIONS } from "../../components/config/versions";
import { flinkConfig } from "../../components/flink/flinkConfig";
import { devStackConfig, localFlinkConfig, POM_PATH } from "../../scripts/flink-local/cluster";
import { LOCAL_SUBSTITUTES, localArtifacts, renderPom } from "../../scripts/flink-local/pom";

const key = (c: { group: string; artifact: string; version: string }) => `${c.group}:${c.artifact}:${c.version}`;

test("scripts/flink-local/pom.xml is the rendering of the deployment's coordinates (rewrite it with `npm run flink:local -- pom`)", () => {
  expect(fs.readFileSync(POM_PATH, "utf8")).toBe(renderPom());
});

test("the pom resolves every deployed connector and Flink module, a declared substitute only where Maven Central has none", () => {
  const pom = fs.readFileSync(POM_PATH, "utf8");
  const local = localArtifacts();
  for (const c of [...flinkModuleCoordinates(DEFAULT_VERSIONS), ...connectorCoordinates(DEFAULT_VERSIONS, false)]) {
    const substitute = LOCAL_SUBSTITUTES.find((s) => key(s.deployed) === key(c));
    const expected = substitute?.local ?? c;
    expect(pom).toContain(`<artifactId>${expected.artifact}</artifactId><version>${expected.version}</version>`);
    expect([...local.flink, ...local.connectors].map(key)).toContain(key(expected));
  }
  for (const s of LOCAL_SUBSTITUTES) expect(connectorCoordinates(DEFAULT_VERSIONS, false).map(key)).toContain(key(s.deployed));
  expect(pom).toContain(`<artifactId>flink-runtime</artifactId><version>${DEFAULT_VERSIONS.flink}</version>`);
});

test("the local config.yaml is dev's rendering with only addresses, ports and paths changed", () => {
  const dev = flinkConfig({
    settings: devStackConfig().flink,
    storage: { checkpoints: "file:///lake/flink/checkpoints", savepoints: "file:///lake/flink/savepoints", highAvailability: "file:///lake/flink/ha" },
    jobManagerHost: "flink-jobmanager",
  });
  const ports = { rest: 18081, gateway: 18083, rpc: 16123, blob: 16124, taskManagerRpc: 0, metrics: "19249-19258" };
  const { config } = localFlinkConfig("/tmp/x", ports);
  const changed = Object.keys(config).filter((k) => config[k] !== dev[k]).sort();
  for (const k of changed) expect(k).toMatch(/(address|host|port|\.dir|savepoint-dir|tmp\.dirs)$/);
  expect(config["taskmanager.memory.process.size"]).toBe(dev["taskmanager.memory.process.size"]);
  expect(config["jobmanager.memory.process.size"]).toBe("1024m");
  expect(config["taskmanager.memory.process.size"]).toBe("2048m");
  expect(config["state.backend.type"]).toBe("rocksdb");
  // Several TaskManagers (and other clusters) share the host: each picks free ports.
  expect([config["taskmanager.rpc.port"], config["taskmanager.data.port"]]).toEqual([0, 0]);
});
