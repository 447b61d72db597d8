/**
 * The seed's `${variable}` placeholders. A template is filled from stack configuration; every
 * placeholder must be known, and a missing one is an error naming the file and line.
 *
 * Secrets are never written into job SQL: a secret placeholder renders as a StreamPark variable
 * reference `${code}` (StreamPark 2.1.5 substitutes `${code}` variables into Flink SQL when the
 * job starts), so the SQL in Pulumi state and preview diffs stays readable and free of secrets.
 * DDL that we execute ourselves may take real secrets: renderTemplateOutput substitutes Inputs and
 * the result stays a Pulumi secret when any secret went in.
 */
import * as pulumi from "@pulumi/pulumi";
import { UserError } from "../config/errors";

/** `${name}`: a letter, then letters, digits, '.', '_' or '-' (StreamPark's variable code shape). */
export const PLACEHOLDER = /\$\{([A-Za-z][A-Za-z0-9._-]*)\}/g;

export interface TemplateOptions {
  /** The template's file (relative to the project), for error messages. */
  file: string;
  /** Plain values by placeholder name. */
  values: Record<string, string>;
  /** Secret placeholders: name -> the StreamPark variable code the job SQL references instead. */
  secretRefs?: Record<string, string>;
  /** 1-based line of the template's first line in its file, when the text is part of a file. */
  firstLine?: number;
}

export interface Placeholder {
  name: string;
  line: number;
  column: number;
  offset: number;
}

export class TemplateError extends UserError {
  constructor(readonly file: string, readonly problems: { line: number; column: number; message: string }[]) {
    super(problems.map((p) => `${file}:${p.line}:${p.column}: ${p.message}`).join("\n"));
  }
}

/** Every placeholder in the text with its line and column. */
export function placeholders(text: string, firstLine = 1): Placeholder[] {
  const found: Placeholder[] = [];
  for (const m of text.matchAll(PLACEHOLDER)) {
    const offset = m.index ?? 0;
    const before = text.slice(0, offset);
    found.push({ name: m[1], offset, line: firstLine + before.split("\n").length - 1, column: offset - before.lastIndexOf("\n") });
  }
  // A `${` that does not form a placeholder is a typo the user wants to hear about.
  for (const m of text.matchAll(/\$\{(?![A-Za-z][A-Za-z0-9._-]*\})/g)) {
    const offset = m.index ?? 0;
    const before = text.slice(0, offset);
    found.push({ name: "", offset, line: firstLine + before.split("\n").length - 1, column: offset - before.lastIndexOf("\n") });
  }
  return found.sort((a, b) => a.offset - b.offset);
}

function checkKnown(text: string, opts: TemplateOptions, known: (name: string) => boolean): void {
  const problems = placeholders(text, opts.firstLine)
    .filter((p) => !p.name || !known(p.name))
    .map((p) => ({
      line: p.line,
      column: p.column,
      message: p.name ? `unknown template variable \${${p.name}} (not set by the stack configuration)` : "malformed placeholder: expected ${name} with a letter first and letters, digits, '.', '_' or '-'",
    }));
  if (problems.length) throw new TemplateError(opts.file, problems);
}

/** Renders plain values; secret placeholders become `${code}` StreamPark variable references. */
export function renderTemplate(text: string, opts: TemplateOptions): string {
  const secretRefs = opts.secretRefs ?? {};
  checkKnown(text, opts, (n) => n in opts.values || n in secretRefs);
  return text.replace(PLACEHOLDER, (_, name: string) => (name in secretRefs ? `\${${secretRefs[name]}}` : opts.values[name]));
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
  checkKnown(text, { ...opts, values: {} }, (n) => n in values);
  const used = [...new Set(placeholders(text, opts.firstLine).map((p) => p.name))];
  const inputs: Record<string, pulumi.Input<string>> = {};
  for (const n of used) inputs[n] = values[n];
  return pulumi.all(inputs).apply((resolved) => text.replace(PLACEHOLDER, (_, name: string) => (resolved as Record<string, string>)[name]));
}
