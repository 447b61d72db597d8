/**
 * A schema object (database, table, catalog, view) on MySQL, StarRocks or Paimon as a Pulumi
 * resource: `pulumi-nodejs:dynamic/schema:SchemaObject`, run by the implementation in
 * ./provider through the hosted stub (components/dynamicResource/hostedProvider.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import type { EndpointRef } from "../platform/endpoint";
import type { ObjectKind } from "./definition/definition";
import type { SchemaEngine } from "./engines/engine";
import { HostedResource } from "../dynamicResource/hostedProvider";

export interface SchemaObjectArgs {
  engine: SchemaEngine;
  kind: ObjectKind;
  /** `<engine>:<qualified name>`, e.g. mysql:shop.orders. */
  name: string;
  /** The template file and line of the statement, for every message. */
  file: string;
  line: number;
  /** The CREATE statement, secrets left as `${placeholder}`. */
  sql: pulumi.Input<string>;
  /** Paimon: the catalog statement every gateway session runs first. */
  setup?: pulumi.Input<string>[];
  /** host:port as reachable from where `pulumi up` runs, or the SQL Gateway URL. */
  endpoint: pulumi.Input<string | EndpointRef>;
  user?: pulumi.Input<string>;
  /** The engine password: a secret input, never an output. */
  password?: pulumi.Input<string>;
  /** Values of the placeholders in `sql`/`setup`: secret inputs, never outputs. */
  secretValues?: Record<string, pulumi.Input<string>>;
  /** Stack config keys of `password` and each placeholder, read by delete and refresh. */
  secretConfigKeys: Record<string, string>;
  /** Let a replace or delete drop the object's data. Default false. */
  allowDataLoss?: boolean;
  timeoutSeconds?: number;
  connectAttempts?: number;
}

export class SchemaObject extends HostedResource {
  declare readonly owned: pulumi.Output<boolean>;
  declare readonly sql: pulumi.Output<string>;

  constructor(name: string, args: SchemaObjectArgs, opts?: pulumi.CustomResourceOptions) {
    const secretValues = args.secretValues && Object.keys(args.secretValues).length > 0
      ? pulumi.secret(pulumi.all(args.secretValues))
      : undefined;
    super("schemaObject", "schema", "SchemaObject", name, {
      ...args,
      password: args.password === undefined ? undefined : pulumi.secret(args.password),
      secretValues,
      owned: undefined,
    }, opts);
  }
}
