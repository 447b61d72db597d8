/**
 * The duration and memory grammar against what Flink 1.20.1 itself answers: every case below was
 * run through flink-core 1.20.1's TimeUtils.parseDuration and MemorySize.parse (accepted values
 * with their result, refused ones refused).
 */
import { duration, memorySize, parseDurationMs, parseMemoryBytes, parseMemoryMiB } from "./units";

test.each([
  ["30s", 30_000], ["10min", 600_000], ["10m", 600_000], ["1 h", 3_600_000], ["500", 500], ["1d", 86_400_000],
  ["2days", 172_800_000], ["3 hours", 10_800_000], ["1 MIN", 60_000], ["5 Secs", 5000], [" 7 s ", 7000],
  ["1 milli", 1], ["2millis", 2], ["1 millisecond", 1],
])("Flink reads the duration %p as %p ms", (text, ms) => {
  expect(parseDurationMs(text)).toBe(ms);
});

test.each(["1.5s", "PT1H", "-1s", "1w", "1mins", "s", ""])("Flink refuses the duration %p", (text) => {
  expect(parseDurationMs(text)).toBeUndefined();
});

test("micro- and nanoseconds are Flink durations, but not whole milliseconds for the stack", () => {
  expect(parseDurationMs("1µs")).toBeCloseTo(0.001);
  expect(parseDurationMs("10ns")).toBeCloseTo(0.00001);
  expect(duration.safeParse("1µs").success).toBe(false);
  expect(duration.parse("10 min")).toBe(600_000);
});

test.each([
  ["2g", 2 * 1024 ** 3], ["2048m", 2 * 1024 ** 3], ["1024 mb", 1024 ** 3], ["2G", 2 * 1024 ** 3], ["2GB", 2 * 1024 ** 3],
  ["512k", 524_288], ["1t", 1024 ** 4], ["100", 100], ["100 bytes", 100], ["3 gibibytes", 3 * 1024 ** 3],
  ["4 mebibytes", 4 * 1024 ** 2], ["1 kibibytes", 1024], ["0", 0],
])("Flink reads the memory size %p as %p bytes", (text, bytes) => {
  expect(parseMemoryBytes(text)).toBe(bytes);
});

test.each(["1.5g", "2gi", "2Gi", "2mib", "g", "-1g"])("Flink refuses the memory size %p", (text) => {
  expect(parseMemoryBytes(text)).toBeUndefined();
});

test("stack memory sizes are whole MiB", () => {
  expect(parseMemoryMiB("2g")).toBe(2048);
  expect(parseMemoryMiB("512k")).toBeUndefined();
  expect(memorySize.parse("1024 mb")).toBe(1024);
  expect(memorySize.safeParse("2Gi").success).toBe(false);
});
