/**
 * The one grammar of durations and memory sizes in rtdw: Flink's own, because every value ends up
 * in a Flink option. Stack config ("2g", "30s", "10min", "1d") and the job provider's inputs (what
 * StreamPark passes to Flink as `execution.checkpointing.interval`, `taskmanager.memory.process.size`)
 * are read by these functions, so what the stack accepts is what Flink 1.20 accepts.
 *
 * Reference: apache/flink@release-1.20.1 flink-core/src/main/java/org/apache/flink/util/TimeUtils.java
 * (parseDuration) and flink-core-api/src/main/java/org/apache/flink/configuration/MemorySize.java
 * (parse); checked against flink-core 1.20.1 itself: a whole number (digits only: no sign, no
 * decimals), optional whitespace, then an optional unit label, case-insensitive. No label is
 * milliseconds for a duration and bytes for a memory size. "1.5g", "2Gi", "1mins", "1w" and
 * "PT1H" are not Flink's.
 */
import { z } from "zod";

/** TimeUtils.TimeUnit's labels and their length in milliseconds (µs and ns are fractions). */
const DURATION_UNITS: [number, string[]][] = [
  [86_400_000, ["d", "day", "days"]],
  [3_600_000, ["h", "hour", "hours"]],
  [60_000, ["min", "m", "minute", "minutes"]],
  [1000, ["s", "sec", "secs", "second", "seconds"]],
  [1, ["ms", "milli", "millis", "millisecond", "milliseconds"]],
  [1e-3, ["µs", "micro", "micros", "microsecond", "microseconds"]],
  [1e-6, ["ns", "nano", "nanos", "nanosecond", "nanoseconds"]],
];

/** MemorySize.MemoryUnit's labels and their size in bytes. */
const MEMORY_UNITS: [number, string[]][] = [
  [1, ["b", "bytes"]],
  [1024, ["k", "kb", "kibibytes"]],
  [1024 ** 2, ["m", "mb", "mebibytes"]],
  [1024 ** 3, ["g", "gb", "gibibytes"]],
  [1024 ** 4, ["t", "tb", "tebibytes"]],
];

function unitSize(units: [number, string[]][], label: string): number | undefined {
  return units.find(([, labels]) => labels.includes(label))?.[0];
}

/** Number and unit label as Flink splits them: leading digits, then the trimmed, lower-cased rest. */
function split(text: string): { value: number; label: string } | undefined {
  const m = /^(\d+)(.*)$/s.exec(text.trim());
  return m ? { value: Number(m[1]), label: m[2].trim().toLowerCase() } : undefined;
}

/** Milliseconds of a Flink duration ("30s", "10min", "1 h", "500" = 500 ms); undefined when Flink would refuse it. */
export function parseDurationMs(text: string): number | undefined {
  const parts = split(text);
  if (!parts) return undefined;
  const size = parts.label === "" ? 1 : unitSize(DURATION_UNITS, parts.label);
  return size === undefined ? undefined : parts.value * size;
}

/** Bytes of a Flink memory size ("2g", "1024 mb", "512k", "100" = 100 bytes); undefined when Flink would refuse it. */
export function parseMemoryBytes(text: string): number | undefined {
  const parts = split(text);
  if (!parts) return undefined;
  const size = parts.label === "" ? 1 : unitSize(MEMORY_UNITS, parts.label);
  return size === undefined ? undefined : parts.value * size;
}

/** MiB of a Flink memory size that is a whole number of MiB (container limits are set in MiB). */
export function parseMemoryMiB(text: string): number | undefined {
  const bytes = parseMemoryBytes(text);
  return bytes !== undefined && bytes % 1024 ** 2 === 0 ? bytes / 1024 ** 2 : undefined;
}

/** Flink's own memory syntax (`2048m`), exact for any MiB value. */
export function flinkMemory(mib: number): string {
  return `${mib}m`;
}

/** Flink's duration syntax: the largest unit that divides the value exactly. */
export function flinkDuration(ms: number): string {
  for (const [unit, size] of [["d", 86_400_000], ["h", 3_600_000], ["min", 60_000], ["s", 1000]] as const) {
    if (ms % size === 0) return `${ms / size} ${unit}`;
  }
  return `${ms} ms`;
}

export const memorySize = z
  .string()
  .refine((s) => parseMemoryMiB(s) !== undefined, { message: 'expected a memory size such as "2g" or "2048m"' })
  .transform((s) => parseMemoryMiB(s) as number);

/** Whole milliseconds: a stack setting finer than that is a typo, not a wish. */
export const duration = z
  .string()
  .refine((s) => Number.isInteger(parseDurationMs(s)), { message: 'expected a Flink duration such as "30s", "10min", "1h" or "1d"' })
  .transform((s) => parseDurationMs(s) as number);

/** A duration that must fall inside the seed's operating range. */
export function durationWithin(minMs: number, maxMs: number, what: string) {
  return duration.refine((ms) => ms >= minMs && ms <= maxMs, {
    message: `${what} must be between ${flinkDuration(minMs)} and ${flinkDuration(maxMs)} (the seed's range)`,
  });
}
