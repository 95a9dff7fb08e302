// What the strict mode switch names before it is turned on: recent events of types outside the catalog.
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
    expect(await uncataloguedEventsSince(workspace.id, since)).toEqual({ events: 0, types: [] });

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
      types: [
        { type: "order.shipped", events: 3 },
        { type: "cart.updated", events: 1 },
      ],
    });
  });
});
