/**
 * Why rtdw has its own SQL tokenizer (components/sqlgrammar/tokens.ts) beside dt-sql-parser's
 * lexers: what each costs in a fresh process, over the warehouse's own SQL (sql/). The job
 * provider normalizes every job's SQL on each diff, so a lexer's first-use cost lands on previews.
 *
 * Run (after npm run build:grammar):
 *   npx esbuild bench/sqlTokenizer.ts --bundle --platform=node --packages=external --outfile=bin/bench/sqlTokenizer.js \
 *     && node bin/bench/sqlTokenizer.js
 */
import * as fs from "fs";
import * as path from "path";
import { tokenize } from "../components/sqlgrammar/tokens";
import { loadDtSqlParser } from "../components/sqlgrammar/loader";

const ROOT = path.join(__dirname, "..", "..");
const read = (dir: string) => fs.readdirSync(path.join(ROOT, dir)).filter((f) => f.endsWith(".sql")).map((f) => fs.readFileSync(path.join(ROOT, dir, f), "utf8")).join("\n");
const ms = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;

const flinkSql = [read("sql/jobs"), read("sql/paimon")].join("\n");
const mysqlSql = [read("sql/mysql"), read("sql/starrocks")].join("\n");

let t = process.hrtime.bigint();
const own = tokenize("flink", flinkSql).length + tokenize("mysql", mysqlSql).length;
console.log(`own tokenizer, first use: ${ms(t).toFixed(1)} ms for ${own} tokens (${flinkSql.length + mysqlSql.length} chars)`);
t = process.hrtime.bigint();
for (let i = 0; i < 20; i++) tokenize("flink", flinkSql);
console.log(`own tokenizer, warm: ${(ms(t) / 20).toFixed(2)} ms per pass over the Flink SQL`);

t = process.hrtime.bigint();
const dt = loadDtSqlParser();
console.log(`dt-sql-parser: loading the built bundle ${ms(t).toFixed(0)} ms`);
t = process.hrtime.bigint();
const flinkTokens = new dt.FlinkSQL().getAllTokens(flinkSql).length;
console.log(`dt-sql-parser FlinkSQL lexer, first use: ${ms(t).toFixed(0)} ms for ${flinkTokens} tokens`);
t = process.hrtime.bigint();
const mysqlTokens = new dt.MySQL().getAllTokens(mysqlSql).length;
console.log(`dt-sql-parser MySQL lexer, first use: ${ms(t).toFixed(0)} ms for ${mysqlTokens} tokens`);
