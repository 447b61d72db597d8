/**
 * Checks connector options used in WITH clauses against the option lists of the targeted
 * connector versions, and the value ranges a connector validates at job start.
 */
import { CONNECTOR_OPTION_LISTS } from "./optionLists";
import type { ConnectorName, ConnectorOptionList } from "./types";

export { CONNECTOR_OPTION_LISTS };
export type { ConnectorName, ConnectorOptionList };

export function optionList(connector: ConnectorName, version: string): ConnectorOptionList {
  const list = CONNECTOR_OPTION_LISTS.find((l) => l.connector === connector && l.version === version);
  if (!list) {
    const known = CONNECTOR_OPTION_LISTS.filter((l) => l.connector === connector).map((l) => l.version);
    throw new Error(`no option list for ${connector} ${version} (lists kept for: ${known.join(", ")})`);
  }
  return list;
}

function keyPattern(key: string): RegExp {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/#/g, "[^.]+");
  return new RegExp(`^${escaped}$`);
}

/** Whether `key` is an option the connector version accepts. */
export function isKnownOption(list: ConnectorOptionList, key: string): boolean {
  if (list.prefixes.some((p) => key.startsWith(p))) return true;
  return list.keys.some((k) => (k.includes("#") ? keyPattern(k).test(key) : k === key));
}

/**
 * Value ranges the StarRocks sink validates when the job starts (StarRocksSinkOptions#validateParamsRange
 * at v1.2.11): a value outside them fails the job, so we refuse it before it is submitted.
 * Note the seed's 'sink.buffer-flush.max-bytes' = '50MB': the connector takes a number of bytes
 * (a Long, so "50MB" does not parse) and at least 64 MB, so the product uses 67108864 (64 MB).
 */
export const STARROCKS_SINK_RANGES: Record<string, [number, number]> = {
  "sink.buffer-flush.max-bytes": [64 * 1024 * 1024, 10 * 1024 * 1024 * 1024],
  "sink.buffer-flush.max-rows": [64000, 5000000],
  "sink.buffer-flush.interval-ms": [1000, 3600000],
  "sink.max-retries": [0, 1000],
};

export interface OptionFinding {
  key: string;
  message: string;
}

/**
 * Options a connector accepts but ignores in the mode the clause selects: a setting that reads as
 * tuning and does nothing. The StarRocks V2 sink (`sink.version` V2, or AUTO, the default, on a
 * StarRocks with transaction stream load) buffers by bytes and time only: StarRocksSinkOptions#getProperties
 * hands the stream-load manager `sink.buffer-flush.max-bytes` (cacheMaxBytes) and `interval-ms`
 * (expectDelayTime); `max-rows` is read only by the V1 StarRocksSinkManager
 * (StarRocks/starrocks-connector-for-apache-flink, src/main/java/com/starrocks/connector/flink/
 * table/sink/StarRocksSinkOptions.java and manager/StarRocksSinkManager.java, v1.2.10 and v1.2.11).
 */
function ignoredOptions(list: ConnectorOptionList, options: Record<string, string>): OptionFinding[] {
  if (list.connector !== "starrocks" || (options["sink.version"] ?? "AUTO").toUpperCase() === "V1") return [];
  return ["sink.buffer-flush.max-rows"].filter((key) => key in options).map((key) => ({
    key,
    message: `'${key}' has no effect on the StarRocks V2 sink (connector ${list.version} flushes by sink.buffer-flush.max-bytes and sink.buffer-flush.interval-ms only)`,
  }));
}

/** Unknown keys, out-of-range values and ignored settings of one WITH clause. */
export function checkConnectorOptions(list: ConnectorOptionList, options: Record<string, string>): OptionFinding[] {
  const findings: OptionFinding[] = ignoredOptions(list, options);
  for (const [key, value] of Object.entries(options)) {
    if (!isKnownOption(list, key)) {
      findings.push({ key, message: `'${key}' is not an option of ${list.connector} ${list.version} (${list.source})` });
      continue;
    }
    const range = list.connector === "starrocks" ? STARROCKS_SINK_RANGES[key] : undefined;
    if (range) {
      const n = Number(value);
      if (!/^\d+$/.test(value) || n < range[0] || n > range[1]) {
        findings.push({ key, message: `'${key}' = '${value}': StarRocks connector ${list.version} accepts a number in [${range[0]}, ${range[1]}]` });
      }
    }
  }
  return findings;
}
