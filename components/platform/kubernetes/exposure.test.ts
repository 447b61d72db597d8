/**
 * The Kubernetes backend under Pulumi's mock runtime: nothing leaves the cluster unless the stack
 * opts in, and an opt-in is limited to its source ranges and yields a real address or a clear error.
 */
import * as pulumi from "@pulumi/pulumi";
import { ImageContract, ServiceSpec } from "../service";

interface Created { type: string; name: string; inputs: Record<string, any> } // eslint-disable-line @typescript-eslint/no-explicit-any
const created: Created[] = [];
let lbIngress: { ip?: string }[] = [];

beforeAll(async () => {
  await pulumi.runtime.setMocks({
    newResource(a) {
      created.push({ type: a.type, name: a.name, inputs: a.inputs });
      const state: Record<string, unknown> = { ...a.inputs };
      if (a.type === "kubernetes:core/v1:Service" && a.inputs.spec?.type === "LoadBalancer") state.status = { loadBalancer: { ingress: lbIngress } };
      if (a.type === "kubernetes:core/v1:Service" && a.inputs.spec?.type === "NodePort") {
        state.spec = { ...a.inputs.spec, ports: a.inputs.spec.ports.map((p: { name: string }) => ({ ...p, nodePort: 31000 })) };
      }
      return { id: `${a.name}-id`, state };
    },
    call: (a) => a.inputs,
  }, "rtdw", "test", false);
});

const contract: ImageContract = {
  image: "example/app:1.0", source: "test", user: { uid: 1000, gid: 1000 }, readablePaths: [], writablePaths: [], env: [], ports: [8080, 9000],
  memory: { kind: "native", note: "test" },
};
const spec = (name: string): ServiceSpec => ({
  name, image: contract.image, contract, resources: { memoryMiB: 128, cpu: 0.1 },
  ports: [{ name: "http", port: 8080, expose: true }, { name: "internal", port: 9000 }],
});

/** Waits until the mock runtime has registered what a check needs (registrations are asynchronous). */
async function eventually(check: () => boolean): Promise<void> {
  for (let i = 0; i < 600 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
}

function settle<T>(o: pulumi.Output<T>): Promise<T> {
  return (o as unknown as { promise(): Promise<T> }).promise();
}

async function platform(exposure?: { type: "LoadBalancer" | "NodePort"; sourceRanges: string[]; nodeAddress?: string }) {
  const { KubernetesPlatform } = await import("./kubernetesPlatform");
  const parent = new pulumi.ComponentResource("test:index:Parent", `p-${created.length}`);
  return new KubernetesPlatform({ namespace: "ns", images: { buildDir: "/tmp/rtdw-exposure-test" }, exposure, context: "ctx" }, parent);
}

describe("Kubernetes exposure", () => {
  it("by default: ClusterIP only, no rule admitting anything from outside, and an endpoint through the Kubernetes API", async () => {
    const p = await platform();
    const d = p.deploy(spec("quiet"), p.namespace);
    expect(await settle(d.endpoint("http"))).toEqual({ kind: "kubernetes", namespace: "ns", service: "quiet", port: 8080, context: "ctx" });
    await settle(d.internalEndpoint("http"));
    await eventually(() => created.filter((r) => r.type === "kubernetes:apps/v1:Deployment" && r.name === "ns-quiet").length === 1);
    const services = created.filter((r) => r.type === "kubernetes:core/v1:Service" && r.name.startsWith("ns-quiet"));
    expect(services.map((s) => s.inputs.spec.type ?? "headless").sort()).toEqual(["ClusterIP", "headless"]);
    expect(created.some((r) => r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy" && r.name === "ns-quiet-from-outside")).toBe(false);
    expect(() => d.endpoint("internal")).toThrow("service quiet: port internal is not exposed");
  });

  it("an opted-in load balancer admits its source ranges only, on the exposed ports, and answers with its address", async () => {
    lbIngress = [{ ip: "203.0.113.7" }];
    const p = await platform({ type: "LoadBalancer", sourceRanges: ["198.51.100.0/24"] });
    const d = p.deploy(spec("open"), p.namespace);
    expect(await settle(d.endpoint("http"))).toEqual({ kind: "direct", host: "203.0.113.7", port: 8080 });
    await eventually(() => created.some((r) => r.name === "ns-open-from-outside"));
    const svc = created.find((r) => r.name === "ns-open-external")!;
    expect(svc.inputs.spec).toMatchObject({ type: "LoadBalancer", loadBalancerSourceRanges: ["198.51.100.0/24"], externalTrafficPolicy: "Local" });
    expect(svc.inputs.spec.ports.map((x: { port: number }) => x.port)).toEqual([8080]);
    const policy = created.find((r) => r.name === "ns-open-from-outside")!;
    expect(policy.inputs.spec.ingress).toEqual([{ from: [{ ipBlock: { cidr: "198.51.100.0/24" } }], ports: [{ protocol: "TCP", port: 8080 }] }]);
  });

  it("a load balancer without an address yet is a clear error, not `pending:port`", async () => {
    const { loadBalancerEndpoint } = await import("./kubernetesPlatform");
    expect(() => loadBalancerEndpoint("service waiting", "waiting-external", [], 8080)).toThrow("service waiting: the load balancer waiting-external has no address yet");
    expect(loadBalancerEndpoint("s", "s-external", [{ hostname: "lb.example.com" }], 8080)).toEqual({ kind: "direct", host: "lb.example.com", port: 8080 });
  });

  it("a NodePort answers with the configured node address and the allocated node port, not `<node-address>`", async () => {
    const p = await platform({ type: "NodePort", sourceRanges: ["10.0.0.0/8"], nodeAddress: "node1.internal" });
    const d = p.deploy(spec("nodeport"), p.namespace);
    expect(await settle(d.endpoint("http"))).toEqual({ kind: "direct", host: "node1.internal", port: 31000 });
  });
});
