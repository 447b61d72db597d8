/**
 * The version matrix: which component versions exist for which Flink minor, and which pairings
 * upstream tests. The seed (the seed) asks for Flink 1.20.1, MySQL CDC 3.1.1, Paimon 0.8.2,
 * StarRocks 3.5.0 and StreamPark 2.1.5; not all of that pairing exists upstream
 * (apache/flink-cdc docs/content/docs/connectors/flink-sources/overview.md at each release tag; the StarRocks
 * Flink connector's common.sh and release notes), so the defaults take the smallest working step from it.
 */

export interface Versions {
  flink: string;
  flinkCdc: string;
  paimon: string;
  starrocks: string;
  starrocksConnector: string;
  streampark: string;
}

/** What the seed asked for. Selectable; refused or warned about by `checkVersions`. */
export const SEED_VERSIONS: Versions = {
  flink: "1.20.1",
  flinkCdc: "3.1.1",
  paimon: "0.8.2",
  starrocks: "3.5.0",
  starrocksConnector: "1.2.9",
  streampark: "2.1.5",
};

/**
 * The defaults: the seed's versions where they work on Flink 1.20, else the nearest that does.
 * - Flink CDC 3.3.0: 3.1.x supports Flink 1.16-1.19 only; 3.2.x supports 1.17-1.20 and 3.3.x 1.19-1.20
 *   (apache/flink-cdc@release-3.6.0:docs/content/docs/connectors/flink-sources/overview.md,
 *   "Supported Flink Versions"). 3.3.0 is the first release built against Flink 1.19 (its pom's
 *   flink.version 1.19.1; 3.2.x builds against 1.18.1), and the warehouse's option lists are read from it.
 * - Paimon 0.9.0: 0.8.x ships Flink bundles for 1.15-1.19; the first `paimon-flink-1.20` is 0.9.0.
 * - StarRocks connector 1.2.11: the first release built for Flink 1.20 (connector release notes).
 */
export const DEFAULT_VERSIONS: Versions = {
  flink: "1.20.1",
  flinkCdc: "3.3.0",
  paimon: "0.9.0",
  starrocks: "3.5.0",
  starrocksConnector: "1.2.11",
  streampark: "2.1.5",
};

interface Range {
  /** Flink minors ("1.19") for which an artifact is published. */
  artifactsFor: string[];
  /** Flink minors the project tests the release against. */
  testedWith: string[];
}

const flinkMinorsBetween = (lo: number, hi: number): string[] =>
  Array.from({ length: hi - lo + 1 }, (_, i) => `1.${lo + i}`);

/**
 * Flink CDC's MySQL SQL connector is one fat jar per release, not per Flink minor. `testedWith` is the
 * upstream support table (flink-cdc@release-3.6.0 docs/content/docs/connectors/flink-sources/overview.md):
 * 3.1.x 1.16-1.19, 3.2.x 1.17-1.20, 3.3.x and 3.4.x 1.19-1.20.
 */
const FLINK_CDC: Record<string, Range> = {
  "3.1.1": { artifactsFor: flinkMinorsBetween(16, 20), testedWith: flinkMinorsBetween(16, 19) },
  "3.2.0": { artifactsFor: flinkMinorsBetween(17, 20), testedWith: flinkMinorsBetween(17, 20) },
  "3.3.0": { artifactsFor: flinkMinorsBetween(19, 20), testedWith: flinkMinorsBetween(19, 20) },
  "3.4.0": { artifactsFor: flinkMinorsBetween(19, 20), testedWith: flinkMinorsBetween(19, 20) },
};

/** Paimon publishes one `paimon-flink-<minor>` bundle per supported Flink minor. */
const PAIMON: Record<string, Range> = {
  "0.8.2": { artifactsFor: flinkMinorsBetween(15, 19), testedWith: flinkMinorsBetween(15, 19) },
  "0.9.0": { artifactsFor: flinkMinorsBetween(15, 20), testedWith: flinkMinorsBetween(15, 20) },
};

