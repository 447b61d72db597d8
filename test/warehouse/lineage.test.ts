/** Lineage of the reference pipeline, derived from the rendered jobs' SQL. */
import { jobDefinitions } from "../../components/warehouse/jobs";
import { layerGraph, lineage, lineageMermaid, lineageOpenLineage, lineageSummary } from "../../components/lineage/lineage";
import { defaultSecretRefs, defaultWarehouseVariables } from "../../components/warehouse/variables";
import { testVariables } from "./variableSets";

const jobs = jobDefinitions(defaultWarehouseVariables, defaultSecretRefs(defaultWarehouseVariables));
const l = lineage(jobs);
const ids = (name: string, side: "inputs" | "outputs") => l.jobs.find((j) => j.job === name)![side].map((d) => d.id);
const TABLES = ["customers", "order_items", "orders", "payments", "products"];

test("cdc ingestion reads the five MySQL tables and writes ODS", () => {
  expect(ids("rt-dw-cdc-ingestion", "inputs")).toEqual(TABLES.map((t) => `mysql:shop.${t}`));
  expect(ids("rt-dw-cdc-ingestion", "outputs")).toEqual(TABLES.map((t) => `paimon:ods.ods_${t}`));
});

test("ODS processing turns ODS into DWD entities, transform joins them into the wide fact", () => {
  expect(ids("rt-dw-ods-processing", "inputs")).toEqual(TABLES.map((t) => `paimon:ods.ods_${t}`));
  expect(ids("rt-dw-ods-processing", "outputs")).toEqual(TABLES.map((t) => `paimon:dwd.dwd_${t}`));
  expect(ids("rt-dw-dwd-transform", "inputs")).toEqual(TABLES.map((t) => `paimon:dwd.dwd_${t}`));
  expect(ids("rt-dw-dwd-transform", "outputs")).toEqual(["paimon:dwd.dwd_order_item_wide"]);
});

test("aggregation writes DWS to Paimon and StarRocks; the monitor reads DWD and writes quality results", () => {
  expect(ids("rt-dw-dws-aggregate", "inputs")).toEqual(["paimon:dwd.dwd_order_item_wide"]);
  expect(ids("rt-dw-dws-aggregate", "outputs")).toEqual([
    "paimon:dws.dws_city_daily", "paimon:dws.dws_sales_hourly", "starrocks:rtdw_serving.dws_city_daily", "starrocks:rtdw_serving.dws_sales_hourly",
  ]);
  expect(ids("rt-dw-monitor", "inputs")).toEqual(["paimon:dwd.dwd_customers", "paimon:dwd.dwd_order_items", "paimon:dwd.dwd_orders", "paimon:dwd.dwd_payments"]);
  expect(ids("rt-dw-monitor", "outputs")).toEqual(["starrocks:rtdw_serving.dq_results"]);
});

test("the layer graph is source -> ODS -> DWD -> DWS with the monitor attached", () => {
  expect(layerGraph(l)).toEqual([
    { from: "dwd", to: "dwd", jobs: ["rt-dw-dwd-transform"] },
    { from: "dwd", to: "dws", jobs: ["rt-dw-dws-aggregate"] },
    { from: "dwd", to: "serving", jobs: ["rt-dw-dws-aggregate", "rt-dw-monitor"] },
    { from: "ods", to: "dwd", jobs: ["rt-dw-ods-processing"] },
    { from: "source", to: "ods", jobs: ["rt-dw-cdc-ingestion"] },
  ]);
});

test("follows the stack's database names back to layers", () => {
  const t = lineage(jobDefinitions(testVariables, defaultSecretRefs(testVariables)), { layers: { t_ods: "ods", t_dwd: "dwd", t_dws: "dws" } });
  expect(t.jobs[0].inputs.map((d) => d.id)).toContain("mysql:shop_test.orders");
  expect(t.jobs[0].outputs.every((d) => d.layer === "ods" && d.id.startsWith("paimon:t_ods."))).toBe(true);
});

test("renders as mermaid and as OpenLineage run events", () => {
  const m = lineageMermaid(l);
  expect(m.startsWith("flowchart LR\n")).toBe(true);
  expect(m).toContain("  subgraph DWS\n");
  expect(m).toContain("paimon_dwd_dwd_order_item_wide -->|rt-dw-dws-aggregate| starrocks_rtdw_serving_dws_sales_hourly");
  const events = lineageOpenLineage(l) as { job: { name: string }; inputs: { namespace: string; name: string }[]; outputs: unknown[] }[];
  expect(events.map((e) => e.job.name)).toEqual(jobs.map((j) => j.name));
  expect(events[0].inputs[0]).toMatchObject({ namespace: "mysql", name: "shop.customers" });
  expect(JSON.stringify(events)).not.toMatch(/password/i);
});

test("summarises for a stack output", () => {
  const s = lineageSummary(l);
  expect(s.layers).toEqual([
    "dwd -> dwd (rt-dw-dwd-transform)", "dwd -> dws (rt-dw-dws-aggregate)", "dwd -> serving (rt-dw-dws-aggregate, rt-dw-monitor)",
    "ods -> dwd (rt-dw-ods-processing)", "source -> ods (rt-dw-cdc-ingestion)",
  ]);
  expect(s.jobs["rt-dw-monitor"].outputs).toEqual(["starrocks:rtdw_serving.dq_results"]);
});
