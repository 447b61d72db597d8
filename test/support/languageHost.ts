/**
 * What `pulumi preview`/`up` prints for an error the program throws, by the rule of Pulumi's
 * Node.js language host (@pulumi/pulumi cmd/run/run.js, uncaughtHandler): a RunError's message
 * alone; a ResourceError's message when it asks to hide the stack; anything else "Running program
 * ... failed with an unhandled exception:" and util.inspect of the error (cmd/run/error.js
 * defaultErrorMessage), which shows `err.stack` (the trace) and the error's own fields.
 * Uses the installed SDK's own RunError/ResourceError tests and defaultErrorMessage.
 */
import * as pulumi from "@pulumi/pulumi";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultErrorMessage } = require("@pulumi/pulumi/cmd/run/error") as { defaultErrorMessage(err: unknown): string };

export function printedByLanguageHost(err: unknown, program = "/rtdw"): string {
  if (pulumi.RunError.isInstance(err)) return (err as Error).message;
  if (pulumi.ResourceError.isInstance(err) && (err as pulumi.ResourceError).hideStack) return (err as Error).message;
  // util.inspect colours its output; the terminal's escape codes are not part of the text.
  // eslint-disable-next-line no-control-regex
  return `Running program '${program}' failed with an unhandled exception:\n${defaultErrorMessage(err).replace(/\u001b\[[0-9;]*m/g, "")}`;
}

/** A line of a Node stack trace ("    at fn (file:line:col)"). */
export const STACK_FRAME = /^\s+at .+/m;
