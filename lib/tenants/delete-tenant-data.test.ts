// Deleting a deleted tenant's data batch by batch: exactly its rows, in batches of the size asked
// for, pass after pass until nothing is left, and never a live tenant's or another workspace's.
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { tenants } from "@/db/schema";
import { createEndpoint } from "@/lib/endpoints/endpoints";
import { createEndpointInput } from "@/lib/endpoints/schemas";
import { newId } from "@/lib/ids";
import { deleteTenantData, deleteTenantDataBatch, type RunStep } from "@/lib/tenants/delete-tenant-data";
import { createTenant } from "@/lib/tenants/tenants";
import { createOwnedWorkspace } from "@/test/fixtures";
import { rowCounts } from "@/test/tenant-rows";

process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";

const system = { type: "system", id: null } as const;

async function endpoint(workspaceId: string, tenant?: string) {
  return createEndpoint(workspaceId, createEndpointInput.parse({ url: "http://127.0.0.1:9/hook", eventTypes: ["*"], tenant }), system);
}

/** `count` events of the tenant, each delivered to every endpoint with `attemptsEach` attempts, written as the engine would. */
async function history(workspaceId: string, tenantId: string | null, endpointIds: string[], count: number, attemptsEach: number) {
  for (let i = 0; i < count; i++) {
    const eventId = newId("evt");
    await db.execute(sql`insert into events (id, workspace_id, tenant_id, type, data) values (${eventId}, ${workspaceId}, ${tenantId}, 'a.b', '{}')`);
    for (const endpointId of endpointIds) {
      const deliveryId = newId("dlv");
      await db.execute(sql`
        insert into deliveries (id, workspace_id, tenant_id, event_id, endpoint_id, event_type, status, attempt_count)
        values (${deliveryId}, ${workspaceId}, ${tenantId}, ${eventId}, ${endpointId}, 'a.b', 'succeeded', ${attemptsEach})`);
      await db.execute(sql`
        insert into attempts (id, workspace_id, delivery_id, endpoint_id, event_id, number, trigger, request_headers, response_status, duration_ms)
        select ${deliveryId} || '_' || n, ${workspaceId}, ${deliveryId}, ${endpointId}, ${eventId}, n, 'scheduled', '{}'::jsonb, 200, 3
        from generate_series(1, ${attemptsEach}) as n`);
    }
  }
}

/** A workspace with tenant A (to delete) and B, the workspace's own endpoint, and another workspace whose tenant has A's key. */
async function scene() {
  const { workspace } = await createOwnedWorkspace();
  const other = (await createOwnedWorkspace()).workspace;
  const a = await createTenant(workspace.id, { key: "cus_a", metadata: {} }, system);
  const b = await createTenant(workspace.id, { key: "cus_b", metadata: {} }, system);
  const twin = await createTenant(other.id, { key: "cus_a", metadata: {} }, system);
  const aEndpoints = [(await endpoint(workspace.id, "cus_a")).id, (await endpoint(workspace.id, "cus_a")).id];
  const bEndpoints = [(await endpoint(workspace.id, "cus_b")).id];
  const ownEndpoints = [(await endpoint(workspace.id)).id];
  const twinEndpoints = [(await endpoint(other.id, "cus_a")).id];
  await history(workspace.id, a.id, aEndpoints, 7, 2);
  // A test send: an attempt with no delivery, reachable only through the endpoint.
  await db.execute(sql`
    insert into attempts (id, workspace_id, endpoint_id, event_id, number, trigger, request_headers, duration_ms)
    values (${newId("att")}, ${workspace.id}, ${aEndpoints[0]!}, ${newId("evt")}, 1, 'test', '{}'::jsonb, 5)`);
  await history(workspace.id, b.id, bEndpoints, 3, 1);
  await history(workspace.id, null, ownEndpoints, 3, 1);
  await history(other.id, twin.id, twinEndpoints, 3, 1);
  const others = async () => ({
    b: await rowCounts(workspace.id, b.id, bEndpoints),
    own: await rowCounts(workspace.id, null, ownEndpoints),
    twin: await rowCounts(other.id, twin.id, twinEndpoints),
  });
  return { workspace, other, a, b, aEndpoints, othersBefore: await others(), others };
}

/** The tenant as deleteTenant leaves it, without starting the engine's run (the engine is not running here). */
async function markDeleted(tenantId: string) {
  await db.update(tenants).set({ deletedAt: new Date() }).where(eq(tenants.id, tenantId));
}

/** Runs each step as a plain call and remembers what it returned. */
function recorder(before?: (id: string) => Promise<void>) {
  const steps: { id: string; result: unknown }[] = [];
  const run: RunStep = async (id, work) => {
    await before?.(id);
    const result = await work();
    steps.push({ id, result });
    return result;
  };
  return { run, steps };
}

const nothingLeft = { endpoints: 0, events: 0, deliveries: 0, attempts: 0, rolledUpDeliveries: 0, rolledUpAttempts: 0 };

