/**
 * The containers a resource runs, whatever platform renders it: Docker containers (pulumi-docker
 * `docker:index/container:Container`) and the pod templates of Kubernetes workloads. The policies
 * judge containers, not platforms.
 */
export interface ContainerView {
  /** "docker" or the Kubernetes container's name within its pod. */
  name: string;
  image: string | undefined;
  /** Memory limit as written: Docker MB (number) or a Kubernetes quantity ("2048Mi"). */
  memoryLimit: string | number | undefined;
  /** Environment variables with a literal value (Kubernetes `value`, Docker `NAME=value`). */
  literalEnv: { name: string; value: string }[];
}

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const DOCKER_CONTAINER = "docker:index/container:Container";
export const DOCKER_REMOTE_IMAGE = "docker:index/remoteImage:RemoteImage";

/** Kubernetes kinds with a pod template, and where it sits in their spec. */
const POD_SPEC_PATHS: Record<string, string[]> = {
  "kubernetes:apps/v1:Deployment": ["spec", "template", "spec"],
  "kubernetes:apps/v1:StatefulSet": ["spec", "template", "spec"],
  "kubernetes:apps/v1:DaemonSet": ["spec", "template", "spec"],
  "kubernetes:apps/v1:ReplicaSet": ["spec", "template", "spec"],
  "kubernetes:batch/v1:Job": ["spec", "template", "spec"],
  "kubernetes:batch/v1:CronJob": ["spec", "jobTemplate", "spec", "template", "spec"],
  "kubernetes:core/v1:Pod": ["spec"],
};

export function podSpecOf(type: string, props: Obj): Obj | undefined {
  const path = POD_SPEC_PATHS[type];
  if (!path) return undefined;
  let at: Obj | undefined = props;
  for (const key of path) at = at?.[key];
  return at;
}

/** The containers of a resource, or undefined when it runs none. */
export function containersOf(type: string, props: Obj): ContainerView[] | undefined {
  if (type === DOCKER_CONTAINER) {
    const literalEnv = ((props.envs ?? []) as string[]).map((e) => {
      const i = e.indexOf("=");
      return { name: i < 0 ? e : e.slice(0, i), value: i < 0 ? "" : e.slice(i + 1) };
    });
    return [{ name: "docker", image: props.image, memoryLimit: props.memory, literalEnv }];
  }
  const pod = podSpecOf(type, props);
  if (!pod) return undefined;
  return [...(pod.initContainers ?? []), ...(pod.containers ?? [])].map((c: Obj) => ({
    name: c.name,
    image: c.image,
    memoryLimit: c.resources?.limits?.memory,
    literalEnv: ((c.env ?? []) as Obj[]).filter((e) => typeof e.value === "string" && e.value !== "").map((e) => ({ name: e.name, value: e.value })),
  }));
}
