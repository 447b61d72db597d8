/**
 * The platform-neutral description of a service. Components describe what runs (image, command,
 * ports, files, storage, health, start order); a backend (./docker, ./kubernetes) decides how.
 * Nothing in here names Docker or Kubernetes concepts.
 */
import * as pulumi from "@pulumi/pulumi";
import { EndpointRef } from "./endpoint";
import { ImageContract } from "./imageContract";

export type { EndpointRef } from "./endpoint";
export type { ImageContract } from "./imageContract";

/** A TCP port a service listens on. `name` is a short DNS-label-like name (at most 15 characters). */
export interface ServicePort {
  name: string;
  port: number;
  /**
   * Reachable from the operator's machine (where `pulumi up` runs): published on 127.0.0.1 by the
   * Docker backend; on Kubernetes reached through the API's port-forward (never a network exposure
   * unless the stack opts in with source ranges).
   */
  expose?: boolean;
}

/** A file placed into the container before it starts (configuration, scripts). */
export interface ConfigFile {
  path: string;
  content: pulumi.Input<string>;
  /** Holds a secret: rendered as a Kubernetes Secret, uploaded as a secret Output on Docker. */
  secret?: boolean;
  /** Unix mode, e.g. 0o755 for scripts. */
  mode?: number;
  /** The process rewrites the file at start (Flink's entrypoint edits its config.yaml in place). */
  writable?: boolean;
}

/** Persistent storage private to one instance of the service: its data survives restarts. */
export interface DataVolume {
  name: string;
  mountPath: string;
  sizeGiB: number;
  /**
   * The process needs an empty directory (MySQL's first-start initialisation refuses a datadir
   * holding ext4's lost+found): mounted from a directory inside the volume, not its root.
   */
  emptyDirectory?: boolean;
}

/** Storage several services read and write together (checkpoints, a lake warehouse on a disk). */
export interface SharedVolume {
  readonly name: string;
  readonly sizeGiB: number;
  /** The user and group that write it (its root is made theirs, group-writable). */
  readonly owner: VolumeOwner;
  /** The backend's resource behind the volume, so that services can depend on it. */
  readonly resource: pulumi.Resource;
  /** Backend-specific handle (a Docker volume name, a PersistentVolumeClaim name). */
  readonly claimName: pulumi.Output<string>;
}

export interface VolumeOwner {
  uid: number;
  gid: number;
}

export interface SharedMount {
  volume: SharedVolume;
  mountPath: string;
}

/**
 * A file fetched over HTTP(S) before the service starts, verified against the checksum its
 * publisher lists (for Maven Central, the `.sha1` beside each artifact), placed at `path`.
 */
export interface Artifact {
  url: string;
  /** Full path of the file inside the container, e.g. /opt/flink/lib/paimon-flink-1.20-0.9.0.jar */
  path: string;
  /** Pinned SHA-256 of the file, when known; always takes precedence. */
  sha256?: string;
  /** URL of the publisher's SHA-1 sidecar, checked when no sha256 is pinned. */
  sha1Url?: string;
}

/** A directory copied out of another image (for example a Flink distribution for StreamPark). */
export interface ImageContent {
  image: string;
  from: string;
  to: string;
}

/** A step run to completion, once per start, before the service starts (schema init, registration). */
export interface InitStep {
  name: string;
  image: string;
  /** What the image is: its user, paths, environment (./imageContract.ts). */
  contract: ImageContract;
  command: string[];
  env?: Record<string, pulumi.Input<string>>;
  secretEnv?: Record<string, pulumi.Input<string>>;
  files?: ConfigFile[];
  imageContents?: ImageContent[];
}

export interface HealthCheck {
  /** An HTTP GET that answers 2xx/3xx when healthy. */
  http?: { path: string; port: number };
  /** A TCP port that accepts connections when healthy. */
  tcp?: { port: number };
  /** A command run inside the container; exit code 0 means healthy. */
  command?: string[];
  /** Time the service may take to start before failures count. */
  startupSeconds: number;
  periodSeconds?: number;
}

export interface ResourceBudget {
  /** Memory limit in MiB (and the request: the warehouse's processes size their heaps from it). */
  memoryMiB: number;
  /** CPU cores requested. */
  cpu: number;
}

/** One permission on the orchestrator's API that the service's processes need (leader election...). */
export interface ApiPermission {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

/**
 * A connection a service opens: to a service of the stack (by name) or to something outside the
 * platform (an external MySQL, object storage, a webhook, the Kubernetes API). Network policies
 * are derived from these: what is not declared is not allowed.
 */
export type Flow =
  | { service: string; ports: number[]; why: string }
  | { external: string; ports: number[]; why: string };

export interface ServiceSpec {
  /** Service name: the DNS name other services use to reach it. Lower-case DNS label. */
  name: string;
  /** Image reference with a pinned tag (never `latest`); the contract's image. */
  image: string;
  /** What the image is: its user, writable paths, environment, ports, heap model (./imageContract.ts). */
  contract: ImageContract;
  /** Replaces the image's entrypoint. */
  command?: string[];
  /** Replaces the image's default arguments. */
  args?: string[];
  env?: Record<string, pulumi.Input<string>>;
  secretEnv?: Record<string, pulumi.Input<string>>;
  /** Environment variable that receives the instance's own network address (pod IP, container name). */
  ownAddressEnv?: string;
  ports?: ServicePort[];
  files?: ConfigFile[];
  dataVolumes?: DataVolume[];
  sharedMounts?: SharedMount[];
  artifacts?: Artifact[];
  imageContents?: ImageContent[];
  initSteps?: InitStep[];
  resources: ResourceBudget;
  /** Number of identical instances; only for services without private data volumes. */
  replicas?: number;
  health?: HealthCheck;
  apiPermissions?: ApiPermission[];
  /** The connections this service opens (network policies allow these and nothing else). */
  egress?: Flow[];
  /** Voluntary disruptions (node drains) take at most one instance at a time (HA members, quorums). */
  keepAvailable?: boolean;
  /** Services (or other resources) that must be up before this one starts. */
  dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/** A service as deployed: how to reach it, and the resources that make it up. */
export interface DeployedService {
  readonly name: string;
  /** Host name other services use (inside the platform's network). */
  readonly host: pulumi.Output<string>;
  /** `host:port` inside the platform's network for a named port. */
  internalEndpoint(portName: string): pulumi.Output<string>;
  /** How the operator's machine reaches an exposed port (direct, or through the Kubernetes API). */
  endpoint(portName: string): pulumi.Output<EndpointRef>;
  /** A DNS name resolving to the address of every instance (for DNS-based service discovery). */
  readonly instancesDnsName: pulumi.Output<string>;
  /** The resource to depend on for "this service is deployed". */
  readonly ready: pulumi.Resource;
}

/** A backend that turns service descriptions into platform resources. */
export interface Platform {
  /** Names the backend for outputs and messages only; components must not branch on it. */
  readonly kind: "docker" | "kubernetes";
  sharedVolume(name: string, sizeGiB: number, owner: VolumeOwner, parent: pulumi.Resource): SharedVolume;
  deploy(spec: ServiceSpec, parent: pulumi.Resource): DeployedService;
}

export function portOf(spec: Pick<ServiceSpec, "name" | "ports">, portName: string): ServicePort {
  const port = spec.ports?.find((p) => p.name === portName);
  if (!port) {
    throw new Error(`service ${spec.name} has no port named "${portName}"`);
  }
  return port;
}
