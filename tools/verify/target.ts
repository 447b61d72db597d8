/**
 * What verify needs of a stack, read with the Pulumi CLI: its outputs
 * (`pulumi stack output --json --show-secrets`) and its config (`pulumi config --json --show-secrets`),
 * zod-checked, turned into endpoints and credentials. Names default as components/warehouse/variables.ts
 * renders them (serving database rtdw_serving, Paimon catalog paimon_lake in StarRocks, DWS database dws).
 */
import { execFileSync } from "child_process";
import { z } from "zod";

const outputs = z.object({
  flinkWebUiUrl: z.string(),
  mysqlEndpoint: z.string(),
  starrocksQueryEndpoint: z.string(),
  alertmanagerUrl: z.string().optional(),
  alertRouting: z.record(z.string(), z.object({ channels: z.array(z.string()) }).passthrough()).optional(),
  unconfiguredAlertChannels: z.array(z.string()).optional(),
  jobStatus: z.record(z.string(), z.unknown()),
}).passthrough();

const configEntry = z.object({ value: z.unknown().optional(), objectValue: z.unknown().optional() }).passthrough();

export interface VerifyTarget {
  flinkRestUrl: string;
  jobNames: string[];
  source: { host: string; port: number; user: string; password: string; database: string };
  starrocks: { host: string; port: number; user: string; password: string; servingDatabase: string; dwsDatabase: string; paimonCatalog: string };
  alertmanager?: { url: string; routing: Record<string, { channels: string[] }>; unconfigured: string[] };
}

export function hostPort(endpoint: string, what: string): { host: string; port: number } {
  const m = /^(?:[a-z]+:\/\/)?([^:/]+):(\d+)\/?$/.exec(endpoint);
  if (!m) throw new Error(`${what}: expected host:port, got "${endpoint}"`);
  return { host: m[1], port: Number(m[2]) };
}

/** Builds the target from the two JSON documents the Pulumi CLI prints. */
export function targetFrom(stack: string, outputsJson: unknown, configJson: unknown): VerifyTarget {
  const o = outputs.safeParse(outputsJson);
  if (!o.success) throw new Error(`stack ${stack}: outputs are not those of an rtdw stack after \`pulumi up\` (${o.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")})`);
  const config = z.record(z.string(), configEntry).parse(configJson);
  const get = (key: string): unknown => config[`rtdw:${key}`]?.objectValue ?? config[`rtdw:${key}`]?.value;
  const secret = (key: string): string => {
    const v = get(key);
    if (typeof v !== "string" || !v) throw new Error(`stack ${stack}: rtdw:${key} is not set (pulumi config set --secret rtdw:${key} ...)`);
    return v;
  };
  const mysqlConfig = (get("mysql") ?? {}) as { mode?: string; database?: string; adminUser?: string };
  const out = o.data;
  return {
    flinkRestUrl: out.flinkWebUiUrl,
    jobNames: Object.keys(out.jobStatus),
    source: { ...hostPort(out.mysqlEndpoint, "mysqlEndpoint"), user: mysqlConfig.mode === "external" ? mysqlConfig.adminUser ?? "root" : "root", password: secret("mysqlRootPassword"), database: mysqlConfig.database ?? "shop" },
    starrocks: { ...hostPort(out.starrocksQueryEndpoint, "starrocksQueryEndpoint"), user: "root", password: secret("starrocksRootPassword"), servingDatabase: "rtdw_serving", dwsDatabase: "dws", paimonCatalog: "paimon_lake" },
    alertmanager: out.alertmanagerUrl ? { url: out.alertmanagerUrl, routing: out.alertRouting ?? {}, unconfigured: out.unconfiguredAlertChannels ?? [] } : undefined,
  };
}

export function readTarget(stack: string): VerifyTarget {
  const pulumi = (args: string[]): unknown => {
    try {
      return JSON.parse(execFileSync("pulumi", [...args, "--stack", stack, "--json", "--show-secrets"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }));
    } catch (e) {
      const err = e as { stderr?: string; message: string };
      throw new Error(`pulumi ${args.join(" ")} --stack ${stack}: ${(err.stderr || err.message).trim()}`);
    }
  };
  return targetFrom(stack, pulumi(["stack", "output"]), pulumi(["config"]));
}
