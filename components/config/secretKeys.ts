/**
 * Every secret a stack can set (`pulumi config set --secret rtdw:<key> ...`). Kept apart from the
 * zod schema: secrets are read only as Pulumi secret Outputs, never as plain config values.
 */
export const SECRET_KEYS = [
  "mysqlRootPassword",
  "mysqlCdcPassword",
  "streamparkDbPassword",
  "streamparkAdminPassword",
  "starrocksRootPassword",
  "s3AccessKey",
  "s3SecretKey",
  "grafanaAdminPassword",
  "dingtalkWebhookUrl",
  "wecomApiSecret",
  "smtpPassword",
] as const;

export type SecretKey = (typeof SECRET_KEYS)[number];

/** Secrets that must be set by hand in every environment: they come from outside the stack. */
export const EXTERNAL_SECRETS: readonly SecretKey[] = ["s3AccessKey", "s3SecretKey"];
