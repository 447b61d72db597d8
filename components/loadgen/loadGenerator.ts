/**
 * The dev load generator as a service: on first start it loads the deterministic seed data (only
 * while the shop tables are empty), then writes new orders, updates and deletes into the source
 * MySQL at the configured rate, so rows reach StarRocks within minutes of `pulumi up`.
 * The generator itself is generator.ts (run by cli.ts), bundled by bundle.ts into one file that
 * runs on a stock Node image.
 */
import * as pulumi from "@pulumi/pulumi";
import { DeployedService, Flow, ImageContract, Platform } from "../platform/service";
import { MYSQL_CLIENT_CONTRACT, MYSQL_IMAGE } from "../mysql/mysqlSource";

/** The official Node image, pinned (docker-library "node"). */
export const NODE_IMAGE = "node:20.18.1-bookworm-slim";

/**
 * docker-library/node 20/bookworm-slim/Dockerfile creates user `node` (uid/gid 1000) and leaves the
 * default user root; the generator needs nothing of root, so it runs as node. Node 20 sizes V8's heap
 * from the cgroup's memory limit. The RTDW_* variables are read by the bundle it runs.
 */
export const NODE_CONTRACT: ImageContract = {
  image: NODE_IMAGE,
  source: "docker-library/node 20/bookworm-slim/Dockerfile (groupadd --gid 1000 node, useradd --uid 1000)",
  user: { uid: 1000, gid: 1000 },
  readablePaths: ["/opt/rtdw"],
  writablePaths: ["/tmp"],
  env: ["RTDW_MYSQL_HOST", "RTDW_MYSQL_PORT", "RTDW_MYSQL_USER", "RTDW_MYSQL_DATABASE", "RTDW_MYSQL_PASSWORD", "RTDW_CHANGES_PER_SECOND"],
  ports: [],
  memory: { kind: "native", note: "Node 20 sizes V8's heap from the container's memory limit" },
};
/**
 * The bundle (about 1 MB, mostly mysql2's character-set tables) travels gzip+base64 to stay well
 * inside a Kubernetes ConfigMap's 1 MiB limit; Debian's base64 and gunzip unpack it at start.
 */
const BUNDLE_PATH = "/opt/rtdw/loadgen.js.gz.b64";
const UNPACKED_PATH = "/tmp/loadgen.js";
const SEED_PATH = "/opt/rtdw/seed.sql";

/** Loads the seed once: the init step of every start checks the customers table first. */
export const SEED_SCRIPT = `set -eu
until mysqladmin ping -h "$DB_HOST" -P "$DB_PORT" -u "$DB_USER" --silent; do sleep 2; done
rows=$(mysql -h "$DB_HOST" -P "$DB_PORT" -u "$DB_USER" -N -e "SELECT COUNT(*) FROM \\\`$DB_NAME\\\`.customers")
if [ "$rows" = "0" ]; then
  echo "loading the seed data into $DB_NAME"
  mysql -h "$DB_HOST" -P "$DB_PORT" -u "$DB_USER" "$DB_NAME" < ${SEED_PATH}
else
  echo "$DB_NAME already has data; no seed"
fi
`;

export function packBundle(bundle: string): string {
  const zlib = require("zlib") as typeof import("zlib");
  return zlib.gzipSync(Buffer.from(bundle), { level: 9 }).toString("base64");
}

export interface LoadGeneratorArgs {
  platform: Platform;
  /** The generator bundled into one CommonJS file (loadGeneratorBundle()). */
  bundle: string;
  /** The rendered seed statements (mysqlSeedSql()). */
  seedSql: string;
  mysql: { host: string; port: number; database: string; user: string; password: pulumi.Output<string> };
  changesPerSecond: number;
  /** How it reaches the source MySQL. */
  mysqlFlow: Flow;
  memoryMiB?: number;
  dependsOn?: pulumi.Input<pulumi.Resource>[];
}

export class LoadGenerator extends pulumi.ComponentResource {
  readonly service: DeployedService;

  constructor(name: string, args: LoadGeneratorArgs, opts?: pulumi.ComponentResourceOptions) {
    super("rtdw:loadgen:LoadGenerator", name, {}, opts);
    const db = { DB_HOST: args.mysql.host, DB_PORT: String(args.mysql.port), DB_USER: args.mysql.user, DB_NAME: args.mysql.database };
    this.service = args.platform.deploy({
      name: "loadgen",
      image: NODE_IMAGE,
      contract: NODE_CONTRACT,
      egress: [args.mysqlFlow],
      command: ["sh", "-c", `base64 -d ${BUNDLE_PATH} | gunzip > ${UNPACKED_PATH} && exec node ${UNPACKED_PATH}`],
      env: {
        RTDW_MYSQL_HOST: args.mysql.host,
        RTDW_MYSQL_PORT: String(args.mysql.port),
        RTDW_MYSQL_USER: args.mysql.user,
        RTDW_MYSQL_DATABASE: args.mysql.database,
        RTDW_CHANGES_PER_SECOND: String(args.changesPerSecond),
      },
      secretEnv: { RTDW_MYSQL_PASSWORD: args.mysql.password },
      files: [{ path: BUNDLE_PATH, content: packBundle(args.bundle) }],
      initSteps: [{
        name: "seed",
        image: MYSQL_IMAGE,
        contract: MYSQL_CLIENT_CONTRACT,
        command: ["sh", "-c", SEED_SCRIPT],
        env: db,
        secretEnv: { MYSQL_PWD: args.mysql.password },
        files: [{ path: SEED_PATH, content: args.seedSql }],
      }],
      resources: { memoryMiB: args.memoryMiB ?? 256, cpu: 1 },
      dependsOn: args.dependsOn,
    }, this);
    this.registerOutputs({});
  }
}
