// Settings → Alerts: only the session is faked (who is asking); roles, validation, the workspace
// boundary, the encryption of the Slack URL and the test sends run for real.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { alertChannels, auditLog } from "@/db/schema";
import { createAlertChannelInput } from "@/lib/alerts/channel-schemas";
import { createAlertChannel, listAlertChannels } from "@/lib/alerts/channels";
import type { RequestActor } from "@/lib/auth/session";
import { addTestMember, createOwnedWorkspace } from "@/test/fixtures";
import { startReceiver } from "@/test/receiver";

const requester: RequestActor = { userId: undefined, workspaceId: undefined };
vi.mock("@/lib/auth/session", () => ({ resolveRequestActor: async () => ({ ...requester }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { createAlertChannelAction, deleteAlertChannelAction, setAlertChannelEnabledAction, testAlertChannelAction } = await import("./actions");

process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";

const system = { type: "system", id: null } as const;
const forbidden = (role: string) => ({ ok: false, error: `Your role (${role}) cannot do this. Ask a workspace admin or owner.` });
const notFound = expect.objectContaining({ ok: false, error: "No such alert channel in this workspace." });

function actAs(userId: string, workspaceId: string) {
  Object.assign(requester, { userId, workspaceId });
}

let slack: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  slack = await startReceiver();
});
afterAll(async () => {
  await slack.close();
});

// The path of an incoming webhook URL is its credential.
const SECRET_PATH = "/services/T024BE7LD/B08AJ1QEH/xoxb-very-secret-token";

describe("Settings → Alerts actions", () => {
  let a: Awaited<ReturnType<typeof createOwnedWorkspace>>;
  beforeEach(async () => {
    a = await createOwnedWorkspace("A");
  });

  it("let an admin add, test, disable, enable and delete channels, each audited", async () => {
    const admin = await addTestMember(a.workspace.id, "admin");
    actAs(admin.id, a.workspace.id);

    expect(await createAlertChannelAction(null, { kind: "email", name: "On-call", emailRecipients: "ops@example.com\noncall@example.com" })).toEqual({
      ok: true,
      data: { name: "On-call" },
    });
    expect(await createAlertChannelAction(null, { kind: "slack", name: "#alerts", slackWebhookUrl: slack.url(SECRET_PATH) })).toEqual({
      ok: true,
      data: { name: "#alerts" },
    });
    const [email, slackChannel] = await listAlertChannels(a.workspace.id);
    expect(email).toMatchObject({ kind: "email", emailRecipients: ["ops@example.com", "oncall@example.com"], enabled: true, slackHost: null });
    expect(slackChannel).toMatchObject({ kind: "slack", slackHost: `127.0.0.1:${slack.port}`, emailRecipients: [] });

    expect(await testAlertChannelAction(null, { channelId: slackChannel!.id })).toEqual({ ok: true, data: { delivered: true } });
    const test = slack.received.find((request) => request.path === SECRET_PATH)!;
    expect(JSON.parse(test.body).text).toBe("[Tern] Test notification for “#alerts”");

    slack.setResponder((_request, response) => {
      response.statusCode = 404;
      response.end("no_service");
    });
    expect(await testAlertChannelAction(null, { channelId: slackChannel!.id })).toEqual({
      ok: true,
      data: { delivered: false, error: "Slack answered HTTP 404: no_service" },
    });
    expect((await listAlertChannels(a.workspace.id))[1]).toMatchObject({ lastError: "Slack answered HTTP 404: no_service" });

    expect(await setAlertChannelEnabledAction(null, { channelId: email!.id, enabled: "false" })).toEqual({ ok: true, data: { enabled: false } });
    expect(await setAlertChannelEnabledAction(null, { channelId: email!.id, enabled: "true" })).toEqual({ ok: true, data: { enabled: true } });
    expect(await deleteAlertChannelAction(null, { channelId: email!.id })).toEqual({ ok: true, data: null });
    expect((await listAlertChannels(a.workspace.id)).map((channel) => channel.id)).toEqual([slackChannel!.id]);

    const audited = await db.select().from(auditLog).where(eq(auditLog.workspaceId, a.workspace.id));
    expect(audited.map((row) => row.action).sort()).toEqual([
      "alert_channel.created",
      "alert_channel.created",
      "alert_channel.deleted",
      "alert_channel.tested",
      "alert_channel.tested",
      "alert_channel.updated",
      "alert_channel.updated",
    ]);
    expect(JSON.stringify(audited)).not.toContain("xoxb-very-secret-token");
  });

  it("store the Slack URL encrypted and never hand it back", async () => {
    actAs(a.owner.id, a.workspace.id);
    const created = await createAlertChannelAction(null, { kind: "slack", name: "#alerts", slackWebhookUrl: slack.url(SECRET_PATH) });
    expect(JSON.stringify(created)).not.toContain("xoxb-very-secret-token");
    const [row] = await db.select().from(alertChannels).where(eq(alertChannels.workspaceId, a.workspace.id));
    expect(row!.slackWebhookUrlEncrypted).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain("xoxb-very-secret-token");
    expect(JSON.stringify(await listAlertChannels(a.workspace.id))).not.toContain("xoxb-very-secret-token");
    expect(JSON.stringify(await testAlertChannelAction(null, { channelId: row!.id }))).not.toContain("xoxb-very-secret-token");
  });

  it("refuse a viewer every change and every test, on the server", async () => {
    const channel = await createAlertChannel(
      a.workspace.id,
      createAlertChannelInput.parse({ kind: "email", name: "On-call", emailRecipients: "ops@example.com" }),
      system,
    );
    const viewer = await addTestMember(a.workspace.id, "viewer");
    actAs(viewer.id, a.workspace.id);

    expect(await createAlertChannelAction(null, { kind: "email", name: "Mine", emailRecipients: "me@example.com" })).toEqual(forbidden("viewer"));
    expect(await setAlertChannelEnabledAction(null, { channelId: channel.id, enabled: "false" })).toEqual(forbidden("viewer"));
    expect(await testAlertChannelAction(null, { channelId: channel.id })).toEqual(forbidden("viewer"));
    expect(await deleteAlertChannelAction(null, { channelId: channel.id })).toEqual(forbidden("viewer"));
    expect(await listAlertChannels(a.workspace.id)).toEqual([expect.objectContaining({ id: channel.id, enabled: true })]);
  });

  it("cannot touch another workspace's channel, even by its id", async () => {
    const b = await createOwnedWorkspace("B");
    const theirs = await createAlertChannel(
      b.workspace.id,
      createAlertChannelInput.parse({ kind: "slack", name: "Theirs", slackWebhookUrl: slack.url("/theirs") }),
      system,
    );
    actAs(a.owner.id, a.workspace.id);

    expect(await setAlertChannelEnabledAction(null, { channelId: theirs.id, enabled: "false" })).toEqual(notFound);
    expect(await testAlertChannelAction(null, { channelId: theirs.id })).toEqual(notFound);
    expect(await deleteAlertChannelAction(null, { channelId: theirs.id })).toEqual(notFound);
    expect(slack.received.filter((request) => request.path === "/theirs")).toHaveLength(0);
    const [row] = await db
      .select()
      .from(alertChannels)
      .where(and(eq(alertChannels.id, theirs.id), eq(alertChannels.workspaceId, b.workspace.id)));
    expect(row).toMatchObject({ enabled: true, lastSentAt: null });
  });

  it("answer invalid input with errors beside the fields", async () => {
    actAs(a.owner.id, a.workspace.id);
    const tooMany = Array.from({ length: 21 }, (_, i) => `person${i}@example.com`).join(", ");
    expect(await createAlertChannelAction(null, { kind: "email", name: "", emailRecipients: "ops@example.com, not-an-address" })).toMatchObject({
      ok: false,
      fieldErrors: { name: ["Give the channel a name, e.g. On-call or #webhooks-alerts."], emailRecipients: ['"not-an-address" is not an email address.'] },
    });
    expect(await createAlertChannelAction(null, { kind: "email", name: "All", emailRecipients: tooMany })).toMatchObject({
      ok: false,
      fieldErrors: { emailRecipients: ["At most 20 recipients a channel."] },
    });
    expect(await createAlertChannelAction(null, { kind: "email", name: "None", emailRecipients: " " })).toMatchObject({
      ok: false,
      fieldErrors: { emailRecipients: ["Enter at least one email address."] },
    });
    expect(await createAlertChannelAction(null, { kind: "slack", name: "Bad", slackWebhookUrl: "ftp://example.com/hook" })).toMatchObject({
      ok: false,
      fieldErrors: { slackWebhookUrl: ["Use an https:// URL."] },
    });
    expect(await listAlertChannels(a.workspace.id)).toEqual([]);
  });
});
