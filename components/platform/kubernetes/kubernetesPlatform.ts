/**
 * The Kubernetes backend: a namespace per stack (Pod Security "restricted" warned and audited,
 * "baseline" enforced for the named root exceptions), per service a Deployment (or a StatefulSet with
 * PersistentVolumeClaims when it has data), a ClusterIP Service and a headless one, a ConfigMap and a
 * Secret for its files and secret environment, init containers, probes, requests/limits, RBAC when
 * it needs the API, network policies from its declared flows and a disruption budget for HA members.
 * Nothing is exposed to a network unless the stack opts in with source ranges: the operator's machine
 * reaches services through the Kubernetes API (EndpointRef kind "kubernetes", ./portForward.ts).
 * Knows nothing of Flink or StarRocks.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { DeployedService, EndpointRef, Platform, ServiceSpec, SharedVolume, VolumeOwner, portOf } from "../service";
import { validateArtifacts } from "../artifacts";
import { assertKeepsContracts } from "../keepsContract";
import { runsAsRoot } from "../imageContract";
import { POD_SECURITY_EXCEPTION, renderPodTemplate, serviceLabels, fileKey } from "./podTemplate";
import { RenderedPolicy, defaultDenyPolicy, egressPolicy, exposurePolicy, ingressPolicies } from "./networkPolicy";
import { BuiltImages, ImageSource, podImage } from "./images";

import type * as Input from "@pulumi/kubernetes/types/input";

export interface KubernetesExposure {
  type: "LoadBalancer" | "NodePort";
  sourceRanges: string[];
  nodeAddress?: string;
}

export interface KubernetesPlatformArgs {
  namespace: string;
  storageClass?: string;
  sharedStorageClass?: string;
  /** Opt-in exposure of the operator ports to a network; absent: nothing leaves the cluster. */
  exposure?: KubernetesExposure;
  /** The kubeconfig context the operator's machine uses (written into EndpointRefs). */
  context?: string;
  /** Where pods get jars and other images' files without downloading from the internet at start. */
  images: ImageSource;
  /** Keep PersistentVolumeClaims when the stack is destroyed (prod). */
  protectData?: boolean;
  provider?: k8s.Provider;
}

/** The address a load balancer answers with, or a clear error while it has none (never `pending:port`). */
export function loadBalancerEndpoint(owner: string, service: string, ingress: { ip?: string; hostname?: string }[] | undefined, port: number): EndpointRef {
  const address = ingress?.[0]?.ip ?? ingress?.[0]?.hostname;
  if (!address) throw new Error(`${owner}: the load balancer ${service} has no address yet; check the cluster's load balancer controller, or remove platform.exposure to reach the service through the Kubernetes API`);
  return { kind: "direct", host: address, port };
}

export class KubernetesPlatform implements Platform {
  readonly kind = "kubernetes" as const;
  readonly namespace: k8s.core.v1.Namespace;
  private readonly builtImages: BuiltImages = new Map();

  constructor(private readonly args: KubernetesPlatformArgs, parent: pulumi.Resource) {
    this.namespace = new k8s.core.v1.Namespace(args.namespace, {
      metadata: {
        name: args.namespace,
        labels: {
          "app.kubernetes.io/part-of": "rtdw",
          // Pod Security Admission: every pod is checked against "restricted" (warnings, audit);
          // "baseline" is enforced, which the named root exceptions (StarRocks, StreamPark) meet.
          "pod-security.kubernetes.io/enforce": "baseline",
          "pod-security.kubernetes.io/warn": "restricted",
          "pod-security.kubernetes.io/audit": "restricted",
        },
      },
    }, { parent, provider: args.provider });
    this.policy(defaultDenyPolicy(), parent);
  }

  private get ns(): pulumi.Output<string> {
    return this.namespace.metadata.name;
  }

  private opts(parent: pulumi.Resource, extra?: pulumi.CustomResourceOptions): pulumi.CustomResourceOptions {
    return { parent, provider: this.args.provider, ...extra };
  }

  private policy(p: RenderedPolicy, parent: pulumi.Resource): k8s.networking.v1.NetworkPolicy {
    return new k8s.networking.v1.NetworkPolicy(`${this.args.namespace}-${p.name}`, {
      metadata: { name: p.name, namespace: this.ns, labels: { "app.kubernetes.io/part-of": "rtdw" } },
      spec: p.spec,
    }, this.opts(parent));
  }

  /**
   * A ReadWriteMany claim. Its owner's group is every writer's fsGroup (./podTemplate.ts podSecurity),
   * so a StorageClass honouring fsGroup (CSI fsGroupPolicy File) makes it writable by them.
   */
  sharedVolume(name: string, sizeGiB: number, owner: VolumeOwner, parent: pulumi.Resource): SharedVolume {
    const pvc = new k8s.core.v1.PersistentVolumeClaim(`${this.args.namespace}-${name}`, {
      metadata: { name, namespace: this.ns, labels: { "app.kubernetes.io/part-of": "rtdw" } },
      spec: {
        accessModes: ["ReadWriteMany"],
        storageClassName: this.args.sharedStorageClass,
        resources: { requests: { storage: `${sizeGiB}Gi` } },
      },
    }, this.opts(parent, { protect: this.args.protectData, retainOnDelete: this.args.protectData }));
    return { name, sizeGiB, owner, resource: pvc, claimName: pvc.metadata.name };
  }

