/** rtdw's guardrails, one module per rule under rules/. The pack itself is built in index.ts. */
import { Policies } from "@pulumi/policy";
import { imagesPinned, prodImagesByDigest } from "./rules/imagesPinned";
import { jobsCheckpointed } from "./rules/jobsCheckpointed";
import { secretsNotPlain } from "./rules/secretsNotPlain";
import { prodDataProtected } from "./rules/prodDataProtected";
import { servicesRestricted } from "./rules/servicesRestricted";
import { memoryLimited } from "./rules/memoryLimited";
import { prodHighAvailability } from "./rules/prodHighAvailability";

export const policies: Policies = [
  imagesPinned,
  prodImagesByDigest,
  jobsCheckpointed,
  secretsNotPlain,
  prodDataProtected,
  servicesRestricted,
  memoryLimited,
  prodHighAvailability,
];
