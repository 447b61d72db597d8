/**
 * An image's contract: what the image is, read from its Dockerfile and entrypoint, so that every
 * service built on it is checked against it before anything is deployed. A backend refuses a
 * service whose user cannot read its files or write its volumes, whose heap does not fit its memory,
 * whose environment nobody reads, or whose ports the image does not serve.
 */

/** The user the image's processes run as, or root with the reason it cannot be otherwise. */
export type ContractUser =
  | { uid: number; gid: number }
  | { root: string };

/** How the process sizes its memory, so the container's limit can be checked against it. */
export type MemoryModel =
  /** Not a JVM, or nothing to size: the limit is what the process gets. */
  | { kind: "native"; note: string }
  /** Flink's memory model: the process size in config.yaml is the whole process (heap, off-heap, metaspace, overhead). */
  | { kind: "flink-process"; configPath: string; key: string }
  /** A JVM whose options come from an environment variable (-Xmx in it), or a default when unset. */
  | { kind: "jvm-env"; env: string; defaultHeapMiB: number }
  /** StarRocks: the FE's heap (JAVA_OPTS in fe.conf) and/or the BE's mem_limit (be.conf), set through rtdw's start wrapper. */
  | { kind: "starrocks"; feHeapEnv?: string; beMemLimitEnv?: string };

export interface ImageContract {
  /** The image with its pinned tag. */
  image: string;
  /** Where these facts come from (Dockerfile, entrypoint, docs), to check them again on upgrade. */
  source: string;
  user: ContractUser;
  /** Directories the process reads its configuration from (files may be placed there). */
  readablePaths: string[];
  /** Paths the process writes (volumes mounted there must be writable by its user). */
  writablePaths: string[];
  /** Environment variables the image's entrypoint or process reads. */
  env: string[];
  /** Ports the process can serve (with the arguments the services give it). */
  ports: number[];
  memory: MemoryModel;
}

export function runsAsRoot(c: ImageContract): c is ImageContract & { user: { root: string } } {
  return "root" in c.user;
}

export function userOf(c: ImageContract): { uid: number; gid: number } {
  return "root" in c.user ? { uid: 0, gid: 0 } : c.user;
}

/** A JVM needs room beside its heap (metaspace, code cache, threads, direct buffers): at least 256 MiB, or a third of the heap. */
export function jvmNonHeapMiB(heapMiB: number): number {
  return Math.max(256, Math.ceil(heapMiB / 3));
}

/** -Xmx of a JVM option string, in MiB; undefined when none is given. */
export function xmxMiB(options: string): number | undefined {
  const all = [...options.matchAll(/-Xmx(\d+)([kKmMgG]?)(?=\s|$)/g)];
  const last = all[all.length - 1];
  if (!last) return undefined;
  const n = Number(last[1]);
  const unit = last[2].toLowerCase();
  return unit === "g" ? n * 1024 : unit === "m" ? n : unit === "k" ? Math.ceil(n / 1024) : Math.ceil(n / 1024 / 1024);
}

/** Flink's memory sizes as config.yaml writes them ("2048m", "2 gb", "1024mb"), in MiB. */
export function flinkSizeMiB(v: string): number {
  const m = /^\s*(\d+)\s*(m|mb|g|gb)?\s*$/i.exec(v);
  if (!m) throw new Error(`unreadable Flink memory size "${v}"`);
  return (m[2] ?? "m").toLowerCase().startsWith("g") ? Number(m[1]) * 1024 : Number(m[1]);
}

/** What a service's process may use at most, from its contract's memory model and its rendered settings. */
export function memoryFootprintMiB(c: ImageContract, env: Record<string, string>, files: Record<string, string>): { mib: number; how: string } {
  const m = c.memory;
  switch (m.kind) {
    case "native":
      return { mib: 0, how: m.note };
    case "flink-process": {
      const conf = files[m.configPath];
      if (conf === undefined) throw new Error(`${m.configPath} is not among the service's files`);
      const line = conf.split("\n").find((l) => l.startsWith(`${m.key}:`));
      if (!line) throw new Error(`${m.configPath} sets no ${m.key}`);
      const mib = flinkSizeMiB(line.slice(m.key.length + 1));
      return { mib, how: `${m.key} = ${mib} MiB (Flink sizes every memory pool inside it)` };
    }
    case "jvm-env": {
      const heap = env[m.env] !== undefined ? xmxMiB(env[m.env]) : Number.isFinite(m.defaultHeapMiB) ? m.defaultHeapMiB : undefined;
      if (heap === undefined) throw new Error(`${m.env} sets no -Xmx: the JVM would size its heap from the machine, not the container`);
      return { mib: heap + jvmNonHeapMiB(heap), how: `heap ${heap} MiB + non-heap ${jvmNonHeapMiB(heap)} MiB` };
    }
    case "starrocks": {
      let mib = 0;
      const parts: string[] = [];
      if (m.feHeapEnv) {
        const heap = Number(env[m.feHeapEnv]);
        if (!Number.isInteger(heap) || heap <= 0) throw new Error(`${m.feHeapEnv} must give the FE heap in MiB (fe.conf's default is -Xmx8192m)`);
        mib += heap + jvmNonHeapMiB(heap);
        parts.push(`FE heap ${heap} MiB + non-heap ${jvmNonHeapMiB(heap)} MiB`);
      }
      if (m.beMemLimitEnv) {
        const limit = Number(env[m.beMemLimitEnv]);
        if (!Number.isInteger(limit) || limit <= 0) throw new Error(`${m.beMemLimitEnv} must give the BE's mem_limit in MiB (be.conf's default is 90% of the machine)`);
        mib += limit;
        parts.push(`BE mem_limit ${limit} MiB`);
      }
      return { mib, how: parts.join(" + ") };
    }
  }
}

