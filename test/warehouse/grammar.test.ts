/**
 * Every Flink SQL statement the product emits (the five jobs, all Paimon DDL) parses with
 * dt-sql-parser's FlinkSQL grammar for each stack's variables; MySQL DDL with its MySQL grammar;
 * StarRocks DDL with the structural check plus the MySQL grammar. Failures name file and line.
 */
import { splitStatements, validateSql, formatSqlError } from "../../components/sqlgrammar";
import { jobDefinitions, jobTemplate } from "../../components/warehouse/jobs";
import { mysqlSeedSql, schemaObjects } from "../../components/warehouse/schemaObjects";
import { defaultSecretRefs } from "../../components/warehouse/variables";
import { VARIABLE_SETS } from "./variableSets";

describe.each(VARIABLE_SETS)("%s stack", (_, vars) => {
  const jobs = jobDefinitions(vars, defaultSecretRefs(vars));

  test.each(jobs.map((j) => [j.name, j] as const))("job %s parses statement by statement", (_name, job) => {
    const statements = splitStatements("flink", job.sql);
    expect(statements.length).toBeGreaterThan(5);
    const errors = validateSql("flink", job.sql, job.file);
    expect(errors.map(formatSqlError)).toEqual([]);
  });

  test("the MySQL seed data parses with the MySQL grammar", () => {
    const seed = mysqlSeedSql(vars);
    const errors = seed.statements.flatMap((st) => validateSql("mysql", st.sql, seed.file, st.line));
    expect(errors.map(formatSqlError)).toEqual([]);
  });

  test("every DDL object parses with its engine's grammar", () => {
    const errors = schemaObjects(vars).flatMap((o) => validateSql(o.engine === "paimon" ? "flink" : o.engine, o.sql, o.file, o.line));
    expect(errors.map(formatSqlError)).toEqual([]);
  });
});

describe("a statement that does not parse", () => {
  test("is reported with the template file and the line of the error", () => {
    const { file, text } = jobTemplate("rt-dw-dwd-transform");
    const lines = text.split("\n");
    const at = lines.findIndex((l) => l.startsWith(") AS pay ON"));
    lines[at] = ") AS pay ON i.order_id = = pay.order_id;";
    const errors = validateSql("flink", lines.join("\n"), file);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: "sql/jobs/rt-dw-dwd-transform.sql", line: at + 1 });
  });

  test("in one statement of a file is reported at its line in the file", () => {
    const o = schemaObjects(VARIABLE_SETS[0][1]).find((x) => x.name === "paimon:paimon.dwd.dwd_orders")!;
    const broken = o.sql.replace("order_status STRING,", "order_status STRING STRING,");
    const at = o.sql.split("\n").findIndex((l) => l.includes("order_status STRING,"));
    expect(validateSql("flink", broken, o.file, o.line)).toEqual([expect.objectContaining({ file: "sql/paimon/02-dwd.sql", line: o.line + at })]);
  });

  test("a semicolon or quote inside a comment is not a statement boundary", () => {
    const sql = "-- first; it's a comment\nSET 'a' = 'b';\n/* ; ' */\nSELECT 1;";
    expect(splitStatements("flink", sql).map((s) => [s.line, s.text])).toEqual([[2, "SET 'a' = 'b'"], [4, "SELECT 1"]]);
    expect(validateSql("flink", sql, "x.sql")).toEqual([]);
  });

  test("a CASE ... END inside a statement set does not end the set", () => {
    const sql = "EXECUTE STATEMENT SET\nBEGIN\n  INSERT INTO a SELECT CASE WHEN x THEN 1 END FROM b;\n  INSERT INTO c SELECT * FROM d;\nEND;\nSELECT 1;";
    expect(splitStatements("flink", sql).map((s) => s.line)).toEqual([1, 6]);
  });
});

describe("StarRocks DDL", () => {
  const table = (tail: string) => `CREATE TABLE db.t (\n  id BIGINT NOT NULL,\n  k VARCHAR(10)\n) ENGINE = OLAP\n${tail}`;

  test("accepts StarRocks clauses in StarRocks order", () => {
    expect(validateSql("starrocks", table('PRIMARY KEY (id)\nDISTRIBUTED BY HASH (id) BUCKETS 4\nPROPERTIES ("replication_num" = "1")'), "s.sql")).toEqual([]);
  });

  test("refuses clauses out of order, with the line", () => {
    const errors = validateSql("starrocks", table('DISTRIBUTED BY HASH (id)\nPRIMARY KEY (id)'), "s.sql");
    expect(errors[0]).toMatchObject({ file: "s.sql", line: 6 });
    expect(errors[0].message).toMatch(/unexpected "PRIMARY KEY/);
  });

  test("refuses key and bucketing columns the table does not have", () => {
    const errors = validateSql("starrocks", table("PRIMARY KEY (id)\nDISTRIBUTED BY HASH (nope)"), "s.sql");
    expect(errors.map((e) => e.message).join("\n")).toMatch(/bucketing column "nope" is not a column/);
    const keyFirst = validateSql("starrocks", table("PRIMARY KEY (k)\nDISTRIBUTED BY HASH (k)"), "s.sql");
    expect(keyFirst.map((e) => e.message).join("\n")).toMatch(/must be the first columns/);
  });

  test("still parses the column list with the MySQL grammar", () => {
    const errors = validateSql("starrocks", "CREATE TABLE db.t (\n  id BIGINT NOT NULL,\n  k VARCHAR(10) = 5\n) PRIMARY KEY (id)", "s.sql");
    expect(errors).toHaveLength(1);
    expect(errors[0].line).toBe(3);
  });

  test("accepts expression and range partitioning", () => {
    expect(validateSql("starrocks", table("DUPLICATE KEY (id)\nPARTITION BY date_trunc('day', k)\nDISTRIBUTED BY HASH (id)"), "s.sql")).toEqual([]);
    expect(validateSql("starrocks", table('DUPLICATE KEY (id)\nPARTITION BY RANGE (k) (PARTITION p1 VALUES LESS THAN ("2025-01-01"))\nDISTRIBUTED BY RANDOM BUCKETS 8'), "s.sql")).toEqual([]);
  });

  test("checks an external catalog's shape", () => {
    expect(validateSql("starrocks", 'CREATE EXTERNAL CATALOG c PROPERTIES ("type" = "paimon")', "s.sql")).toEqual([]);
    expect(validateSql("starrocks", 'CREATE EXTERNAL CATALOG c PROPERTIES ("x" = "y")', "s.sql")[0].message).toMatch(/"type" property/);
    expect(validateSql("starrocks", "CREATE EXTERNAL CATALOG c", "s.sql")[0].message).toMatch(/PROPERTIES/);
  });
});
