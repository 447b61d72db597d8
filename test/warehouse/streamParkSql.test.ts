/** Every job's SQL is made only of statements StreamPark 2.1.5's SqlCommandParser runs. */
import { jobDefinitions } from "../../components/warehouse/jobs";
import { streamParkFindings } from "../../components/warehouse/streamParkSql";
import { defaultSecretRefs } from "../../components/warehouse/variables";
import { VARIABLE_SETS } from "./variableSets";

test.each(VARIABLE_SETS)("%s: every job runs on StreamPark 2.1.5", (_, vars) => {
  for (const job of jobDefinitions(vars, defaultSecretRefs(vars))) {
    expect({ job: job.name, findings: streamParkFindings(job.sql) }).toEqual({ job: job.name, findings: [] });
  }
});

test("refuses what StreamPark refuses, with the line", () => {
  const sql = "SET 'a' = 'b';\nEXECUTE STATEMENT SET\nBEGIN\n  INSERT INTO a SELECT * FROM b;\nEND;\nCREATE TEMPORARY VIEW v AS WITH x AS (SELECT 1) SELECT * FROM x;";
  expect(streamParkFindings(sql)).toEqual([
    { line: 2, message: expect.stringMatching(/does not run this statement \("EXECUTE STATEMENT SET"\)/) },
    { line: 6, message: expect.stringMatching(/CREATE TEMPORARY VIEW v AS WITH/) },
    { line: 1, message: expect.stringMatching(/no INSERT statement/) },
  ]);
});
