import { backoffBefore, retry } from "./retry";

/** A call failing with the given errors in turn, then answering "ok"; counts its calls. */
function failing(errors: Error[]) {
  const calls = { n: 0 };
  const call = async () => {
    const e = errors[calls.n++];
    if (e) throw e;
    return "ok";
  };
  return { calls, call };
}

const transientError = () => Object.assign(new Error("ECONNREFUSED"), { transient: true });
const isTransient = (e: unknown) => (e as { transient?: boolean }).transient === true;

function recorder() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => { waits.push(ms); } };
}

test("retries transient failures with doubling backoff and returns the first answer", async () => {
  const { calls, call } = failing([transientError(), transientError()]);
  const r = recorder();
  await expect(retry(call, { attempts: 4, backoffMs: 500, transient: isTransient, sleep: r.sleep })).resolves.toBe("ok");
  expect([calls.n, r.waits]).toEqual([3, [500, 1000]]);
});

test("gives up after the attempts and throws the last error as it is", async () => {
  const last = transientError();
  const { calls, call } = failing([transientError(), transientError(), last, transientError()]);
  const r = recorder();
  await expect(retry(call, { attempts: 3, backoffMs: 100, transient: isTransient, sleep: r.sleep })).rejects.toBe(last);
  expect([calls.n, r.waits]).toEqual([3, [100, 200]]);
});

test("a failure that is not transient is thrown at once", async () => {
  const denied = new Error("access denied");
  const { calls, call } = failing([denied]);
  const r = recorder();
  await expect(retry(call, { attempts: 4, backoffMs: 500, transient: isTransient, sleep: r.sleep })).rejects.toBe(denied);
  expect([calls.n, r.waits]).toEqual([1, []]);
});

test("at least one call, whatever the attempts say", async () => {
  const { calls, call } = failing([transientError()]);
  const r = recorder();
  await expect(retry(call, { attempts: 0, backoffMs: 500, transient: isTransient, sleep: r.sleep })).rejects.toThrow("ECONNREFUSED");
  expect([calls.n, r.waits]).toEqual([1, []]);
});

test("backoff before each call", () => {
  expect([1, 2, 3, 4].map((a) => backoffBefore(a, 500))).toEqual([0, 500, 1000, 2000]);
});
