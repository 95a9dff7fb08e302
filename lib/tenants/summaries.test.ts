// The Tenants list's per-tenant figures against the real database and its rollup triggers: rows
// are written directly, so each count is known, and rows of other tenants, of the workspace's own
// endpoints and of another workspace sit beside them.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { type Delivery, deliveries, events } from "@/db/schema";
import { createEndpoint } from "@/lib/endpoints/endpoints";
import { createEndpointInput } from "@/lib/endpoints/schemas";
import { newId } from "@/lib/ids";
import { tenantSummaries, tenantSummariesStatement } from "@/lib/tenants/summaries";
import { createTenant } from "@/lib/tenants/tenants";
import { createOwnedWorkspace } from "@/test/fixtures";

const system = { type: "system", id: null } as const;
const DAY_MS = 86_400_000;

async function endpointFor(workspaceId: string, tenant?: string) {
  return createEndpoint(workspaceId, createEndpointInput.parse({ url: `https://93.184.215.14/${newId("msg")}`, eventTypes: ["*"], tenant }), system);
}

/** For each status, an event of the endpoint's tenant and its delivery to the endpoint, made at `createdAt`. */
async function deliver(workspaceId: string, endpoint: { id: string; tenantId: string | null }, statuses: Delivery["status"][], createdAt = new Date()) {
  for (const status of statuses) {
    const eventId = newId("evt");
    await db.insert(events).values({ id: eventId, workspaceId, tenantId: endpoint.tenantId, type: "invoice.paid", data: {}, createdAt });
    await db
      .insert(deliveries)
      .values({ id: newId("dlv"), workspaceId, eventId, endpointId: endpoint.id, tenantId: endpoint.tenantId, eventType: "invoice.paid", status, createdAt });
  }
}

const zeros = { endpoints: 0, succeeded24h: 0, failed24h: 0, successRate24h: null, lastEventAt: null };

describe("tenantSummaries", () => {
  it("counts endpoints, the last 24 hours' outcomes and the last event of the page's tenants only", async () => {
    const { workspace } = await createOwnedWorkspace();
    const other = await createOwnedWorkspace();
    const busy = await createTenant(workspace.id, { key: "busy", metadata: {} }, system);
    const quiet = await createTenant(workspace.id, { key: "quiet", metadata: {} }, system);
    const offPage = await createTenant(workspace.id, { key: "off-page", metadata: {} }, system);
    const foreign = await createTenant(other.workspace.id, { key: "busy", metadata: {} }, system);

    const busyFirst = await endpointFor(workspace.id, busy.id);
    const busySecond = await endpointFor(workspace.id, busy.id);
    await endpointFor(workspace.id, quiet.id);
    const offPageEndpoint = await endpointFor(workspace.id, offPage.id);
    const own = await endpointFor(workspace.id);
    const foreignEndpoint = await endpointFor(other.workspace.id, foreign.id);

    const twoDaysAgo = new Date(Date.now() - 2 * DAY_MS);
    await deliver(workspace.id, busyFirst, ["failed", "failed"], twoDaysAgo);
    await deliver(workspace.id, busyFirst, ["succeeded", "succeeded", "succeeded", "failed"]);
    await deliver(workspace.id, busySecond, ["succeeded", "pending", "skipped"]);
    await deliver(workspace.id, offPageEndpoint, ["failed"]);
    await deliver(workspace.id, own, ["failed", "failed"]);
    await deliver(other.workspace.id, foreignEndpoint, ["failed", "succeeded"]);
    const quietEventAt = new Date(Date.now() - 3 * DAY_MS);
    await db.insert(events).values({ id: newId("evt"), workspaceId: workspace.id, tenantId: quiet.id, type: "a.b", data: {}, createdAt: quietEventAt });
    const [busyNewest] = await db.execute<{ at: string }>(sql`select max(${events.createdAt}) as at from ${events} where ${events.tenantId} = ${busy.id}`);

    const summaries = await tenantSummaries(workspace.id, [busy.id, quiet.id, foreign.id]);
    expect(summaries.get(busy.id)).toEqual({ endpoints: 2, succeeded24h: 4, failed24h: 1, successRate24h: 0.8, lastEventAt: new Date(busyNewest!.at) });
    expect(summaries.get(quiet.id)).toEqual({ ...zeros, endpoints: 1, lastEventAt: quietEventAt });
    // Another workspace's tenant named in this workspace's page: nothing of it is read.
    expect(summaries.get(foreign.id)).toEqual(zeros);
    expect(summaries.has(offPage.id)).toBe(false);

    expect((await tenantSummaries(other.workspace.id, [foreign.id])).get(foreign.id)).toMatchObject({
      endpoints: 1,
      succeeded24h: 1,
      failed24h: 1,
      successRate24h: 0.5,
    });
  });

  it("answers an empty page with an empty map, and a tenant without endpoints or events with zeros", async () => {
    const { workspace } = await createOwnedWorkspace();
    expect(await tenantSummaries(workspace.id, [])).toEqual(new Map());
    const bare = await createTenant(workspace.id, { key: "bare", metadata: {} }, system);
    expect((await tenantSummaries(workspace.id, [bare.id])).get(bare.id)).toEqual(zeros);
  });

  it("reads endpoints, rollups and events through their indexes, never a whole table", async () => {
    const { workspace } = await createOwnedWorkspace();
    const tenant = await createTenant(workspace.id, { key: "planned", metadata: {} }, system);
    await deliver(workspace.id, await endpointFor(workspace.id, tenant.id), ["succeeded"]);
    // These tables are tiny, so a sequential scan would be the cheapest plan: forbid it, and
    // one that remains is a part no index can serve.
    const plan = await db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const rows = await tx.execute<{ "QUERY PLAN": string }>(sql`explain ${tenantSummariesStatement(workspace.id, [tenant.id], new Date())}`);
      return rows.map((row) => row["QUERY PLAN"]).join("\n");
    });
    expect(plan).not.toMatch(/Seq Scan/);
    expect(plan).toMatch(/endpoints_tenant_idx/);
    expect(plan).toMatch(/Index Cond: .*endpoint_id = endpoints.id/);
    expect(plan).toMatch(/events_tenant_created_idx/);
  });
});
