// The alerts inbox's buttons: only the session is faked (who is asking); roles, the workspace
// boundary and the writes run against the real database, with the embedded engine to take the
// alert.changed events.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { type Alert, alerts, auditLog } from "@/db/schema";
import { countUnresolvedAlerts } from "@/lib/alerts/unresolved-counts";
import type { RequestActor } from "@/lib/auth/session";
import type { Executor } from "@/lib/engine/executor";
import { newId } from "@/lib/ids";
import { addTestMember, createOwnedWorkspace } from "@/test/fixtures";
import { startTernExecutor } from "@/test/tern-engine";

const requester: RequestActor = { userId: undefined, workspaceId: undefined };
vi.mock("@/lib/auth/session", () => ({ resolveRequestActor: async () => ({ ...requester }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { acknowledgeAlertAction, resolveAlertAction } = await import("./actions");

const forbidden = (role: string) => ({ ok: false, error: `Your role (${role}) cannot do this. Ask a workspace admin or owner.` });

function actAs(userId: string, workspaceId: string) {
  Object.assign(requester, { userId, workspaceId });
}

async function openAlert(workspaceId: string, condition: Alert["condition"] = "endpoint_failing") {
  const [alert] = await db
    .insert(alerts)
    .values({ id: newId("alt"), workspaceId, condition, summary: "An endpoint is failing" })
    .returning();
  return alert!;
}

let executor: Executor;
beforeAll(async () => {
  executor = await startTernExecutor();
});
afterAll(async () => {
  await executor.stop();
});

const alertRow = async (id: string) => (await db.select().from(alerts).where(eq(alerts.id, id)))[0]!;

describe("the alerts inbox's actions", () => {
  let a: Awaited<ReturnType<typeof createOwnedWorkspace>>;
  beforeEach(async () => {
    a = await createOwnedWorkspace("A");
  });

  it("let an admin acknowledge and then resolve an alert, each audited", async () => {
    const admin = await addTestMember(a.workspace.id, "admin");
    actAs(admin.id, a.workspace.id);
    const alert = await openAlert(a.workspace.id);

    expect(await countUnresolvedAlerts(a.workspace.id)).toEqual({ open: 1, acknowledged: 0 });
    expect(await acknowledgeAlertAction(null, { alertId: alert.id })).toEqual({ ok: true, data: { status: "acknowledged" } });
    expect(await countUnresolvedAlerts(a.workspace.id)).toEqual({ open: 0, acknowledged: 1 });
    expect(await alertRow(alert.id)).toMatchObject({ status: "acknowledged", acknowledgedByUserId: admin.id, resolvedAt: null });
    expect(await resolveAlertAction(null, { alertId: alert.id })).toEqual({ ok: true, data: { status: "resolved" } });
    expect((await alertRow(alert.id)).resolvedAt).toBeInstanceOf(Date);
    expect(await countUnresolvedAlerts(a.workspace.id)).toEqual({ open: 0, acknowledged: 0 });

    const audited = await db.select().from(auditLog).where(eq(auditLog.targetId, alert.id));
    expect(audited.map((row) => [row.action, row.actorId]).sort()).toEqual([
      ["alert.acknowledged", admin.id],
      ["alert.resolved", admin.id],
    ]);
  });

  it("refuse a viewer both buttons, on the server", async () => {
    const viewer = await addTestMember(a.workspace.id, "viewer");
    actAs(viewer.id, a.workspace.id);
    const alert = await openAlert(a.workspace.id);

    expect(await acknowledgeAlertAction(null, { alertId: alert.id })).toEqual(forbidden("viewer"));
    expect(await resolveAlertAction(null, { alertId: alert.id })).toEqual(forbidden("viewer"));
    expect(await alertRow(alert.id)).toMatchObject({ status: "open", acknowledgedAt: null, resolvedAt: null });
  });

  it("cannot touch another workspace's alert, even by its id", async () => {
    const b = await createOwnedWorkspace("B");
    const theirs = await openAlert(b.workspace.id);
    actAs(a.owner.id, a.workspace.id);
    const notFound = expect.objectContaining({ ok: false, error: "No such alert in this workspace." });

    expect(await acknowledgeAlertAction(null, { alertId: theirs.id })).toEqual(notFound);
    expect(await resolveAlertAction(null, { alertId: theirs.id })).toEqual(notFound);
    expect(await alertRow(theirs.id)).toMatchObject({ status: "open" });
    expect(await countUnresolvedAlerts(a.workspace.id)).toEqual({ open: 0, acknowledged: 0 });
  });

  it("refuse what is not an alert id", async () => {
    actAs(a.owner.id, a.workspace.id);
    expect(await resolveAlertAction(null, { alertId: "ep_not-an-alert" })).toMatchObject({ ok: false, fieldErrors: { alertId: ["Not an alert id."] } });
  });
});
