// Alert notifications end to end: the embedded executor runs notify-alert, which sends through a
// real SMTP server and a real HTTP receiver on 127.0.0.1 and records each channel's outcome.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/db";
import { type AlertChannel, alertChannels, alerts } from "@/db/schema";
import { alertChangedEvent } from "@/inngest/events";
import { sendEvents } from "@/inngest/send";
import { createAlertChannelInput } from "@/lib/alerts/channel-schemas";
import { createAlertChannel, testAlertChannel } from "@/lib/alerts/channels";
import { SMTP_NOT_CONFIGURED } from "@/lib/alerts/email";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { createEndpoint } from "@/lib/endpoints/endpoints";
import { createEndpointInput } from "@/lib/endpoints/schemas";
import type { Executor } from "@/lib/engine/executor";
import { newId } from "@/lib/ids";
import { eventually } from "@/test/eventually";
import { createOwnedWorkspace } from "@/test/fixtures";
import { startReceiver } from "@/test/receiver";
import { startSmtpReceiver } from "@/test/smtp-receiver";
import { startTernExecutor } from "@/test/tern-engine";

process.env.TERN_ENGINE_RETRY_BASE_MS = "20";
process.env.AUTH_URL = "https://tern.example.com";

const system = { type: "system", id: null } as const;
let executor: Executor;
let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
let slack: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  executor = await startTernExecutor();
  smtp = await startSmtpReceiver();
  slack = await startReceiver();
});
afterAll(async () => {
  await executor.stop();
  await smtp.close();
  await slack.close();
});
beforeEach(() => {
  process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";
  process.env.TERN_SMTP_URL = smtp.url;
  slack.setResponder((_request, response) => response.end("ok"));
});

async function openAlert(workspaceId: string) {
  const endpoint = await createEndpoint(workspaceId, createEndpointInput.parse({ url: "https://hooks.example.com/orders", eventTypes: ["*"] }), system);
  const [alert] = await db
    .insert(alerts)
    .values({
      id: newId("alt"),
      workspaceId,
      endpointId: endpoint.id,
      condition: "endpoint_failing",
      summary: "https://hooks.example.com/orders is failing: its last 3 attempts failed",
      openedAt: new Date("2026-11-29T08:00:00Z"),
    })
    .returning();
  await sendEvents([alertChangedEvent({ alertId: alert!.id, change: "opened" })]);
  return alert!;
}

const channelRow = async (id: string): Promise<AlertChannel> => (await db.select().from(alertChannels).where(eq(alertChannels.id, id)))[0]!;

async function emailChannel(workspaceId: string, recipients: string) {
  return createAlertChannel(workspaceId, createAlertChannelInput.parse({ kind: "email", name: "On-call", emailRecipients: recipients }), system);
}

async function slackChannel(workspaceId: string, path: string) {
  return createAlertChannel(workspaceId, createAlertChannelInput.parse({ kind: "slack", name: "#alerts", slackWebhookUrl: slack.url(path) }), system);
}

