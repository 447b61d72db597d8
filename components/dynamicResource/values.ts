/**
 * What every dynamic provider of the project needs from the values the engine hands it: the
 * preview's unknown sentinel, deterministic JSON, and results the host can turn into protobuf.
 */

/** The sentinel Pulumi passes for inputs unknown during preview (runtime/rpc.ts unknownValue). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(v: unknown): boolean {
  return v === UNKNOWN;
}

export function containsUnknown(v: unknown): boolean {
  if (isUnknown(v)) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (v && typeof v === "object") return Object.values(v).some(containsUnknown);
  return false;
}

/** JSON with sorted keys: equal values always render the same text (no spurious diffs). */
export function stableJson(v: unknown): string {
  const norm = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(norm);
    if (x && typeof x === "object") {
      return Object.fromEntries(Object.keys(x as object).sort()
        .filter((k) => (x as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, norm((x as Record<string, unknown>)[k])]));
    }
    return x;
  };
  return JSON.stringify(norm(v));
}

/**
 * The host turns results into protobuf Structs, which reject `undefined` ("Unexpected struct
 * type"): drop undefined fields from everything a provider returns.
 */
export function defined<T>(v: T): T {
  if (Array.isArray(v)) return v.filter((x) => x !== undefined).map(defined) as unknown as T;
  if (v && typeof v === "object") {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).map(([k, x]) => [k, defined(x)])) as T;
  }
  return v;
}
