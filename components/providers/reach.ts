/**
 * Where a provider's system is: an input that holds either a plain address (`host:port`, or a URL)
 * or an EndpointRef (components/platform/endpoint.ts: direct, or a Kubernetes Service reached
 * through the API's port-forward with the kubeconfig's credentials).
 *
 * `reaching` wraps a provider implementation so that it only ever sees plain addresses:
 * - around each call that reaches the system (create, read, update, delete) every EndpointRef is
 *   opened (a port-forward for a Service, closed when the call ends) and replaced by its address;
 *   what the call returns keeps the declared EndpointRef, so no output holds a temporary port and a
 *   refresh never churns;
 * - check and diff stay pure (they run in pull-request previews): check validates the EndpointRef
 *   and the implementation sees a stand-in address of the same form; diff compares EndpointRefs by
 *   value, so a moved endpoint is the update the implementation decides (never a replace).
 */
import { endpointRefSchema, EndpointRef } from "../platform/endpoint";
import { openEndpoint } from "../platform/kubernetes/portForward";
import { stableJson } from "../dynamicResource/values";

type Props = Record<string, unknown>;
type Provider = {
  configure?(req: unknown): Promise<void>;
  check(olds: Props, news: Props): Promise<{ inputs?: Props; failures?: { property: string; reason: string }[] }>;
  diff(id: string, olds: Props, news: Props): Promise<unknown>;
  create(inputs: Props): Promise<{ id: string; outs?: Props }>;
  read(id: string, props: Props): Promise<{ id?: string; props?: Props; inputs?: Props }>;
  update(id: string, olds: Props, news: Props): Promise<{ outs?: Props }>;
  delete(id: string, props: Props): Promise<void>;
};

/** An input naming where the system is, and the address form the implementation expects. */
export interface ReachField {
  name: string;
  form(inputs: Props): "hostPort" | "url";
}

export type Opener = (ref: EndpointRef) => Promise<{ hostPort: string; close(): Promise<void> }>;

const isRef = (v: unknown): v is Props => typeof v === "object" && v !== null && !Array.isArray(v);
const address = (form: "hostPort" | "url", hostPort: string) => (form === "url" ? `http://${hostPort}` : hostPort);

export function reaching<P extends object>(impl: P, fields: ReachField[], open: Opener = openEndpoint): P {
  const p = impl as unknown as Provider;
  /** Replaces each EndpointRef of `props` by `to(ref, field)`. */
  const substitute = (props: Props | undefined, to: (ref: EndpointRef, f: ReachField) => string): Props | undefined => {
    if (!props) return props;
    const out = { ...props };
    for (const f of fields) if (isRef(out[f.name])) out[f.name] = to(endpointRefSchema.parse(out[f.name]), f);
    return out;
  };
  /** Puts the declared values back into what the implementation returns. */
  const restore = (result: Props | undefined, declared: Props | undefined): Props | undefined => {
    if (!result || !declared) return result;
    const out = { ...result };
    for (const f of fields) if (isRef(declared[f.name]) && f.name in out) out[f.name] = declared[f.name];
    return out;
  };
  /** Runs `fn` with every EndpointRef of `props` opened; `props` is what the call reaches through. */
  const opened = async <T>(props: Props, fn: (reached: Props) => Promise<T>): Promise<T> => {
    const handles: { close(): Promise<void> }[] = [];
    try {
      const reached = { ...props };
      for (const f of fields) {
        if (!isRef(props[f.name])) continue;
        const h = await open(endpointRefSchema.parse(props[f.name]));
        handles.push(h);
        reached[f.name] = address(f.form(props), h.hostPort);
      }
      return await fn(reached);
    } catch (e) {
      // A failure that carries the resource's properties (a partial update) keeps the declared values.
      if (e && typeof e === "object" && "properties" in e) (e as { properties?: Props }).properties = restore((e as { properties?: Props }).properties, props);
      throw e;
    } finally {
      await Promise.all(handles.map((h) => h.close()));
    }
  };
  /** An EndpointRef as a stable string of the field's form: equal refs, equal strings. */
  const canonical = (props: Props) => substitute(props, (ref, f) => address(f.form(props), `endpoint-ref-${stableJson(ref)}`))!;

  const wrapped: Provider = {
    configure: async (req) => { await p.configure?.(req); },
    async check(olds, news) {
      const failures: { property: string; reason: string }[] = [];
      for (const f of fields) {
        const v = news?.[f.name];
        if (!isRef(v)) continue;
        const r = endpointRefSchema.safeParse(v);
        if (!r.success) failures.push({ property: f.name, reason: `${f.name}: not an endpoint (${r.error.issues.map((i) => `${i.path.join(".") || "value"}: ${i.message}`).join("; ")})` });
      }
      if (failures.length > 0) return { inputs: news, failures };
      // The implementation validates everything else against a stand-in address of the right form.
      const sub = (props: Props | undefined) => substitute(props, (_ref, f) => address(f.form(props!), "127.0.0.1:1"));
      const checked = await p.check(sub(olds) ?? olds, sub(news)!);
      return { ...checked, inputs: restore(checked.inputs, news) };
    },
    diff: (id, olds, news) => p.diff(id, canonical(olds), canonical(news)),
    create: (inputs) => opened(inputs, async (reached) => {
      const r = await p.create(reached);
      return { ...r, outs: restore(r.outs, inputs) };
    }),
    read: (id, props) => opened(props, async (reached) => {
      const r = await p.read(id, reached);
      return { ...r, props: restore(r.props, props), inputs: restore(r.inputs, props) };
    }),
    update: (id, olds, news) => opened(news, async (reached) => {
      // The implementation reaches the system through the new inputs; the old outputs only tell it
      // what changed, so their EndpointRefs compare as in diff.
      const r = await p.update(id, canonical(olds), reached);
      return { ...r, outs: restore(r.outs, news) };
    }),
    delete: (id, props) => opened(props, (reached) => p.delete(id, reached)),
  };
  return wrapped as unknown as P;
}
