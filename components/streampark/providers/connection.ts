/**
 * How every StreamPark dynamic provider reaches the console. The URL and user are plain inputs;
 * the admin password is a secret input for create/update, and for read/delete (which only get the
 * resource's OUTPUTS, where the password never goes) it comes from the stack configuration the
 * engine hands the provider host in Configure (@pulumi/pulumi cmd/dynamic-provider/index.js#configure): the output
 * `passwordConfigKey` names that key (e.g. "rtdw:streamparkAdminPassword").
 *
 * The configured values live in a process-global slot of the provider host
 * (components/dynamicResource/stackConfig.ts).
 */
import type { StreamParkApi } from "../api/client";
import { connectConsole } from "../api/client";
import { configured, hasConfig } from "../../dynamicResource/stackConfig";
import { containsUnknown, defined, isUnknown, stableJson, UNKNOWN } from "../../dynamicResource/values";

export { containsUnknown, defined, isUnknown, stableJson, UNKNOWN };
export { rememberConfig } from "../../dynamicResource/stackConfig";

export interface ConsoleInputs {
  consoleUrl: string;
  adminUser: string;
  /** Secret input; absent from outputs. */
  adminPassword?: string;
  /** Stack config key holding the same password, read by delete/refresh. */
  passwordConfigKey: string;
  /** Per-call timeout. */
  requestTimeoutSeconds?: number;
}

/** Check failures for the connection inputs (no network; tolerant of unknowns). */
export function consoleFailures(news: Partial<ConsoleInputs>): { property: string; reason: string }[] {
  const failures: { property: string; reason: string }[] = [];
  if (!isUnknown(news.consoleUrl) && (typeof news.consoleUrl !== "string" || !/^https?:\/\/[^\s/]+/.test(news.consoleUrl))) {
    failures.push({ property: "consoleUrl", reason: "consoleUrl must be the StreamPark console URL, e.g. http://localhost:10000" });
  }
  if (!isUnknown(news.adminUser) && (typeof news.adminUser !== "string" || news.adminUser.length < 4 || news.adminUser.length > 20)) {
    failures.push({ property: "adminUser", reason: "adminUser must be a StreamPark user name of 4-20 characters (User.java @Size)" });
  }
  if (typeof news.passwordConfigKey !== "string" || !news.passwordConfigKey.includes(":")) {
    failures.push({ property: "passwordConfigKey", reason: "passwordConfigKey must be the full stack config key of the admin password, e.g. rtdw:streamparkAdminPassword" });
  } else if (hasConfig() && !configured(news.passwordConfigKey)) {
    // Found at preview, not at destroy: delete and refresh have no other way to sign in.
    const key = news.passwordConfigKey;
    failures.push({
      property: "passwordConfigKey",
      reason: `the stack config has no ${key}: set it with \`pulumi config set --secret ${key} <password>\`; ` +
        "delete and refresh of StreamPark resources read the admin password from there (it is never stored in their outputs)",
    });
  }
  return failures;
}

/** The password for this call: the secret input if the engine gave one, else the stack config. */
export function adminPassword(inputs: Partial<ConsoleInputs>): string {
  if (typeof inputs.adminPassword === "string" && inputs.adminPassword !== "" && !isUnknown(inputs.adminPassword)) return inputs.adminPassword;
  // Outputs of an older release may lack the key: the default one.
  const key = inputs.passwordConfigKey ?? "rtdw:streamparkAdminPassword";
  const fromConfig = key ? configured(key) : undefined;
  if (fromConfig) return fromConfig;
  throw new Error(`the StreamPark admin password is not available: set the secret stack config '${key}' (pulumi config set --secret ${key.split(":").pop() ?? key} ...)`);
}

export function openConsole(inputs: ConsoleInputs): StreamParkApi {
  return connectConsole({
    url: inputs.consoleUrl,
    username: inputs.adminUser,
    timeoutMs: (inputs.requestTimeoutSeconds ?? 30) * 1000,
  }, adminPassword(inputs));
}

/** Connection inputs carried into outputs (everything but the password). */
export function consoleOutputs(inputs: ConsoleInputs): Omit<ConsoleInputs, "adminPassword"> {
  const out: Omit<ConsoleInputs, "adminPassword"> = { consoleUrl: inputs.consoleUrl, adminUser: inputs.adminUser, passwordConfigKey: inputs.passwordConfigKey };
  if (inputs.requestTimeoutSeconds !== undefined) out.requestTimeoutSeconds = inputs.requestTimeoutSeconds;
  return out;
}
