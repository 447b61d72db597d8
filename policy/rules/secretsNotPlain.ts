/**
 * No secret in plain configuration. Pulumi hands a policy every input with secret values already
 * unwrapped (pulumi/pulumi-policy sdk/nodejs/policy/server.ts: deserializeProperties(..., false)),
 * so a policy cannot see whether a value is marked secret; it checks where a credential is put
 * instead. On Kubernetes a credential belongs in a Secret, referenced with
 * `valueFrom.secretKeyRef`, never in a container's literal `env[].value` nor in a ConfigMap. (That
 * secret values stay Pulumi secrets in state is tested on the program itself, test/program.)
 * Docker has no secret references: there the values are Pulumi secret outputs, checked by those tests.
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { containersOf } from "../workloads";

export const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";

/** A name that says it holds a credential (env var, config key, file name). */
export function looksLikeCredential(name: string): boolean {
  return /(password|passwd|secret|token|api[-_.]?key|access[-_.]?key|private[-_.]?key|credential)/i.test(name)
    // Switches about credentials are not credentials (MYSQL_ALLOW_EMPTY_PASSWORD=no, ..._FILE paths).
    && !/(allow|empty|random|_file$|[-_.]file$|[-_.]dir$|[-_.]path$)/i.test(name);
}

/** `key: value` / `key=value` lines of YAML or properties text whose key looks like a credential and whose value is literal. */
export function credentialLines(text: string): string[] {
  const found: string[] = [];
  for (const line of text.split("\n")) {
    const m = /^\s*([A-Za-z0-9_.-]+)\s*[:=]\s*(.*?)\s*$/.exec(line);
    if (!m || !looksLikeCredential(m[1])) continue;
    const value = m[2].replace(/^["']|["']$/g, "");
    // Empty, or a placeholder filled in at start from the environment or a mounted Secret.
    if (value === "" || /^\$\{[^}]+\}$/.test(value) || /^\$[A-Z_][A-Z0-9_]*$/.test(value)) continue;
    found.push(m[1]);
  }
  return found;
}

export const secretsNotPlain: ResourceValidationPolicy = {
  name: "secrets-not-plain",
  description: "Credentials reach Kubernetes pods through Secrets, never as literal env values or ConfigMap data.",
  validateResource: (args, reportViolation) => {
    if (args.type === CONFIG_MAP) {
      for (const [key, value] of Object.entries((args.props.data ?? {}) as Record<string, string>)) {
        if (looksLikeCredential(key)) {
          reportViolation(`ConfigMap ${args.name}: key "${key}" holds a credential. Move it to a Secret.`);
        } else if (typeof value === "string") {
          for (const k of credentialLines(value)) {
            reportViolation(`ConfigMap ${args.name}: file "${key}" sets "${k}" to a literal value. Put the value in a Secret and reference it from the environment.`);
          }
        }
      }
      return;
    }
    if (!args.type.startsWith("kubernetes:")) return;
    for (const c of containersOf(args.type, args.props) ?? []) {
      for (const env of c.literalEnv) {
        if (looksLikeCredential(env.name)) {
          reportViolation(`${args.name}, container "${c.name}": env ${env.name} carries a literal value. Reference a Secret with valueFrom.secretKeyRef.`);
        }
      }
    }
  },
};
