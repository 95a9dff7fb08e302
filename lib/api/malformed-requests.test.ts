// Property test: thousands of generated malformed (and some valid) requests against every
// operation. None may get a 5xx, and every error must be problem+json with a useful detail.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operations } from "@/app/api/v1/openapi.json/operations";
import type { DocumentedOperation } from "@/lib/api/openapi";
import { createApiKey } from "@/lib/api-keys/api-keys";
import type { Executor } from "@/lib/engine/executor";
import { createOwnedWorkspace } from "@/test/fixtures";
import { startTernExecutor } from "@/test/tern-engine";

process.env.TERN_API_RATE_LIMIT = "1000000";
process.env.TERN_API_RATE_BURST = "1000000";

let executor: Executor;
let key: string;
beforeAll(async () => {
  executor = await startTernExecutor();
  const { workspace } = await createOwnedWorkspace();
  key = (await createApiKey(workspace.id, { name: "fuzz", scopes: [] }, { type: "system", id: null })).key;
});
afterAll(() => executor.stop());

type Generated = {
  op: DocumentedOperation;
  param: string;
  query: [string, string][];
  body: string;
  authorization: string | undefined;
  contentType: string | undefined;
};

/** Sends one generated request to its handler in-process and checks the answer is never a 5xx, and every error a useful problem. */
async function send({ op, param, query, body, authorization, contentType }: Generated) {
  // The handler gets the param as Next decodes it; the URL only has to be one (encodeURIComponent refuses lone surrogates).
  const url = new URL(`http://localhost${op.path.replace(/\{\w+\}/g, encodeURIComponent(param.toWellFormed()))}`);
  for (const [name, value] of query) url.searchParams.append(name, value);
  const headers = new Headers();
  if (authorization) headers.set("authorization", authorization === "valid" ? `Bearer ${key}` : authorization);
  if (contentType) headers.set("content-type", contentType);
  const hasBody = ["POST", "PUT", "PATCH"].includes(op.method);
  const response = await op.handler(new Request(url, { method: op.method, headers, body: hasBody ? body : undefined }), {
    params: Promise.resolve({ id: param, name: param, tenant: param }),
  });
  expect(response.status, `${op.method} ${url.pathname}${url.search}`).toBeLessThan(500);
  if (response.status >= 400) {
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const problem = await response.json();
    expect(problem).toMatchObject({ type: "about:blank", status: response.status });
    expect(problem.detail.length).toBeGreaterThan(10);
  }
}

const queryNames = [
  "limit",
  "cursor",
  "status",
  "since",
  "until",
  "from",
  "to",
  "endpointId",
  "eventType",
  "type",
  "order",
  "bucket",
  "tenant",
  "search",
  "bogus",
];
const operation = fc.constantFrom(...operations);
const tenantOperation = fc.constantFrom(...operations.filter((op) => op.path.startsWith("/api/v1/tenants")));
// What names a tenant, or almost does: keys at and past the length limit, ids, and %-escapes (which a path param keeps).
const tenantParam = fc.oneof(
  fc.constantFrom(
    "cus_1",
    "acme:eu@prod",
    "tnt_01jzzzzzzzzzzzzzzzzzzzzzzz",
    "tnt_x",
    "TNT_01JZZZZZZZZZZZZZZZZZZZZZZZ",
    "%00",
    "a%2Fb",
    "%F0%9F%92%A9",
    ".",
    "..",
  ),
  fc.stringMatching(/^[A-Za-z0-9_.:@-]{1,128}$/),
  fc.integer({ min: 127, max: 4_000 }).map((length) => "k".repeat(length)),
);
// Metadata at, over and far over its 4 KiB, and too many or too long keys.
const tenantMetadata = fc.oneof(
  fc.integer({ min: 4_000, max: 4_100 }).map((length) => ({ note: "m".repeat(length) })),
  fc.integer({ min: 100_000, max: 400_000 }).map((length) => ({ note: "m".repeat(length) })),
  fc.integer({ min: 1, max: 3_000 }).map((count) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, i]))),
  fc.constant({ ["k".repeat(129)]: 1 }),
  fc.jsonValue({ maxDepth: 3 }),
);
const authorization = fc.oneof(
  fc.constant<string | undefined>(undefined),
  fc.constant("valid"),
  fc.constant("valid"),
  fc.constant("valid"),
  fc.string({ maxLength: 60 }).map((s) => `Bearer ${s}`),
  fc.constant("Basic dXNlcjpwYXNz"),
);
const contentType = fc.constantFrom(
  undefined,
  "application/json",
  "application/json; charset=utf-8",
  "text/plain",
  "application/x-www-form-urlencoded",
  "application/problem+json",
);

