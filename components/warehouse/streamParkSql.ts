/**
 * What StreamPark 2.1.5 can run: its SqlCommandParser (streampark-flink-shims-base,
 * SqlCommandParser.scala at v2.1.5) matches each `;`-separated statement against a fixed list of
 * commands and refuses anything else as "unsupported sql"; its FlinkSqlExecutor then adds every
 * INSERT to one statement set and needs at least one. Notably absent: EXECUTE STATEMENT SET, and
 * CREATE VIEW ... AS WITH (a view must be AS SELECT). This module classifies our statements the
 * same way so a job StreamPark would refuse fails here first.
 */
import { splitStatements } from "../sqlgrammar/statements";

export type StreamParkCommand = "set" | "create table" | "create catalog" | "create database" | "create view" | "insert" | "use";

const COMMANDS: [StreamParkCommand, RegExp][] = [
  ["set", /^SET\s+\S+\s*=/i],
  ["create table", /^CREATE\s+(TEMPORARY\s+)?TABLE\s/i],
  ["create catalog", /^CREATE\s+CATALOG\s/i],
  ["create database", /^CREATE\s+DATABASE\s/i],
  ["create view", /^CREATE\s+(TEMPORARY\s+)?VIEW\s+(IF\s+NOT\s+EXISTS\s+)?\S+\s+AS\s+SELECT\s/i],
  ["insert", /^INSERT\s+(INTO|OVERWRITE)\s/i],
  ["use", /^USE\s/i],
];

export interface StreamParkFinding {
  line: number;
  message: string;
}

/** Problems StreamPark 2.1.5 would report for this job SQL (empty when it can run it). */
export function streamParkFindings(sql: string): StreamParkFinding[] {
  const findings: StreamParkFinding[] = [];
  let inserts = 0;
  for (const s of splitStatements("flink", sql)) {
    const kind = COMMANDS.find(([, re]) => re.test(s.text))?.[0];
    if (!kind) findings.push({ line: s.line, message: `StreamPark 2.1.5 does not run this statement ("${s.text.split("\n")[0].slice(0, 60)}"): unsupported sql` });
    if (kind === "insert") inserts++;
  }
  if (inserts === 0) findings.push({ line: 1, message: "no INSERT statement: StreamPark 2.1.5 has nothing to execute" });
  return findings;
}
