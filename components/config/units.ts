/** Memory sizes and durations as users write them in stack config ("2g", "1024m", "30s", "10min", "1d"). */
import { z } from "zod";

const MEMORY = /^(\d+(?:\.\d+)?)\s*(m|mb|mi|mib|g|gb|gi|gib)$/i;
const DURATION = /^(\d+)\s*(ms|s|min|h|d)$/;

const DURATION_MS: Record<string, number> = { ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseMemoryMiB(text: string): number | undefined {
  const m = MEMORY.exec(text.trim());
  if (!m) return undefined;
  const value = Number(m[1]);
  return Math.round(m[2].toLowerCase().startsWith("g") ? value * 1024 : value);
}

export function parseDurationMs(text: string): number | undefined {
  const m = DURATION.exec(text.trim());
  return m ? Number(m[1]) * DURATION_MS[m[2]] : undefined;
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

export const duration = z
  .string()
  .refine((s) => parseDurationMs(s) !== undefined, { message: 'expected a duration such as "30s", "10min", "1h" or "1d"' })
  .transform((s) => parseDurationMs(s) as number);

/** A duration that must fall inside the seed's operating range. */
export function durationWithin(minMs: number, maxMs: number, what: string) {
  return duration.refine((ms) => ms >= minMs && ms <= maxMs, {
    message: `${what} must be between ${flinkDuration(minMs)} and ${flinkDuration(maxMs)} (the seed's range)`,
  });
}
