/**
 * What the program renders from sql/ must not change with how the templates are written: a
 * changed job SQL restarts the job on the next release, a changed DDL is a schema update. The
 * expectation was computed on the rendering before the template syntax moved to `{{ name }}`
 * (RTDW_WRITE_RENDERED_SQL=1 rewrites it: only for a change that means to alter rendered SQL).
 * The one deliberate change since: the S3 catalogs' secret placeholders in DDL are spelled
 * `{{ s3.access-key }}` instead of `${s3.access-key}` (the schema provider compares both as equal).
 */
import * as fs from "fs";
import * as path from "path";
import { defaultSecretRefs, jobDefinitions, mysqlSeedSql, schemaObjects } from "../../components/warehouse";
import type { WarehouseVariables } from "../../components/warehouse";
import { stackVariables } from "../support/realJobs";
import { VARIABLE_SETS } from "./variableSets";

const FIXTURE = path.join(__dirname, "fixtures", "rendered-sql.json");

function rendering(vars: WarehouseVariables) {
  return {
    jobs: jobDefinitions(vars, defaultSecretRefs(vars)).map((j) => ({ name: j.name, file: j.file, variables: j.variables, sql: j.sql })),
    schema: schemaObjects(vars).map((o) => ({ name: o.name, file: o.file, line: o.line, secrets: o.secrets, sql: o.sql })),
    seed: mysqlSeedSql(vars).statements,
  };
}

function allRenderings(): Record<string, ReturnType<typeof rendering>> {
  const sets: [string, WarehouseVariables][] = [["stack:dev", stackVariables("dev")], ["stack:prod", stackVariables("prod")], ...VARIABLE_SETS];
  return Object.fromEntries(sets.map(([name, vars]) => [name, rendering(vars)]));
}

test("the rendered job SQL, DDL and seed of every stack are byte-identical to the recorded rendering", () => {
  const now = allRenderings();
  if (process.env.RTDW_WRITE_RENDERED_SQL === "1") fs.writeFileSync(FIXTURE, `${JSON.stringify(now, null, 1)}\n`);
  const recorded = JSON.parse(fs.readFileSync(FIXTURE, "utf8")) as typeof now;
  expect(Object.keys(now)).toEqual(Object.keys(recorded));
  for (const [stack, r] of Object.entries(recorded)) {
    expect(now[stack].jobs.map((j) => j.name)).toEqual(r.jobs.map((j) => j.name));
    // One job at a time, so a failure names the stack and the job.
    for (const [i, job] of r.jobs.entries()) expect({ stack, ...now[stack].jobs[i] }).toEqual({ stack, ...job });
    expect({ stack, schema: now[stack].schema }).toEqual({ stack, schema: r.schema });
    expect({ stack, seed: now[stack].seed }).toEqual({ stack, seed: r.seed });
  }
});
