/**
 * What a pod runs when its service needs files its stock image lacks (connector jars, another
 * image's directory): with a registry, an image built once where `pulumi up` runs (the Docker
 * backend's Dockerfile) and pushed there, so pods download nothing at start; with a Maven mirror,
 * init containers fetch the jars from the mirror instead of Maven Central. Air-gapped clusters use
 * either; prod must name one (components/config/stackConfig.ts).
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as docker from "@pulumi/docker";
import { mirrored } from "../artifacts";
import { needsDerivedImage, renderDockerfile } from "../docker/dockerfile";
import { Artifact, ImageContent, ServiceSpec } from "../service";

export interface ImageSource {
  /** Repository prefix the stack pushes its derived images to (registry.example.com/rtdw). */
  registry?: string;
  /** A Maven repository mirroring Maven Central, reachable from the cluster. */
  mavenMirror?: string;
  /** Folder for derived images' build contexts. */
  buildDir: string;
}

export interface PodImage {
  image: pulumi.Input<string>;
  /** Still fetched by an init container at start. */
  artifacts: Artifact[];
  /** Still copied by init containers at start. */
  imageContents: ImageContent[];
  dependsOn: pulumi.Resource[];
}

/** Built images by Dockerfile digest: services with the same base and files share one image (the three Flink roles). */
export type BuiltImages = Map<string, docker.Image>;

/** The derived image's repository: the stock image's name with an rtdw suffix (flink-rtdw, streampark-rtdw). */
function repositoryOf(baseImage: string): string {
  const name = baseImage.replace(/:[^/:]+$/, "").split("/").pop() as string;
  return `${name}-rtdw`;
}

export function podImage(spec: ServiceSpec, source: ImageSource, parent: pulumi.Resource, built: BuiltImages = new Map()): PodImage {
  const artifacts = (spec.artifacts ?? []).map((a) => (source.mavenMirror ? mirrored(a, source.mavenMirror) : a));
  const derived = { base: spec.image, artifacts, imageContents: spec.imageContents };
  if (!needsDerivedImage(derived) || !source.registry) {
    return { image: spec.image, artifacts, imageContents: spec.imageContents ?? [], dependsOn: [] };
  }
  const dockerfile = renderDockerfile(derived);
  const digest = crypto.createHash("sha256").update(dockerfile).digest("hex").slice(0, 12);
  const repository = repositoryOf(spec.image);
  let image = built.get(digest);
  if (!image) {
    const context = path.join(source.buildDir, `${repository}-${digest}`);
    fs.mkdirSync(context, { recursive: true });
    fs.writeFileSync(path.join(context, "Dockerfile"), dockerfile);
    image = new docker.Image(`${repository}-${digest}`, {
      imageName: `${source.registry.replace(/\/+$/, "")}/${repository}:${digest}`,
      build: { context, dockerfile: path.join(context, "Dockerfile"), platform: "linux/amd64" },
      // Pushed with the credentials of `docker login` on the machine running `pulumi up`.
      skipPush: false,
    }, { parent });
    built.set(digest, image);
  }
  return { image: image.repoDigest, artifacts: [], imageContents: [], dependsOn: [image] };
}
