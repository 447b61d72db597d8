/**
 * Prod survives the loss of any one pod: Flink runs at least two JobManagers with high
 * availability configured (`high-availability.type`, Flink 1.20 docs deployment/ha/overview.md;
 * without it a standby JobManager cannot take over the running jobs), and StarRocks runs three
 * frontends (FE metadata is replicated by BDB JE and needs a majority: StarRocks docs
 * administration/management/FE_configuration, "deploy 3 FEs for HA") instead of the allin1 image.
 */
import { StackValidationPolicy } from "@pulumi/policy";
import { imageReference } from "./imagesPinned";
import { podSpecOf } from "../workloads";
import { isProd, STACK_CONFIG_SCHEMA, StackPolicyConfig } from "../stack";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const repositoryOf = (image: unknown): string => (typeof image === "string" ? imageReference(image).repository.split("/").slice(-2).join("/") : "");

function runsJobManager(c: Obj): boolean {
  const words = [...(c.command ?? []), ...(c.args ?? [])].join(" ");
  return /(^|\/)flink$/.test(repositoryOf(c.image)) && /\bjobmanager\b/.test(words);
}

/** Every text of the stack where Flink's configuration can be: ConfigMap data and FLINK_PROPERTIES env. */
function flinkConfigTexts(resources: { type: string; props: Obj }[]): string[] {
  const texts: string[] = [];
  for (const r of resources) {
    if (r.type === "kubernetes:core/v1:ConfigMap") texts.push(...Object.values((r.props.data ?? {}) as Record<string, string>));
    for (const c of podSpecOf(r.type, r.props)?.containers ?? []) {
      for (const e of (c.env ?? []) as Obj[]) if (e.name === "FLINK_PROPERTIES" && typeof e.value === "string") texts.push(e.value);
    }
  }
  return texts;
}

export const prodHighAvailability: StackValidationPolicy = {
  name: "prod-high-availability",
  description: "In prod, Flink runs 2+ JobManagers with HA configured and StarRocks 3 frontends.",
  configSchema: STACK_CONFIG_SCHEMA,
  validateStack: (args, reportViolation) => {
    const resources = args.resources;
    if (resources.length === 0 || !isProd(resources[0].urn, args.getConfig<StackPolicyConfig>())) return;
    const haConfigured = flinkConfigTexts(resources).some((t) => /^\s*high-availability(\.type)?\s*:\s*(kubernetes|zookeeper|\S*KubernetesHaServicesFactory)\s*$/m.test(t));
    for (const r of resources) {
      const pod = podSpecOf(r.type, r.props);
      if (!pod) continue;
      const replicas = r.props.spec?.replicas ?? 1;
      const images = (pod.containers ?? []).map((c: Obj) => repositoryOf(c.image));
      if ((pod.containers ?? []).some(runsJobManager)) {
        if (replicas < 2) reportViolation(`${r.name} runs ${replicas} Flink JobManager; prod needs 2 or more. Set rtdw:platform.highAvailability: true.`, r.urn);
        if (!haConfigured) reportViolation(`${r.name}: Flink high availability is not configured (high-availability.type), so a standby JobManager cannot recover the jobs.`, r.urn);
      }
      if (images.includes("starrocks/fe-ubuntu") && replicas < 3) {
        reportViolation(`${r.name} runs ${replicas} StarRocks frontend(s); prod needs 3 for a metadata majority. Set rtdw:starrocks.frontends: 3.`, r.urn);
      }
      if (images.includes("starrocks/allin1-ubuntu")) {
        reportViolation(`${r.name} runs StarRocks allin1 (one FE and one BE in a container): prod needs rtdw:starrocks.topology: cluster.`, r.urn);
      }
    }
  },
};
