/**
 * Errors in what the user wrote (stack config, SQL files, rule files): the message says what and
 * where, so it is printed alone. Pulumi's Node.js language host prints a RunError's message without
 * a stack trace; any other uncaught error goes through util.inspect, stack and own fields included
 * (@pulumi/pulumi cmd/run/run.js uncaughtHandler, cmd/run/error.js defaultErrorMessage).
 */
import * as pulumi from "@pulumi/pulumi";

export class UserError extends pulumi.RunError {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
