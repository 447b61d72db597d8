/**
 * A configuration mistake reads as the README shows it: the key, the value, what was expected, and
 * no stack trace, as Pulumi's language host prints it (test/support/languageHost.ts).
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { resolveStackConfig } from "../../components/config/stackConfig";
import { StackSecrets } from "../../components/config/secrets";
import { renderTemplate } from "../../components/warehouse/template";
import { parseQualityRules } from "../../components/quality/rules";
import { parseWarehouseVariables, defaultWarehouseVariables } from "../../components/warehouse/variables";
import { schemaObjects } from "../../components/warehouse/schemaObjects";
import * as sqlFiles from "../../components/warehouse/sqlFiles";
import { printedByLanguageHost, runUnderLanguageHost, STACK_FRAME } from "../support/languageHost";
import { runProgram } from "./harness";

/** The README's example of a refused value (the block after "a bad value fails with"). */
function readmeExample(): string {
  const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
  const m = /a bad value fails with[^`]*```\n([\s\S]*?)\n```/.exec(readme);
  if (!m) throw new Error("README.md has no example of a refused configuration value");
  return m[1];
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected an error");
}

describe("configuration errors print as the README shows them", () => {
  it("the README's example is what the program prints for that value, without a stack trace", async () => {
    const example = readmeExample();
    expect(example).toContain("rtdw:flink.checkpointInterval");
    let error: unknown;
    await runProgram("dev", { config: { "rtdw:flink": JSON.stringify({ checkpointInterval: "10s" }) } }).catch((e: unknown) => { error = e; });
    expect(error).toBeDefined();
    const printed = printedByLanguageHost(error);
    expect(printed).toBe(example);
    expect(printed).not.toMatch(STACK_FRAME);
  }, 300_000);

  it("the message survives the language host: the stack name never replaces it", () => {
    const printed = printedByLanguageHost(thrown(() => resolveStackConfig("dev", { platform: { kind: "docker" }, flink: { stateTtl: "30d" } })));
    expect(printed).toBe('Invalid configuration for stack "dev":\n  - rtdw:flink.stateTtl: got "30d"; the state TTL must be between 1 d and 7 d (the seed\'s range)');
  });

  it("a missing prod secret says which key and how to set it, nothing else", () => {
    pulumi.runtime.setAllConfig({});
    const printed = printedByLanguageHost(thrown(() => new StackSecrets("prod").password("mysqlCdcPassword")));
    expect(printed).toBe("rtdw:mysqlCdcPassword is required in prod: set it with `pulumi config set --secret rtdw:mysqlCdcPassword <value>`");
  });

  it("a bad SQL template, rules file or warehouse variable prints its file and line or path, without a stack trace", () => {
    const template = printedByLanguageHost(thrown(() => renderTemplate("SELECT 1;\nSELECT '{{ nope }}';", { file: "sql/jobs/x.sql", values: {} })));
    expect(template).toBe("sql/jobs/x.sql:2:9: unknown template variable {{ nope }} (not set by the stack configuration)");
    const rules = printedByLanguageHost(thrown(() => parseQualityRules("tables: 3\n", "sql/quality/rules.yaml")));
    expect(rules).toMatch(/^Invalid data-quality rules:\n {2}sql\/quality\/rules\.yaml:1: /);
    expect(rules).not.toMatch(STACK_FRAME);
    const vars = printedByLanguageHost(thrown(() => parseWarehouseVariables({ ...defaultWarehouseVariables, starrocks: { ...defaultWarehouseVariables.starrocks, replicationNum: 9 } })));
    expect(vars).toMatch(/^Invalid warehouse variables:\n {2}- starrocks\.replicationNum: /);
    expect(vars).not.toMatch(STACK_FRAME);
  });

  it("a DDL file with a statement that is no CREATE prints its file and line, without a stack trace", () => {
    const real = sqlFiles.readSqlFile;
    const spy = jest.spyOn(sqlFiles, "readSqlFile").mockImplementation((f: string) => (f === sqlFiles.SQL_FILES.mysql[0] ? "-- x\nDROP TABLE shop.orders;\n" : real(f)));
    try {
      expect(printedByLanguageHost(thrown(() => schemaObjects(defaultWarehouseVariables)))).toBe(`${sqlFiles.SQL_FILES.mysql[0]}:2: expected a CREATE DATABASE/TABLE/CATALOG/VIEW statement`);
    } finally {
      spy.mockRestore();
    }
  });

  it("an error of the program itself (not the user's input) still prints its stack trace", () => {
    expect(printedByLanguageHost(new Error("a bug"))).toMatch(STACK_FRAME);
  });
});

describe("under Pulumi's own language host", () => {
  it("a refused value prints exactly the README's example, and the run fails", async () => {
    const run = await runUnderLanguageHost("dev", {
      "rtdw:environment": "dev",
      "rtdw:platform": JSON.stringify({ kind: "docker" }),
      "rtdw:flink": JSON.stringify({ checkpointInterval: "10s" }),
    });
    expect(run.errors).toEqual([readmeExample()]);
    expect(run.exitCode).not.toBe(0);
  }, 300_000);
});
