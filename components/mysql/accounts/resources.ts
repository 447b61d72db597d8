/**
 * MySQL accounts and databases as Pulumi resources (`pulumi-nodejs:dynamic/mysql:Account`,
 * `pulumi-nodejs:dynamic/mysql:Database`), run by ./provider.ts through the hosted stub
 * (components/dynamicResource/hostedProvider.ts). They replace @pulumi/mysql, whose provider needs a
 * host:port it can dial: these reach the server through components/providers/reach.ts, so a
 * Kubernetes Service is reached through the API's port-forward.
 */
import * as pulumi from "@pulumi/pulumi";
import type { EndpointRef } from "../../platform/endpoint";
import { HostedResource } from "../../dynamicResource/hostedProvider";
import type { Grant } from "./grants";

/** How the provider reaches the server as its admin (updatable: never what the account is). */
export interface MysqlAdminAccess {
  endpoint: pulumi.Input<string | EndpointRef>;
  adminUser: pulumi.Input<string>;
  /** A secret input, never an output. */
  adminPassword: pulumi.Input<string>;
  /** The stack config key holding the same password: refresh and destroy read it there. */
  adminPasswordConfigKey: string;
  timeoutSeconds?: number;
  connectAttempts?: number;
}

export interface MysqlAccountArgs {
  admin: MysqlAdminAccess;
  user: string;
  /** The host part of the account; `%` (any) when absent. */
  host?: string;
  password: pulumi.Input<string>;
  /** The account's whole privilege set, per level (`*.*`, `db.*`, `db.table`): what is not here is revoked. */
  grants: Grant[];
  /** The account reads the binlog (MySQL CDC): create and update first check the server can feed it. */
  binlogReader?: boolean;
}

/** Outputs that are digests of secrets: stored encrypted too. */
const DIGESTS = ["passwordDigest", "credentialDigest"];

export class MysqlAccount extends HostedResource {
  declare readonly user: pulumi.Output<string>;
  declare readonly host: pulumi.Output<string>;
  declare readonly owned: pulumi.Output<boolean>;

  constructor(name: string, args: MysqlAccountArgs, opts?: pulumi.CustomResourceOptions) {
    super("mysqlAccount", "mysql", "Account", name, {
      ...args.admin,
      adminPassword: pulumi.secret(args.admin.adminPassword),
      user: args.user,
      host: args.host ?? "%",
      password: pulumi.secret(args.password),
      grants: args.grants,
      binlogReader: args.binlogReader,
      owned: undefined,
    }, { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...DIGESTS] });
  }
}

export interface MysqlDatabaseArgs {
  admin: MysqlAdminAccess;
  name: string;
  characterSet: string;
  collation: string;
}

export class MysqlDatabase extends HostedResource {
  declare readonly name: pulumi.Output<string>;
  declare readonly owned: pulumi.Output<boolean>;

  constructor(name: string, args: MysqlDatabaseArgs, opts?: pulumi.CustomResourceOptions) {
    super("mysqlDatabase", "mysql", "Database", name, {
      ...args.admin,
      adminPassword: pulumi.secret(args.admin.adminPassword),
      name: args.name,
      characterSet: args.characterSet,
      collation: args.collation,
      owned: undefined,
    }, opts);
  }
}