describe("the REST API under malformed input", () => {
  const jsonValue = fc.jsonValue({ maxDepth: 4 });
  const body = fc.oneof(
    jsonValue.map((value) => JSON.stringify(value)),
    fc
      .record(
        {
          type: fc.string(),
          data: jsonValue,
          url: fc.oneof(fc.webUrl(), fc.string(), fc.constant("")),
          eventTypes: fc.array(fc.string()),
          since: fc.string(),
          graceSeconds: fc.oneof(fc.integer(), fc.string()),
          key: fc.oneof(tenantParam, fc.string()),
          tenant: fc.oneof(tenantParam, fc.string()),
          name: fc.string(),
          disabled: fc.oneof(fc.boolean(), fc.string()),
          events: fc.array(fc.record({ type: fc.string(), data: jsonValue, tenant: fc.oneof(tenantParam, fc.string()) }, { requiredKeys: [] }), {
            maxLength: 3,
          }),
        },
        { requiredKeys: [] },
      )
      .map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 300 }),
    fc.constant('{"unterminated": '),
    fc.constant(""),
    fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString("latin1")),
  );
  const pathParam = fc.oneof(
    fc.constant("missing"),
    fc.string({ maxLength: 40 }),
    fc.constant("ep_01jzzzzzzzzzzzzzzzzzzzzzzz"),
    fc.constant("%00"),
    tenantParam,
  );
  const query = fc
    .dictionary(fc.constantFrom(...queryNames), fc.oneof(fc.string({ maxLength: 30 }), fc.integer().map(String), fc.constant("2026-11-22T10:00:00Z")), {
      maxKeys: 4,
    })
    .map((entries) => Object.entries(entries));

  it("never answers 5xx, and every error is problem+json", async () => {
    await fc.assert(fc.asyncProperty(fc.record({ op: operation, param: pathParam, query, body, authorization, contentType }), send), { numRuns: 2_000 });
  }, 120_000);
});

