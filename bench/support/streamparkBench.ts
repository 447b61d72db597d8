/**
 * What the StreamPark benchmarks share: a fresh StreamPark double with the given delays, its Flink
 * environment and remote session cluster registered through their providers, stopped afterwards.
 */
import { DoubleDelays, StreamParkDouble } from "../../test/doubles/streampark/server";
import { FlinkEnvironmentProvider, SessionClusterProvider } from "../../components/streampark/providers/bootstrapProviders";

export interface BenchConsole {
  d: StreamParkDouble;
  conn: { consoleUrl: string; adminUser: string; adminPassword: string; passwordConfigKey: string };
  envId: string;
  clusterId: string;
}

export async function withBootstrappedDouble<T>(password: string, delays: Partial<DoubleDelays>, fn: (c: BenchConsole) => Promise<T>): Promise<T> {
  const d = new StreamParkDouble({ adminPassword: password, delays });
  await d.start();
  try {
    const conn = { consoleUrl: d.url, adminUser: "admin", adminPassword: password, passwordConfigKey: "rtdw:streamparkAdminPassword" };
    const env = await new FlinkEnvironmentProvider().create({ ...conn, flinkName: "flink-1.20.1", flinkHome: "/opt/flink" });
    const cluster = await new SessionClusterProvider().create({ ...conn, clusterName: "bench", flinkEnvId: env.id, address: "http://jm:8081", executionMode: 1 });
    return await fn({ d, conn, envId: env.id, clusterId: cluster.id });
  } finally {
    await d.stop();
  }
}
