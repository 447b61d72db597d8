/**
 * The reference warehouse's SQL variables for a stack: where the services are inside the platform
 * network (as Flink's TaskManagers reach them), the connector versions, the lake, and each job's
 * settings (as StackConfig.jobs resolved them: rtdw:jobs.<job> > rtdw:flink > the seed's per-job default).
 */
import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "../config/stackConfig";
import { JOB_NAMES, SECRET_VARIABLES, WarehouseVariables, defaultWarehouseVariables, parseWarehouseVariables } from "../warehouse";

export interface WarehousePlacement {
  mysqlHost: string;
  mysqlPort: number;
  starrocksFeHost: string;
  /** Where the StarRocks sink's stream loads go on that host (its `load-url` port). */
  starrocksStreamLoadPort?: number;
  /** Paimon warehouse URI as every Flink process sees it. */
  paimonWarehouse: string;
  s3?: { endpoint: string; pathStyleAccess: boolean };
}

export function warehouseVariablesFor(c: StackConfig, where: WarehousePlacement): WarehouseVariables {
  const d = defaultWarehouseVariables;
  // The jobs' settings as the stack config resolved them (components/config/jobs.ts), unchanged.
  const jobs = Object.fromEntries(JOB_NAMES.map((name) => {
    const { parallelism, checkpointIntervalMs, checkpointTimeoutMs, checkpointMinPauseMs, stateTtlMs } = c.jobs[name];
    return [name, { parallelism, checkpointIntervalMs, checkpointTimeoutMs, checkpointMinPauseMs, stateTtlMs }];
  })) as WarehouseVariables["jobs"];
  // Validated: a value the SQL templates cannot take fails here, naming the variable.
  return parseWarehouseVariables({
    versions: { flinkCdc: c.versions.flinkCdc, paimon: c.versions.paimon, starrocksConnector: c.versions.starrocksConnector },
    mysql: { ...d.mysql, host: where.mysqlHost, port: where.mysqlPort, database: c.mysql.database, cdcUser: c.mysql.cdcUser, serverTimeZone: c.mysql.serverTimeZone },
    paimon: { ...d.paimon, warehouse: where.paimonWarehouse, s3: where.s3 },
    starrocks: {
      ...d.starrocks,
      feHost: where.starrocksFeHost,
      httpPort: where.starrocksStreamLoadPort ?? d.starrocks.httpPort,
      // Tables keep one replica per backend, at most the three StarRocks recommends.
      replicationNum: Math.min(3, c.starrocks.backends),
    },
    jobs,
  });
}

/** The secret variables the rendered SQL references, as `${code}` StreamPark variables. */
export function secretVariableRefs(): Record<string, string> {
  return { ...SECRET_VARIABLES };
}

export interface SecretVariableValues {
  mysqlCdcPassword: pulumi.Output<string>;
  starrocksRootPassword: pulumi.Output<string>;
  s3?: { accessKey: pulumi.Output<string>; secretKey: pulumi.Output<string> };
}

/** The values of the StreamPark variables behind SECRET_VARIABLES, keyed by variable code. */
export function secretVariableValues(v: SecretVariableValues): Record<string, pulumi.Output<string>> {
  const values: Record<string, pulumi.Output<string>> = {
    [SECRET_VARIABLES["mysql.cdc.password"]]: v.mysqlCdcPassword,
    [SECRET_VARIABLES["starrocks.root.password"]]: v.starrocksRootPassword,
  };
  if (v.s3) {
    values[SECRET_VARIABLES["s3.access-key"]] = v.s3.accessKey;
    values[SECRET_VARIABLES["s3.secret-key"]] = v.s3.secretKey;
  }
  return values;
}
