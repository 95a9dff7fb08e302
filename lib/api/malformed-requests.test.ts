// Property test: thousands of generated malformed (and some valid) requests against every
// operation. None may get a 5xx, and every error must be problem+json with a useful detail.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operations } from "@/app/api/v1/openapi.json/operations";
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
      },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 300 }),
  fc.constant('{"unterminated": '),
  fc.constant(""),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString("latin1")),
);
const pathParam = fc.oneof(fc.constant("missing"), fc.string({ maxLength: 40 }), fc.constant("ep_01jzzzzzzzzzzzzzzzzzzzzzzz"), fc.constant("%00"));
const query = fc.dictionary(
  fc.constantFrom("limit", "cursor", "status", "since", "until", "endpointId", "eventType", "type", "bogus"),
  fc.oneof(fc.string({ maxLength: 30 }), fc.integer().map(String), fc.constant("2026-11-22T10:00:00Z")),
  { maxKeys: 4 },
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
  it("never answers 5xx, and every error is problem+json", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ op: fc.constantFrom(...operations), param: pathParam, query, body, authorization, contentType }),
        async ({ op, param, query: search, body: rawBody, authorization: auth, contentType: type }) => {
          const url = new URL(`http://localhost${op.path.replace(/\{\w+\}/g, encodeURIComponent(param))}`);
          for (const [name, value] of Object.entries(search)) url.searchParams.set(name, value);
          const headers = new Headers();
          if (auth) headers.set("authorization", auth === "valid" ? `Bearer ${key}` : auth);
          if (type) headers.set("content-type", type);
          const hasBody = op.method === "POST" || op.method === "PATCH";
          const response = await op.handler(new Request(url, { method: op.method, headers, body: hasBody ? rawBody : undefined }), {
            params: Promise.resolve({ id: param, name: param }),
          });
          expect(response.status, `${op.method} ${url.pathname}`).toBeLessThan(500);
          if (response.status >= 400) {
            expect(response.headers.get("content-type")).toBe("application/problem+json");
            const problem = await response.json();
            expect(problem).toMatchObject({ type: "about:blank", status: response.status });
            expect(problem.detail.length).toBeGreaterThan(10);
          }
        },
      ),
      { numRuns: 2_000 },
    );
  }, 120_000);
});
