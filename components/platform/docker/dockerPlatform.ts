/**
 * The Docker backend: one bridge network per stack, a container per service instance (its service
 * name is its DNS alias), named volumes for data, exposed ports published on 127.0.0.1 only, init
 * steps as run-to-completion containers, and derived images built locally where a stock image lacks
 * files. Knows nothing of Flink or StarRocks.
 */
import * as fs from "fs";
import * as path from "path";
import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";
import * as docker from "@pulumi/docker";
import { ConfigFile, DeployedService, EndpointRef, HealthCheck, InitStep, Platform, ServiceSpec, SharedVolume, VolumeOwner, portOf } from "../service";
import { FETCHER_IMAGE, validateArtifacts } from "../artifacts";
import { assertKeepsContracts } from "../keepsContract";
import { DerivedImage, needsDerivedImage, renderDockerfile } from "./dockerfile";
import { ONE_SHOT_MEMORY_MIB, oneShotOutcome } from "./oneShot";

export interface DockerPlatformArgs {
  /** Prefix of container, volume, network and image names (one stack per prefix on a Docker host). */
  namePrefix: string;
  /** Added to every published port, so two stacks can run on one laptop. */
  portOffset?: number;
  /** Folder where derived images' Dockerfiles are written (their build context). */
  buildDir: string;
  /** Keep data volumes when the stack is destroyed (prod-like stacks). */
  protectData?: boolean;
}

function uploads(files: ConfigFile[] | undefined): docker.types.input.ContainerUpload[] {
  return (files ?? []).map((f) => ({
    file: f.path,
    content: f.secret ? pulumi.secret(f.content) : f.content,
    executable: f.mode !== undefined ? (f.mode & 0o111) !== 0 : undefined,
  }));
}

function envList(env?: Record<string, pulumi.Input<string>>, secretEnv?: Record<string, pulumi.Input<string>>): pulumi.Output<string[]> {
  const plain = Object.entries(env ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => pulumi.interpolate`${k}=${v}`);
  const secret = Object.entries(secretEnv ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => pulumi.secret(pulumi.interpolate`${k}=${v}`));
  return pulumi.all([...plain, ...secret]);
}

/** Docker health checks run inside the container: curl or wget for HTTP, bash's /dev/tcp for TCP. */
export function dockerHealthcheck(h: HealthCheck): docker.types.input.ContainerHealthcheck {
  let test: string[];
  if (h.command) {
    test = ["CMD", ...h.command];
  } else if (h.http) {
    const url = `http://127.0.0.1:${h.http.port}${h.http.path}`;
    test = ["CMD-SHELL", `curl -fsS -o /dev/null ${url} || wget -q -O /dev/null ${url} || exit 1`];
  } else if (h.tcp) {
    test = ["CMD-SHELL", `bash -c 'exec 3<>/dev/tcp/127.0.0.1/${h.tcp.port}' || exit 1`];
  } else {
    throw new Error("a health check needs http, tcp or command");
  }
  return {
    tests: test,
    interval: `${h.periodSeconds ?? 10}s`,
    timeout: "5s",
    startPeriod: `${h.startupSeconds}s`,
    retries: 5,
  };
}

export class DockerPlatform implements Platform {
  readonly kind = "docker" as const;
  readonly network: docker.Network;
  private readonly images = new Map<string, pulumi.Output<string>>();

  constructor(private readonly args: DockerPlatformArgs, parent: pulumi.Resource) {
    this.network = new docker.Network(`${args.namePrefix}-network`, {
      name: args.namePrefix,
      driver: "bridge",
    }, { parent });
  }

