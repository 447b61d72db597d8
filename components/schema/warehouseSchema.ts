/**
 * The warehouse's schema as resources: one SchemaObject per DDL statement of sql/ (rendered for the
 * stack), each depending on the objects it lives in (database before table, catalog before its
 * databases), so independent objects apply in parallel and a preview shows each table's change.
 */
import * as pulumi from "@pulumi/pulumi";
import type { EndpointRef } from "../platform/endpoint";
import type { SchemaEngine } from "./engines/engine";
import type { SchemaObjectDefinition } from "./objectDefinition";
import { SchemaObject } from "./schemaObject";

/** How the provider reaches an engine from where `pulumi up` runs. */
export interface EngineAccess {
  /** Where the engine is: an address, or an EndpointRef (a Kubernetes Service is reached through the API). */
  endpoint: pulumi.Input<string | EndpointRef>;
  user?: pulumi.Input<string>;
  password?: pulumi.Input<string>;
  /** The stack config key of the same password (delete and refresh read it there). */
  passwordConfigKey?: string;
  /** What must be up before the engine takes DDL. */
  dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/** A secret placeholder's value and the stack config key holding it. */
export interface PlaceholderSecret {
  value: pulumi.Input<string>;
  configKey: string;
}

export interface WarehouseSchemaArgs {
  objects: SchemaObjectDefinition[];
  /** Engines the stack manages schema on; objects of an engine absent here are skipped. */
  engines: Partial<Record<SchemaEngine, EngineAccess>>;
  secrets: Record<string, PlaceholderSecret>;
  /** true/false for all objects, or the names of the objects that may lose data. */
  allowDataLoss: boolean | string[];
  /** Prod: data-bearing objects are protected and retained when removed from the stack. */
  protectData: boolean;
  statementTimeoutSeconds: number;
}

const resourceName = (objectName: string) => objectName.replace(":", "-").replace(/[^A-Za-z0-9_.-]/g, "_");

export class WarehouseSchema extends pulumi.ComponentResource {
  /** Every object by name (`mysql:shop.orders`). */
  readonly objects: Record<string, SchemaObject>;
  /** Tables, for resources that need the schema in place (jobs, the load generator). */
  readonly tables: SchemaObject[];
  private readonly tablesByEngine: Record<SchemaEngine, SchemaObject[]>;

  constructor(name: string, args: WarehouseSchemaArgs, opts?: pulumi.ComponentResourceOptions) {
    super("rtdw:schema:WarehouseSchema", name, {}, opts);
    const managed = args.objects.filter((o) => args.engines[o.engine] !== undefined);
    const byName = new Map(managed.map((o) => [o.name, o]));
    const created = new Map<string, SchemaObject>();
    const catalogOf = (o: SchemaObjectDefinition) => managed.find((c) => c.engine === "paimon" && c.kind === "catalog" && o.name.startsWith(`${c.name}.`));

    const make = (o: SchemaObjectDefinition): SchemaObject => {
      const existing = created.get(o.name);
      if (existing) return existing;
      const access = args.engines[o.engine]!;
      const parents = o.dependsOn.map((d) => {
        const dep = byName.get(d);
        if (!dep) throw new Error(`${o.file}:${o.line}: ${o.name} depends on ${d}, which this stack does not manage`);
        return make(dep);
      });
      const catalog = o.engine === "paimon" && o.kind !== "catalog" ? catalogOf(o) : undefined;
      const placeholders = [...new Set([...o.secrets, ...(catalog?.secrets ?? [])])];
      for (const p of placeholders) if (!args.secrets[p]) throw new Error(`${o.file}:${o.line}: ${o.name} needs the secret {{ ${p} }}, which the stack does not provide`);
      const secretConfigKeys: Record<string, string> = Object.fromEntries(placeholders.map((p) => [p, args.secrets[p].configKey]));
      if (access.passwordConfigKey) secretConfigKeys.password = access.passwordConfigKey;
      const dataBearing = o.kind === "table" || o.kind === "database";
      const allow = Array.isArray(args.allowDataLoss) ? args.allowDataLoss.includes(o.name) : args.allowDataLoss;
      const resource = new SchemaObject(resourceName(o.name), {
        engine: o.engine,
        kind: o.kind,
        name: o.name,
        file: o.file,
        line: o.line,
        sql: o.sql,
        setup: catalog ? [catalog.sql] : [],
        endpoint: access.endpoint,
        user: access.user,
        password: access.password,
        secretValues: placeholders.length ? Object.fromEntries(placeholders.map((p) => [p, args.secrets[p].value])) : undefined,
        secretConfigKeys,
        allowDataLoss: allow,
        timeoutSeconds: args.statementTimeoutSeconds,
      }, {
        parent: this,
        dependsOn: [...parents, ...(access.dependsOn ?? [])],
        protect: args.protectData && dataBearing,
        retainOnDelete: args.protectData && dataBearing,
      });
      created.set(o.name, resource);
      return resource;
    };
    managed.forEach(make);
    this.objects = Object.fromEntries(created);
    const tables = managed.filter((o) => o.kind === "table");
    this.tables = tables.map((o) => created.get(o.name)!);
    this.tablesByEngine = {
      mysql: tables.filter((o) => o.engine === "mysql").map((o) => created.get(o.name)!),
      starrocks: tables.filter((o) => o.engine === "starrocks").map((o) => created.get(o.name)!),
      paimon: tables.filter((o) => o.engine === "paimon").map((o) => created.get(o.name)!),
    };
    this.registerOutputs({ objects: Object.fromEntries([...created].map(([k, r]) => [k, r.urn])) });
  }

  /** The tables on one engine. */
  tablesOn(engine: SchemaEngine): SchemaObject[] {
    return this.tablesByEngine[engine];
  }
}
