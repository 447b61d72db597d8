/** Templating: unknown variables name file and line; secrets never become plain text. */
import * as pulumi from "@pulumi/pulumi";
import { renderTemplate, renderTemplateOutput, TemplateError } from "../../components/warehouse/template";
import { jobDefinitions } from "../../components/warehouse/jobs";
import { defaultSecretRefs, defaultWarehouseVariables, parseWarehouseVariables, secretVariables } from "../../components/warehouse/variables";
import { prodVariables } from "./variableSets";

beforeAll(() => {
  pulumi.runtime.setMocks({
    newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }),
    call: (a) => a.inputs,
  }, "rtdw", "dev", false);
});

function resolved<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply((v) => { resolve(v); return v; }));
}

describe("renderTemplate", () => {
  test("fills placeholders and keeps everything else", () => {
    expect(renderTemplate("SELECT '{{a}}', `{{ b.c }}`;", { file: "f.sql", values: { a: "1", "b.c": "x", unused: "fine" } })).toBe("SELECT '1', `x`;");
  });

  test("a dotted name is one flat name, and nothing is HTML-escaped", () => {
    // Mustache would read `cdc.server-id.orders` as a path through nested objects.
    const values = { "cdc.server-id.orders": "5402-5403", cdc: "nested-must-not-win", v: `<a & 'b' "c">` };
    expect(renderTemplate("'{{ cdc.server-id.orders }}' {{ v }}", { file: "f.sql", values })).toBe(`'5402-5403' <a & 'b' "c">`);
  });

  test("an unknown variable names file, line and column, all at once", () => {
    const text = "SELECT 1;\nSELECT '{{ known }}';\n  SELECT '{{ missing }}', '{{also.missing}}';";
    let error: unknown;
    try {
      renderTemplate(text, { file: "sql/jobs/x.sql", values: { known: "k" } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as Error).message).toBe(
      "sql/jobs/x.sql:3:11: unknown template variable {{ missing }} (not set by the stack configuration)\n" +
      "sql/jobs/x.sql:3:28: unknown template variable {{ also.missing }} (not set by the stack configuration)");
  });

  test("a malformed placeholder is an error, not left in the SQL", () => {
    expect(() => renderTemplate("a\n'{{ 1bad }}'", { file: "f.sql", values: {} })).toThrow(/f\.sql:2:2: malformed placeholder/);
    // Only plain tags: sections, comments, triple braces are not the templates' syntax.
    for (const t of ["{{#a}}x{{/a}}", "{{! note }}", "{{{a}}}", "{{& a}}", "{{> a}}", "{{=<% %>=}}"]) {
      expect(() => renderTemplate(`x ${t}`, { file: "f.sql", values: { a: "1" } })).toThrow(/^f\.sql:1:3: malformed placeholder/);
    }
  });

  test("an unclosed tag names the line and column where it opens", () => {
    expect(() => renderTemplate("'{{ a }}'\n  '{{ b '\n;", { file: "f.sql", values: { a: "1", b: "2" } })).toThrow(/^f\.sql:2:4: malformed placeholder.*Unclosed tag/);
  });

  test("StreamPark's ${code} syntax in a template is refused where it stands", () => {
    // A leftover ${name} would reach StreamPark, which substitutes any variable of that code at start.
    expect(() => renderTemplate("SELECT 1;\n  '${mysql.host}'", { file: "f.sql", values: { "mysql.host": "h" } }))
      .toThrow(/^f\.sql:2:4: '\$\{' is StreamPark's variable syntax: a value the stack fills is written \{\{ name \}\}/);
  });

  test("a secret renders as the StreamPark variable reference, never its value", () => {
    const out = renderTemplate("'password' = '{{ mysql.cdc.password }}'", {
      file: "f.sql", values: { "mysql.cdc.password": "must-not-appear" }, secretRefs: { "mysql.cdc.password": "mysql.cdc.password" },
    });
    expect(out).toBe("'password' = '${mysql.cdc.password}'");
  });
});

describe("rendered jobs", () => {
  test("reference only the secrets registered as StreamPark variables, and hold no other placeholder", () => {
    for (const vars of [defaultWarehouseVariables, prodVariables]) {
      const refs = defaultSecretRefs(vars);
      for (const job of jobDefinitions(vars, refs)) {
        expect(job.variables.every((v) => Object.values(refs).includes(v))).toBe(true);
        expect(job.sql).not.toMatch(/\$\{(?!(mysql\.cdc\.password|starrocks\.root\.password|s3\.access\.key|s3\.secret\.key)\})/);
      }
    }
    const prod = jobDefinitions(prodVariables, defaultSecretRefs(prodVariables));
    expect(prod.find((j) => j.name === "rt-dw-cdc-ingestion")!.variables).toEqual(["mysql.cdc.password", "s3.access.key", "s3.secret.key"]);
    expect(secretVariables(prodVariables)).toContain("s3.secret-key");
  });

  test("a missing secret reference is an error naming the job file and line", () => {
    const refs = { "starrocks.root.password": "starrocks.root.password" };
    expect(() => jobDefinitions(defaultWarehouseVariables, refs)).toThrow(/sql\/jobs\/rt-dw-cdc-ingestion\.sql:\d+:\d+: unknown template variable \{\{ mysql\.cdc\.password \}\}/);
  });

  test("each job carries its own SET statements with its settings", () => {
    const jobs = jobDefinitions(defaultWarehouseVariables, defaultSecretRefs(defaultWarehouseVariables));
    const setOf = (name: string, key: string) => new RegExp(`SET '${key.replace(/\./g, "\\.")}' = '([^']*)'`).exec(jobs.find((j) => j.name === name)!.sql)?.[1];
    expect(jobs.map((j) => [j.name, setOf(j.name, "parallelism.default")])).toEqual([
      ["rt-dw-cdc-ingestion", "2"], ["rt-dw-ods-processing", "4"], ["rt-dw-dwd-transform", "6"], ["rt-dw-dws-aggregate", "4"], ["rt-dw-monitor", "1"],
    ]);
    expect(setOf("rt-dw-dwd-transform", "table.exec.state.ttl")).toBe("7 d");
    expect(setOf("rt-dw-cdc-ingestion", "execution.checkpointing.interval")).toBe("30 s");
    expect(setOf("rt-dw-dwd-transform", "execution.checkpointing.timeout")).toBe("15 min");
    for (const j of jobs) expect(j.sql).not.toMatch(/SET 'state\.ttl'/);
  });

  test("settings outside the seed's ranges are refused with the variable's path", () => {
    const bad = { ...defaultWarehouseVariables, jobs: { ...defaultWarehouseVariables.jobs, "rt-dw-monitor": { ...defaultWarehouseVariables.jobs["rt-dw-monitor"], checkpointIntervalMs: 600_000 } } };
    expect(() => parseWarehouseVariables(bad)).toThrow(/jobs\.rt-dw-monitor\.checkpointIntervalMs: the checkpoint interval must be between 30 s and 5 min/);
  });
});

describe("renderTemplateOutput", () => {
  test("is secret exactly when a secret went in", async () => {
    const opts = { file: "sql/starrocks/01-serving.sql" };
    const plain = renderTemplateOutput("host {{ h }}", opts, { h: pulumi.output("fe"), s: pulumi.secret("p4ss") });
    const secret = renderTemplateOutput("host {{ h }} key {{ s }}", opts, { h: "fe", s: pulumi.secret("p4ss") });
    expect(await pulumi.isSecret(plain)).toBe(false);
    expect(await pulumi.isSecret(secret)).toBe(true);
    expect(await resolved(secret)).toBe("host fe key p4ss");
  });

  test("names file and line of a variable without a value", () => {
    expect(() => renderTemplateOutput("a\nb {{ nope }}", { file: "d.sql", firstLine: 10 }, {})).toThrow(/d\.sql:11:3: unknown template variable \{\{ nope \}\}/);
  });
});