  deploy(spec: ServiceSpec, parent: pulumi.Resource): DeployedService {
    const owner = `service ${spec.name}`;
    assertKeepsContracts(spec);
    validateArtifacts(owner, spec.artifacts ?? []);
    const ns = this.ns;
    const labels = serviceLabels(spec.name);
    const base = `${this.args.namespace}-${spec.name}`;

    const allFiles = [...(spec.files ?? []), ...(spec.initSteps ?? []).flatMap((s) => s.files ?? [])];
    const plainFiles = allFiles.filter((f) => !f.secret);
    const secretFiles = allFiles.filter((f) => f.secret);
    const secretEnv = { ...(spec.secretEnv ?? {}) };
    for (const step of spec.initSteps ?? []) {
      for (const [k, v] of Object.entries(step.secretEnv ?? {})) secretEnv[`${step.name}.${k}`] = v;
    }
    const configMap = plainFiles.length
      ? new k8s.core.v1.ConfigMap(`${base}-files`, {
        metadata: { name: `${spec.name}-files`, namespace: ns, labels },
        data: Object.fromEntries(plainFiles.map((f) => [fileKey(f.path), f.content])),
      }, this.opts(parent))
      : undefined;
    const secretData: Record<string, pulumi.Input<string>> = {
      ...Object.fromEntries(secretFiles.map((f) => [fileKey(f.path), f.content])),
      ...Object.fromEntries(Object.entries(secretEnv).map(([k, v]) => [`env.${k}`, v])),
    };
    const secret = Object.keys(secretData).length
      ? new k8s.core.v1.Secret(`${base}-secrets`, {
        metadata: { name: `${spec.name}-secrets`, namespace: ns, labels },
        type: "Opaque",
        stringData: pulumi.secret(pulumi.output(secretData)) as pulumi.Output<Record<string, string>>,
      }, this.opts(parent))
      : undefined;

    let serviceAccountName: string | undefined;
    const rbac: pulumi.Resource[] = [];
    if (spec.apiPermissions?.length) {
      serviceAccountName = spec.name;
      const sa = new k8s.core.v1.ServiceAccount(`${base}-sa`, { metadata: { name: spec.name, namespace: ns, labels } }, this.opts(parent));
      const role = new k8s.rbac.v1.Role(`${base}-role`, {
        metadata: { name: spec.name, namespace: ns, labels },
        rules: spec.apiPermissions.map((p) => ({ apiGroups: p.apiGroups, resources: p.resources, verbs: p.verbs })),
      }, this.opts(parent));
      const binding = new k8s.rbac.v1.RoleBinding(`${base}-rolebinding`, {
        metadata: { name: spec.name, namespace: ns, labels },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: spec.name },
        subjects: [{ kind: "ServiceAccount", name: spec.name, namespace: this.args.namespace }],
      }, this.opts(parent, { dependsOn: [sa, role] }));
      rbac.push(sa, role, binding);
    }

    // Network policies from the declared flows, before the pods start.
    const policies = [egressPolicy(spec.name, spec.egress ?? []), ...ingressPolicies(spec.name, spec.egress ?? [])]
      .filter((p): p is RenderedPolicy => p !== undefined)
      .map((p) => this.policy(p, parent));

    const image = podImage(spec, this.args.images, parent, this.builtImages);
    const podTemplate = renderPodTemplate(spec, {
      configMapName: configMap ? `${spec.name}-files` : undefined,
      secretName: secret ? `${spec.name}-secrets` : undefined,
      serviceAccountName,
      image: image.image,
      artifacts: image.artifacts,
      imageContents: image.imageContents,
    });
    const checksum = pulumi.all([configMap?.data ?? {}, secret ? secret.stringData : {}]).apply(
      // Restart pods when their files change (Kubernetes does not for subPath mounts).
      (parts) => require("crypto").createHash("sha256").update(JSON.stringify(parts)).digest("hex") as string,
    );
    const annotations: Record<string, pulumi.Input<string>> = { "rtdw.dev/config-checksum": checksum };
    if (runsAsRoot(spec.contract)) annotations[POD_SECURITY_EXCEPTION] = `runs as root: ${spec.contract.user.root} (${spec.contract.source})`;
    const template: Input.core.v1.PodTemplateSpec = { ...podTemplate, metadata: { labels, annotations } };
    const dependsOn = [...(spec.dependsOn ?? []), ...rbac, ...policies, ...image.dependsOn, ...(configMap ? [configMap] : []), ...(secret ? [secret] : [])];
    const servicePorts = (spec.ports ?? []).map((p) => ({ name: p.name, port: p.port, targetPort: p.port, protocol: "TCP" }));

