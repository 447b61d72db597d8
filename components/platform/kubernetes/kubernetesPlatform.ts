/**
 * The Kubernetes backend: a namespace per stack; per service a Deployment (or a StatefulSet with
 * PersistentVolumeClaims when it has data), a ClusterIP Service named after it, a ConfigMap and a
 * Secret for its files and secret environment, init containers for artifacts, copied image contents
 * and init steps, probes, requests/limits, and RBAC when it needs the API. Exposed ports get a
 * second Service of the stack's endpoint type. Knows nothing of Flink or StarRocks.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { DeployedService, Platform, ServiceSpec, SharedVolume, portOf } from "../service";
import { validateArtifacts } from "../artifacts";
import { renderPodTemplate, serviceLabels, fileKey } from "./podTemplate";

import type * as Input from "@pulumi/kubernetes/types/input";

export interface KubernetesPlatformArgs {
  namespace: string;
  storageClass?: string;
  sharedStorageClass?: string;
  endpointServiceType: "ClusterIP" | "NodePort" | "LoadBalancer";
  /** Keep PersistentVolumeClaims when the stack is destroyed (prod). */
  protectData?: boolean;
  provider?: k8s.Provider;
}

export class KubernetesPlatform implements Platform {
  readonly kind = "kubernetes" as const;
  readonly namespace: k8s.core.v1.Namespace;

  constructor(private readonly args: KubernetesPlatformArgs, parent: pulumi.Resource) {
    this.namespace = new k8s.core.v1.Namespace(args.namespace, {
      metadata: { name: args.namespace, labels: { "app.kubernetes.io/part-of": "rtdw" } },
    }, { parent, provider: args.provider });
  }

  private get ns(): pulumi.Output<string> {
    return this.namespace.metadata.name;
  }

  private opts(parent: pulumi.Resource, extra?: pulumi.CustomResourceOptions): pulumi.CustomResourceOptions {
    return { parent, provider: this.args.provider, ...extra };
  }

  sharedVolume(name: string, sizeGiB: number, parent: pulumi.Resource): SharedVolume {
    const pvc = new k8s.core.v1.PersistentVolumeClaim(`${this.args.namespace}-${name}`, {
      metadata: { name, namespace: this.ns, labels: { "app.kubernetes.io/part-of": "rtdw" } },
      spec: {
        accessModes: ["ReadWriteMany"],
        storageClassName: this.args.sharedStorageClass,
        resources: { requests: { storage: `${sizeGiB}Gi` } },
      },
    }, this.opts(parent, { protect: this.args.protectData, retainOnDelete: this.args.protectData }));
    return { name, sizeGiB, resource: pvc, claimName: pvc.metadata.name };
  }

  deploy(spec: ServiceSpec, parent: pulumi.Resource): DeployedService {
    const owner = `service ${spec.name}`;
    if (/:latest$/.test(spec.image) || !/:[^/]+$/.test(spec.image)) {
      throw new Error(`${owner}: image ${spec.image} must be pinned to a version tag`);
    }
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

    const podTemplate = renderPodTemplate(spec, {
      configMapName: configMap ? `${spec.name}-files` : undefined,
      secretName: secret ? `${spec.name}-secrets` : undefined,
      serviceAccountName,
    });
    const checksum = pulumi.all([configMap?.data ?? {}, secret ? secret.stringData : {}]).apply(
      // Restart pods when their files change (Kubernetes does not for subPath mounts).
      (parts) => require("crypto").createHash("sha256").update(JSON.stringify(parts)).digest("hex") as string,
    );
    const template: Input.core.v1.PodTemplateSpec = {
      ...podTemplate,
      metadata: { labels, annotations: { "rtdw.dev/config-checksum": checksum } },
    };
    const dependsOn = [...(spec.dependsOn ?? []), ...rbac, ...(configMap ? [configMap] : []), ...(secret ? [secret] : [])];
    const servicePorts = (spec.ports ?? []).map((p) => ({ name: p.name, port: p.port, targetPort: p.port, protocol: "TCP" }));

    // A headless Service: the StatefulSet's governing service, and a DNS name answering with every
    // pod's address (DNS service discovery of all instances).
    const headless = new k8s.core.v1.Service(`${base}-headless`, {
      metadata: { name: `${spec.name}-hl`, namespace: ns, labels },
      spec: { clusterIP: "None", selector: labels, ports: servicePorts, publishNotReadyAddresses: true },
    }, this.opts(parent));
    let workload: pulumi.CustomResource;
    if (spec.dataVolumes?.length) {
      workload = new k8s.apps.v1.StatefulSet(base, {
        metadata: { name: spec.name, namespace: ns, labels },
        spec: {
          serviceName: `${spec.name}-hl`,
          replicas: spec.replicas ?? 1,
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
      }, this.opts(parent, { dependsOn: [...dependsOn, headless] }));
    } else {
      workload = new k8s.apps.v1.Deployment(base, {
        metadata: { name: spec.name, namespace: ns, labels },
        spec: {
          replicas: spec.replicas ?? 1,
          selector: { matchLabels: labels },
          strategy: { type: spec.sharedMounts?.length || spec.initSteps?.length ? "Recreate" : "RollingUpdate" },
          template,
        },
      }, this.opts(parent, { dependsOn }));
    }

    // A ClusterIP Service needs at least one port; a service without ports is only reached by DNS.
    const service = servicePorts.length
      ? new k8s.core.v1.Service(base, {
        metadata: { name: spec.name, namespace: ns, labels },
        spec: { type: "ClusterIP", selector: labels, ports: servicePorts },
      }, this.opts(parent, { dependsOn: [workload] }))
      : workload;

    const exposed = (spec.ports ?? []).filter((p) => p.expose);
    const external = exposed.length && this.args.endpointServiceType !== "ClusterIP"
      ? new k8s.core.v1.Service(`${base}-external`, {
        metadata: { name: `${spec.name}-external`, namespace: ns, labels },
        spec: {
          type: this.args.endpointServiceType,
          selector: labels,
          ports: exposed.map((p) => ({ name: p.name, port: p.port, targetPort: p.port, protocol: "TCP" })),
        },
      }, this.opts(parent, { dependsOn: [workload] }))
      : undefined;

    const host = pulumi.interpolate`${spec.name}.${ns}.svc.cluster.local`;
    return {
      name: spec.name,
      host,
      internalEndpoint: (portName) => pulumi.interpolate`${host}:${portOf(spec, portName).port}`,
      externalEndpoint: (portName) => {
        const port = portOf(spec, portName);
        if (!port.expose) throw new Error(`${owner}: port ${portName} is not exposed`);
        if (!external) return pulumi.interpolate`${host}:${port.port}`;
        if (this.args.endpointServiceType === "NodePort") {
          return external.spec.ports.apply((ports) => `<node-address>:${ports.find((p) => p.name === portName)?.nodePort ?? port.port}`);
        }
        return external.status.loadBalancer.ingress.apply((ing) => `${ing?.[0]?.ip ?? ing?.[0]?.hostname ?? "pending"}:${port.port}`);
      },
      instancesDnsName: pulumi.interpolate`${spec.name}-hl.${ns}.svc.cluster.local`,
      ready: service,
    };
  }
}