describe("notify-alert", () => {
  it("emails the recipients through the SMTP server when an alert opens, naming the endpoint, the time and the console link", async () => {
    const { workspace } = await createOwnedWorkspace();
    const channel = await emailChannel(workspace.id, "ops@example.com, Oncall@Example.com");
    const alert = await openAlert(workspace.id);
    const mail = await eventually(() => smtp.received.find((m) => m.text.includes(alert.summary)), "the alert email");
    expect(mail.to.sort()).toEqual(["oncall@example.com", "ops@example.com"]);
    expect(mail.from).toBe("tern@tern.example.com");
    expect(mail.text).toContain(`Subject: [Tern] ${alert.summary}`);
    expect(mail.text).toContain("Endpoint: https://hooks.example.com/orders");
    expect(mail.text).toContain("Since: 2026-11-29 08:00:00 UTC");
    expect(mail.text).toContain(`See it in Tern: https://tern.example.com/alerts?status=open#${alert.id}`);
    const row = await eventually(async () => {
      const current = await channelRow(channel.id);
      return current.lastSentAt ? current : undefined;
    }, "last_sent_at");
    expect(row.lastError).toBeNull();
  });

  it("records that SMTP is not configured on an email channel, without retrying it", async () => {
    delete process.env.TERN_SMTP_URL;
    const { workspace } = await createOwnedWorkspace();
    const channel = await emailChannel(workspace.id, "ops@example.com");
    await openAlert(workspace.id);
    const row = await eventually(async () => {
      const current = await channelRow(channel.id);
      return current.lastError ? current : undefined;
    }, "the recorded error");
    expect(row).toMatchObject({ lastError: SMTP_NOT_CONFIGURED, lastSentAt: null });
    expect(await testAlertChannel(workspace.id, channel.id, system)).toEqual({ delivered: false, error: SMTP_NOT_CONFIGURED });
  });

  it("posts the Slack payload ({text, blocks}) to the incoming webhook", async () => {
    const { workspace } = await createOwnedWorkspace();
    await slackChannel(workspace.id, "/services/T0/B0/slack-ok");
    const alert = await openAlert(workspace.id);
    await eventually(() => slack.received.some((r) => r.path === "/services/T0/B0/slack-ok"), "the Slack post");
    const request = slack.received.find((r) => r.path === "/services/T0/B0/slack-ok")!;
    expect(request.headers["content-type"]).toBe("application/json");
    const payload = JSON.parse(request.body);
    expect(payload.text).toBe(`[Tern] ${alert.summary}`);
    expect(JSON.stringify(payload.blocks)).toContain("https://hooks.example.com/orders");
    expect(JSON.stringify(payload.blocks)).toContain(`<https://tern.example.com/alerts?status=open#${alert.id}|See it in Tern>`);
  });

  it("retries a failing channel alone: the others are told at once, its error is recorded until it gets through", async () => {
    const { workspace } = await createOwnedWorkspace();
    let failures = 0;
    slack.setResponder((request, response) => {
      if (request.path === "/services/flaky" && failures < 2) {
        failures++;
        response.statusCode = 500;
        return response.end("internal_error");
      }
      response.end("ok");
    });
    const flaky = await slackChannel(workspace.id, "/services/flaky");
    await slackChannel(workspace.id, "/services/steady");
    const email = await emailChannel(workspace.id, "steady@example.com");
    const alert = await openAlert(workspace.id);

    await eventually(
      () => smtp.received.some((m) => m.to.includes("steady@example.com")) && slack.received.some((r) => r.path === "/services/steady"),
      "the healthy channels",
    );
    await eventually(async () => (await channelRow(flaky.id)).lastError === "Slack answered HTTP 500: internal_error", "the flaky channel's error");
    const recovered = await eventually(async () => {
      const current = await channelRow(flaky.id);
      return current.lastSentAt ? current : undefined;
    }, "the flaky channel's retry");
    expect(recovered.lastError).toBeNull();
    expect(slack.received.filter((r) => r.path === "/services/flaky")).toHaveLength(3);
    // The channels that worked were told once, not again with each retry of the flaky one.
    expect(slack.received.filter((r) => r.path === "/services/steady")).toHaveLength(1);
    expect(smtp.received.filter((m) => m.to.includes("steady@example.com") && m.text.includes(alert.summary))).toHaveLength(1);
    expect((await channelRow(email.id)).lastError).toBeNull();
  });

  it("skips disabled channels", async () => {
    const { workspace } = await createOwnedWorkspace();
    const channel = await slackChannel(workspace.id, "/services/disabled");
    await db.update(alertChannels).set({ enabled: false }).where(eq(alertChannels.id, channel.id));
    await slackChannel(workspace.id, "/services/enabled");
    await openAlert(workspace.id);
    await eventually(() => slack.received.some((r) => r.path === "/services/enabled"), "the enabled channel");
    await eventually(() => executor.idle(), "the run to finish");
    expect(slack.received.filter((r) => r.path === "/services/disabled")).toHaveLength(0);
  });
});

describe("Slack webhook URLs and the SSRF guard", () => {
  it("refuses a private address when the channel is saved", async () => {
    process.env.TERN_ALLOW_PRIVATE_NETWORKS = "0";
    const { workspace } = await createOwnedWorkspace();
    const literal = createAlertChannelInput.safeParse({ kind: "slack", name: "#alerts", slackWebhookUrl: `https://127.0.0.1:${slack.port}/hook` });
    expect(literal.error?.issues[0]?.message).toMatch(/127\.0\.0\.1 is a loopback address/);
    expect(
      createAlertChannelInput.safeParse({ kind: "slack", name: "#alerts", slackWebhookUrl: "http://hooks.example.com/x" }).error?.issues[0]?.message,
    ).toMatch(/^Use an https:\/\/ URL\./);
    const named = createAlertChannelInput.parse({ kind: "slack", name: "#alerts", slackWebhookUrl: `https://localhost:${slack.port}/hook` });
    await expect(createAlertChannel(workspace.id, named, system)).rejects.toMatchObject({ code: "invalid", field: "slackWebhookUrl" });
    expect(await db.select().from(alertChannels).where(eq(alertChannels.workspaceId, workspace.id))).toEqual([]);
  });

  it("refuses a private address when sending, whatever was saved", async () => {
    process.env.TERN_ALLOW_PRIVATE_NETWORKS = "0";
    const { workspace } = await createOwnedWorkspace();
    const [channel] = await db
      .insert(alertChannels)
      .values({ id: newId("ach"), workspaceId: workspace.id, kind: "slack", name: "old", slackWebhookUrlEncrypted: encryptSecret(slack.url("/saved-before")) })
      .returning();
    const result = await testAlertChannel(workspace.id, channel!.id, system);
    expect(result).toEqual({ delivered: false, error: expect.stringMatching(/^Refused: 127\.0\.0\.1 is a loopback address/) });
    expect(slack.received.filter((r) => r.path === "/saved-before")).toHaveLength(0);
    expect((await channelRow(channel!.id)).lastError).toBe(result.error);
  });
});
