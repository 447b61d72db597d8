/**
 * What the schema provider takes for one object: one CREATE statement with its engine, kind, name,
 * where it was written and what it lives in. The provider owns this contract; the warehouse's
 * content (components/warehouse/schemaObjects.ts) renders sql/ into it, never the reverse.
 */
import type { SchemaKind } from "./definition/definition";
import type { SchemaEngine } from "./engines/engine";

export type { SchemaEngine, SchemaKind };

export interface SchemaObjectDefinition {
  engine: SchemaEngine;
  kind: SchemaKind;
  /** `<engine>:<qualified name>`, unique across engines: mysql:shop.orders, paimon:paimon.ods.ods_orders. */
  name: string;
  /** The template file and the statement's 1-based line in it. */
  file: string;
  line: number;
  /**
   * Rendered statement without its semicolon. Secret placeholders (see `secrets`) are left as
   * `{{ name }}`, which the provider substitutes from its secret inputs (provider/inputs.ts).
   */
  sql: string;
  /** Placeholders left in `sql` because their values are secrets: the provider's secret inputs. */
  secrets: string[];
  dependsOn: string[];
}
