/** The job files and the generated monitor share one settings header; definitions carry settings. */
import { jobDefinitions, jobHeader, jobTemplate } from "../../components/warehouse/jobs";
import { defaultSecretRefs, JOB_NAMES } from "../../components/warehouse/variables";
import { prodVariables, testVariables } from "./variableSets";

const settingsBlock = (text: string) => text.slice(text.indexOf("-- Settings of this job"), text.indexOf(");", text.indexOf("CREATE CATALOG")) + 2);

test("every job file starts with the same settings header as the generated monitor", () => {
  const expected = settingsBlock(jobHeader("NAME", "x"));
  for (const name of JOB_NAMES) {
    expect(settingsBlock(jobTemplate(name).text).replace(`'pipeline.name' = '${name}'`, "'pipeline.name' = 'NAME'")).toBe(expected);
  }
});

test("definitions carry each stack's per-job settings and the names StreamPark expects", () => {
  const jobs = jobDefinitions(testVariables, defaultSecretRefs(testVariables));
  expect(jobs.map((j) => j.name)).toEqual(["rt-dw-cdc-ingestion", "rt-dw-ods-processing", "rt-dw-dwd-transform", "rt-dw-dws-aggregate", "rt-dw-monitor"]);
  const dwd = jobs[2];
  expect([dwd.parallelism, dwd.settings.checkpointInterval]).toEqual([3, "90 s"]);
  expect(dwd.sql).toContain("SET 'execution.checkpointing.interval' = '90 s';");
});

test("CDC sources get disjoint server-id ranges sized to the job's parallelism", () => {
  const cdc = jobDefinitions(prodVariables, defaultSecretRefs(prodVariables))[0];
  const ranges = [...cdc.sql.matchAll(/'server-id' = '(\d+)-(\d+)'/g)].map((m) => [Number(m[1]), Number(m[2])]);
  expect(ranges).toEqual([[7000, 7003], [7004, 7007], [7008, 7011], [7012, 7015], [7016, 7019]]);
});

test("an S3 lake adds the catalog's S3 options without moving any line", () => {
  const prod = jobDefinitions(prodVariables, defaultSecretRefs(prodVariables))[1];
  expect(prod.sql).toContain("'warehouse' = 's3://rtdw-prod-lake/paimon', 's3.endpoint' = 'https://s3.eu-west-1.amazonaws.com', 's3.path.style.access' = 'false', 's3.access-key' = '${s3.access.key}', 's3.secret-key' = '${s3.secret.key}'");
  expect(prod.sql.split("\n")).toHaveLength(jobTemplate("rt-dw-ods-processing").text.split("\n").length);
});
