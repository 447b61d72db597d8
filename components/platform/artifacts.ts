/**
 * Downloading artifacts (connector jars, drivers) with checksum verification, as one POSIX shell
 * script both backends run: the Docker backend in an image build stage, the Kubernetes backend in an
 * init container. A file whose checksum does not match is never put in place.
 */
import * as path from "path";
import { Artifact } from "./service";

/** curl and busybox's sha1sum/sha256sum in one small pinned image. */
export const FETCHER_IMAGE = "curlimages/curl:8.14.1";

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
