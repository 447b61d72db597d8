/**
 * Grafana provisioning files (Grafana docs administration/provisioning: "Data sources",
 * "Dashboards"): Prometheus and StarRocks (Grafana's MySQL data source speaks StarRocks' MySQL
 * protocol on the FE query port; `jsonData.database`, `secureJsonData.password`), and a file
 * provider loading the dashboards below from /etc/grafana/dashboards.
 */
import { stringify } from "yaml";
import { JOB_NAMES } from "../../config/schema";
import { jobsDashboard } from "../../flink/monitoring/dashboard";
import { qualityDashboard } from "../../quality/monitoring/dashboard";
import { KpiThresholds } from "../../observability/kpis";
import { DATASOURCES, Dashboard } from "../../observability/dashboardModel";
import { resourcesDashboard } from "./resourcesDashboard";

export const GRAFANA_PATHS = {
  datasources: "/etc/grafana/provisioning/datasources/rtdw.yaml",
  dashboardProvider: "/etc/grafana/provisioning/dashboards/rtdw.yaml",
  dashboards: "/etc/grafana/dashboards",
} as const;

export interface GrafanaDatasourceInputs {
  prometheusUrl: string;
  /** host:port of the StarRocks FE query port. */
  starrocksEndpoint: string;
  starrocksUser: string;
  starrocksPassword: string;
  starrocksDatabase: string;
}

export function renderDatasources(i: GrafanaDatasourceInputs): string {
  return stringify({
    apiVersion: 1,
    datasources: [
      { name: "Prometheus", uid: DATASOURCES.prometheus.uid, type: DATASOURCES.prometheus.type, access: "proxy", url: i.prometheusUrl, isDefault: true, editable: false },
      {
        name: "StarRocks",
        uid: DATASOURCES.starrocks.uid,
        type: DATASOURCES.starrocks.type,
        url: i.starrocksEndpoint,
        user: i.starrocksUser,
        jsonData: { database: i.starrocksDatabase, maxOpenConns: 5, maxIdleConns: 2, timezone: "+00:00" },
        secureJsonData: { password: i.starrocksPassword },
        editable: false,
      },
    ],
  }, { lineWidth: 0 });
}

export function renderDashboardProvider(): string {
  return stringify({
    apiVersion: 1,
    providers: [{
      name: "rtdw",
      folder: "rtdw",
      type: "file",
      disableDeletion: true,
      allowUiUpdates: false,
      updateIntervalSeconds: 60,
      options: { path: GRAFANA_PATHS.dashboards },
    }],
  });
}

export function dashboards(k: KpiThresholds): Dashboard[] {
  return [jobsDashboard(k, JOB_NAMES.length), resourcesDashboard(k), qualityDashboard(k)];
}

/** Sorted keys: the same dashboard always renders to the same bytes (no diff on a no-op). */
export function dashboardJson(d: Dashboard): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === "object") return Object.fromEntries(Object.keys(v).sort().map((key) => [key, sort((v as Record<string, unknown>)[key])]));
    return v;
  };
  return JSON.stringify(sort(d), null, 2) + "\n";
}
