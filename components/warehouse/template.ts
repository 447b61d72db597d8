/**
 * The warehouse's SQL templates: `{{ name }}` placeholders (Mustache tags) the program fills from
 * stack configuration when it renders. Every placeholder must be known; an unknown or malformed one
 * is an error naming the file, line and column.
 *
 * `${code}` is StreamPark's syntax, not ours: StreamPark 2.1.5 substitutes `${code}` variables into
 * a Flink SQL job when it starts (apache/incubator-streampark@v2.1.5
 * streampark-console-service/.../core/service/impl/VariableServiceImpl.java#replaceVariable,
 * PLACEHOLDER_PATTERN `\$\{([A-Za-z])+([A-Za-z0-9._-])+\}`). A template never contains `${`: a
 * secret placeholder `{{ mysql.cdc.password }}` renders as the StreamPark reference
 * `${mysql.cdc.password}`, so job SQL in Pulumi state and preview diffs stays free of secrets, and
 * every `${...}` in rendered job SQL is one StreamPark substitutes.
 * DDL keeps its secrets as `{{ name }}` (`deferred`) for the schema provider, which substitutes
 * them from secret inputs; renderTemplateOutput substitutes Pulumi Inputs for real, and the result
 * stays a Pulumi secret when any secret went in.
 *
 * Parsing is mustache.js's (tags, whitespace inside them, unclosed tags, with offsets); the values
 * are looked up here by their whole name, because Mustache would read `cdc.server-id.customers` as
 * a path through nested objects, and nothing is HTML-escaped. Only plain `{{ name }}` tags are
 * templates' syntax: sections, partials, comments, triple braces and delimiter changes are refused.
 */
import * as pulumi from "@pulumi/pulumi";
import Mustache from "mustache";
import { UserError } from "../config/errors";

/** A placeholder's name: a letter, then letters, digits, '.', '_' or '-' (StreamPark's code shape too). */
export const PLACEHOLDER_NAME = /^[A-Za-z][A-Za-z0-9._-]*$/;

export interface TemplateOptions {
  /** The template's file (relative to the project), for error messages. */
  file: string;
  /** Plain values by placeholder name. */
  values: Record<string, string>;
  /** Secret placeholders: name -> the StreamPark variable code the job SQL references instead. */
  secretRefs?: Record<string, string>;
  /** Placeholders left as `{{ name }}` for a later stage to fill: the schema provider's secrets. */
  deferred?: readonly string[];
  /** 1-based line of the template's first line in its file, when the text is part of a file. */
  firstLine?: number;
}

export interface Placeholder {
  name: string;
  line: number;
  column: number;
  offset: number;
}

interface Problem { line: number; column: number; message: string }

export class TemplateError extends UserError {
  constructor(readonly file: string, readonly problems: Problem[]) {
    super(problems.map((p) => `${file}:${p.line}:${p.column}: ${p.message}`).join("\n"));
  }
}

/** The text as literal pieces and placeholders, in order. */
type Piece = { text: string } | Placeholder;

const MALFORMED = "malformed placeholder: expected {{ name }} with a letter first and letters, digits, '.', '_' or '-'";
const STREAMPARK_SYNTAX = "'${' is StreamPark's variable syntax: a value the stack fills is written {{ name }} (secrets too: they render as StreamPark references)";

function position(text: string, offset: number, firstLine: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: firstLine + before.split("\n").length - 1, column: offset - before.lastIndexOf("\n") };
}

