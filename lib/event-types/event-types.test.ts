// The catalog's schemas are checked when saved — through the library, the REST API and the
// console's action — and the catalog is searched within one workspace.
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { PATCH as patchType } from "@/app/api/v1/event-types/[name]/route";
import { POST as createType, GET as listTypes } from "@/app/api/v1/event-types/route";
import { db } from "@/db";
import { eventTypes } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/api-keys";
import type { RequestActor } from "@/lib/auth/session";
import { createEndpoint } from "@/lib/endpoints/endpoints";
import { createEndpointInput } from "@/lib/endpoints/schemas";
import { createEventType, endpointsNaming, listEventTypes, updateEventType } from "@/lib/event-types/event-types";
import { createOwnedWorkspace } from "@/test/fixtures";

const requester: RequestActor = { userId: undefined, workspaceId: undefined };
vi.mock("@/lib/auth/session", () => ({ resolveRequestActor: async () => ({ ...requester }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { saveEventTypeAction } = await import("@/app/(console)/event-types/actions");

const system = { type: "system", id: null } as const;
// The endpoints counted below point at a loopback address that is never called.
process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";

const amountSchema = {
  type: "object",
  required: ["invoiceId", "amount"],
  properties: { invoiceId: { type: "string" }, amount: { type: "integer", minimum: 0 }, currency: { enum: ["EUR", "USD"] } },
};

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeDefined();
  return error as { code: string; field: string; message: string };
}

describe("saving a schema", () => {
  it("refuses what is not a draft 2020-12 JSON Schema, naming the path and the problem", async () => {
    const { workspace } = await createOwnedWorkspace();
    const save = (schema: Record<string, unknown>) => createEventType(workspace.id, { name: "invoice.paid", description: "", schema }, system);

    expect(await refusal(save({ type: "object", properties: { amount: { type: "numbr" } } }))).toMatchObject({
      code: "invalid",
      field: "schema.properties.amount.type",
      message: expect.stringMatching(/^schema\.properties\.amount\.type: must be one of "array", "boolean", "integer", "null", "number", "object", "string"/),
    });
    expect(await refusal(save({ type: "object", requried: ["amount"] }))).toMatchObject({ field: "schema", message: 'schema: unknown keyword: "requried".' });
    expect(await refusal(save({ $schema: "http://json-schema.org/draft-07/schema#", type: "object" }))).toMatchObject({
      field: "schema.$schema",
      message: expect.stringContaining("draft 2020-12"),
    });
    expect(await refusal(save({ type: "object", properties: { a: { $ref: "#/$defs/missing" } } }))).toMatchObject({
      field: "schema",
      message: expect.stringContaining('$ref "#/$defs/missing" names nothing in this schema'),
    });
    expect(await refusal(save({ type: "object", properties: { code: { type: "string", pattern: "(" } } }))).toMatchObject({
      field: "schema",
      message: expect.stringContaining("has a pattern that cannot be used: error parsing regexp"),
    });
    expect(await db.$count(eventTypes, eq(eventTypes.workspaceId, workspace.id))).toBe(0);

    const saved = await save({ $schema: "https://json-schema.org/draft/2020-12/schema", ...amountSchema, $defs: { id: { type: "string" } } });
    expect(saved.schema).toMatchObject({ required: ["invoiceId", "amount"] });
  });

  it("refuses an example the schema refuses, on create and when either of them changes", async () => {
    const { workspace } = await createOwnedWorkspace();
    expect(
      await refusal(
        createEventType(workspace.id, { name: "invoice.paid", description: "", schema: amountSchema, example: { invoiceId: "in_1", amount: "42" } }, system),
      ),
    ).toMatchObject({ field: "example.amount", message: "example.amount: must be integer (the example must match the schema)." });

    await createEventType(workspace.id, { name: "invoice.paid", description: "", schema: amountSchema, example: { invoiceId: "in_1", amount: 42 } }, system);
    // A new schema the stored example does not match, and a new example the stored schema refuses.
    const stricter = { ...amountSchema, required: [...amountSchema.required, "currency"] };
    expect(await refusal(updateEventType(workspace.id, "invoice.paid", { schema: stricter }, system))).toMatchObject({
      field: "example.currency",
      message: "example.currency: is required (the example must match the schema).",
    });
    expect(await refusal(updateEventType(workspace.id, "invoice.paid", { example: { invoiceId: "in_1", amount: 1, currency: "GBP" } }, system))).toMatchObject({
      field: "example.currency",
      message: 'example.currency: must be one of "EUR", "USD" (the example must match the schema).',
    });
    const [unchanged] = await db.select().from(eventTypes).where(eq(eventTypes.workspaceId, workspace.id));
    expect(unchanged).toMatchObject({ schema: amountSchema, example: { invoiceId: "in_1", amount: 42 } });

    // Both at once, agreeing, is fine; so is dropping the schema, which leaves any example valid.
    await updateEventType(workspace.id, "invoice.paid", { schema: stricter, example: { invoiceId: "in_1", amount: 1, currency: "EUR" } }, system);
    await updateEventType(workspace.id, "invoice.paid", { schema: null, example: { anything: true } }, system);
  });

  it("answers 422 problem+json with the path through the REST API", async () => {
    const { workspace } = await createOwnedWorkspace();
    const { key } = await createApiKey(workspace.id, { name: "catalog", scopes: [] }, system);
    const request = (method: string, path: string, body: unknown) =>
      new Request(`http://localhost/api/v1/event-types${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const params = (name?: string) => ({ params: Promise.resolve<Record<string, string>>(name ? { name } : {}) });

    const invalid = await createType(
      request("POST", "", { name: "invoice.paid", schema: { type: "object", properties: { amount: { minimum: "0" } } } }),
      params(),
    );
    expect(invalid.status).toBe(422);
    expect(invalid.headers.get("content-type")).toBe("application/problem+json");
    expect(await invalid.json()).toMatchObject({
      status: 422,
      detail: "schema.properties.amount.minimum: must be number.",
      errors: [{ field: "schema.properties.amount.minimum", message: "schema.properties.amount.minimum: must be number." }],
    });

    expect((await createType(request("POST", "", { name: "invoice.paid", schema: amountSchema }), params())).status).toBe(201);
    const mismatch = await patchType(request("PATCH", "/invoice.paid", { example: { invoiceId: 7, amount: 1 } }), params("invoice.paid"));
    expect(mismatch.status).toBe(422);
    expect(await mismatch.json()).toMatchObject({ errors: [{ field: "example.invoiceId", message: expect.stringContaining("must be string") }] });
  });

  it("shows the problem beside the schema field in the console", async () => {
    const { owner, workspace } = await createOwnedWorkspace();
    Object.assign(requester, { userId: owner.id, workspaceId: workspace.id });
    const schemaText = '{"type": "object", "properties": {"amount": {"type": "numbr"}}}';
    const result = await saveEventTypeAction(null, { name: "invoice.paid", description: "", schema: schemaText, example: "" });
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { "schema.properties.amount.type": [expect.stringContaining("must be one of")] },
      values: { schema: schemaText },
    });
    expect(await saveEventTypeAction(null, { name: "invoice.paid", description: "", schema: JSON.stringify(amountSchema), example: "" })).toEqual({
      ok: true,
      data: { name: "invoice.paid", created: true },
    });
  });
});

describe("the catalog", () => {
  it("is searched by name or description within the workspace, with no wildcard characters", async () => {
    const { workspace } = await createOwnedWorkspace();
    const other = await createOwnedWorkspace();
    await createEventType(workspace.id, { name: "invoice.paid", description: "An invoice was paid in full." }, system);
    await createEventType(workspace.id, { name: "invoice.voided", description: "Cancelled before payment (100% refunded)." }, system);
    await createEventType(workspace.id, { name: "customer.created", description: "A customer signed up." }, system);
    await createEventType(other.workspace.id, { name: "invoice.sent", description: "" }, system);
    const names = async (search: string, builtIns = false) =>
      (await listEventTypes(workspace.id, { limit: 50, search }, { builtIns })).data.map((type) => type.name).sort();

    expect(await names("INVOICE")).toEqual(["invoice.paid", "invoice.voided"]);
    expect(await names("paid")).toEqual(["invoice.paid"]);
    expect(await names("customer")).toEqual(["customer.created"]);
    expect(await names("100%")).toEqual(["invoice.voided"]);
    expect(await names("_")).toEqual([]);
    // Tern's own types are searched the same way.
    expect(await names("endpoint.disabled", true)).toEqual(["tern.endpoint.disabled"]);

    const key = await createApiKey(workspace.id, { name: "search", scopes: [] }, system);
    const listed = await listTypes(new Request("http://localhost/api/v1/event-types?search=invoice", { headers: { authorization: `Bearer ${key.key}` } }), {
      params: Promise.resolve({}),
    });
    expect((await listed.json()).data.map((type: { name: string }) => type.name).sort()).toEqual(["invoice.paid", "invoice.voided"]);
  });

  it("counts the endpoints whose filter names a type", async () => {
    const { workspace } = await createOwnedWorkspace();
    const endpoint = (eventTypesFilter: string[]) =>
      createEndpoint(workspace.id, createEndpointInput.parse({ url: "http://127.0.0.1:9/hook", eventTypes: eventTypesFilter }), system);
    await endpoint(["invoice.paid", "invoice.voided"]);
    await endpoint(["invoice.paid"]);
    await endpoint(["invoice.*"]);
    const counts = await endpointsNaming(workspace.id, ["invoice.paid", "invoice.voided", "customer.created"]);
    expect(Object.fromEntries(counts)).toEqual({ "invoice.paid": 2, "invoice.voided": 1 });
  });
});
