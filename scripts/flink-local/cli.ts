/**
 * `npm run flink:local -- start|stop|status|pom`: the local Flink 1.20 cluster for people and tests
 * (cluster.ts). `start` prints FLINK_REST=<url> and SQL_GATEWAY=<url> (and PAIMON_WAREHOUSE=<uri>)
 * and returns once both answer; a second start reuses the running cluster. Options:
 * --dir <folder> (default: $TMPDIR/rtdw-flink-local), --rest-port, --gateway-port (default: 8081
 * and 8083 as the dev stack publishes them), --task-managers <n> (default 1).
 * `prepare` only resolves the jars (the test install script runs it); `pom` rewrites pom.xml.
 */
import * as fs from "fs";
import { FLINK_PORTS } from "../../components/flink/flinkConfig";
import { defaultDir, FlinkLocalError, POM_PATH, prepareLib, runningCluster, startCluster, stopCluster } from "./cluster";
import { renderPom } from "./pom";

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  const dir = option(args, "--dir") ?? defaultDir();
  const log = (l: string) => process.stderr.write(`flink:local: ${l}\n`);
  switch (command) {
    case "start": {
      const started = Date.now();
      const c = await startCluster({
        dir, log,
        restPort: Number(option(args, "--rest-port") ?? FLINK_PORTS.rest),
        gatewayPort: Number(option(args, "--gateway-port") ?? FLINK_PORTS.sqlGateway),
        taskManagers: Number(option(args, "--task-managers") ?? 1),
      });
      log(c.reused ? `reusing the cluster in ${c.dir}` : `started in ${((Date.now() - started) / 1000).toFixed(1)} s; logs in ${c.dir}/log`);
      process.stdout.write(`FLINK_REST=${c.restUrl}\nSQL_GATEWAY=${c.gatewayUrl}\nPAIMON_WAREHOUSE=${c.warehouse}\n`);
      return;
    }
    case "stop": {
      const pids = await stopCluster(dir);
      log(pids.length ? `stopped processes ${pids.join(", ")}` : `no cluster running in ${dir}`);
      return;
    }
    case "status": {
      const c = await runningCluster(dir);
      if (!c) { log(`no cluster running in ${dir}`); process.exitCode = 1; return; }
      process.stdout.write(`FLINK_REST=${c.restUrl}\nSQL_GATEWAY=${c.gatewayUrl}\nPAIMON_WAREHOUSE=${c.warehouse}\n`);
      return;
    }
    case "prepare":
      process.stdout.write(`${prepareLib(log)}\n`);
      return;
    case "pom":
      fs.writeFileSync(POM_PATH, renderPom());
      log(`wrote ${POM_PATH}`);
      return;
    default:
      throw new FlinkLocalError("usage: npm run flink:local -- start|stop|status|prepare|pom [--dir <folder>] [--rest-port <n>] [--gateway-port <n>] [--task-managers <n>]");
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`flink:local: ${e instanceof FlinkLocalError ? e.message : (e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