/**
 * The StarRocks connector is published as `<version>_flink-<minor>`, one jar per Flink minor its build
 * script accepts (starrocks-connector-for-apache-flink common.sh SUPPORTED_MINOR_VERSION at each tag:
 * v1.2.9 1.15-1.18, v1.2.10 1.15-1.19, v1.2.11 1.15-1.20; docs/content/connector-sink.md "Version
 * requirements" at v1.2.12 lists the same for 1.2.9-1.2.11).
 */
const STARROCKS_CONNECTOR: Record<string, Range> = {
  "1.2.9": { artifactsFor: flinkMinorsBetween(15, 18), testedWith: flinkMinorsBetween(15, 18) },
  "1.2.10": { artifactsFor: flinkMinorsBetween(15, 19), testedWith: flinkMinorsBetween(15, 19) },
  "1.2.11": { artifactsFor: flinkMinorsBetween(15, 20), testedWith: flinkMinorsBetween(15, 20) },
  "1.2.12": { artifactsFor: flinkMinorsBetween(16, 20), testedWith: flinkMinorsBetween(16, 20) },
};

/** StreamPark 2.1.5 accepts Flink 1.12-1.20 (FlinkVersion.scala#checkVersion). */
const STREAMPARK: Record<string, Range> = {
  "2.1.5": { artifactsFor: flinkMinorsBetween(12, 20), testedWith: flinkMinorsBetween(12, 20) },
};

/** Flink releases whose official image this product pins (`flink:<v>-scala_2.12-java11`). */
const FLINK = ["1.20.1"];
const STARROCKS = ["3.5.0"];

export interface VersionFinding {
  key: keyof Versions;
  message: string;
}

export interface VersionCheck {
  errors: VersionFinding[];
  warnings: VersionFinding[];
}

export function flinkMinor(flinkVersion: string): string {
  const m = /^(\d+)\.(\d+)(?:\.\d+)?$/.exec(flinkVersion);
  if (!m) throw new Error(`"${flinkVersion}" is not a Flink version like 1.20.1`);
  return `${m[1]}.${m[2]}`;
}

function nearestWith(table: Record<string, Range>, minor: string, from: string): string | undefined {
  const ordered = Object.keys(table).sort(compareVersions);
  const later = ordered.filter((v) => compareVersions(v, from) >= 0);
  return [...later, ...ordered.reverse()].find((v) => table[v].testedWith.includes(minor));
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Refuses a pairing whose artifact does not exist (with the reason and the nearest working choice)
 * and warns about one outside the upstream-tested matrix.
 */
export function checkVersions(v: Versions): VersionCheck {
  const errors: VersionFinding[] = [];
  const warnings: VersionFinding[] = [];
  if (!FLINK.includes(v.flink)) {
    errors.push({ key: "flink", message: `Flink ${v.flink} is not one this product ships images and connectors for; choose one of ${FLINK.join(", ")}` });
    return { errors, warnings };
  }
  const minor = flinkMinor(v.flink);
  const tables: [keyof Versions, string, Record<string, Range>][] = [
    ["flinkCdc", "Flink CDC (MySQL connector)", FLINK_CDC],
    ["paimon", "Paimon", PAIMON],
    ["starrocksConnector", "the StarRocks Flink connector", STARROCKS_CONNECTOR],
    ["streampark", "StreamPark", STREAMPARK],
  ];
  for (const [key, label, table] of tables) {
    const version = v[key];
    const range = table[version];
    const nearest = nearestWith(table, minor, version);
    const suggestion = nearest ? `; the nearest working choice is ${nearest}` : "";
    if (!range) {
      errors.push({ key, message: `${label} ${version} is not a known release (known: ${Object.keys(table).join(", ")})${suggestion}` });
    } else if (!range.artifactsFor.includes(minor)) {
      errors.push({ key, message: `${label} ${version} publishes no artifact for Flink ${minor} (it supports Flink ${range.artifactsFor.join(", ")})${suggestion}` });
    } else if (!range.testedWith.includes(minor)) {
      warnings.push({ key, message: `${label} ${version} is not tested upstream with Flink ${minor} (tested: ${range.testedWith.join(", ")})${suggestion}` });
    }
  }
  if (!STARROCKS.includes(v.starrocks)) {
    errors.push({ key: "starrocks", message: `StarRocks ${v.starrocks} is not a version this product deploys; choose one of ${STARROCKS.join(", ")}` });
  }
  return { errors, warnings };
}
