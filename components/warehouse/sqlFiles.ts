/** The reference warehouse's SQL files (sql/ at the project root), read when rendered. */
import * as fs from "fs";
import * as path from "path";

export const PROJECT_ROOT = path.resolve(__dirname, "..", "..");

/** Path relative to the project root, as error messages show it. */
export function readSqlFile(relative: string): string {
  return fs.readFileSync(path.join(PROJECT_ROOT, relative), "utf8");
}

export const SQL_FILES = {
  mysql: ["sql/mysql/01-schema.sql"],
  mysqlSeed: "sql/mysql/02-seed.sql",
  paimon: ["sql/paimon/00-catalog.sql", "sql/paimon/01-ods.sql", "sql/paimon/02-dwd.sql", "sql/paimon/03-dws.sql"],
  starrocks: ["sql/starrocks/01-serving.sql"],
  qualityRules: "sql/quality/rules.yaml",
  jobs: {
    "rt-dw-cdc-ingestion": "sql/jobs/rt-dw-cdc-ingestion.sql",
    "rt-dw-ods-processing": "sql/jobs/rt-dw-ods-processing.sql",
    "rt-dw-dwd-transform": "sql/jobs/rt-dw-dwd-transform.sql",
    "rt-dw-dws-aggregate": "sql/jobs/rt-dw-dws-aggregate.sql",
  },
} as const;
