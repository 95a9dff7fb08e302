// The event list's type patterns and paging both ways, within one workspace and, when asked, one tenant.
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { events } from "@/db/schema";
import { listEvents, previousEventsCursor } from "@/lib/events/queries";
import { eventListQuery } from "@/lib/events/schemas";
import { newId } from "@/lib/ids";
import { createTenant } from "@/lib/tenants/tenants";
import { createOwnedWorkspace } from "@/test/fixtures";

const system = { type: "system", id: null } as const;

/** A workspace with a tenant and these events, a second apart, the first oldest; `tenant` ones are the tenant's. */
async function eventsOf(seeds: { type: string; tenant?: boolean }[]) {
  const { workspace } = await createOwnedWorkspace();
  const tenant = await createTenant(workspace.id, { key: "cus_acme", metadata: {} }, system);
  const start = Date.now() - 3_600_000;
  await db.insert(events).values(
    seeds.map((seed, i) => ({
      id: newId("evt"),
      workspaceId: workspace.id,
      tenantId: seed.tenant ? tenant.id : null,
      type: seed.type,
      data: {},
      createdAt: new Date(start + i * 1000),
    })),
  );
  return { workspaceId: workspace.id, tenant };
}

const typesOf = async (workspaceId: string, query: Record<string, string>) =>
  (await listEvents(workspaceId, eventListQuery.parse({ limit: "100", ...query }))).data.map((event) => event.type);

describe("listEvents", () => {
  it("reads invoice.* as every type under invoice., * as all, and a name as itself", async () => {
    const { workspaceId, tenant } = await eventsOf([
      { type: "invoice" },
      { type: "invoice.paid" },
      { type: "invoice.line.added", tenant: true },
      { type: "invoices.paid" },
      { type: "customer.created" },
    ]);
    await eventsOf([{ type: "invoice.paid" }]);
    expect(await typesOf(workspaceId, { type: "invoice.*" })).toEqual(["invoice.line.added", "invoice.paid"]);
    expect(await typesOf(workspaceId, { type: "invoice.*", tenant: tenant.key })).toEqual(["invoice.line.added"]);
    expect(await typesOf(workspaceId, { type: "invoice" })).toEqual(["invoice"]);
    expect(await typesOf(workspaceId, { type: "*" })).toHaveLength(5);
  });

  it("refuses a pattern that is neither a type, prefix.* nor *", () => {
    for (const type of ["invoice*", "*.paid", "invoice.**", "in voice.*", ".*"]) {
      expect(eventListQuery.safeParse({ type }).success, type).toBe(false);
    }
    for (const type of ["invoice.*", "invoice.line.*", "*", "invoice.paid"]) {
      expect(eventListQuery.safeParse({ type }).success, type).toBe(true);
    }
  });
});

describe("previousEventsCursor", () => {
  it("leads from every page back to the one before it, with the type pattern kept", async () => {
    const { workspaceId } = await eventsOf(Array.from({ length: 10 }, (_, i) => ({ type: i % 4 === 0 ? "customer.created" : `invoice.n${i}` })));
    const query = eventListQuery.parse({ type: "invoice.*", limit: "2" });
    const cursors: (string | undefined)[] = [undefined];
    const seen: string[] = [];
    for (;;) {
      const page = await listEvents(workspaceId, { ...query, cursor: cursors.at(-1) });
      seen.push(...page.data.map((event) => event.type));
      if (!page.nextCursor) break;
      cursors.push(page.nextCursor);
    }
    expect(seen).toEqual(["invoice.n9", "invoice.n7", "invoice.n6", "invoice.n5", "invoice.n3", "invoice.n2", "invoice.n1"]);
    for (let page = 1; page < cursors.length; page++) {
      expect(await previousEventsCursor(workspaceId, { ...query, cursor: cursors[page]! })).toBe(cursors[page - 1] ?? null);
    }
  });
});
