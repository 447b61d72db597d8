/**
 * Downloading artifacts (connector jars, drivers) with checksum verification, as one POSIX shell
 * script both backends run: the Docker backend in an image build stage, the Kubernetes backend in an
 * init container. A file whose checksum does not match is never put in place.
 */
import * as path from "path";
import { Artifact } from "./service";
import { ImageContract } from "./imageContract";

/** curl and busybox's sha1sum/sha256sum in one small pinned image. */
export const FETCHER_IMAGE = "curlimages/curl:8.14.1";

/**
 * curl/curl-container Dockerfile (curlimages/curl): Alpine, `addgroup -S curl_group && adduser -S
 * curl_user -G curl_group` (Alpine's first system ids: uid 100, gid 101), `USER curl_user`.
 */
export const FETCHER_CONTRACT: ImageContract = {
  image: FETCHER_IMAGE,
  source: "curl/curl-container Dockerfile (USER curl_user, uid 100, gid 101)",
  user: { uid: 100, gid: 101 },
  readablePaths: [],
  writablePaths: ["/artifacts", "/tmp"],
  env: [],
  ports: [],
  memory: { kind: "native", note: "curl" },
};

/** Maven Central, where the connector jars are published. */
export const MAVEN_CENTRAL = "https://repo1.maven.org/maven2";

/** The artifact fetched from a Maven mirror (same layout, same checksum sidecars) instead of Maven Central. */
export function mirrored(a: Artifact, mirror: string): Artifact {
  const base = mirror.replace(/\/+$/, "");
  const swap = (url: string) => {
    if (!url.startsWith(`${MAVEN_CENTRAL}/`)) throw new Error(`artifact ${a.url} is not from Maven Central: a Maven mirror cannot serve it`);
    return `${base}/${url.slice(MAVEN_CENTRAL.length + 1)}`;
  };
  return { ...a, url: swap(a.url), sha1Url: a.sha1Url ? swap(a.sha1Url) : undefined };
}

/** Where the fetcher writes files; the backends copy or mount them from here. */
export const STAGING_DIR = "/artifacts";

export function stagedPath(artifact: Artifact): string {
  return `${STAGING_DIR}/${path.posix.basename(artifact.path)}`;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'"'"'`)}'`;
}

export function validateArtifacts(owner: string, artifacts: Artifact[]): void {
  const names = new Set<string>();
  for (const a of artifacts) {
    if (!/^https:\/\//.test(a.url)) throw new Error(`${owner}: artifact ${a.url} must be fetched over https`);
    if (!a.sha256 && !a.sha1Url) throw new Error(`${owner}: artifact ${a.url} has no checksum to verify against`);
    if (a.sha256 && !/^[0-9a-f]{64}$/.test(a.sha256)) throw new Error(`${owner}: artifact ${a.url} has a malformed sha256`);
    const base = path.posix.basename(a.path);
    if (names.has(base)) throw new Error(`${owner}: two artifacts are named ${base}`);
    names.add(base);
  }
}

/** The script that downloads every artifact into STAGING_DIR and verifies it. */
export function fetchScript(artifacts: Artifact[]): string {
  const lines = [
    "set -eu",
    `mkdir -p ${STAGING_DIR}`,
    "fetch() {",
    '  url="$1"; out="$2"; sha256="$3"; sha1url="$4"',
    '  [ -f "$out" ] && return 0',
    '  curl -fsSL --retry 5 --retry-delay 2 -o "$out.part" "$url"',
    '  if [ -n "$sha256" ]; then',
    '    echo "$sha256  $out.part" | sha256sum -c -',
    "  else",
    '    expected=$(curl -fsSL --retry 5 --retry-delay 2 "$sha1url" | cut -c1-40)',
    '    echo "$expected  $out.part" | sha1sum -c -',
    "  fi",
    '  mv "$out.part" "$out"',
    "}",
    ...artifacts.map((a) => `fetch ${shellQuote(a.url)} ${shellQuote(stagedPath(a))} ${shellQuote(a.sha256 ?? "")} ${shellQuote(a.sha1Url ?? "")}`),
  ];
  return lines.join("\n") + "\n";
}
