/**
 * Checks a service description against its images' contracts before a backend renders it, so a
 * service that could not read its files, write its volumes or fit its heap never reaches a cluster.
 */
import { ContractSubject, contractViolations } from "./imageContract";
import { InitStep, ServiceSpec } from "./service";

function plain(values: Record<string, unknown> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(values ?? {}).filter(([, v]) => typeof v === "string")) as Record<string, string>;
}

export function serviceSubject(spec: ServiceSpec): ContractSubject {
  const files = spec.files ?? [];
  return {
    name: spec.name,
    image: spec.image,
    contract: spec.contract,
    command: spec.command,
    args: spec.args,
    envNames: [...Object.keys(spec.env ?? {}), ...Object.keys(spec.secretEnv ?? {}), ...(spec.ownAddressEnv ? [spec.ownAddressEnv] : [])],
    filePaths: files.map((f) => f.path),
    dataMounts: (spec.dataVolumes ?? []).map((v) => v.mountPath),
    sharedMounts: (spec.sharedMounts ?? []).map((m) => ({ path: m.mountPath, owner: m.volume.owner })),
    ports: (spec.ports ?? []).map((p) => p.port),
    memoryMiB: spec.resources.memoryMiB,
    settings: {
      env: plain(spec.env),
      files: Object.fromEntries(files.filter((f) => typeof f.content === "string").map((f) => [f.path, f.content as string])),
    },
    scripts: files.filter((f) => typeof f.content === "string").map((f) => f.content as string),
  };
}

export function stepSubject(spec: ServiceSpec, step: InitStep): ContractSubject {
  const files = step.files ?? [];
  return {
    name: `${spec.name} init step ${step.name}`,
    image: step.image,
    contract: step.contract,
    command: step.command,
    envNames: [...Object.keys(step.env ?? {}), ...Object.keys(step.secretEnv ?? {})],
    filePaths: files.map((f) => f.path),
    dataMounts: [],
    sharedMounts: [],
    ports: [],
    scripts: files.filter((f) => typeof f.content === "string").map((f) => f.content as string),
  };
}

/** Throws with every violation of the service's and its init steps' contracts. */
export function assertKeepsContracts(spec: ServiceSpec): void {
  const problems = [serviceSubject(spec), ...(spec.initSteps ?? []).map((s) => stepSubject(spec, s))].flatMap(contractViolations);
  if (problems.length) throw new Error(`service ${spec.name} breaks its image contract:\n  - ${problems.join("\n  - ")}`);
}
