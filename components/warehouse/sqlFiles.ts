/** The reference warehouse's SQL files (sql/ at the project root), read when rendered. */
import * as fs from "fs";
import * as path from "path";

/**
 * The project root: two levels above this file when run from source (ts-node, jest); when bundled
 * elsewhere (a bench script), the nearest ancestor of the bundle or of the working directory that
 * holds sql/jobs.
 */
export function projectRoot(): string {
  const fromSource = path.resolve(__dirname, "..", "..");
  for (const start of [fromSource, __dirname, process.cwd()]) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      if (fs.existsSync(path.join(dir, "sql", "jobs")) && fs.existsSync(path.join(dir, "components", "warehouse"))) return dir;
      if (path.dirname(dir) === dir) break;
    }
  }
  throw new Error(`cannot find the project's sql/ directory above ${__dirname} or ${process.cwd()}`);
}

/** Path relative to the project root, as error messages show it. */
export function readSqlFile(relative: string): string {
  return fs.readFileSync(path.join(projectRoot(), relative), "utf8");
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
