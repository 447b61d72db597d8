/**
 * A small typed builder for Grafana dashboard JSON models (Grafana docs "JSON model":
 * dashboards/build-dashboards/view-dashboard-json-model), so dashboards are data: deterministic,
 * diffable, and checked by tests for the metrics and columns they read.
 */

export const DATASOURCES = {
  prometheus: { type: "prometheus", uid: "rtdw-prometheus" },
  /** StarRocks over its MySQL protocol, Grafana's built-in MySQL data source. */
  starrocks: { type: "mysql", uid: "rtdw-starrocks" },
} as const;
export type DatasourceRef = (typeof DATASOURCES)[keyof typeof DATASOURCES];

export interface PromTarget { refId: string; expr: string; legendFormat?: string; instant?: boolean }
export interface SqlTarget { refId: string; rawSql: string; format: "time_series" | "table"; rawQuery: true; editorMode: "code" }

export interface Panel {
  id: number;
  type: "timeseries" | "stat" | "table" | "row";
  title: string;
  description?: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: DatasourceRef;
  targets?: (PromTarget | SqlTarget)[];
  fieldConfig?: { defaults: Record<string, unknown>; overrides: unknown[] };
  options?: Record<string, unknown>;
}

export interface Dashboard {
  uid: string;
  title: string;
  tags: string[];
  timezone: "utc";
  schemaVersion: number;
  version: number;
  refresh: string;
  time: { from: string; to: string };
  templating: { list: Record<string, unknown>[] };
  annotations: { list: unknown[] };
  panels: Panel[];
}

export type Unit = "percent" | "percentunit" | "s" | "ms" | "bytes" | "short" | "reqps" | "none";

export interface Thresholds { steps: { color: string; value: number | null }[] }

/** Red below `bad`, yellow up to `good`, green above: for "higher is better" numbers. */
export function higherIsBetter(bad: number, good: number): Thresholds {
  return { steps: [{ color: "red", value: null }, { color: "yellow", value: bad }, { color: "green", value: good }] };
}

/** Green below `warn`, red from `bad`: for "lower is better" numbers. */
export function lowerIsBetter(warn: number, bad: number): Thresholds {
  return { steps: [{ color: "green", value: null }, { color: "yellow", value: warn }, { color: "red", value: bad }] };
}

/** Lays panels out left to right on Grafana's 24-column grid. */
export class DashboardBuilder {
  private readonly panels: Panel[] = [];
  private x = 0;
  private y = 0;
  private rowHeight = 0;
  private nextId = 1;

  constructor(private readonly uid: string, private readonly title: string, private readonly templating: Record<string, unknown>[] = []) {}

  row(title: string): this {
    this.newLine();
    this.panels.push({ id: this.nextId++, type: "row", title, gridPos: { x: 0, y: this.y, w: 24, h: 1 } });
    this.y += 1;
    return this;
  }

  panel(p: Omit<Panel, "id" | "gridPos">, w: number, h = 8): this {
    if (this.x + w > 24) this.newLine();
    const targets = p.targets?.map((t, i) => ({ ...t, refId: t.refId || String.fromCharCode(65 + i) }));
    this.panels.push({ ...p, targets, id: this.nextId++, gridPos: { x: this.x, y: this.y, w, h } });
    this.x += w;
    this.rowHeight = Math.max(this.rowHeight, h);
    return this;
  }

  private newLine(): void {
    this.y += this.rowHeight;
    this.x = 0;
    this.rowHeight = 0;
  }

  build(): Dashboard {
    return {
      uid: this.uid,
      title: this.title,
      tags: ["rtdw"],
      timezone: "utc",
      schemaVersion: 39,
      version: 1,
      refresh: "30s",
      time: { from: "now-6h", to: "now" },
      templating: { list: this.templating },
      annotations: { list: [] },
      panels: this.panels,
    };
  }
}

export function prom(expr: string, legendFormat?: string): PromTarget {
  return { refId: "", expr, ...(legendFormat ? { legendFormat } : {}) };
}

export function sql(rawSql: string, format: SqlTarget["format"] = "time_series"): SqlTarget {
  return { refId: "", rawSql, format, rawQuery: true, editorMode: "code" };
}

export function timeseries(title: string, targets: PromTarget[] | SqlTarget[], unit: Unit, opts: { description?: string; thresholds?: Thresholds; datasource?: DatasourceRef; min?: number; max?: number } = {}): Omit<Panel, "id" | "gridPos"> {
  return {
    type: "timeseries",
    title,
    ...(opts.description ? { description: opts.description } : {}),
    datasource: opts.datasource ?? DATASOURCES.prometheus,
    targets,
    fieldConfig: {
      defaults: {
        unit,
        ...(opts.min !== undefined ? { min: opts.min } : {}),
        ...(opts.max !== undefined ? { max: opts.max } : {}),
        ...(opts.thresholds ? { thresholds: { mode: "absolute", ...opts.thresholds }, custom: { thresholdsStyle: { mode: "line" } } } : {}),
      },
      overrides: [],
    },
    options: { legend: { displayMode: "table", placement: "right", calcs: ["lastNotNull", "min"] }, tooltip: { mode: "multi" } },
  };
}

export function stat(title: string, targets: PromTarget[] | SqlTarget[], unit: Unit, thresholds: Thresholds, opts: { description?: string; datasource?: DatasourceRef; decimals?: number } = {}): Omit<Panel, "id" | "gridPos"> {
  return {
    type: "stat",
    title,
    ...(opts.description ? { description: opts.description } : {}),
    datasource: opts.datasource ?? DATASOURCES.prometheus,
    targets,
    fieldConfig: { defaults: { unit, ...(opts.decimals !== undefined ? { decimals: opts.decimals } : {}), thresholds: { mode: "absolute", ...thresholds } }, overrides: [] },
    options: { colorMode: "background", graphMode: "area", reduceOptions: { calcs: ["lastNotNull"], fields: "", values: false }, textMode: "value_and_name" },
  };
}

export function table(title: string, targets: PromTarget[] | SqlTarget[], opts: { description?: string; datasource?: DatasourceRef } = {}): Omit<Panel, "id" | "gridPos"> {
  return {
    type: "table",
    title,
    ...(opts.description ? { description: opts.description } : {}),
    datasource: opts.datasource ?? DATASOURCES.prometheus,
    targets,
    fieldConfig: { defaults: {}, overrides: [] },
    options: { showHeader: true },
  };
}
