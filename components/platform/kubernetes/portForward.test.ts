/**
 * withEndpoint against a fake Kubernetes API server on loopback: the Service and pod reads, and the
 * port-forward websocket as the kubelet speaks it (kubernetes/kubernetes
 * pkg/kubelet/cri/streaming/portforward/websocket.go: subprotocol v4.channel.k8s.io, channel 0 data and
 * channel 1 errors per port, each channel's first frame the port as uint16 little-endian), in front of
 * a real TCP echo server playing the pod. It refuses requests without the kubeconfig's bearer token.
 */
import * as http from "http";
import * as net from "net";
import { choosePodPort, openEndpoint, withEndpoint } from "./portForward";
import { forwardPort } from "../../../test/support/fakeKubernetesApi";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { WebSocketServer } = require("ws") as { WebSocketServer: new (o: object) => { handleUpgrade(req: http.IncomingMessage, socket: net.Socket, head: Buffer, cb: (ws: WsLike) => void): void; close(): void } };
interface WsLike { protocol: string; send(b: Buffer): void; on(e: "message", f: (d: Buffer) => void): void; on(e: "close", f: () => void): void; close(): void }


const TOKEN = "fake-token-Zq9";
const NS = "rtdw";

function kubeconfig(server: string): string {
  return [
    "apiVersion: v1", "kind: Config", "current-context: fake",
    "clusters: [{name: fake, cluster: {server: \"" + server + "\"}}]",
    "users: [{name: fake, user: {token: " + TOKEN + "}}]",
    "contexts: [{name: fake, context: {cluster: fake, user: fake}}]",
  ].join("\n");
}

interface Fake { url: string; requests: string[]; forwardedPorts: number[]; close(): Promise<void> }

