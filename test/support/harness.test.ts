import { freshDatabase, connectionOptions } from "./mariadb";

describe("test harness", () => {
  it("provides a real MariaDB with binlog in ROW format, like the CDC source the product deploys", async () => {
    const mysql = await import("mysql2/promise");
    const db = await freshDatabase("harness");
    const conn = await mysql.createConnection(connectionOptions(db));
    try {
      const [rows] = await conn.query("SELECT @@binlog_format AS f, @@log_bin AS b, DATABASE() AS d");
      expect(rows).toEqual([{ f: "ROW", b: 1, d: db }]);
    } finally {
      await conn.end();
    }
  });
});
