import { failureOf, formEncode, readEnvelope } from "./wire";

/** The error readEnvelope throws (undefined if it did not throw). */
function thrown(status: number, body: string, call = "POST /a"): unknown {
  try {
    readEnvelope(call, status, body);
    return undefined;
  } catch (e) {
    return e;
  }
}

describe("StreamPark envelope", () => {
  test("success with code \"200\" or without code (sign-in)", () => {
    expect(readEnvelope("POST /x", 200, '{"status":"success","code":"200","data":true}').data).toBe(true);
    expect(readEnvelope("POST /passport/signin", 200, '{"data":{"token":"t"}}').data).toEqual({ token: "t" });
  });

  test("business error: HTTP 500 code 501, message kept, not transient", () => {
    const e = thrown(500, '{"status":"error","code":"501","message":"The teamId can\'t be null.","data":null}', "POST /flink/app/create");
    expect(String(e)).toBe("Error: StreamPark POST /flink/app/create failed (HTTP 500 code 501): The teamId can't be null.");
    expect(failureOf(e)).toMatchObject({ transient: false, unauthorized: false, code: "501" });
  });

  test("empty-body 401 means sign in again; 502 from a proxy is transient; internal errors keep only the first line", () => {
    expect(failureOf(thrown(401, ""))).toMatchObject({ unauthorized: true });
    expect(failureOf(thrown(502, "<html>bad gateway</html>"))).toMatchObject({ transient: true });
    const e = thrown(500, JSON.stringify({ status: "error", code: "500", message: "internal server error: java.lang.NullPointerException\n\tat a.b.C" }));
    expect(String(e)).toMatch(/NullPointerException$/);
  });

  test("HTTP 200 with code 0 (wrong password) is a failure", () => {
    expect(failureOf(thrown(200, '{"status":"success","code":0}', "POST /passport/signin"))).toMatchObject({ code: "0" });
  });
});

test("form bodies leave out undefined fields and encode reserved characters", () => {
  expect(formEncode({ b: "a b&c", a: 1, c: undefined, d: true })).toBe("a=1&b=a%20b%26c&d=true");
});
