// What the strict mode switch names before it is turned on: recent events of types outside the catalog.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { events } from "@/db/schema";
import { createEventType } from "@/lib/event-types/event-types";
import { uncataloguedEventsSince } from "@/lib/event-types/uncatalogued-events";
import { publishEvent } from "@/lib/events/publish";
import { newId } from "@/lib/ids";
import { createOwnedWorkspace } from "@/test/fixtures";

const system = { type: "system", id: null } as const;

describe("uncatalogued events", () => {
  it("counts recent events of types outside the catalog, per type, Tern's own and other workspaces' aside", async () => {
    const { workspace } = await createOwnedWorkspace();
    const other = await createOwnedWorkspace();
    await createEventType(workspace.id, { name: "invoice.paid", description: "" }, system);
    const since = new Date(Date.now() - 24 * 3600 * 1000);
    expect(await uncataloguedEventsSince(workspace.id, since)).toEqual({ events: 0, capped: false, types: [] });

    for (const type of ["invoice.paid", "order.shipped", "order.shipped", "order.shipped", "cart.updated"])
      await publishEvent(workspace.id, { type, data: {} });
    await publishEvent(workspace.id, { type: "tern.endpoint.created", data: {} }, { operational: true });
    await publishEvent(other.workspace.id, { type: "order.shipped", data: {} });
    // Published two days ago: outside the window.
    await db
      .insert(events)
      .values({ id: newId("evt"), workspaceId: workspace.id, type: "old.news", data: {}, createdAt: new Date(Date.now() - 48 * 3600 * 1000) });

    expect(await uncataloguedEventsSince(workspace.id, since)).toEqual({
      events: 4,
      capped: false,
      types: [
        { type: "order.shipped", events: 3, capped: false },
        { type: "cart.updated", events: 1, capped: false },
      ],
    });
  });

  it("counts each type's events up to 10,000, and says when it stopped there", async () => {
    const { workspace } = await createOwnedWorkspace();
    await db.execute(sql`insert into events (id, workspace_id, type, data)
      select 'evt_capped' || lpad(n::text, 21, '0'), ${workspace.id}, 'bulk.type', '{}'::jsonb from generate_series(1, 10005) n`);
    await publishEvent(workspace.id, { type: "rare.type", data: {} });
    expect(await uncataloguedEventsSince(workspace.id, new Date(Date.now() - 3600 * 1000))).toEqual({
      events: 10_001,
      capped: true,
      types: [
        { type: "bulk.type", events: 10_000, capped: true },
        { type: "rare.type", events: 1, capped: false },
      ],
    });
  });
});
