import { codeTokens, tokenize } from "./tokens";

const kinds = (d: "flink" | "mysql", sql: string) => tokenize(d, sql).map((t) => `${t.kind}:${t.text}`);

test("offsets give back each token as written", () => {
  const sql = "SELECT `a``b`, 'it''s' -- c\nFROM t /*+ OPTIONS('x'='1') */;";
  expect(tokenize("flink", sql).map((t) => sql.slice(t.start, t.end))).toEqual([
    "SELECT", "`a``b`", ",", "'it''s'", "-- c", "FROM", "t", "/*+ OPTIONS('x'='1') */", ";",
  ]);
  expect(kinds("flink", sql)).toEqual([
    "word:SELECT", "quoted:a`b", "punct:,", "string:it's", "comment:-- c", "word:FROM", "word:t", "hint:/*+ OPTIONS('x'='1') */", "punct:;",
  ]);
});

test("backslash escapes are MySQL's, not Flink's (Calcite's QUOTED_STRING)", () => {
  expect(kinds("mysql", "'a\\'b' x")).toEqual(["string:a'b", "word:x"]);
  // In Flink the string ends at the second quote; the rest is more text.
  expect(kinds("flink", "'a\\' x")).toEqual(["string:a\\", "word:x"]);
  expect(kinds("mysql", '"a\\"b"')).toEqual(['string:a"b']);
  expect(kinds("mysql", "`a\\`")).toEqual(["quoted:a\\"]);
});

test("# starts a comment in MySQL and StarRocks only", () => {
  expect(kinds("mysql", "a # b\nc")).toEqual(["word:a", "comment:# b", "word:c"]);
  expect(kinds("flink", "a # b")).toEqual(["word:a", "punct:#", "word:b"]);
});

test("MySQL's executable comments are code; plain comments are not", () => {
  const sql = "CREATE DATABASE `shop` /*!40100 DEFAULT CHARACTER SET utf8mb4 */ /* no */";
  expect(codeTokens("mysql", sql).map((t) => t.text)).toEqual(["CREATE", "DATABASE", "shop", "DEFAULT", "CHARACTER", "SET", "utf8mb4"]);
});

test("an unterminated string or comment runs to the end without losing text", () => {
  expect(kinds("flink", "SELECT 'abc")).toEqual(["word:SELECT", "string:abc"]);
  expect(kinds("flink", "SELECT /* abc")).toEqual(["word:SELECT", "comment:/* abc"]);
});
