// Strict mode validates published events against their type's schema: a refusal names the
// failing path and stores nothing, and a schema or setting changed anywhere applies at once.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { POST as publish } from "@/app/api/v1/events/route";
import { db } from "@/db";
import { events, eventTypes, workspaces } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { createEventType, updateEventType } from "@/lib/event-types/event-types";
import { publishEvent } from "@/lib/events/publish";
import { createOwnedWorkspace } from "@/test/fixtures";

const system = { type: "system", id: null } as const;

const invoiceSchema = {
  type: "object",
  required: ["invoiceId", "amount"],
  properties: {
    invoiceId: { type: "string" },
    amount: { type: "number" },
    lines: { type: "array", items: { type: "object", properties: { sku: { type: "string" } } } },
  },
};

async function strictWorkspace() {
  const { workspace } = await createOwnedWorkspace();
  await db.update(workspaces).set({ strictEventTypes: true }).where(eq(workspaces.id, workspace.id));
  await createEventType(workspace.id, { name: "invoice.paid", description: "", schema: invoiceSchema }, system);
  return workspace.id;
}

const stored = (workspaceId: string) => db.$count(events, eq(events.workspaceId, workspaceId));

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeDefined();
  return error as { code: string; field: string; message: string };
}

describe("strict mode", () => {
  it("refuses data that does not match the type's schema, naming the failing path, and stores nothing", async () => {
    const workspaceId = await strictWorkspace();
    const publishData = (data: Record<string, unknown>) => publishEvent(workspaceId, { type: "invoice.paid", data });

    expect(await refusal(publishData({ invoiceId: "in_1", amount: "12.50" }))).toMatchObject({
      code: "invalid",
      field: "data.amount",
      message: 'data.amount: must be number (strict mode checks data against the schema of "invoice.paid").',
    });
    expect(await refusal(publishData({ invoiceId: "in_1" }))).toMatchObject({
      field: "data.amount",
      message: expect.stringMatching(/^data\.amount: is required/),
    });
    expect(await refusal(publishData({ invoiceId: "in_1", amount: 1, lines: [{ sku: "a" }, { sku: 2 }] }))).toMatchObject({
      field: "data.lines[1].sku",
      message: expect.stringMatching(/^data\.lines\[1\]\.sku: must be string/),
    });
    expect(await stored(workspaceId)).toBe(0);

    const { event, created } = await publishData({ invoiceId: "in_1", amount: 12.5, lines: [{ sku: "a" }] });
    expect(created).toBe(true);
    expect(event.data).toEqual({ invoiceId: "in_1", amount: 12.5, lines: [{ sku: "a" }] });
    expect(await stored(workspaceId)).toBe(1);
  });

  it("checks schemas only in strict mode, and takes any data for a type without a schema", async () => {
    const { workspace } = await createOwnedWorkspace();
    await createEventType(workspace.id, { name: "invoice.paid", description: "", schema: invoiceSchema }, system);
    await createEventType(workspace.id, { name: "note.added", description: "" }, system);
    await publishEvent(workspace.id, { type: "invoice.paid", data: { amount: "not checked" } });
    await db.update(workspaces).set({ strictEventTypes: true }).where(eq(workspaces.id, workspace.id));
    await publishEvent(workspace.id, { type: "note.added", data: { anything: ["at", "all"] } });
    expect(await stored(workspace.id)).toBe(2);
  });

  it("answers 422 problem+json through POST /api/v1/events, and 202 for data that matches", async () => {
    const workspaceId = await strictWorkspace();
    const { key } = await createApiKey(workspaceId, { name: "strict", scopes: [] }, system);
    const post = (body: unknown) =>
      publish(
        new Request("http://localhost/api/v1/events", {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body: JSON.stringify(body),
        }),
        { params: Promise.resolve({}) },
      );

    const refused = await post({ type: "invoice.paid", data: { invoiceId: "in_1", amount: "12" } });
    expect(refused.status).toBe(422);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect(await refused.json()).toMatchObject({
      status: 422,
      detail: expect.stringMatching(/^data\.amount: must be number/),
      errors: [{ field: "data.amount", message: expect.stringMatching(/^data\.amount: must be number/) }],
    });
    expect(await stored(workspaceId)).toBe(0);

    const accepted = await post({ type: "invoice.paid", data: { invoiceId: "in_1", amount: 12 } });
    expect(accepted.status).toBe(202);
    expect(await stored(workspaceId)).toBe(1);
  });

  it("applies a schema update at once, whether made here or by another process", async () => {
    const workspaceId = await strictWorkspace();
    const cents = { invoiceId: "in_1", amount: 1250 };
    const text = { invoiceId: "in_1", amount: "12.50" };
    // Publishing validates with the schema this process compiled and remembers.
    await publishEvent(workspaceId, { type: "invoice.paid", data: cents });

    await updateEventType(
      workspaceId,
      "invoice.paid",
      { schema: { ...invoiceSchema, properties: { ...invoiceSchema.properties, amount: { type: "string" } } } },
      system,
    );
    expect(await refusal(publishEvent(workspaceId, { type: "invoice.paid", data: cents }))).toMatchObject({ field: "data.amount" });
    await publishEvent(workspaceId, { type: "invoice.paid", data: text });

    // Another process's change is a row this process never saw being written.
    await db.update(eventTypes).set({ schema: invoiceSchema }).where(eq(eventTypes.workspaceId, workspaceId));
    expect(await refusal(publishEvent(workspaceId, { type: "invoice.paid", data: text }))).toMatchObject({ field: "data.amount" });
    await publishEvent(workspaceId, { type: "invoice.paid", data: cents });

    // Strict mode switched off, then the type deleted with strict mode on again, elsewhere.
    await db.update(workspaces).set({ strictEventTypes: false }).where(eq(workspaces.id, workspaceId));
    await publishEvent(workspaceId, { type: "invoice.paid", data: text });
    await db.update(workspaces).set({ strictEventTypes: true }).where(eq(workspaces.id, workspaceId));
    await db.delete(eventTypes).where(eq(eventTypes.workspaceId, workspaceId));
    expect(await refusal(publishEvent(workspaceId, { type: "invoice.paid", data: cents }))).toMatchObject({
      field: "type",
      message: expect.stringContaining("not in this workspace's event type catalog"),
    });
    expect(await stored(workspaceId)).toBe(4);
  });

  it("refuses events of a type whose stored schema is not valid JSON Schema, saying where to correct it", async () => {
    const workspaceId = await strictWorkspace();
    // Written around the catalog's checks, as a schema saved before they existed could be.
    await db
      .update(eventTypes)
      .set({ schema: { type: "object", properties: { amount: { type: "numbr" } } } })
      .where(eq(eventTypes.workspaceId, workspaceId));
    expect(await refusal(publishEvent(workspaceId, { type: "invoice.paid", data: { amount: 1 } }))).toMatchObject({
      field: "type",
      message: expect.stringContaining('The schema of "invoice.paid" is not a valid JSON Schema (schema.properties.amount.type: must be one of'),
    });
    expect(await stored(workspaceId)).toBe(0);
  });
});
