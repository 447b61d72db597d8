/**
 * The data-quality rules file (sql/quality/rules.yaml): parsed with `yaml`, validated with zod,
 * every problem reported with the file, line and path of the offending value.
 */
import { z } from "zod";
import { UserError } from "../config/errors";
import { parseDurationMs } from "../config/units";

const column = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "expected a column name");
const LAYERS = ["ods", "dwd", "dws"] as const;
export type Layer = (typeof LAYERS)[number];

/** Windows the monitor can bucket by, as the DATE_FORMAT pattern of the window start. */
export const WINDOW_FORMATS = { "1min": "yyyy-MM-dd HH:mm:00", "1h": "yyyy-MM-dd HH:00:00", "1d": "yyyy-MM-dd 00:00:00" } as const;
/** Seconds (the monitor compares delays in seconds): a Flink duration (components/config/units.ts) in whole seconds. */
const freshness = z.string()
  .refine((s) => (parseDurationMs(s) ?? 0.5) % 1000 === 0, 'expected a duration such as "90s", "5min" or "1h"')
  .transform((s) => (parseDurationMs(s) as number) / 1000);

const tableRules = z.object({
  /** `<layer>.<table>`: the layer (ods, dwd, dws) maps onto the stack's Paimon database. */
  table: z.string().regex(/^(ods|dwd|dws)\.[A-Za-z_][A-Za-z0-9_]*$/, "expected <layer>.<table> with layer ods, dwd or dws, e.g. dwd.dwd_orders"),
  /** Consistency: the business key; a key inserted twice in a window is a duplicate. */
  key: z.array(column).min(1, "name at least one key column"),
  /** Timeliness: the column holding the time the row last changed at the source. */
  timestamp: column,
  /** Timeliness: rows arriving later than this after `timestamp` count as late. */
  freshnessSla: freshness,
  completeness: z.object({ required: z.array(column).min(1) }).strict(),
  accuracy: z.array(z.object({
    name: z.string().regex(/^[a-z][a-z0-9_]*$/, "expected a lower-case rule name"),
    /** A Flink SQL boolean expression over the table's columns; true means the row is accurate. */
    expression: z.string().min(1),
  }).strict()).default([]),
  conformity: z.array(z.object({
    column,
    /** Java regular expression the non-null value must match (Flink REGEXP). */
    pattern: z.string().min(1).refine((p) => !p.includes("'"), "a pattern may not contain a single quote"),
  }).strict()).default([]),
}).strict();

export const qualityRulesSchema = z.object({
  version: z.literal(1),
  window: z.enum(Object.keys(WINDOW_FORMATS) as [keyof typeof WINDOW_FORMATS]),
  weights: z.object({
    completeness: z.number().min(0),
    accuracy: z.number().min(0),
    consistency: z.number().min(0),
    timeliness: z.number().min(0),
    conformity: z.number().min(0),
  }).strict().refine((w) => Object.values(w).reduce((a, b) => a + b, 0) > 0, "the weights must not all be 0"),
  alerts: z.object({
    criticalBelowScore: z.number().min(0).max(100),
    highDelayAboveMinutes: z.number().min(0),
    mediumAnomalousAbovePercent: z.number().min(0).max(100),
  }).strict(),
  tables: z.array(tableRules).min(1),
}).strict().superRefine((r, ctx) => {
  const seen = new Set<string>();
  r.tables.forEach((t, i) => {
    if (seen.has(t.table)) ctx.addIssue({ code: "custom", path: ["tables", i, "table"], message: `${t.table} is listed twice` });
    seen.add(t.table);
  });
});

export type QualityRules = z.output<typeof qualityRulesSchema>;
export type TableRules = QualityRules["tables"][number];

export class QualityRulesError extends UserError {
  constructor(readonly file: string, readonly problems: { line: number; path: string; message: string }[]) {
    super(`Invalid data-quality rules:\n${problems.map((p) => `  ${file}:${p.line}: ${p.path ? p.path + ": " : ""}${p.message}`).join("\n")}`);
  }
}

/** Where a value of the parsed rules sits in the file, for error messages. */
export interface RulesSource {
  file: string;
  lineOf(path: (string | number)[]): number;
}

export interface LoadedRules {
  rules: QualityRules;
  source: RulesSource;
}

/** Parses and validates rules text; every problem names file:line and the path of the value. */
export function parseQualityRules(text: string, file: string): LoadedRules {
  const YAML = require("yaml") as typeof import("yaml");
  const counter = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter: counter, prettyErrors: false });
  const lineOf = (path: (string | number)[]): number => {
    for (let p = path; ; p = p.slice(0, -1)) {
      const node = p.length ? doc.getIn(p, true) : doc.contents;
      const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
      if (range) return counter.linePos(range[0]).line;
      if (!p.length) return 1;
    }
  };
  if (doc.errors.length) {
    throw new QualityRulesError(file, doc.errors.map((e) => ({ line: e.linePos?.[0]?.line ?? 1, path: "", message: e.message.split("\n")[0] })));
  }
  const parsed = qualityRulesSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    throw new QualityRulesError(file, parsed.error.issues.map((i) => {
      const path = i.path.filter((p): p is string | number => typeof p !== "symbol");
      return { line: lineOf(path), path: path.join("."), message: i.message };
    }));
  }
  return { rules: parsed.data, source: { file, lineOf } };
}