  /**
   * A named volume whose root belongs to its writers: Docker creates it root-owned 0755 (a path the
   * image lacks is not copied up), so a one-shot container makes it theirs, group-writable with the
   * group inherited (setgid), before any service mounts it.
   */
  sharedVolume(name: string, sizeGiB: number, owner: VolumeOwner, parent: pulumi.Resource): SharedVolume {
    const volume = this.volume(name, parent);
    const image = this.image(`${name}-owner`, { base: FETCHER_IMAGE }, `volume ${name}`, parent);
    const prepare = this.oneShot(`${name}-owner`, {
      image,
      user: "0:0",
      entrypoints: ["sh", "-c", `chown ${owner.uid}:${owner.gid} /volume && chmod 2775 /volume`],
      volumes: [{ volumeName: volume.name, containerPath: "/volume" }],
    }, parent, [volume]);
    return { name, sizeGiB, owner, resource: prepare.container, claimName: volume.name };
  }

  /**
   * A container run to completion during `up` (volume preparation, init steps). The docker provider
   * records a one-shot's exit code without failing, so the code and the log's last lines are checked
   * here and carried into what depends on it: a failed step fails `up` with its own message.
   */
  private oneShot(name: string, args: Partial<docker.ContainerArgs> & { image: pulumi.Input<string> }, parent: pulumi.Resource, dependsOn: pulumi.Input<pulumi.Resource>[]):
    { container: docker.Container; outcome: pulumi.Output<string> } {
    const container = new docker.Container(`${this.args.namePrefix}-${name}`, {
      ...args,
      name: `${this.args.namePrefix}-${name}`,
      networksAdvanced: args.networksAdvanced ?? [{ name: this.network.name }],
      attach: true, // `pulumi up` waits for it to finish
      logs: true,
      mustRun: false,
      restart: "no",
      memory: ONE_SHOT_MEMORY_MIB,
    }, { parent, dependsOn });
    const outcome = pulumi.all([container.exitCode, container.containerLogs]).apply(([code, logs]) => oneShotOutcome(name, code, logs));
    return { container, outcome };
  }

  private volume(name: string, parent: pulumi.Resource): docker.Volume {
    return new docker.Volume(`${this.args.namePrefix}-${name}`, { name: `${this.args.namePrefix}-${name}` },
      { parent, protect: this.args.protectData, retainOnDelete: this.args.protectData });
  }

  /** The stock image pulled by its pinned tag, or a derived image built from it. */
  private image(resourceName: string, d: DerivedImage, owner: string, parent: pulumi.Resource): pulumi.Output<string> {
    if (/:latest$/.test(d.base) || !/:[^/]+$/.test(d.base)) {
      throw new Error(`${owner}: image ${d.base} must be pinned to a version tag`);
    }
    if (!needsDerivedImage(d)) {
      const key = `pull:${d.base}`;
      const existing = this.images.get(key);
      if (existing) return existing;
      const pulled = new docker.RemoteImage(`${this.args.namePrefix}-${resourceName}`, { name: d.base, keepLocally: true }, { parent });
      this.images.set(key, pulled.imageId.apply(() => d.base));
      return this.images.get(key) as pulumi.Output<string>;
    }
    validateArtifacts(owner, d.artifacts ?? []);
    const dockerfile = renderDockerfile(d);
    const digest = crypto.createHash("sha256").update(dockerfile).digest("hex").slice(0, 12);
    const context = path.join(this.args.buildDir, resourceName);
    fs.mkdirSync(context, { recursive: true });
    fs.writeFileSync(path.join(context, "Dockerfile"), dockerfile);
    const built = new docker.Image(`${this.args.namePrefix}-${resourceName}`, {
      imageName: `${this.args.namePrefix}/${resourceName}:${digest}`,
      build: { context, dockerfile: path.join(context, "Dockerfile") },
      skipPush: true,
    }, { parent });
    return built.imageName;
  }

  private initContainer(spec: ServiceSpec, step: InitStep, volumes: docker.types.input.ContainerVolume[], parent: pulumi.Resource, dependsOn: pulumi.Input<pulumi.Resource>[]):
    { container: docker.Container; outcome: pulumi.Output<string> } {
    const image = this.image(`${spec.name}-${step.name}`, { base: step.image, imageContents: step.imageContents }, `${spec.name} init step ${step.name}`, parent);
    return this.oneShot(`${spec.name}-${step.name}`, {
      image,
      entrypoints: step.command,
      envs: envList(step.env, step.secretEnv),
      uploads: uploads(step.files),
      volumes,
    }, parent, dependsOn);
  }

