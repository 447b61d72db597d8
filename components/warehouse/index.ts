/**
 * The reference warehouse in SQL: variables, templating, the five jobs, the schema objects,
 * lineage, data-quality rules and the load generator. Pure functions over the files in sql/.
 */
export * from "./variables";
export { renderTemplate, renderTemplateOutput, placeholders, TemplateError, PLACEHOLDER_NAME } from "./template";
export type { TemplateOptions } from "./template";
export { jobDefinitions, jobTemplate, jobHeader, jobFlinkSettings } from "./jobs";
export type { JobDefinition, JobFlinkSettings } from "./jobs";
export { schemaObjects, mysqlSeedSql } from "./schemaObjects";
export type { SchemaObjectDefinition, SchemaEngine, SchemaKind } from "./schemaObjects";
export { lineage, layerGraph, lineageMermaid, lineageOpenLineage, lineageSummary } from "./lineage";
export type { Lineage, JobLineage, Dataset } from "./lineage";
export { parseQualityRules, QualityRulesError } from "./quality/rules";
export { qualityRuleErrors } from "./quality/monitorSql";
export type { QualityRules } from "./quality/rules";
export { checkConnectorOptions, optionList, CONNECTOR_OPTION_LISTS } from "./connectors";
export { SQL_FILES } from "./sqlFiles";
export { runLoadGenerator, loadGeneratorBundle } from "./loadgen";
export type { LoadGeneratorOptions, LoadGeneratorStats } from "./loadgen";
export { streamParkFindings } from "./streamParkSql";
