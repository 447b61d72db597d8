/**
 * The product is self-contained: no tracked file points at the team's private notes (../shared,
 * its facts/ files), which users do not have; code and docs cite upstream sources instead.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..");

it("no tracked file refers to ../shared or its notes", () => {
  const files = execFileSync("git", ["ls-files"], { cwd: ROOT, encoding: "utf8" }).split("\n").filter(Boolean);
  expect(files.length).toBeGreaterThan(100);
  const self = path.relative(ROOT, __filename);
  const offenders = files.filter((f) => f !== self && fs.existsSync(path.join(ROOT, f)) && fs.statSync(path.join(ROOT, f)).size < 2_000_000)
    .filter((f) => /\.\.\/shared|shared\/facts|shared\/mission|facts\/(pulumi|versions|streampark-2\.1\.5-api|dataplatform)\.md|\b(SEED|BRIEF|STYLE)\.md\b/.test(fs.readFileSync(path.join(ROOT, f), "utf8")));
  expect(offenders).toEqual([]);
});
