import { binlogSourceProblems } from "./binlogSource";

const GOOD = { log_bin: "ON", binlog_format: "ROW", binlog_row_image: "FULL", gtid_mode: "ON" };

test("a MySQL with the row binlog, full images and GTIDs can feed MySQL CDC", () => {
  expect(binlogSourceProblems("8.0.39", GOOD)).toEqual([]);
});

test("each missing setting is named with the flag that fixes it", () => {
  expect(binlogSourceProblems("8.0.39", { ...GOOD, gtid_mode: "OFF" }).join("\n")).toMatch(/gtid_mode is OFF: .*FLINK-37191.*--gtid-mode=ON/);
  expect(binlogSourceProblems("8.0.39", { ...GOOD, gtid_mode: "OFF_PERMISSIVE" })).toHaveLength(1);
  expect(binlogSourceProblems("8.0.39", { ...GOOD, binlog_format: "MIXED" }).join("\n")).toMatch(/binlog_format is MIXED: .*--binlog-format=ROW/);
  expect(binlogSourceProblems("8.0.39", { ...GOOD, binlog_row_image: "MINIMAL" }).join("\n")).toMatch(/binlog_row_image is MINIMAL/);
  expect(binlogSourceProblems("8.0.39", { ...GOOD, log_bin: "OFF" }).join("\n")).toMatch(/log_bin is OFF/);
  expect(binlogSourceProblems("8.0.39", {})).toHaveLength(4);
});

test("MariaDB has no gtid_mode: the GTID rule is not applied to it, the binlog rules are", () => {
  const { gtid_mode: _g, ...mariadb } = GOOD;
  void _g;
  expect(binlogSourceProblems("10.11.6-MariaDB-0+deb12u1-log", mariadb)).toEqual([]);
  expect(binlogSourceProblems("10.11.6-MariaDB", { ...mariadb, binlog_format: "STATEMENT" })).toHaveLength(1);
});