/** A plain view of what a service's process gets: the env and files whose values are known now. */
export interface RenderedSettings {
  env: Record<string, string>;
  files: Record<string, string>;
}

function under(path: string, dirs: string[]): boolean {
  return dirs.some((d) => path === d || path.startsWith(d.endsWith("/") ? d : `${d}/`));
}

export interface ContractSubject {
  name: string;
  image: string;
  contract: ImageContract;
  command?: string[];
  args?: string[];
  envNames: string[];
  filePaths: string[];
  /** Private volumes' mount paths. */
  dataMounts: string[];
  /** Shared volumes' mount paths and owners. */
  sharedMounts: { path: string; owner: { uid: number; gid: number } }[];
  ports: number[];
  memoryMiB?: number;
  settings?: RenderedSettings;
  /** Scripts the service brings (its own files' contents): environment they read counts as read. */
  scripts: string[];
}

/** Every way the subject breaks its image's contract; empty when it keeps it. */
export function contractViolations(s: ContractSubject): string[] {
  const c = s.contract;
  const out: string[] = [];
  const who = `${s.name} (${c.image})`;
  if (s.image !== c.image) out.push(`${who}: runs image ${s.image}, not its contract's`);
  if (/:latest$/.test(c.image) || !/:[^/]+$/.test(c.image)) out.push(`${who}: image must be pinned to a version tag`);
  const ownText = [...(s.command ?? []), ...(s.args ?? []), ...s.scripts].join("\n");
  for (const name of s.envNames) {
    if (!c.env.includes(name) && !new RegExp(`\\$\\{?${name}\\b`).test(ownText)) {
      out.push(`${who}: environment variable ${name} is read neither by the image (${c.source}) nor by the service's own command or scripts`);
    }
  }
  for (const p of s.filePaths) {
    if (!under(p, c.readablePaths) && !under(p, c.writablePaths) && !/^\/opt\/rtdw\//.test(p)) {
      out.push(`${who}: file ${p} is outside the paths the image reads (${c.readablePaths.join(", ")})`);
    }
  }
  for (const p of s.dataMounts) {
    if (!under(p, c.writablePaths)) out.push(`${who}: volume at ${p} is not a path the image writes (${c.writablePaths.join(", ")})`);
  }
  const user = userOf(c);
  for (const m of s.sharedMounts) {
    if (!runsAsRoot(c) && m.owner.uid !== user.uid && m.owner.gid !== user.gid) {
      out.push(`${who}: shared volume at ${m.path} belongs to ${m.owner.uid}:${m.owner.gid}; the image runs as ${user.uid}:${user.gid} and could not write it`);
    }
  }
  for (const p of s.ports) {
    if (!c.ports.includes(p)) out.push(`${who}: port ${p} is not one the image serves (${c.ports.join(", ")})`);
  }
  if (s.memoryMiB !== undefined && s.settings) {
    try {
      const f = memoryFootprintMiB(c, s.settings.env, s.settings.files);
      if (f.mib > s.memoryMiB) out.push(`${who}: needs ${f.mib} MiB (${f.how}) but its limit is ${s.memoryMiB} MiB`);
    } catch (e) {
      out.push(`${who}: ${(e as Error).message}`);
    }
  }
  return out;
}

/** The largest -Xmx (a multiple of 16 MiB) whose JVM fits a container of `limitMiB` with its non-heap room. */
export function jvmHeapFor(limitMiB: number): number {
  let heap = Math.floor((limitMiB - 256) / 16) * 16;
  while (heap > 16 && heap + jvmNonHeapMiB(heap) > limitMiB) heap -= 16;
  return heap;
}