async function fakeApi(podPort: number, opts: { ready: boolean }): Promise<Fake> {
  const requests: string[] = [];
  const forwardedPorts: number[] = [];
  const wss = new WebSocketServer({ noServer: true, handleProtocols: (protocols: Set<string>) => (protocols.has("v4.channel.k8s.io") ? "v4.channel.k8s.io" : false) });
  const json = (res: http.ServerResponse, code: number, body: unknown) => { res.writeHead(code, { "content-type": "application/json" }); res.end(JSON.stringify(body)); };
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return json(res, 401, { kind: "Status", message: "Unauthorized" });
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === `/api/v1/namespaces/${NS}/services/streampark`) {
      return json(res, 200, { kind: "Service", metadata: { name: "streampark" }, spec: { selector: { "app.kubernetes.io/name": "streampark" }, ports: [{ name: "http", port: 10000, targetPort: "http" }] } });
    }
    if (url.pathname === `/api/v1/namespaces/${NS}/services/missing`) return json(res, 404, { kind: "Status", message: "services \"missing\" not found" });
    if (url.pathname === `/api/v1/namespaces/${NS}/pods` && url.searchParams.get("labelSelector") === "app.kubernetes.io/name=streampark") {
      const pod = (name: string, ready: boolean) => ({
        metadata: { name },
        spec: { containers: [{ name: "streampark", ports: [{ name: "http", containerPort: podPort }] }] },
        status: { phase: "Running", conditions: [{ type: "Ready", status: ready ? "True" : "False" }] },
      });
      return json(res, 200, { kind: "PodList", items: [pod("streampark-b", false), pod("streampark-a", opts.ready)] });
    }
    json(res, 404, { kind: "Status", message: `no route ${url.pathname}` });
  });
  server.on("upgrade", (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    requests.push(`UPGRADE ${req.url}`);
    const url = new URL(req.url ?? "/", "http://x");
    const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/portforward$/.exec(url.pathname);
    if (req.headers.authorization !== `Bearer ${TOKEN}` || !m || m[1] !== NS || m[2] !== "streampark-a") {
      socket.end("HTTP/1.1 403 Forbidden\r\n\r\n");
      return;
    }
    const port = Number(url.searchParams.get("ports"));
    wss.handleUpgrade(req, socket, head, (ws) => {
      forwardedPorts.push(port);
      forwardPort(ws, port);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    requests,
    forwardedPorts,
    close: () => new Promise<void>((r) => { wss.close(); server.closeAllConnections(); server.close(() => r()); }),
  };
}

async function echoServer(): Promise<{ port: number; close(): Promise<void> }> {
  const s = net.createServer((c) => c.on("data", (d) => c.write(`echo:${d.toString()}`)));
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  return { port: (s.address() as net.AddressInfo).port, close: () => new Promise<void>((r) => s.close(() => r())) };
}

function roundTrip(hostPort: string, message: string): Promise<string> {
  const [host, port] = hostPort.split(":");
  return new Promise((resolve, reject) => {
    const c = net.connect(Number(port), host, () => c.write(message));
    c.on("data", (d) => { resolve(d.toString()); c.end(); });
    c.on("error", reject);
    c.on("close", () => reject(new Error("connection closed without an answer")));
  });
}

describe("withEndpoint", () => {
  it("passes a direct endpoint through unchanged", async () => {
    await expect(withEndpoint({ kind: "direct", host: "127.0.0.1", port: 9030 }, async (hp) => hp)).resolves.toBe("127.0.0.1:9030");
  });

  it("forwards a loopback port to the ready pod behind the Service, through the API with the kubeconfig's token", async () => {
    const pod = await echoServer();
    const api = await fakeApi(pod.port, { ready: true });
    try {
      const answer = await withEndpoint({ kind: "kubernetes", namespace: NS, service: "streampark", port: 10000 },
        (hp) => roundTrip(hp, "ping"), { kubeconfig: kubeconfig(api.url) });
      expect(answer).toBe("echo:ping");
      // The named target port "http" resolved to the container port; the ready pod chosen, not the other.
      expect(api.forwardedPorts).toEqual([pod.port]);
      expect(api.requests).toContain(`UPGRADE /api/v1/namespaces/${NS}/pods/streampark-a/portforward?ports=${pod.port}`);
    } finally {
      await api.close();
      await pod.close();
    }
  });

  it("keeps a forward open on a fixed local port until closed (for consumers that keep the address)", async () => {
    const pod = await echoServer();
    const api = await fakeApi(pod.port, { ready: true });
    const free = await new Promise<number>((resolve) => { const s = net.createServer(); s.listen(0, "127.0.0.1", () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); }); });
    try {
      const open = await openEndpoint({ kind: "kubernetes", namespace: NS, service: "streampark", port: 10000 }, { kubeconfig: kubeconfig(api.url), localPort: free });
      expect(open.hostPort).toBe(`127.0.0.1:${free}`);
      expect(await roundTrip(open.hostPort, "one")).toBe("echo:one");
      expect(await roundTrip(open.hostPort, "two")).toBe("echo:two");
      await open.close();
      await expect(roundTrip(open.hostPort, "late")).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      await api.close();
      await pod.close();
    }
  });

  it("closes the forwarded port when the function returns", async () => {
    const pod = await echoServer();
    const api = await fakeApi(pod.port, { ready: true });
    try {
      const hp = await withEndpoint({ kind: "kubernetes", namespace: NS, service: "streampark", port: 10000 }, async (x) => x, { kubeconfig: kubeconfig(api.url) });
      await expect(roundTrip(hp, "late")).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      await api.close();
      await pod.close();
    }
  });

  it("names the API call and the server's message when the Service does not exist", async () => {
    const api = await fakeApi(1, { ready: true });
    try {
      await expect(withEndpoint({ kind: "kubernetes", namespace: NS, service: "missing", port: 1 }, async () => "never", { kubeconfig: kubeconfig(api.url) }))
        .rejects.toThrow(`Kubernetes API GET /api/v1/namespaces/${NS}/services/missing failed (HTTP 404): services "missing" not found`);
    } finally {
      await api.close();
    }
  });

  it("refuses when no pod is ready, listing the pods it saw", async () => {
    const api = await fakeApi(1, { ready: false });
    try {
      await expect(withEndpoint({ kind: "kubernetes", namespace: NS, service: "streampark", port: 10000 }, async () => "never", { kubeconfig: kubeconfig(api.url) }))
        .rejects.toThrow("service rtdw/streampark: no running and ready pod to forward port 10000 to; pods: streampark-b (Running, not ready), streampark-a (Running, not ready)");
    } finally {
      await api.close();
    }
  });

  it("rejects a malformed endpoint description", async () => {
    await expect(withEndpoint({ kind: "kubernetes", namespace: NS, service: "x" } as never, async () => "never")).rejects.toThrow(/withEndpoint: not an endpoint description \(port:/);
  });
});

describe("choosePodPort", () => {
  const ref = { kind: "kubernetes" as const, namespace: NS, service: "flink-jobmanager", port: 8081 };
  const pod = (name: string, ready = true) => ({ name, phase: "Running", deleting: false, ready, containerPorts: [{ name: "rest", containerPort: 8081 }] });

  it("takes a numeric target port as is and the first ready pod by name", () => {
    expect(choosePodPort(ref, { selector: { a: "b" }, ports: [{ port: 8081, targetPort: 18081 }] }, [pod("jm-1"), pod("jm-0")])).toEqual({ pod: "jm-0", port: 18081 });
  });

  it("skips pods being deleted", () => {
    const going = { ...pod("jm-0"), deleting: true };
    expect(choosePodPort(ref, { selector: { a: "b" }, ports: [{ port: 8081 }] }, [going, pod("jm-1")])).toEqual({ pod: "jm-1", port: 8081 });
  });

  it("refuses a port the Service does not have", () => {
    expect(() => choosePodPort(ref, { selector: { a: "b" }, ports: [{ port: 6123 }] }, [pod("jm-0")])).toThrow("service rtdw/flink-jobmanager has no port 8081 (it has 6123)");
  });
});
