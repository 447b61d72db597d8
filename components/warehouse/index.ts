/**
 * The reference warehouse's SQL catalog and its rendering: variables, templating, the five jobs,
 * the schema objects, connector option lists. Pure functions over the files in sql/ (lineage,
 * quality and the load generator have their own folders).
 */
export * from "./variables";
export { renderTemplate, renderTemplateOutput, placeholders, TemplateError, PLACEHOLDER_NAME } from "./template";
export type { TemplateOptions } from "./template";
export { jobDefinitions, jobTemplate, jobHeader, jobFlinkSettings } from "./jobs";
export type { JobDefinition, JobFlinkSettings } from "./jobs";
export { schemaObjects, mysqlSeedSql } from "./schemaObjects";
export type { SchemaObjectDefinition, SchemaEngine, SchemaKind } from "./schemaObjects";
export { checkConnectorOptions, optionList, CONNECTOR_OPTION_LISTS } from "./connectors";
export { SQL_FILES } from "./sqlFiles";
export { streamParkFindings } from "./streamParkSql";
