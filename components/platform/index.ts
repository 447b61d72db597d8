/** Chooses the backend for the stack: the one place that knows both platforms exist. */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "../config/stackConfig";
import { DockerPlatform } from "./docker/dockerPlatform";
import { KubernetesPlatform } from "./kubernetes/kubernetesPlatform";
import { Platform } from "./service";

export * from "./service";
export * from "./endpoint";

/**
 * The stack's platform: Docker or Kubernetes, as rtdw:platform says; `platform` is what every
 * component deploys its services through.
 */
export class StackPlatform extends pulumi.ComponentResource {
  readonly platform: Platform;

  constructor(name: string, args: { config: StackConfig; buildDir?: string }, opts?: pulumi.ComponentResourceOptions) {
    // Formerly PlatformBase: the alias keeps this component's URN, and with it every child's
    // (children inherit it), so the rename changes nothing live (test/program/urns.test.ts).
    super("rtdw:platform:StackPlatform", name, {}, { ...opts, aliases: [...(opts?.aliases ?? []), { type: "rtdw:platform:PlatformBase" }] });
    const c = args.config;
    if (c.platform.kind === "docker") {
      this.platform = new DockerPlatform({
        namePrefix: c.namePrefix,
        portOffset: c.platform.portOffset,
        buildDir: args.buildDir ?? path.join(process.cwd(), ".rtdw-build", c.stack),
        protectData: c.protectData,
      }, this);
    } else {
      this.platform = new KubernetesPlatform({
        namespace: c.platform.namespace,
        storageClass: c.platform.storageClass,
        sharedStorageClass: c.platform.sharedStorageClass,
        exposure: c.platform.exposure,
        context: c.platform.context,
        images: { ...c.platform.images, buildDir: args.buildDir ?? path.join(process.cwd(), ".rtdw-build", c.stack) },
        protectData: c.protectData,
      }, this);
    }
    this.registerOutputs({ kind: this.platform.kind });
  }
}
