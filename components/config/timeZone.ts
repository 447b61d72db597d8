/**
 * The business MySQL's time zone as the stack names it (rtdw:mysql.serverTimeZone): what the MySQL
 * CDC sources declare as `server-time-zone`, what the jobs bucket and compare wall-clock times in
 * (`table.local-time-zone`), and, for a deployed MySQL, the server's own `--default-time-zone`.
 *
 * MySQL CDC 3.3.0 refuses a source whose zone differs: MySqlValidator#checkTimeZone compares
 * `SELECT TIME_TO_SEC(TIMEDIFF(NOW(), UTC_TIMESTAMP()))` with `ZoneId.of(server-time-zone)`'s
 * offset (apache/flink-cdc@release-3.3.0: flink-connector-mysql-cdc/.../mysql/MySqlValidator.java).
 * So the id must be one that Java's ZoneId.of, Flink's `table.local-time-zone`
 * (TableConfigValidation#validateTimeZone: no "UTC+8" forms, no short ids such as "EST") and
 * MySQL's `--default-time-zone` all take: "UTC", a tz database region ("Asia/Shanghai"), or a fixed
 * offset "+08:00".
 */
import { z } from "zod";

const OFFSET = /^[+-](0\d|1[0-3]):[0-5]\d$|^\+14:00$/;
const REGION = /^[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+$/;

/** Whether the tz database (as Node's ICU carries it) knows the region name. */
function knownRegion(id: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: id });
    return true;
  } catch {
    return false;
  }
}

export function isServerTimeZone(id: string): boolean {
  return id === "UTC" || OFFSET.test(id) || (REGION.test(id) && knownRegion(id));
}

export const serverTimeZone = z.string().refine(isServerTimeZone, {
  message: 'expected a time zone id: "UTC", a tz database region such as "Asia/Shanghai", or an offset such as "+08:00" (MySQL\'s range -13:59 to +14:00)',
});
