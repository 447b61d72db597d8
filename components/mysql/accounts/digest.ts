/**
 * Salted scrypt digests (Node's crypto, RFC 7914) of values the state must not hold: the password
 * the stack last set, and the credential MySQL stored for it. They let diff tell a new password
 * from the same one and refresh tell a credential changed by hand, without the value itself in
 * state or outputs. The program also marks both outputs secret (additionalSecretOutputs).
 */
import { randomBytes, scryptSync, timingSafeEqual } from "crypto";

const PARAMS = { N: 16384, r: 8, p: 1 };
const PREFIX = "scrypt1";

/** `scrypt1$<salt>$<hash>`, base64; a fresh salt unless one is given. */
export function digestOf(value: string, salt: Buffer = randomBytes(16)): string {
  return `${PREFIX}$${salt.toString("base64")}$${scryptSync(value, salt, 32, PARAMS).toString("base64")}`;
}

/** Whether `value` is the one `digest` was made of (false for a malformed or absent digest). */
export function digestMatches(value: string, digest: unknown): boolean {
  if (typeof digest !== "string") return false;
  const [prefix, salt, hash] = digest.split("$");
  if (prefix !== PREFIX || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64");
  const actual = scryptSync(value, Buffer.from(salt, "base64"), 32, PARAMS);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