  deploy(spec: ServiceSpec, parent: pulumi.Resource): DeployedService {
    const owner = `service ${spec.name}`;
    assertKeepsContracts(spec);
    if ((spec.replicas ?? 1) > 1 && spec.dataVolumes?.length) {
      throw new Error(`${owner}: replicas with private data volumes need a StatefulSet-like platform; give each instance its own service`);
    }
    const prefix = this.args.namePrefix;
    const offset = this.args.portOffset ?? 0;
    const image = this.image(spec.name, { base: spec.image, artifacts: spec.artifacts, imageContents: spec.imageContents }, owner, parent);
    const dataVolumes = (spec.dataVolumes ?? []).map((v) => ({ volumeName: this.volume(`${spec.name}-${v.name}`, parent).name, containerPath: v.mountPath }));
    const sharedVolumes = (spec.sharedMounts ?? []).map((m) => ({ volumeName: m.volume.claimName, containerPath: m.mountPath }));
    const volumes = [...dataVolumes, ...sharedVolumes];
    const volumeReady = (spec.sharedMounts ?? []).map((m) => m.volume.resource);
    const inits = (spec.initSteps ?? []).map((step) => this.initContainer(spec, step, volumes, parent, [...(spec.dependsOn ?? []), ...volumeReady]));
    // Every one-shot's outcome, as a label: the service is created only after each succeeded.
    const initLabels = inits.map((init, i) => ({ label: `rtdw.init.${(spec.initSteps ?? [])[i].name}`, value: init.outcome }));

    const containers: docker.Container[] = [];
    const replicas = spec.replicas ?? 1;
    for (let i = 0; i < replicas; i++) {
      const instance = replicas === 1 ? spec.name : `${spec.name}-${i}`;
      const env = { ...(spec.env ?? {}), ...(spec.ownAddressEnv ? { [spec.ownAddressEnv]: instance } : {}) };
      containers.push(new docker.Container(`${prefix}-${instance}`, {
        name: `${prefix}-${instance}`,
        hostname: instance,
        image,
        entrypoints: spec.command,
        command: spec.args,
        envs: envList(env, spec.secretEnv),
        uploads: uploads(spec.files),
        networksAdvanced: [{ name: this.network.name, aliases: [spec.name, instance] }],
        // Published on loopback only, and only by the first instance.
        ports: i === 0 ? (spec.ports ?? []).filter((p) => p.expose).map((p) => ({ internal: p.port, external: p.port + offset, ip: "127.0.0.1" })) : [],
        volumes,
        memory: spec.resources.memoryMiB,
        cpus: String(spec.resources.cpu),
        healthcheck: spec.health ? dockerHealthcheck(spec.health) : undefined,
        // Wait for healthy, so services that depend on this one start after it is ready.
        wait: spec.health !== undefined,
        waitTimeout: spec.health ? spec.health.startupSeconds + 120 : undefined,
        restart: "unless-stopped",
        logDriver: "json-file",
        logOpts: { "max-size": "50m", "max-file": "3" },
        labels: initLabels.length ? initLabels : undefined,
      }, { parent, dependsOn: [...(spec.dependsOn ?? []), ...volumeReady, ...inits.map((x) => x.container)] }));
    }

    const host = pulumi.output(spec.name);
    return {
      name: spec.name,
      host,
      internalEndpoint: (portName) => pulumi.interpolate`${spec.name}:${portOf(spec, portName).port}`,
      endpoint: (portName) => {
        const port = portOf(spec, portName);
        if (!port.expose) throw new Error(`${owner}: port ${portName} is not exposed`);
        return pulumi.output<EndpointRef>({ kind: "direct", host: "127.0.0.1", port: port.port + offset });
      },
      // Docker's embedded DNS answers the shared alias with every instance's address.
      instancesDnsName: host,
      ready: containers[0],
    };
  }
}