/** Parses with mustache.js; every problem (with its position) or the pieces. */
function parse(text: string, firstLine: number): { pieces: Piece[]; problems: Problem[] } {
  const at = (offset: number, message: string): Problem => ({ ...position(text, offset, firstLine), message });
  const problems: Problem[] = [];
  for (const m of text.matchAll(/\$\{/g)) problems.push(at(m.index ?? 0, STREAMPARK_SYNTAX));
  let tokens: Mustache.TemplateSpans;
  try {
    // Fixed tags: Mustache.tags is global state another caller could change.
    tokens = Mustache.parse(text, ["{{", "}}"]);
  } catch (e) {
    // mustache.js reports "Unclosed tag at <end>": name the tag that opened instead.
    const message = (e as Error).message;
    const unclosed = text.indexOf("{{", text.lastIndexOf("}}") + 2);
    problems.push(at(/^Unclosed tag/.test(message) && unclosed >= 0 ? unclosed : Number(/at (\d+)$/.exec(message)?.[1] ?? 0), `${MALFORMED} (${message.replace(/ at \d+$/, "")})`));
    return { pieces: [], problems };
  }
  const pieces: Piece[] = [];
  for (const [type, value, start] of tokens) {
    if (type === "text") pieces.push({ text: value });
    else if (type === "name" && PLACEHOLDER_NAME.test(value)) pieces.push({ name: value, offset: start, ...position(text, start, firstLine) });
    else problems.push(at(start, MALFORMED));
  }
  return { pieces, problems: problems.sort((a, b) => a.line - b.line || a.column - b.column) };
}

/** Every placeholder in the text with its line and column (a malformed template throws TemplateError). */
export function placeholders(text: string, firstLine = 1, file = "template"): Placeholder[] {
  const { pieces, problems } = parse(text, firstLine);
  if (problems.length) throw new TemplateError(file, problems);
  return pieces.filter((p): p is Placeholder => "name" in p);
}

/** The pieces of a template whose placeholders are all known; else a TemplateError naming each. */
function checked(text: string, opts: Pick<TemplateOptions, "file" | "firstLine">, known: (name: string) => boolean): Piece[] {
  const { pieces, problems } = parse(text, opts.firstLine ?? 1);
  for (const p of pieces) {
    if ("name" in p && !known(p.name)) problems.push({ line: p.line, column: p.column, message: `unknown template variable {{ ${p.name} }} (not set by the stack configuration)` });
  }
  if (problems.length) throw new TemplateError(opts.file, problems.sort((a, b) => a.line - b.line || a.column - b.column));
  return pieces;
}

/**
 * The StreamPark variable codes rendered SQL references, sorted: StreamPark's own pattern
 * (VariableServiceImpl.PLACEHOLDER_PATTERN, v2.1.5), the one the job provider checks too.
 */
export function streamParkReferences(sql: string): string[] {
  return [...new Set([...sql.matchAll(/\$\{([A-Za-z]+[A-Za-z0-9._-]+)\}/g)].map((m) => m[1]))].sort();
}

const fill = (pieces: Piece[], value: (name: string) => string): string => pieces.map((p) => ("name" in p ? value(p.name) : p.text)).join("");

/** Renders plain values; secret placeholders become `${code}` StreamPark variable references. */
export function renderTemplate(text: string, opts: TemplateOptions): string {
  const secretRefs = opts.secretRefs ?? {};
  const deferred = new Set(opts.deferred ?? []);
  const pieces = checked(text, opts, (n) => n in opts.values || n in secretRefs || deferred.has(n));
  return fill(pieces, (name) => (deferred.has(name) ? `{{ ${name} }}` : name in secretRefs ? `\${${secretRefs[name]}}` : opts.values[name]));
}

/**
 * Renders with Pulumi Inputs substituted for real (secrets included): for DDL we execute ourselves.
 * The Output is secret exactly when a secret Input was substituted (pulumi.all carries secretness).
 */
export function renderTemplateOutput(
  text: string,
  opts: Pick<TemplateOptions, "file" | "firstLine">,
  values: Record<string, pulumi.Input<string>>,
): pulumi.Output<string> {
  const pieces = checked(text, opts, (n) => n in values);
  const inputs: Record<string, pulumi.Input<string>> = {};
  for (const p of pieces) if ("name" in p) inputs[p.name] = values[p.name];
  return pulumi.all(inputs).apply((resolved) => fill(pieces, (name) => (resolved as Record<string, string>)[name]));
}
