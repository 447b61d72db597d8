/**
 * A fake Kubernetes API server on loopback with the reads and the port-forward a kubeconfig user
 * needs to reach Services as `kubectl port-forward svc/...` does: GET a Service, list the pods of
 * its selector, and the pod port-forward websocket as the kubelet speaks it
 * (kubernetes/kubernetes pkg/kubelet/cri/streaming/portforward/websocket.go: subprotocol
 * v4.channel.k8s.io, per port a data channel 0 and an error channel 1, each channel's first frame
 * the port as uint16 little-endian). Each Service is backed by a real local server (the "pod").
 * Requests without the kubeconfig's bearer token are refused.
 */
import * as fs from "fs";
import * as http from "http";
import * as net from "net";
import * as os from "os";
import * as path from "path";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { WebSocketServer } = require("ws") as { WebSocketServer: new (o: object) => { handleUpgrade(req: http.IncomingMessage, socket: net.Socket, head: Buffer, cb: (ws: WsLike) => void): void; close(): void } };
export interface WsLike { send(b: Buffer): void; on(e: "message", f: (d: Buffer) => void): void; on(e: "close", f: () => void): void; close(): void }

const TOKEN = "fake-kube-token-Zq9";

export interface FakeKubernetesApi {
  url: string;
  /** A kubeconfig file for this server (current context "fake"). */
  kubeconfigPath: string;
  /** Port-forwards opened, as "<service>:<pod port>". */
  forwards: string[];
  close(): Promise<void>;
}

/**
 * One port-forward stream as the kubelet serves it: the data and error channels each announce the
 * port, then channel 0 carries the bytes both ways to the local server on `port`.
 */
export function forwardPort(ws: WsLike, port: number): void {
  const portBytes = Buffer.alloc(2);
  portBytes.writeUInt16LE(port);
  ws.send(Buffer.concat([Buffer.from([0]), portBytes]));
  ws.send(Buffer.concat([Buffer.from([1]), portBytes]));
  const upstream = net.connect(port, "127.0.0.1");
  upstream.on("data", (d: Buffer) => ws.send(Buffer.concat([Buffer.from([0]), d])));
  upstream.on("error", (e) => ws.send(Buffer.concat([Buffer.from([1]), Buffer.from(e.message)])));
  upstream.on("close", () => ws.close());
  ws.on("message", (d: Buffer) => { if (d[0] === 0 && d.length > 1) upstream.write(d.subarray(1)); });
  ws.on("close", () => upstream.destroy());
}

/** `services`: per namespace/name, the Service's port and the local port of the server behind it. */
export async function startFakeKubernetesApi(services: { namespace: string; name: string; port: number; podPort: number }[]): Promise<FakeKubernetesApi> {
  const forwards: string[] = [];
  const find = (ns: string, name: string) => services.find((s) => s.namespace === ns && s.name === name);
  const wss = new WebSocketServer({ noServer: true, handleProtocols: (p: Set<string>) => (p.has("v4.channel.k8s.io") ? "v4.channel.k8s.io" : false) });
  const json = (res: http.ServerResponse, code: number, body: unknown) => { res.writeHead(code, { "content-type": "application/json" }); res.end(JSON.stringify(body)); };
  const server = http.createServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return json(res, 401, { kind: "Status", message: "Unauthorized" });
    const url = new URL(req.url ?? "/", "http://x");
    let m = /^\/api\/v1\/namespaces\/([^/]+)\/services\/([^/]+)$/.exec(url.pathname);
    if (m) {
      const s = find(m[1], m[2]);
      if (!s) return json(res, 404, { kind: "Status", message: `services "${m[2]}" not found` });
      return json(res, 200, { kind: "Service", metadata: { name: s.name }, spec: { selector: { "app.kubernetes.io/name": s.name }, ports: [{ name: "main", port: s.port, targetPort: s.podPort }] } });
    }
    m = /^\/api\/v1\/namespaces\/([^/]+)\/pods$/.exec(url.pathname);
    if (m) {
      const name = /^app\.kubernetes\.io\/name=(.+)$/.exec(url.searchParams.get("labelSelector") ?? "")?.[1] ?? "";
      const s = find(m[1], name);
      const items = s ? [{ metadata: { name: `${s.name}-0` }, spec: { containers: [{ name: s.name, ports: [{ containerPort: s.podPort }] }] }, status: { phase: "Running", conditions: [{ type: "Ready", status: "True" }] } }] : [];
      return json(res, 200, { kind: "PodList", items });
    }
    json(res, 404, { kind: "Status", message: `no route ${url.pathname}` });
  });
  server.on("upgrade", (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    const url = new URL(req.url ?? "/", "http://x");
    const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)-0\/portforward$/.exec(url.pathname);
    const s = m ? find(m[1], m[2]) : undefined;
    const port = Number(url.searchParams.get("ports"));
    if (req.headers.authorization !== `Bearer ${TOKEN}` || !s || port !== s.podPort) {
      socket.end("HTTP/1.1 403 Forbidden\r\n\r\n");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      forwards.push(`${s.name}:${port}`);
      forwardPort(ws, port);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rtdw-kubeconfig-"));
  const kubeconfigPath = path.join(dir, "config");
  fs.writeFileSync(kubeconfigPath, [
    "apiVersion: v1", "kind: Config", "current-context: fake",
    `clusters: [{name: fake, cluster: {server: "${url}"}}]`,
    `users: [{name: fake, user: {token: ${TOKEN}}}]`,
    "contexts: [{name: fake, context: {cluster: fake, user: fake}}]",
  ].join("\n"));
  return {
    url,
    kubeconfigPath,
    forwards,
    close: () => new Promise<void>((r) => { wss.close(); server.closeAllConnections(); server.close(() => r()); }),
  };
}
