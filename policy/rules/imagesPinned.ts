/**
 * Images are pinned: a tag other than `latest`, a digest, or an image ID, never an implicit or
 * explicit `:latest`, which changes under a running stack and makes `pulumi up` unrepeatable.
 * In prod, Kubernetes containers should go further and name a digest (advisory: not every upstream
 * publishes one we can verify from here).
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { containersOf, DOCKER_REMOTE_IMAGE } from "../workloads";
import { isProd, STACK_CONFIG_SCHEMA, StackPolicyConfig } from "../stack";

/** Splits an image reference (`[registry[:port]/]repository[:tag][@digest]`, distribution/reference's grammar). */
export function imageReference(ref: string): { repository: string; tag?: string; digest?: string; imageId?: string } {
  if (/^sha256:[0-9a-f]{64}$/.test(ref)) return { repository: "", imageId: ref };
  const [nameAndTag, digest] = ref.split("@", 2);
  const slash = nameAndTag.lastIndexOf("/");
  const colon = nameAndTag.lastIndexOf(":");
  const hasTag = colon > slash;
  return {
    repository: hasTag ? nameAndTag.slice(0, colon) : nameAndTag,
    tag: hasTag ? nameAndTag.slice(colon + 1) : undefined,
    digest,
  };
}

/** Why an image reference is not pinned, or undefined when it is. */
export function unpinnedReason(ref: string): string | undefined {
  const r = imageReference(ref);
  if (r.imageId || r.digest) return undefined;
  if (!r.tag) return `image "${ref}" has no tag, so Docker takes "latest"`;
  if (r.tag === "latest") return `image "${ref}" uses the moving tag "latest"`;
  return undefined;
}

export const imagesPinned: ResourceValidationPolicy = {
  name: "images-pinned",
  description: "Every image is pinned to a version tag or a digest, never latest.",
  validateResource: (args, reportViolation) => {
    const refs: { where: string; image: string | undefined }[] = args.type === DOCKER_REMOTE_IMAGE
      ? [{ where: "the pulled image", image: args.props.name }]
      : (containersOf(args.type, args.props) ?? []).map((c) => ({ where: `container "${c.name}"`, image: c.image }));
    for (const { where, image } of refs) {
      if (typeof image !== "string") continue; // unknown during preview
      const reason = unpinnedReason(image);
      if (reason) reportViolation(`${args.name}, ${where}: ${reason}. Pin a release tag (e.g. flink:1.20.1-scala_2.12-java11) or a digest.`);
    }
  },
};

export const prodImagesByDigest: ResourceValidationPolicy = {
  name: "prod-images-by-digest",
  description: "In prod, Kubernetes containers name their image by digest where the image publishes one.",
  enforcementLevel: "advisory",
  configSchema: STACK_CONFIG_SCHEMA,
  validateResource: (args, reportViolation) => {
    if (!isProd(args.urn, args.getConfig<StackPolicyConfig>()) || !args.type.startsWith("kubernetes:")) return;
    for (const c of containersOf(args.type, args.props) ?? []) {
      if (typeof c.image !== "string") continue;
      if (!imageReference(c.image).digest) {
        reportViolation(`${args.name}, container "${c.name}": prod image "${c.image}" is pinned by tag only. Add its digest (image@sha256:...) so a re-pushed tag cannot change prod.`);
      }
    }
  },
};
