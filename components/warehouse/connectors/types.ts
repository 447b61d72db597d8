/** The shape of a connector's option list (see optionLists.ts for the data and its sources). */
export type ConnectorName = "mysql-cdc" | "paimon" | "paimon-catalog" | "starrocks";

export interface ConnectorOptionList {
  connector: ConnectorName;
  /** The connector release the list was read from. */
  version: string;
  /** Repository, tag, commit and file the keys come from. */
  source: string;
  /** Key prefixes the factory passes through unvalidated (e.g. "debezium."). */
  prefixes: readonly string[];
  /** Every key the factory accepts; "#" stands for a field name (Paimon's fields.#.aggregate-function). */
  keys: readonly string[];
}
