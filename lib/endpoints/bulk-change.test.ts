// Enabling, disabling and deleting several endpoints at once, against the real database and the
// embedded executor: only the workspace's own endpoints change, each change is audited, and Tern
// announces each one as it does a change made on one endpoint's page.
import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { auditLog, endpoints } from "@/db/schema";
import type { Actor } from "@/lib/auth/roles";
import { changeEndpoints, createEndpoint, updateEndpoint } from "@/lib/endpoints/endpoints";
import { createEndpointInput } from "@/lib/endpoints/schemas";
import { eventually } from "@/test/eventually";
import { createOwnedWorkspace } from "@/test/fixtures";
import { engineAndReceiverForFile } from "@/test/tern-engine";

process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";

const engine = engineAndReceiverForFile();

let paths = 0;
async function endpointIn(workspaceId: string, fields: Record<string, unknown> = {}) {
  const input = createEndpointInput.parse({ url: engine.receiver.url(`/bulk/${++paths}`), eventTypes: ["order.created"], ...fields });
  return createEndpoint(workspaceId, input, { type: "system", id: null });
}

async function workspaceWithOwner() {
  const { owner, workspace } = await createOwnedWorkspace();
  return { workspaceId: workspace.id, actor: { type: "user", id: owner.id } satisfies Actor };
}

const rowsOf = (ids: string[]) => db.select().from(endpoints).where(inArray(endpoints.id, ids));
const auditOf = (workspaceId: string, action: string) =>
  db
    .select({ targetId: auditLog.targetId, actorId: auditLog.actorId, details: auditLog.details })
    .from(auditLog)
    .where(and(eq(auditLog.workspaceId, workspaceId), eq(auditLog.action, action)))
    .orderBy(auditLog.targetId);
const byId = <T extends { targetId: string }>(rows: T[]) => rows.map((row) => row.targetId).sort();

describe("changeEndpoints", () => {
  it("disables only the workspace's own endpoints among those named, auditing each", async () => {
    const a = await workspaceWithOwner();
    const b = await workspaceWithOwner();
    const a1 = await endpointIn(a.workspaceId, { name: "Orders" });
    const a2 = await endpointIn(a.workspaceId);
    const a3 = await endpointIn(a.workspaceId);
    const b1 = await endpointIn(b.workspaceId);

    const result = await changeEndpoints(a.workspaceId, { operation: "disable", endpointIds: [a1.id, a2.id, b1.id] }, a.actor);

    expect(result).toMatchObject({ operation: "disable", unchanged: 1 });
    expect(result.changed.map((endpoint) => endpoint.id).sort()).toEqual([a1.id, a2.id].sort());
    expect(result.changed.find((endpoint) => endpoint.id === a1.id)).toEqual({ id: a1.id, name: "Orders", url: a1.url });
    const states = new Map((await rowsOf([a1.id, a2.id, a3.id, b1.id])).map((row) => [row.id, [row.enabled, row.disabledReason]]));
    expect(states).toEqual(
      new Map([
        [a1.id, [false, "Disabled by an operator."]],
        [a2.id, [false, "Disabled by an operator."]],
        [a3.id, [true, null]],
        [b1.id, [true, null]],
      ]),
    );
    const audited = await auditOf(a.workspaceId, "endpoint.updated");
    expect(byId(audited)).toEqual([a1.id, a2.id].sort());
    expect(audited.every((row) => row.actorId === a.actor.id && JSON.stringify(row.details) === JSON.stringify({ fields: ["enabled"] }))).toBe(true);
    expect(await auditOf(b.workspaceId, "endpoint.updated")).toEqual([]);
  });

  it("leaves an endpoint already in that state alone, and does not audit it", async () => {
    const { workspaceId, actor } = await workspaceWithOwner();
    const enabled = await endpointIn(workspaceId);

    expect(await changeEndpoints(workspaceId, { operation: "enable", endpointIds: [enabled.id, enabled.id] }, actor)).toEqual({
      operation: "enable",
      changed: [],
      unchanged: 1,
    });
    expect(await auditOf(workspaceId, "endpoint.updated")).toEqual([]);
  });

  it("enables disabled endpoints, clearing why they were disabled and their failure streak", async () => {
    const { workspaceId, actor } = await workspaceWithOwner();
    const endpoint = await endpointIn(workspaceId);
    await updateEndpoint(workspaceId, endpoint.id, { enabled: false }, actor);
    await db.update(endpoints).set({ failedAttemptsSinceSuccess: 7, failingSince: new Date() }).where(eq(endpoints.id, endpoint.id));

    const result = await changeEndpoints(workspaceId, { operation: "enable", endpointIds: [endpoint.id] }, actor);

    expect(result.changed.map((changed) => changed.id)).toEqual([endpoint.id]);
    const [row] = await rowsOf([endpoint.id]);
    expect(row).toMatchObject({ enabled: true, disabledReason: null, disabledAt: null, failingSince: null, failedAttemptsSinceSuccess: 0 });
  });

  it("deletes the workspace's endpoints named and nothing of another workspace, auditing each with its URL", async () => {
    const a = await workspaceWithOwner();
    const b = await workspaceWithOwner();
    const a1 = await endpointIn(a.workspaceId);
    const a2 = await endpointIn(a.workspaceId);
    const b1 = await endpointIn(b.workspaceId);

    const result = await changeEndpoints(a.workspaceId, { operation: "delete", endpointIds: [a1.id, a2.id, b1.id] }, a.actor);

    expect(result.unchanged).toBe(1);
    expect((await rowsOf([a1.id, a2.id, b1.id])).map((row) => row.id)).toEqual([b1.id]);
    const audited = await auditOf(a.workspaceId, "endpoint.deleted");
    expect(audited).toEqual(
      expect.arrayContaining([
        { targetId: a1.id, actorId: a.actor.id, details: { url: a1.url } },
        { targetId: a2.id, actorId: a.actor.id, details: { url: a2.url } },
      ]),
    );
    expect(audited).toHaveLength(2);
    expect(await auditOf(b.workspaceId, "endpoint.deleted")).toEqual([]);
  });

  it("announces each change to the workspace's own endpoints that subscribe to tern.endpoint.*, as a change on one endpoint's page does", async () => {
    const { workspaceId, actor } = await workspaceWithOwner();
    const ops = await createEndpoint(workspaceId, createEndpointInput.parse({ url: engine.receiver.url("/bulk/ops"), eventTypes: ["tern.endpoint.*"] }), actor);
    const one = await endpointIn(workspaceId);
    const two = await endpointIn(workspaceId);
    const announced = (type: string) =>
      engine.receiver.received
        .filter((request) => request.path === "/bulk/ops" && request.body)
        .map((request) => JSON.parse(request.body) as { type: string; data: { endpointId: string; workspaceId?: string } })
        .filter((webhook) => webhook.type === type && webhook.data.endpointId !== ops.id)
        .map((webhook) => webhook.data.endpointId)
        .sort();

    await changeEndpoints(workspaceId, { operation: "disable", endpointIds: [one.id, two.id] }, actor);
    await eventually(() => announced("tern.endpoint.disabled").length === 2, "both endpoints announced as disabled");
    await changeEndpoints(workspaceId, { operation: "delete", endpointIds: [one.id, two.id] }, actor);
    await eventually(() => announced("tern.endpoint.deleted").length === 2, "both endpoints announced as deleted");

    expect(announced("tern.endpoint.disabled")).toEqual([one.id, two.id].sort());
    expect(announced("tern.endpoint.deleted")).toEqual([one.id, two.id].sort());
  });
});
