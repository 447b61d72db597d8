/**
 * reaching(): the implementation sees plain addresses; outputs keep the declared EndpointRef; each
 * opened endpoint is closed when the call ends, also when it fails; check refuses a malformed
 * EndpointRef naming the input; diff compares EndpointRefs by value.
 */
import { reaching } from "./reach";

type Props = Record<string, unknown>;
const K8S = { kind: "kubernetes", namespace: "rtdw", service: "streampark", port: 10000 };

function fakeImpl() {
  const seen: { method: string; props: Props }[] = [];
  const impl = {
    async check(_olds: Props, news: Props) { seen.push({ method: "check", props: news }); return { inputs: news, failures: [] }; },
    async diff(_id: string, olds: Props, news: Props) { return { changes: olds.consoleUrl !== news.consoleUrl }; },
    async create(inputs: Props) { seen.push({ method: "create", props: inputs }); return { id: "1", outs: { ...inputs, appId: "1" } }; },
    async read(id: string, props: Props) { seen.push({ method: "read", props }); return { id, props, inputs: props }; },
    async update(_id: string, _olds: Props, news: Props) { seen.push({ method: "update", props: news }); return { outs: news }; },
    async delete(_id: string, props: Props) { seen.push({ method: "delete", props }); if (props.fail) throw Object.assign(new Error("boom"), { properties: { ...props } }); },
  };
  return { impl, seen };
}

function fakeOpener() {
  const opened: string[] = [];
  let closed = 0;
  const open = async (ref: { kind: string }) => {
    opened.push(JSON.stringify(ref));
    return { hostPort: ref.kind === "direct" ? "10.0.0.1:1" : "127.0.0.1:40000", close: async () => { closed++; } };
  };
  return { open, opened, closed: () => closed };
}

test("calls that reach the system get an opened address; outputs keep the declared EndpointRef; the forward is closed", async () => {
  const { impl, seen } = fakeImpl();
  const o = fakeOpener();
  const p = reaching(impl, [{ name: "consoleUrl", form: () => "url" }], o.open as never);
  const created = await p.create({ consoleUrl: K8S, name: "job" });
  expect(seen.at(-1)).toEqual({ method: "create", props: { consoleUrl: "http://127.0.0.1:40000", name: "job" } });
  expect(created.outs).toEqual({ consoleUrl: K8S, name: "job", appId: "1" });
  const read = await p.read("1", created.outs!);
  expect([read.props?.consoleUrl, read.inputs?.consoleUrl]).toEqual([K8S, K8S]);
  await p.update("1", created.outs!, { consoleUrl: K8S, name: "job" });
  await p.delete("1", created.outs!);
  expect(o.opened).toHaveLength(4);
  expect(o.closed()).toBe(4);
  // A plain address passes through untouched, nothing opened.
  await p.create({ consoleUrl: "http://127.0.0.1:10000", name: "job" });
  expect(seen.at(-1)?.props.consoleUrl).toBe("http://127.0.0.1:10000");
  expect(o.opened).toHaveLength(4);
});

test("a failing call still closes its forward, and the failure's properties keep the declared EndpointRef", async () => {
  const { impl } = fakeImpl();
  const o = fakeOpener();
  const p = reaching(impl, [{ name: "consoleUrl", form: () => "url" }], o.open as never);
  const err = await p.delete("1", { consoleUrl: K8S, fail: true }).then(() => undefined, (e: { properties?: Props }) => e);
  expect(err?.properties?.consoleUrl).toEqual(K8S);
  expect(o.closed()).toBe(1);
});

test("check refuses a malformed EndpointRef naming the input, and validates the rest against a stand-in of the right form", async () => {
  const { impl, seen } = fakeImpl();
  const p = reaching(impl, [{ name: "endpoint", form: (i) => (i.engine === "paimon" ? "url" : "hostPort") }], fakeOpener().open as never);
  const bad = await p.check({}, { endpoint: { kind: "kubernetes", namespace: "rtdw" }, engine: "mysql" });
  expect(bad.failures?.[0]).toMatchObject({ property: "endpoint", reason: expect.stringMatching(/^endpoint: not an endpoint \(service: /) });
  const ok = await p.check({}, { endpoint: { ...K8S, service: "flink-sql-gateway" }, engine: "paimon" });
  expect(seen.at(-1)).toEqual({ method: "check", props: { endpoint: "http://127.0.0.1:1", engine: "paimon" } });
  expect(ok).toEqual({ inputs: { endpoint: { ...K8S, service: "flink-sql-gateway" }, engine: "paimon" }, failures: [] });
});

test("diff: the same EndpointRef is no change, a moved one is", async () => {
  const { impl } = fakeImpl();
  const p = reaching(impl, [{ name: "consoleUrl", form: () => "url" }], fakeOpener().open as never);
  expect(await p.diff("1", { consoleUrl: { ...K8S } }, { consoleUrl: K8S })).toEqual({ changes: false });
  expect(await p.diff("1", { consoleUrl: K8S }, { consoleUrl: { kind: "direct", host: "10.0.0.1", port: 10000 } })).toEqual({ changes: true });
});
