/**
 * The policy pack's entry point, run by the Pulumi CLI (`pulumi preview --policy-pack policy`).
 * Constructing a PolicyPack starts its gRPC server at once (pulumi/pulumi-policy
 * sdk/nodejs/policy/server.ts), so the policies live in ./policies and tests import only those.
 */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("rtdw-guardrails", { enforcementLevel: "mandatory", policies });
