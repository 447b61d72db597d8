/**
 * The stack's secrets as Pulumi secret Outputs. A configured secret is used as is; in dev and test a
 * missing password is generated (a random.RandomPassword, stored encrypted in state), so a new user
 * needs no setup and no system keeps a default credential. In prod every secret must be configured.
 */
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { CONFIG_NAMESPACE } from "./stackConfig";
import { Environment } from "./profiles";
import { EXTERNAL_SECRETS, SecretKey } from "./secretKeys";
import { UserError } from "./errors";

export class StackSecrets {
  private readonly cache = new Map<SecretKey, pulumi.Output<string>>();
  private readonly config = new pulumi.Config(CONFIG_NAMESPACE);

  constructor(private readonly environment: Environment, private readonly parent?: pulumi.Resource) {}

  /** A password: configured, or generated outside prod. */
  password(key: SecretKey): pulumi.Output<string> {
    const cached = this.cache.get(key);
    if (cached) return cached;
    const configured = this.config.getSecret(key);
    let value: pulumi.Output<string>;
    if (configured !== undefined) {
      value = configured;
    } else if (this.environment === "prod" || EXTERNAL_SECRETS.includes(key)) {
      throw new UserError(
        `${CONFIG_NAMESPACE}:${key} is required in ${this.environment}: set it with ` +
          `\`pulumi config set --secret ${CONFIG_NAMESPACE}:${key} <value>\``,
      );
    } else {
      // Letters and digits only: these land in JDBC URLs, YAML and shell environments unescaped.
      value = new random.RandomPassword(`${key}`, { length: 24, special: false }, { parent: this.parent }).result;
    }
    const secret = pulumi.secret(value);
    this.cache.set(key, secret);
    return secret;
  }

  /** An optional secret (alert channel keys): undefined when not configured. */
  optional(key: SecretKey): pulumi.Output<string> | undefined {
    const configured = this.config.getSecret(key);
    return configured === undefined ? undefined : pulumi.secret(configured);
  }
}
