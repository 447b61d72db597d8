import { flinkOptions, normalizeSql, sameOptions, variablePlaceholders } from "./jobSpec";

describe("normalizeSql", () => {
  test("comments, whitespace runs and trailing semicolons are not part of the job", () => {
    const a = "INSERT INTO t\n  SELECT a, b -- note\nFROM s /* block\ncomment */ WHERE x = 1;\n";
    const b = "INSERT INTO t SELECT a,b FROM s WHERE x=1";
    expect(normalizeSql(a)).toBe(normalizeSql(b));
  });

  test("string literals and quoted identifiers are kept exactly", () => {
    expect(normalizeSql("SELECT 'a  -- b'")).not.toBe(normalizeSql("SELECT 'a -- b'"));
    expect(normalizeSql("SELECT `my  col` FROM t")).toContain("`my  col`");
    expect(normalizeSql("SELECT 'it''s  /* here */'")).toBe("SELECT 'it''s  /* here */'");
  });

  test("a real change is a change", () => {
    expect(normalizeSql("SELECT a FROM t")).not.toBe(normalizeSql("SELECT b FROM t"));
    expect(normalizeSql("'sink.version' = 'V2'")).not.toBe(normalizeSql("'sink.version' = 'V1'"));
  });
});

test("variable placeholders follow StreamPark's pattern (a letter, then at least one more character)", () => {
  expect(variablePlaceholders("a ${mysql.cdc.password} b ${x} c ${Sr_pw-1} ${mysql.cdc.password}")).toEqual(["Sr_pw-1", "mysql.cdc.password"]);
});

test("flink options are rendered with sorted keys and compared by value", () => {
  const o = flinkOptions({ restartAttempts: 3, options: { parallelism: 4, checkpointInterval: "30s", checkpointTimeout: "10min", checkpointMinPause: "5s", stateTtl: "1d", taskManagerMemory: "2g", jobManagerMemory: "1g" } });
  expect(Object.keys(o)).toEqual([...Object.keys(o)].sort());
  expect(o).toMatchObject({ "parallelism.default": 4, "restart-strategy.type": "exponential-delay", "restart-strategy.exponential-delay.attempts-before-reset-backoff": 3, "taskmanager.memory.process.size": "2g" });
  expect(sameOptions('{"a":1,"b":"x"}', '{"b":"x","a":"1"}')).toBe(true);
  expect(sameOptions('{"a":1}', '{"a":2}')).toBe(false);
});

test("a hint is part of the job: dynamic table options change what it reads", () => {
  const at = (mode: string) => `INSERT INTO t SELECT * FROM s /*+ OPTIONS('scan.mode'='${mode}') */`;
  expect(normalizeSql(at("latest"))).not.toBe(normalizeSql(at("earliest")));
  expect(normalizeSql(`${at("latest")} -- note`)).toBe(normalizeSql(at("latest")));
});