    // Services come first and never wait for their pods: peers that find each other through them
    // while starting (StarRocks followers through the FE service, fe_entrypoint.sh) would otherwise
    // deadlock with a workload that is only ready once they have joined. The headless one is the
    // StatefulSet's governing service and answers with every pod, ready or not.
    const headless = new k8s.core.v1.Service(`${base}-headless`, {
      metadata: { name: `${spec.name}-hl`, namespace: ns, labels },
      spec: { clusterIP: "None", selector: labels, ports: servicePorts, publishNotReadyAddresses: true },
    }, this.opts(parent));
    // A ClusterIP Service needs at least one port; a service without ports is only reached by DNS.
    const service = servicePorts.length
      ? new k8s.core.v1.Service(base, {
        metadata: { name: spec.name, namespace: ns, labels },
        spec: { type: "ClusterIP", selector: labels, ports: servicePorts },
      }, this.opts(parent))
      : undefined;

    let workload: pulumi.CustomResource;
    const replicas = spec.replicas ?? 1;
    if (spec.dataVolumes?.length) {
      workload = new k8s.apps.v1.StatefulSet(base, {
        metadata: { name: spec.name, namespace: ns, labels },
        spec: {
          serviceName: `${spec.name}-hl`,
          replicas,
          selector: { matchLabels: labels },
          podManagementPolicy: "Parallel",
          template,
          volumeClaimTemplates: spec.dataVolumes.map((v) => ({
            metadata: { name: v.name, labels },
            spec: {
              accessModes: ["ReadWriteOnce"],
              storageClassName: this.args.storageClass,
              resources: { requests: { storage: `${v.sizeGiB}Gi` } },
            },
          })),
          persistentVolumeClaimRetentionPolicy: this.args.protectData
            ? { whenDeleted: "Retain", whenScaled: "Retain" }
            : { whenDeleted: "Delete", whenScaled: "Retain" },
        },
      }, this.opts(parent, { dependsOn: [...dependsOn, headless, ...(service ? [service] : [])] }));
    } else {
      workload = new k8s.apps.v1.Deployment(base, {
        metadata: { name: spec.name, namespace: ns, labels },
        spec: {
          replicas,
          selector: { matchLabels: labels },
          strategy: { type: spec.sharedMounts?.length || spec.initSteps?.length ? "Recreate" : "RollingUpdate" },
          template,
        },
      }, this.opts(parent, { dependsOn: [...dependsOn, headless, ...(service ? [service] : [])] }));
    }

    if (spec.keepAvailable && replicas > 1) {
      new k8s.policy.v1.PodDisruptionBudget(`${base}-pdb`, {
        metadata: { name: spec.name, namespace: ns, labels },
        spec: { maxUnavailable: 1, selector: { matchLabels: labels } },
      }, this.opts(parent));
    }

    const exposed = (spec.ports ?? []).filter((p) => p.expose);
    const exposure = this.args.exposure;
    const external = exposed.length && exposure
      ? new k8s.core.v1.Service(`${base}-external`, {
        metadata: { name: `${spec.name}-external`, namespace: ns, labels },
        spec: {
          type: exposure.type,
          selector: labels,
          // Keeps the client's address, so the source ranges below see it.
          externalTrafficPolicy: "Local",
          ...(exposure.type === "LoadBalancer" ? { loadBalancerSourceRanges: exposure.sourceRanges } : {}),
          ports: exposed.map((p) => ({ name: p.name, port: p.port, targetPort: p.port, protocol: "TCP" })),
        },
      }, this.opts(parent, { dependsOn: [workload] }))
      : undefined;
    if (external && exposure) this.policy(exposurePolicy(spec.name, exposed.map((p) => p.port), exposure.sourceRanges), parent);

    const host = pulumi.interpolate`${spec.name}.${ns}.svc.cluster.local`;
    return {
      name: spec.name,
      host,
      internalEndpoint: (portName) => pulumi.interpolate`${host}:${portOf(spec, portName).port}`,
      endpoint: (portName) => {
        const port = portOf(spec, portName);
        if (!port.expose) throw new Error(`${owner}: port ${portName} is not exposed`);
        if (!external || !exposure) {
          return pulumi.output<EndpointRef>({ kind: "kubernetes", namespace: this.args.namespace, service: spec.name, port: port.port, ...(this.args.context ? { context: this.args.context } : {}) });
        }
        if (exposure.type === "NodePort") {
          return external.spec.ports.apply((ports): EndpointRef => {
            const nodePort = ports.find((p) => p.name === portName)?.nodePort;
            if (!nodePort) throw new Error(`${owner}: the NodePort Service ${spec.name}-external has no node port for ${portName}`);
            return { kind: "direct", host: exposure.nodeAddress as string, port: nodePort };
          });
        }
        return external.status.loadBalancer.ingress.apply((ing) => loadBalancerEndpoint(owner, `${spec.name}-external`, ing, port.port));
      },
      instancesDnsName: pulumi.interpolate`${spec.name}-hl.${ns}.svc.cluster.local`,
      ready: workload,
    };
  }
}