describe("the REST API under the audit's hostile input", () => {
  // Text PostgreSQL refuses (NUL) and text that is no Unicode (unpaired surrogates), alone or inside other text.
  const badChar = fc.constantFrom("\u0000", "\ud800", "\udbff", "\udc00", "\udfff");
  const hostileText = fc.oneof(
    badChar,
    fc.tuple(fc.string({ maxLength: 10 }), badChar, fc.string({ maxLength: 10 })).map((parts) => parts.join("")),
    fc.string({ unit: "binary", maxLength: 20 }),
  );
  // Times JavaScript writes but PostgreSQL cannot store, at and beyond the edges of both.
  const extremeTime = fc.oneof(
    fc.constantFrom(
      "0000-01-01T00:00:00Z",
      "0000-12-31T23:59:59.999+14:00",
      "0001-01-01T00:00:00+14:00",
      "0001-01-01T00:00:00Z",
      "9999-12-31T23:59:59-14:00",
      "9999-12-31T23:59:59.999Z",
    ),
    fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((date) => date.toISOString()),
    fc
      .record({
        year: fc.integer({ min: 0, max: 9999 }),
        hour: fc.integer({ min: 0, max: 23 }),
        offset: fc.constantFrom("Z", "+14:00", "-14:00", "+23:59", "-23:59"),
      })
      .map(({ year, hour, offset }) => `${String(year).padStart(4, "0")}-01-01T${String(hour).padStart(2, "0")}:00:00${offset}`),
  );
  const forgedCursor = fc
    .tuple(fc.oneof(extremeTime, fc.string({ maxLength: 30 })), fc.oneof(hostileText, fc.constant("evt_01jzzzzzzzzzzzzzzzzzzzzzzz")))
    .map(([time, id]) => Buffer.from(`${time}|${id}`).toString("base64url"));
  const hostileValue = fc.oneof(hostileText, extremeTime, forgedCursor);
  const depth = fc.oneof(fc.integer({ min: 60, max: 70 }), fc.integer({ min: 1_000, max: 12_000 }));
  const deepJson = fc
    .tuple(depth, fc.constantFrom("[", '{"a":'))
    .map(([levels, open]) => `${open.repeat(levels)}1${(open === "[" ? "]" : "}").repeat(levels)}`);
  const hostileObject = fc.dictionary(fc.oneof(hostileText, fc.string({ maxLength: 8 })), fc.oneof(hostileText, fc.jsonValue({ maxDepth: 2 })), { maxKeys: 4 });
  const body = fc.oneof(
    fc
      .record(
        {
          type: fc.oneof(fc.constant("order.created"), hostileText),
          name: fc.oneof(fc.constant("order.created"), hostileText),
          description: hostileText,
          data: hostileObject,
          example: hostileObject,
          occurredAt: extremeTime,
          since: extremeTime,
          endpointId: hostileText,
          eventType: hostileText,
          idempotencyKey: hostileText,
          url: fc.oneof(fc.webUrl(), hostileText),
          eventTypes: fc.array(hostileText, { maxLength: 3 }),
          metadata: fc.oneof(hostileObject, tenantMetadata),
          key: fc.oneof(tenantParam, hostileText),
          tenant: fc.oneof(tenantParam, hostileText),
          disabled: fc.oneof(fc.boolean(), hostileText),
          disabledReason: hostileText,
          events: fc.array(
            fc.record(
              {
                type: fc.oneof(fc.constant("order.created"), hostileText),
                data: hostileObject,
                occurredAt: extremeTime,
                idempotencyKey: hostileText,
                tenant: tenantParam,
              },
              { requiredKeys: [] },
            ),
            { maxLength: 3 },
          ),
        },
        { requiredKeys: [] },
      )
      .map((value) => JSON.stringify(value)),
    fc
      .tuple(fc.constantFrom('{"type":"t","data":{"x":', '{"name":"deep","example":{"x":', '{"key":"deep","metadata":{"x":', '{"metadata":{"x":', ""), deepJson)
      .map(([prefix, deep]) => (prefix ? `${prefix}${deep}}}` : deep)),
    depth.map((levels) => "[".repeat(levels)),
  );
  const pathParam = fc.oneof(
    hostileText,
    fc.constantFrom("ep_01jzzzzzzzzzzzzzzzzzzzzzzz", "evt_01jzzzzzzzzzzzzzzzzzzzzzzz", "dlv_01jzzzzzzzzzzzzzzzzzzzzzzz", "order.created"),
    tenantParam,
  );
  const query = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...queryNames), hostileText), fc.oneof(hostileValue, fc.constantFrom("10", "failed", "oldest"))), {
    maxLength: 5,
  });

  it("never answers 5xx to NUL, unpaired surrogates, deep nesting, extreme times, forged cursors or repeated parameters", async () => {
    const valid = fc.constant("valid");
    const json = fc.constant("application/json");
    await fc.assert(
      fc.asyncProperty(
        fc.record({ op: operation, param: pathParam, query, body, authorization: fc.oneof(valid, valid, valid, authorization), contentType: json }),
        send,
      ),
      { numRuns: 3_000 },
    );
  }, 120_000);

  it("never answers 5xx on the tenants routes, whatever names the tenant and whatever the body holds", async () => {
    // Mostly a few keys and the fields each route takes, so that many requests get past the schemas and
    // into the database (creating, updating, disabling and deleting the same tenants), hostile ones mixed in.
    const usual = <T>(arbitrary: fc.Arbitrary<T>) => ({ arbitrary, weight: 4 });
    const knownKey = fc.constantFrom("cus_1", "cus_2", "acme:eu@prod");
    const fields = {
      key: fc.oneof(usual(knownKey), tenantParam, hostileText),
      name: fc.oneof(usual(fc.string({ minLength: 1, maxLength: 40 })), fc.string({ maxLength: 250 }), hostileText),
      metadata: fc.oneof(usual(fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 })), tenantMetadata, hostileObject),
      disabled: fc.boolean(),
      disabledReason: fc.oneof(usual(fc.string({ maxLength: 60 })), fc.string({ maxLength: 600 }), hostileText),
    };
    const takes: Record<string, (keyof typeof fields)[]> = {
      POST: ["key", "name", "metadata"],
      PUT: ["name", "metadata"],
      PATCH: ["name", "metadata", "disabled", "disabledReason"],
    };
    const bodyFor = (method: string) => {
      const own = takes[method] ?? [];
      const shaped = fc
        .record(Object.fromEntries(own.map((field) => [field, fields[field]])), { requiredKeys: own.includes("key") ? ["key"] : [] })
        .map((value) => JSON.stringify(value));
      return fc.oneof(usual(shaped), body);
    };
    const listQuery = fc.oneof(
      usual(
        fc
          .tuple(fc.constantFrom("search", "limit"), fc.oneof(fc.string({ maxLength: 130 }), fc.constantFrom("%", "_", "\\", "cus", "2")))
          .map((entry) => [entry]),
      ),
      query,
    );
    const request = tenantOperation.chain((op) =>
      fc.record({
        op: fc.constant(op),
        param: fc.oneof(usual(knownKey), tenantParam, hostileText),
        query: op.path === "/api/v1/tenants" && op.method === "GET" ? listQuery : fc.oneof(usual(fc.constant<[string, string][]>([])), query),
        body: bodyFor(op.method),
        authorization: fc.constant("valid"),
        contentType: fc.constant("application/json"),
      }),
    );
    await fc.assert(fc.asyncProperty(request, send), { numRuns: 1_500 });
  }, 120_000);
});
