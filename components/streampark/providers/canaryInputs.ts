/**
 * The job provider's canary inputs (upgradeStrategy canary, issue 12): the settings, their check,
 * and how the provider reaches the sinks' engines. The engines are the schema engines' clients
 * (components/schema/engines): Paimon through the Flink SQL Gateway (a batch session that runs the
 * catalog statement first), StarRocks over the MySQL protocol with the password read from the
 * stack config key named here (never an input, never an output).
 */
import type { SinkTable } from "../lifecycle/blueGreen";
import { canaryRefusal } from "../lifecycle/canary";
import type { CanarySinks, CanaryTolerances, QuerySession, SinkEngine } from "../lifecycle/canaryCompare";
import { DEFAULT_TOLERANCES, engineSinks } from "../lifecycle/canaryCompare";
import { configured } from "../../dynamicResource/stackConfig";

/** `canary` input: the window and what the comparison tolerates (defaults: DEFAULT_TOLERANCES). */
export interface CanaryInput {
  windowSeconds: number;
  tolerances?: Partial<CanaryTolerances>;
}

/**
 * How the provider reaches the engines of the job's sinks (only canary jobs carry it). The
 * addresses themselves are the job's top-level inputs `canaryPaimonEndpoint` (the Flink SQL
 * Gateway URL) and `canaryStarRocksEndpoint` (FE host:query-port), so that an EndpointRef (a
 * Kubernetes Service) is opened like the job's other addresses (components/providers/reach.ts).
 */
export interface SinkEnginesInput {
  /** The statements every gateway session runs first (the Paimon catalog) and their secrets' config keys. */
  paimon?: { setup: string[]; secretConfigKeys?: Record<string, string> };
  /** The StarRocks user, and the stack config key holding its password. */
  starrocks?: { user: string; passwordConfigKey: string };
  timeoutSeconds?: number;
}

export interface SinkEndpoints { canaryPaimonEndpoint?: string; canaryStarRocksEndpoint?: string }

const TOLERANCE_KEYS = Object.keys(DEFAULT_TOLERANCES) as (keyof CanaryTolerances)[];

/** Pure: check failures of the canary inputs, each naming the property. */
export function canaryFailures(job: string, strategy: unknown, canary: CanaryInput | undefined, sinks: SinkTable[] | undefined, engines: SinkEnginesInput | undefined, endpoints: SinkEndpoints): { property: string; reason: string }[] {
  if (strategy !== "canary") return [];
  const f: { property: string; reason: string }[] = [];
  if (!canary || !(Number.isFinite(canary.windowSeconds) && canary.windowSeconds > 0)) {
    f.push({ property: "canary", reason: `${job}: upgradeStrategy canary needs canary.window, how long green runs beside blue before the comparison (e.g. "10min")` });
  }
  for (const [k, v] of Object.entries(canary?.tolerances ?? {})) {
    if (!TOLERANCE_KEYS.includes(k as keyof CanaryTolerances)) f.push({ property: "canary", reason: `${job}: canary.tolerances.${k} is not a tolerance (known: ${TOLERANCE_KEYS.join(", ")})` });
    else if (typeof v !== "number" || !(v >= 0)) f.push({ property: "canary", reason: `${job}: canary.tolerances.${k} must be a number >= 0, got ${JSON.stringify(v)}` });
  }
  const why = canaryRefusal(job, sinks);
  if (why) f.push({ property: "upgradeStrategy", reason: why });
  for (const engine of new Set((sinks ?? []).map((s) => s.table.slice(0, s.table.indexOf(":"))))) {
    if ((engine === "paimon" || engine === "starrocks") && !engines?.[engine]) {
      f.push({ property: "sinkEngines", reason: `${job}: upgradeStrategy canary reads ${engine} sinks, but sinkEngines.${engine} (how to reach ${engine === "paimon" ? "the Flink SQL Gateway" : "StarRocks"}) is not set` });
    }
    const key = engine === "paimon" ? "canaryPaimonEndpoint" : "canaryStarRocksEndpoint";
    if ((engine === "paimon" || engine === "starrocks") && !endpoints[key]) {
      f.push({ property: key, reason: `${job}: upgradeStrategy canary reads ${engine} sinks, but ${key} is not set` });
    }
  }
  return f;
}

/** The sinks' engines through the schema engines' clients (opened on first use, closed by the canary). */
export function openSinkEngines(job: string, engines: SinkEnginesInput | undefined, endpoints: SinkEndpoints): CanarySinks {
  const timeoutMs = (engines?.timeoutSeconds ?? 300) * 1000;
  return engineSinks(async (engine: SinkEngine): Promise<QuerySession> => {
    if (engine === "paimon") {
      const p = engines?.paimon;
      if (!p || !endpoints.canaryPaimonEndpoint) throw new Error(`${job}: sinkEngines.paimon or canaryPaimonEndpoint is not set`);
      const { openSqlGateway } = require("../../schema/engines/sqlGateway") as typeof import("../../schema/engines/sqlGateway");
      // The catalog statement's secrets (`${s3.access-key}`) from the stack config, as the schema provider reads them.
      const { withSecrets } = require("../../schema/provider/inputs") as typeof import("../../schema/provider/inputs");
      const setup = p.setup.map((st) => withSecrets({ name: job, secretConfigKeys: p.secretConfigKeys ?? {} }, st));
      return openSqlGateway({ engine, endpoint: endpoints.canaryPaimonEndpoint, setup, timeoutMs, attempts: 3, backoffMs: 1000 });
    }
    const s = engines?.starrocks;
    if (!s || !endpoints.canaryStarRocksEndpoint) throw new Error(`${job}: sinkEngines.starrocks or canaryStarRocksEndpoint is not set`);
    const password = configured(s.passwordConfigKey);
    if (password === undefined) throw new Error(`${job}: the stack config has no ${s.passwordConfigKey} (the StarRocks password the canary reads with)`);
    const { openMysqlProtocol } = require("../../schema/engines/mysqlProtocol") as typeof import("../../schema/engines/mysqlProtocol");
    return openMysqlProtocol({ engine, endpoint: endpoints.canaryStarRocksEndpoint, user: s.user, password, setup: [], timeoutMs, attempts: 3, backoffMs: 1000 });
  });
}
