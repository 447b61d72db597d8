/**
 * Every secret a stack can set (`pulumi config set --secret rtdw:<key> ...`). Kept apart from the
 * zod schema: secrets are read only as Pulumi secret Outputs, never as plain config values.
 */
export const SECRET_KEYS = [
  "mysqlRootPassword",
  "mysqlCdcPassword",
  "mysqlLoadgenPassword",
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

/**
 * Secrets that must be in the stack config in every environment: S3 keys come from outside the
 * stack; the StreamPark admin password and the MySQL and StarRocks root passwords are read back
 * from the config by the dynamic providers on delete and refresh, which see only outputs
 * (components/streampark/README.md, components/schema/README.md). `npm run dev:up` generates the
 * latter three for a new dev stack.
 */
export const EXTERNAL_SECRETS: readonly SecretKey[] = ["s3AccessKey", "s3SecretKey", "streamparkAdminPassword", "mysqlRootPassword", "starrocksRootPassword"];