describe("deleting a deleted tenant's data", () => {
  it("deletes its rows in batches of the size asked for, then its row, and nothing of anyone else", async () => {
    const { workspace, a, aEndpoints, othersBefore, others } = await scene();
    expect(await rowCounts(workspace.id, a.id, aEndpoints)).toEqual({
      endpoints: 2,
      events: 7,
      deliveries: 14,
      attempts: 29,
      rolledUpDeliveries: 14,
      rolledUpAttempts: 29,
    });
    await markDeleted(a.id);

    const { run, steps } = recorder();
    expect(await deleteTenantData(a.id, workspace.id, { run, limit: 5 })).toEqual({ state: "finished", deleted: 29 + 14 + 7 + 2 });

    const batches = (table: string, pass: number) => steps.filter((step) => step.id.startsWith(`delete ${table} pass ${pass} `)).map((step) => step.result);
    expect(batches("attempts", 1)).toEqual([5, 5, 5, 5, 5, 4]);
    expect(batches("deliveries", 1)).toEqual([5, 5, 4]);
    expect(batches("events", 1)).toEqual([5, 2]);
    expect(batches("endpoints", 1)).toEqual([2]);
    // A second pass finds nothing, so the tenant row goes.
    for (const table of ["attempts", "deliveries", "events", "endpoints"]) expect(batches(table, 2)).toEqual([0]);
    expect(steps.map((step) => step.id)).toContain("delete tenant");
    expect(steps.at(-1)).toEqual({ id: "delete tenant", result: true });

    expect(await rowCounts(workspace.id, a.id, aEndpoints)).toEqual(nothingLeft);
    expect(await db.execute(sql`select 1 from tenants where id = ${a.id}`)).toHaveLength(0);
    expect(await others()).toEqual(othersBefore);
  });

  it("refuses a tenant that is not deleted, and deletes nothing of a tenant named with another workspace", async () => {
    const { workspace, other, a, b, aEndpoints, othersBefore, others } = await scene();
    await expect(deleteTenantDataBatch(b.id, workspace.id, "deliveries")).rejects.toMatchObject({ code: "conflict" });
    expect(await deleteTenantData(b.id, workspace.id, recorder())).toEqual({ state: "refused" });

    await markDeleted(a.id);
    // A's id with the other workspace: as far as that workspace knows, there is no such tenant.
    expect(await deleteTenantData(a.id, other.id, recorder())).toEqual({ state: "finished", deleted: 0 });
    expect(await deleteTenantDataBatch(a.id, other.id, "events")).toBe(0);
    expect((await rowCounts(workspace.id, a.id, aEndpoints)).deliveries).toBe(14);
    expect(await others()).toEqual(othersBefore);
  });

  it("catches rows created for the tenant during the deletion, like a publish or fan-out that looked the tenant up just before", async () => {
    const { workspace, a, aEndpoints, othersBefore, others } = await scene();
    await markDeleted(a.id);
    const late = new Set<string>();
    const { run, steps } = recorder(async (id) => {
      if (late.has(id)) return;
      late.add(id);
      // After the attempts and deliveries passes: an event with its delivery and attempt, which go with the event.
      if (id === "delete events pass 1 batch 1") await history(workspace.id, a.id, [aEndpoints[1]!], 1, 1);
      // After the events pass: an event the next pass has to find.
      if (id === "delete endpoints pass 1 batch 1") await history(workspace.id, a.id, [], 1, 0);
    });
    expect(await deleteTenantData(a.id, workspace.id, { run, limit: 100 })).toEqual({ state: "finished", deleted: 29 + 14 + 7 + 2 + 2 });
    const pass = (n: number) => steps.filter((step) => step.id.includes(` pass ${n} `)).map((step) => [step.id.split(" ")[1], step.result]);
    expect(pass(1)).toEqual([
      ["attempts", 29],
      ["deliveries", 14],
      ["events", 8],
      ["endpoints", 2],
    ]);
    expect(pass(2)).toEqual([
      ["attempts", 0],
      ["deliveries", 0],
      ["events", 1],
      ["endpoints", 0],
    ]);
    expect(pass(3).map(([, result]) => result)).toEqual([0, 0, 0, 0]);
    expect(await rowCounts(workspace.id, a.id, aEndpoints)).toEqual(nothingLeft);
    expect(await others()).toEqual(othersBefore);
  });

  it("stops after the batches a run may take and carries on in the next; once finished, running again deletes nothing", async () => {
    const { workspace, a, aEndpoints, othersBefore, others } = await scene();
    await markDeleted(a.id);
    const runs = [];
    for (let i = 0; i < 20; i++) {
      const deletion = await deleteTenantData(a.id, workspace.id, { ...recorder(), limit: 5, maxBatches: 3 });
      runs.push(deletion);
      if (deletion.state === "finished") break;
    }
    expect(runs.at(-1)!.state).toBe("finished");
    expect(runs.slice(0, -1).every((deletion) => deletion.state === "unfinished")).toBe(true);
    expect(runs.reduce((sum, deletion) => sum + ("deleted" in deletion ? deletion.deleted : 0), 0)).toBe(29 + 14 + 7 + 2);
    expect(await rowCounts(workspace.id, a.id, aEndpoints)).toEqual(nothingLeft);
    expect(await deleteTenantData(a.id, workspace.id, recorder())).toEqual({ state: "finished", deleted: 0 });
    expect(await others()).toEqual(othersBefore);
  });
});
